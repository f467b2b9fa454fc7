/**
 * Query vectors kept in memory, so a query that is asked again (the same search paged, refined by a
 * filter, switched between 语义 and 混合, or simply popular) does not pay for its embedding twice — the
 * model is the slowest step of a semantic search on a CPU without AVX-512 VNNI. Bounded (LRU, lru-cache)
 * so a stream of distinct queries cannot grow the server's memory.
 *
 * Keyed by the model id and the normalised query text. The normalisation only merges texts the model
 * cannot tell apart (the transformers embedder trims the query and lower-cases what it feeds the
 * tokenizer), so a cached vector is always exactly the vector the model would return. NFKC or folding
 * full-width letters would merge texts the model embeds differently, and so is not done here.
 */
import { LRUCache } from 'lru-cache';
import type { Embedder } from '../types.js';

/** 2,000 vectors of 512 float32 ≈ 4 MB: far more distinct queries than staff ask in the time they stay hot. */
export const QUERY_VECTOR_CACHE_ENTRIES = 2000;

/** The cache key's text part: what the model would see, minus the differences it ignores. */
export function normalizeQueryKey(text: string): string {
  return text.trim().toLowerCase();
}

/** An {@link Embedder} whose query vectors are cached, with counters for logs and tests. */
export interface QueryCachedEmbedder extends Embedder {
  /** Since creation: queries answered from memory (`hits`) and queries sent to the model (`misses`). */
  queryStats(): { hits: number; misses: number; size: number };
}

/**
 * Wraps `inner` so `embedQuery` asks the model once per (model, normalised text) while the entry stays in
 * the LRU. Concurrent requests for the same new query share one model call (50 users hitting a trending
 * query at once embed it once). A failed embedding is not cached: the next request tries again.
 * Passage embedding (`embed`) is passed through untouched.
 */
export function cachedQueryEmbedder<E extends Embedder>(inner: E, maxEntries = QUERY_VECTOR_CACHE_ENTRIES): E & QueryCachedEmbedder {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new Error(`query vector cache size must be a whole number ≥ 1, got ${maxEntries}`);
  const cache = new LRUCache<string, Promise<Float32Array>>({ max: maxEntries });
  let hits = 0;
  let misses = 0;
  const wrapped: QueryCachedEmbedder = {
    dimensions: inner.dimensions,
    modelId: inner.modelId,
    embed: (texts) => inner.embed(texts),
    async embedQuery(text) {
      const key = `${inner.modelId}\u0000${normalizeQueryKey(text)}`;
      const cached = cache.get(key);
      if (cached) {
        hits += 1;
        // A copy: callers may scale or reuse the vector they get, and must not change the cached one.
        return (await cached).slice();
      }
      misses += 1;
      const pending = inner.embedQuery(text);
      cache.set(key, pending);
      try {
        return (await pending).slice();
      } catch (error) {
        if (cache.peek(key) === pending) cache.delete(key);
        throw error;
      }
    },
    queryStats: () => ({ hits, misses, size: cache.size }),
  };
  // Keeps the inner embedder's extras (stats(), tokenCount() …) next to the cached embedQuery.
  return { ...inner, ...wrapped };
}
