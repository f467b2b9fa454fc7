import { describe, expect, it } from 'vitest';
import { cachedQueryEmbedder, normalizeQueryKey } from '../core/embedder/query-vector-cache.js';
import type { Embedder } from '../core/types.js';
import { hashVector } from './utils/hash-embedder.js';

/** A stand-in model that counts the queries it is asked to embed, and can be told to fail or to wait. */
function countingModel(modelId = 'hash-bigram-512') {
  const asked: string[] = [];
  let failNext = false;
  let gate: Promise<void> | null = null;
  const model: Embedder & { asked: string[]; failOnce(): void; hold(): () => void } = {
    dimensions: 512,
    modelId,
    asked,
    async embed(texts) {
      return texts.map(hashVector);
    },
    async embedQuery(text) {
      asked.push(text);
      if (gate) await gate;
      if (failNext) {
        failNext = false;
        throw new Error('onnxruntime: session closed');
      }
      return hashVector(text.trim());
    },
    failOnce() {
      failNext = true;
    },
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    },
  };
  return model;
}

describe('query vector cache', () => {
  it('embeds "知识产权质押" once however often it is searched, and returns the same vector each time', async () => {
    const model = countingModel();
    const embedder = cachedQueryEmbedder(model);
    const first = await embedder.embedQuery('知识产权质押');
    const second = await embedder.embedQuery('知识产权质押');
    const third = await embedder.embedQuery('  知识产权质押 ');
    expect(model.asked).toEqual(['知识产权质押']);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(embedder.queryStats()).toEqual({ hits: 2, misses: 1, size: 1 });
  });

  it('treats "GDP" and "gdp" as one query (the model lower-cases its input) but "ＧＤＰ" as another', async () => {
    expect(normalizeQueryKey(' GDP 增长 ')).toBe('gdp 增长');
    const model = countingModel();
    const embedder = cachedQueryEmbedder(model);
    await embedder.embedQuery('GDP');
    await embedder.embedQuery('gdp');
    await embedder.embedQuery('ＧＤＰ');
    expect(model.asked).toEqual(['GDP', 'ＧＤＰ']);
  });

  it('never answers one model with another model’s vector', async () => {
    const older = cachedQueryEmbedder(countingModel('bge-small-zh-q8:aaaa'));
    const newer = countingModel('bge-small-zh-q8:bbbb');
    await older.embedQuery('人才引进');
    const cachedNewer = cachedQueryEmbedder(newer);
    await cachedNewer.embedQuery('人才引进');
    expect(newer.asked).toEqual(['人才引进']);
  });

  it('hands out copies, so a caller that changes its vector does not change the next answer', async () => {
    const embedder = cachedQueryEmbedder(countingModel());
    const first = await embedder.embedQuery('产业用地');
    const expected = first.slice();
    first.fill(0);
    expect(await embedder.embedQuery('产业用地')).toEqual(expected);
  });

  it('keeps at most the configured number of queries, dropping the least recently used', async () => {
    const model = countingModel();
    const embedder = cachedQueryEmbedder(model, 2);
    await embedder.embedQuery('人才引进');
    await embedder.embedQuery('产业用地');
    await embedder.embedQuery('人才引进'); // now the most recent
    await embedder.embedQuery('创新载体'); // evicts 产业用地
    expect(embedder.queryStats().size).toBe(2);
    await embedder.embedQuery('人才引进');
    await embedder.embedQuery('产业用地');
    expect(model.asked).toEqual(['人才引进', '产业用地', '创新载体', '产业用地']);
    expect(() => cachedQueryEmbedder(model, 0)).toThrow('whole number ≥ 1');
  });

  it('asks the model once when fifty users search the same new query at the same moment', async () => {
    const model = countingModel();
    const embedder = cachedQueryEmbedder(model);
    const release = model.hold();
    const answers = Promise.all(Array.from({ length: 50 }, () => embedder.embedQuery('科技成果转化')));
    release();
    const vectors = await answers;
    expect(model.asked).toEqual(['科技成果转化']);
    for (const vector of vectors) expect(vector).toEqual(vectors[0]);
  });

  it('does not remember a failed embedding: the next search tries the model again', async () => {
    const model = countingModel();
    const embedder = cachedQueryEmbedder(model);
    model.failOnce();
    await expect(embedder.embedQuery('战略性新兴产业')).rejects.toThrow('session closed');
    await expect(embedder.embedQuery('战略性新兴产业')).resolves.toHaveLength(512);
    expect(model.asked).toEqual(['战略性新兴产业', '战略性新兴产业']);
  });

  it('passes passage embedding through, and keeps the inner embedder’s extras', async () => {
    const inner = { ...countingModel(), stats: () => ({ hits: 7, misses: 3 }) };
    const embedder = cachedQueryEmbedder(inner);
    expect(await embedder.embed(['第一条 为了规范管理，制定本办法。'])).toEqual([hashVector('第一条 为了规范管理，制定本办法。')]);
    expect(embedder.stats()).toEqual({ hits: 7, misses: 3 });
    expect(embedder.modelId).toBe('hash-bigram-512');
  });
});
