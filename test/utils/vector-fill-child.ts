/**
 * A process that computes missing clause vectors the way the server does (embedding cache in front of the
 * model, batches stored one by one), for the kill-and-resume test: `node --import tsx vector-fill-child.ts
 * <index file> <cache file> <log file>`. The "model" is the hash embedder, slowed down so the test can kill
 * it mid-way, and it appends every text it embeds to the log file as one JSON line before returning it.
 */
import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { cachedEmbedder, createEmbeddingCache } from '../../core/embedder/embedding-cache.js';
import { createSqliteEngine } from '../../core/engine/sqlite/sqlite-engine.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import type { Embedder } from '../../core/types.js';
import { fillVectors } from '../../indexer/pipeline.js';
import { createHashEmbedder } from './hash-embedder.js';

const [indexFile, cacheFile, logFile] = process.argv.slice(2) as [string, string, string];
const hash = createHashEmbedder();
const slowModel: Embedder = {
  ...hash,
  async embed(texts) {
    await sleep(40);
    const vectors = await hash.embed(texts);
    appendFileSync(logFile, texts.map((t) => `${JSON.stringify(t)}\n`).join(''));
    return vectors;
  },
};
const cache = createEmbeddingCache(cacheFile);
const engine = await createSqliteEngine({ file: indexFile, tokenizer: createJiebaTokenizer() });
const { stored } = await fillVectors(
  { engine, embedder: cachedEmbedder(slowModel, cache), batchSize: 8 },
  { onProgress: (p) => process.stdout.write(`stored ${p.done}/${p.total}\n`) },
);
process.stdout.write(`done: ${stored} stored\n`);
await engine.close();
cache.close();
