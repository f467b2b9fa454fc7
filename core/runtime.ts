/**
 * Opens the parts both entry points need (the web server and the indexer CLI): model, tokeniser,
 * embedder with its cache, and the engine. One place, so both see the same choices.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { cachedEmbedder, createEmbeddingCache } from './embedder/embedding-cache.js';
import { cachedQueryEmbedder } from './embedder/query-vector-cache.js';
import { createTransformersEmbedder } from './embedder/transformers-embedder.js';
import { ensureModel } from './model/fetch-model.js';
import { createJiebaTokenizer } from './tokenizer/jieba-tokenizer.js';
import type { Embedder, Tokenizer } from './types.js';
import type { Config } from './config.js';
import { createEngine } from './engine/create-engine.js';
import type { SearchEngine } from './engine/types.js';

export interface Runtime {
  tokenizer: Tokenizer;
  embedder: Embedder;
  cacheStats: () => { hits: number; misses: number };
  /** Vectors the embedding cache already holds for these passages (no model call); by position. */
  knownVectors: (texts: readonly string[]) => Array<Float32Array | undefined>;
  engine: SearchEngine;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, opts: { role: 'search' | 'admin'; log: Logger }): Promise<Runtime> {
  await ensureModel({ modelDir: config.model.dir, allowRemote: config.model.allowRemote, log: opts.log });
  const tokenizer = createJiebaTokenizer();
  const model = await createTransformersEmbedder({
    modelDir: config.model.dir,
    allowRemote: config.model.allowRemote,
    queryInstruction: config.model.queryInstruction,
  });
  const cache = createEmbeddingCache(path.join(config.dataDir, 'embeddings.sqlite'));
  // Passages through the persistent cache (indexing), queries through the in-memory one (searching).
  const embedder = cachedQueryEmbedder(cachedEmbedder(model, cache));
  const engine = await createEngine(config.engine, { tokenizer, role: opts.role, log: opts.log });
  return {
    tokenizer,
    embedder,
    cacheStats: () => embedder.stats(),
    knownVectors: (texts) => cache.getMany(model.modelId, texts).map((v) => (v?.length === model.dimensions ? v : undefined)),
    engine,
    async close() {
      await engine.close();
      cache.close();
      await model.dispose();
    },
  };
}
