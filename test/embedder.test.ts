import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipeline } from '@huggingface/transformers';
import {
  BGE_QUERY_INSTRUCTION,
  createTransformersEmbedder,
  HUB_MODEL_ID,
  queryText,
} from '../core/embedder/transformers-embedder.js';
import type { TransformersEmbedder } from '../core/embedder/transformers-embedder.js';
import { combineWindows, planWindows } from '../core/embedder/windows.js';
import { loadConfig } from '../core/config.js';
import { createHashEmbedder, hashVector } from './utils/hash-embedder.js';
import { useTempDirs } from './utils/temp-dirs.js';

const modelDir = loadConfig({}).model.dir;
const tempDir = useTempDirs();
const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

/** Numbered clauses of 深府〔2015〕54号, one per line in the seed. */
const clauses2015 = readFileSync(path.join(import.meta.dirname, '..', 'seeds', '004_f58ccc0061d310c5.txt'), 'utf8')
  .split('\n')
  .filter((line) => /^\d+\. /.test(line));

describe('planWindows: covering a long text with overlapping windows', () => {
  it('gives a text that fits one window', () => {
    expect(planWindows(0, 510, 64)).toEqual([{ start: 0, end: 0 }]);
    expect(planWindows(510, 510, 64)).toEqual([{ start: 0, end: 510 }]);
  });

  it('spreads equal windows evenly, the last one ending at the last token', () => {
    expect(planWindows(511, 510, 64)).toEqual([
      { start: 0, end: 510 },
      { start: 1, end: 511 },
    ]);
    expect(planWindows(1000, 510, 64)).toEqual([
      { start: 0, end: 510 },
      { start: 245, end: 755 },
      { start: 490, end: 1000 },
    ]);
  });

  it('always overlaps consecutive windows by at least the overlap, whatever the length', () => {
    for (let tokens = 511; tokens < 5000; tokens += 37) {
      const windows = planWindows(tokens, 510, 64);
      expect(windows[0]!.start).toBe(0);
      expect(windows.at(-1)!.end).toBe(tokens);
      windows.slice(1).forEach((window, i) => {
        expect(window.end - window.start).toBe(510);
        expect(windows[i]!.end - window.start).toBeGreaterThanOrEqual(63);
      });
    }
  });

  it('rejects an overlap as large as the window', () => {
    expect(() => planWindows(1000, 64, 64)).toThrow('overlap must be an integer in [0, 64), got 64');
  });

  it('combines window vectors into their renormalised mean', () => {
    const combined = combineWindows([Float32Array.of(1, 0), Float32Array.of(0, 1)]);
    expect(Array.from(combined)).toEqual([Math.fround(Math.SQRT1_2), Math.fround(Math.SQRT1_2)]);
  });
});

describe('queryText: the bge retrieval instruction', () => {
  it('prefixes a short query when the instruction is on', () => {
    expect(queryText(' 知识产权质押 ', true)).toBe('为这个句子生成表示以用于检索相关文章：知识产权质押');
    expect(queryText('知识产权质押', false)).toBe('知识产权质押');
  });

  it('leaves a query over 64 characters alone: it reads like a passage already', () => {
    const long = clauses2015[0]!.slice(0, 65);
    expect(queryText(long, true)).toBe(long);
    expect(queryText(long.slice(0, 64), true)).toBe(BGE_QUERY_INSTRUCTION + long.slice(0, 64));
  });
});

describe('hash embedder (the unit-test stand-in)', () => {
  it('makes texts that share words more similar than unrelated texts', () => {
    const pledge = hashVector('知识产权质押融资');
    expect(dot(pledge, hashVector('推出知识产权质押贷款'))).toBeGreaterThan(dot(pledge, hashVector('海上风电项目建设')) + 0.3);
    expect(norm(pledge)).toBeCloseTo(1, 6);
  });

  it('is deterministic', async () => {
    const [a] = await createHashEmbedder().embed(['深港科技创新合作区']);
    expect(a).toEqual(hashVector('深港科技创新合作区'));
  });
});

