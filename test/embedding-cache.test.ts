import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cachedEmbedder, createEmbeddingCache, EMBEDDING_CACHE_FILE } from '../core/embedder/embedding-cache.js';
import type { EmbeddingCache } from '../core/embedder/embedding-cache.js';
import { createHashEmbedder, hashVector } from './utils/hash-embedder.js';

const seedsDir = path.join(import.meta.dirname, '..', 'seeds');
/** Every non-empty line of the five seeds: about 700 clause-like texts. */
const seedLines = readdirSync(seedsDir)
  .flatMap((file) => readFileSync(path.join(seedsDir, file), 'utf8').split('\n'))
  .map((line) => line.trim())
  .filter((line) => line !== '');

const opened: EmbeddingCache[] = [];
const dataDirs: string[] = [];
function openCache(file?: string) {
  if (!file) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-cache-'));
    dataDirs.push(dataDir);
    file = path.join(dataDir, EMBEDDING_CACHE_FILE);
  }
  const cache = createEmbeddingCache(file);
  opened.push(cache);
  return { cache, file };
}
afterEach(() => {
  for (const cache of opened.splice(0)) cache.close();
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('embedding cache', () => {
  it('never sends an unchanged text to the model twice, even after reopening the file', async () => {
    const { cache, file } = openCache();
    const model = createHashEmbedder();
    const first = await cachedEmbedder(model, cache).embed(seedLines);
    expect(model.calls.texts).toBe(new Set(seedLines).size);
    cache.close();
    opened.splice(0);

    const { cache: reopened } = openCache(file);
    const again = cachedEmbedder(model, reopened);
    const before = model.calls.texts;
    const started = performance.now();
    const second = await again.embed(seedLines);
    const elapsed = performance.now() - started;

    expect(model.calls.texts - before).toBe(0);
    expect(again.stats()).toEqual({ hits: seedLines.length, misses: 0 });
    expect(second).toEqual(first);
    // Re-indexing an unchanged corpus must take seconds, not minutes; the lookups take a few ms.
    expect(elapsed).toBeLessThan(1000);
  });

  it('embeds only the new and changed texts of a second run, in one batch', async () => {
    const { cache } = openCache();
    const model = createHashEmbedder();
    const embedder = cachedEmbedder(model, cache);
    await embedder.embed(['推出知识产权质押贷款。', '加快推进海上风电产业化进程。']);
    const batches = model.calls.batches;

    const vectors = await embedder.embed([
      '推出知识产权质押贷款。',
      '支持知识产权质押贷款。',
      '加快推进海上风电产业化进程。',
      '开展海洋新能源应用技术研究。',
    ]);

    expect(model.calls.batches - batches).toBe(1);
    expect(model.calls.texts).toBe(4);
    expect(embedder.stats()).toEqual({ hits: 2, misses: 4 });
    expect(vectors[1]).toEqual(hashVector('支持知识产权质押贷款。'));
  });

  it('sends a text that occurs twice in one call to the model once', async () => {
    const { cache } = openCache();
    const model = createHashEmbedder();
    const embedder = cachedEmbedder(model, cache);
    const [a, b] = await embedder.embed(['（责任单位：市科技创新委）', '（责任单位：市科技创新委）']);
    expect(model.calls.texts).toBe(1);
    expect(a).toEqual(b);
    expect(embedder.stats()).toEqual({ hits: 1, misses: 1 });
  });

  it('keeps vectors apart per model id: another model misses every text', async () => {
    const { cache } = openCache();
    await cachedEmbedder(createHashEmbedder('model-a'), cache).embed(['科技金融', '众创空间']);
    const modelB = createHashEmbedder('model-b');
    const embedderB = cachedEmbedder(modelB, cache);
    await embedderB.embed(['科技金融', '众创空间']);
    expect(modelB.calls.texts).toBe(2);
    expect(embedderB.stats()).toEqual({ hits: 0, misses: 2 });
    expect(cache.count('model-a')).toBe(2);
    expect(cache.count('model-b')).toBe(2);
  });

  it('round-trips vectors bit for bit', () => {
    const { cache } = openCache();
    const vector = hashVector('深港科技创新合作区');
    cache.putMany('m', [['深港科技创新合作区', vector]]);
    const [stored, absent] = cache.getMany('m', ['深港科技创新合作区', '孵化器']);
    expect(stored).toBeInstanceOf(Float32Array);
    expect(stored).toEqual(vector);
    expect(absent).toBeUndefined();
  });

  it('passes queries straight to the model without storing them', async () => {
    const { cache } = openCache();
    const model = createHashEmbedder();
    const embedder = cachedEmbedder(model, cache);
    expect(await embedder.embedQuery('知识产权质押')).toEqual(hashVector('知识产权质押'));
    expect(cache.count(model.modelId)).toBe(0);
    expect(embedder.modelId).toBe(model.modelId);
    expect(embedder.dimensions).toBe(512);
  });
});
