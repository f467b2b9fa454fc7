/**
 * A deterministic stand-in for the real model in unit tests: characters and character bigrams hashed into
 * 512 dimensions, L2-normalised. Texts that share words share bigrams, so their cosine is measurably
 * higher than that of unrelated texts; engine tests can assert a ranking without loading a model.
 */
import type { Embedder } from '../../core/types.js';

const DIMENSIONS = 512;

/** Punctuation and spaces carry no meaning for this toy model. */
const NOISE = /[\p{P}\p{S}\s]/u;

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The vector of one text: bigram counts (weight 1) plus character counts (weight 0.5, so 1-char queries work). */
export function hashVector(text: string): Float32Array {
  const vector = new Float32Array(DIMENSIONS);
  const chars = [...text.toLowerCase()].filter((c) => !NOISE.test(c));
  chars.forEach((char, i) => {
    vector[fnv1a(char) % DIMENSIONS]! += 0.5;
    const next = chars[i + 1];
    if (next !== undefined) vector[fnv1a(char + next) % DIMENSIONS]! += 1;
  });
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < DIMENSIONS; i++) vector[i]! /= norm;
  return vector;
}

/** A hash embedder; `calls` counts `embed` texts so cache tests can assert the model was not asked again. */
export function createHashEmbedder(modelId = 'hash-bigram-512'): Embedder & { calls: { texts: number; batches: number } } {
  const calls = { texts: 0, batches: 0 };
  return {
    dimensions: DIMENSIONS,
    modelId,
    calls,
    async embed(texts) {
      calls.batches += 1;
      calls.texts += texts.length;
      return texts.map(hashVector);
    },
    async embedQuery(text) {
      return hashVector(text);
    },
  };
}