describe('bge-small-zh-v1.5 embedder (real model)', () => {
  let embedder: TransformersEmbedder;
  beforeAll(async () => {
    embedder = await createTransformersEmbedder({ modelDir, allowRemote: false, queryInstruction: true });
  });
  afterAll(() => embedder.dispose());

  it('names the model and the weights it loaded', () => {
    expect(embedder.modelId).toBe('bge-small-zh-v1.5-q8:15b717c382bc');
    expect(embedder.dimensions).toBe(512);
    expect(embedder.windowTokens).toBe(510);
  });

  it('returns 512-dimensional unit vectors', async () => {
    const vectors = await embedder.embed(['知识产权质押融资', '', clauses2015[80]!]);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toBeInstanceOf(Float32Array);
      expect(vector.length).toBe(512);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('puts 知识产权质押融资 closer to 专利权质押贷款 than to 海上风电项目建设', async () => {
    const [pledge, patentLoan, windFarm] = await embedder.embed(['知识产权质押融资', '专利权质押贷款', '海上风电项目建设']);
    expect(dot(pledge!, patentLoan!)).toBeGreaterThan(dot(pledge!, windFarm!) + 0.2);
  });

  it('gives an identical text an identical vector, whatever it is embedded with', async () => {
    const [alone] = await embedder.embed(['支持知识产权质押贷款']);
    const [, inABatch] = await embedder.embed([clauses2015[3]!, '支持知识产权质押贷款', clauses2015[5]!]);
    expect(inABatch).toEqual(alone);
  });

  it('agrees with the transformers.js feature-extraction pipeline on a short text', async () => {
    const extractor = await pipeline('feature-extraction', modelDir, { dtype: 'q8', local_files_only: true });
    const text = clauses2015[80]!;
    const expected = Float32Array.from((await extractor(text, { pooling: 'cls', normalize: true })).data as Float32Array);
    const [actual] = await embedder.embed([text]);
    expect(dot(actual!, expected)).toBeGreaterThan(0.99999);
    await extractor.dispose();
  });

  it('lets the tail of a clause longer than 512 tokens change its vector', async () => {
    let body = '';
    for (const clause of clauses2015) {
      if (embedder.tokenCount(body) > 600) break;
      body += clause;
    }
    expect(embedder.tokenCount(body)).toBeGreaterThan(embedder.windowTokens);
    const [pledgeTail, windTail] = await embedder.embed([
      `${body}建立知识产权质押融资担保机制。`,
      `${body}加快推进海上风电等海洋新能源产业化进程。`,
    ]);
    // Truncated at 512 tokens, both would be the very same vector.
    expect(dot(pledgeTail!, windTail!)).toBeLessThan(0.995);
    expect(norm(pledgeTail!)).toBeCloseTo(1, 5);
  });

  it('reads latin letters case-insensitively (the vocabulary is uncased)', async () => {
    const [upper, lower] = await embedder.embed(['全社会研发投入占 GDP 比重', '全社会研发投入占 gdp 比重']);
    expect(upper).toEqual(lower);
  });

  it('embeds a short query with the retrieval instruction, and a long one as it is', async () => {
    const query = '知识产权质押';
    const [withInstruction, plain] = await embedder.embed([BGE_QUERY_INSTRUCTION + query, query]);
    expect(await embedder.embedQuery(query)).toEqual(withInstruction);
    expect(dot(withInstruction!, plain!)).toBeLessThan(0.95);

    const longQuery = clauses2015[80]!;
    const [asPassage] = await embedder.embed([longQuery]);
    expect(await embedder.embedQuery(longQuery)).toEqual(asPassage);
  });

  it('embeds queries without the instruction when QUERY_INSTRUCTION is off', async () => {
    const plainEmbedder = await createTransformersEmbedder({ modelDir, allowRemote: false, queryInstruction: false });
    const [plain] = await embedder.embed(['知识产权质押']);
    expect(await plainEmbedder.embedQuery('知识产权质押')).toEqual(plain);
    await plainEmbedder.dispose();
  });
});

describe('embedder without a local model', () => {
  it('says which folder is missing the model and how to get it', async () => {
    const empty = tempDir('nomodel');
    await expect(createTransformersEmbedder({ modelDir: empty, allowRemote: false, queryInstruction: true })).rejects.toThrow(
      `embedding model not found in ${empty} (missing config.json, tokenizer.json, tokenizer_config.json, ` +
        'onnx/model_quantized.onnx); run `npm run model`',
    );
  });

  it('downloads the same weights from a hub mirror only when remote models are allowed', async () => {
    // A stand-in for a Hugging Face mirror: serves <model>/resolve/main/<file> from the local model folder.
    const requested: string[] = [];
    const prefix = `/${HUB_MODEL_ID}/resolve/main/`;
    const server = createServer(async (req, res) => {
      const url = decodeURIComponent(req.url ?? '');
      requested.push(url);
      const file = path.join(modelDir, url.slice(prefix.length));
      const info = url.startsWith(prefix) && !url.includes('..') ? await stat(file).catch(() => null) : null;
      if (!info?.isFile()) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-length': info.size });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const empty = path.join(tempDir('remote'), 'bge');
    try {
      await expect(
        createTransformersEmbedder({ modelDir: empty, allowRemote: false, queryInstruction: true, remoteHost }),
      ).rejects.toThrow('run `npm run model`');
      expect(requested).toEqual([]);

      const remote = await createTransformersEmbedder({ modelDir: empty, allowRemote: true, queryInstruction: true, remoteHost });
      expect(requested).toContain(`${prefix}onnx/model_quantized.onnx`);
      // Same weights, so the same id (and cache entries) as the local folder.
      expect(remote.modelId).toBe('bge-small-zh-v1.5-q8:15b717c382bc');
      const local = await createTransformersEmbedder({ modelDir, allowRemote: false, queryInstruction: true });
      const [fromHub] = await remote.embed(['科技金融']);
      const [fromFolder] = await local.embed(['科技金融']);
      expect(fromHub).toEqual(fromFolder);
      await Promise.all([remote.dispose(), local.dispose()]);
    } finally {
      server.close();
    }
  });
});
