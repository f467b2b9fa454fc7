/**
 * An unchanged clause is never embedded twice: vectors are kept in SQLite (`<DATA_DIR>/embeddings.sqlite`),
 * keyed by the model id and the sha256 of the exact text. Changing the model (another folder, other
 * weights) changes the model id, so stale vectors are simply never looked up.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Embedder } from '../types.js';

/** File name of the cache inside DATA_DIR. */
export const EMBEDDING_CACHE_FILE = 'embeddings.sqlite';

/** Misses are sent to the model in chunks this size and stored after each, so a killed run keeps its work. */
const MISS_CHUNK = 64;

export interface EmbeddingCache {
  /** Stored vectors for `texts` under `modelId`, by position; undefined where there is none. */
  getMany(modelId: string, texts: readonly string[]): Array<Float32Array | undefined>;
  /** Stores (or replaces) vectors for texts under `modelId`. */
  putMany(modelId: string, entries: ReadonlyArray<readonly [text: string, vector: Float32Array]>): void;
  /** Number of stored vectors for `modelId`. */
  count(modelId: string): number;
  close(): void;
}

/** Opens (creating if needed) the cache file. Safe to share between the indexer and a running server (WAL). */
export function createEmbeddingCache(file: string): EmbeddingCache {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // The indexer writes while a server may read; wait instead of failing on a momentary lock.
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    text_sha256 BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_sha256)
  ) WITHOUT ROWID`);
  const select = db.prepare<[string, Buffer], { vector: Buffer }>(
    'SELECT vector FROM embeddings WHERE model = ? AND text_sha256 = ?',
  );
  const upsert = db.prepare<[string, Buffer, Buffer]>(
    'INSERT OR REPLACE INTO embeddings (model, text_sha256, vector) VALUES (?, ?, ?)',
  );
  const countStmt = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM embeddings WHERE model = ?');
  const putAll = db.transaction((modelId: string, entries: ReadonlyArray<readonly [string, Float32Array]>) => {
    for (const [text, vector] of entries) {
      upsert.run(modelId, textHash(text), Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength));
    }
  });

  return {
    getMany(modelId, texts) {
      return texts.map((text) => {
        const row = select.get(modelId, textHash(text));
        return row ? toFloat32(row.vector) : undefined;
      });
    },
    putMany(modelId, entries) {
      putAll(modelId, entries);
    },
    count(modelId) {
      return countStmt.get(modelId)?.n ?? 0;
    },
    close() {
      db.close();
    },
  };
}

/** sha256 of the UTF-8 text: the cache key next to the model id. */
export function textHash(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Copies a BLOB into its own Float32Array (a Buffer's offset need not be 4-byte aligned). */
function toFloat32(blob: Buffer): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

/** An {@link Embedder} that answers from the cache first, with counters for the index report. */
export interface CachedEmbedder extends Embedder {
  /** Since creation: texts answered without the model (`hits`) and texts sent to it (`misses`). */
  stats(): { hits: number; misses: number };
}

/**
 * Wraps `inner` so `embed` only sends texts it has not seen (for this model id) to the model, once each,
 * and stores the results. Queries go straight to the model: they are user input, not corpus, and would
 * only grow the file.
 */
export function cachedEmbedder(inner: Embedder, cache: EmbeddingCache): CachedEmbedder {
  let hits = 0;
  let misses = 0;
  return {
    dimensions: inner.dimensions,
    modelId: inner.modelId,
    embedQuery: (text) => inner.embedQuery(text),
    stats: () => ({ hits, misses }),
    async embed(texts) {
      const found = cache.getMany(inner.modelId, texts);
      const vectors = found.map((v) => (v?.length === inner.dimensions ? v : undefined));
      // Each distinct missing text once, however often it occurs in this call.
      const missing = [...new Set(texts.filter((_, i) => vectors[i] === undefined))];
      const fresh = new Map<string, Float32Array>();
      for (let i = 0; i < missing.length; i += MISS_CHUNK) {
        const chunk = missing.slice(i, i + MISS_CHUNK);
        const embedded = await inner.embed(chunk);
        if (embedded.length !== chunk.length) {
          throw new Error(`embedder ${inner.modelId} returned ${embedded.length} vectors for ${chunk.length} texts`);
        }
        cache.putMany(inner.modelId, chunk.map((text, k) => [text, embedded[k]!] as const));
        chunk.forEach((text, k) => fresh.set(text, embedded[k]!));
      }
      misses += missing.length;
      hits += texts.length - missing.length;
      return texts.map((text, i) => vectors[i] ?? fresh.get(text)!);
    },
  };
}
