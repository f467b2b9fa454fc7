/**
 * Long texts and the model's 512-token window: pure arithmetic, no model.
 *
 * A BERT-style encoder silently truncates whatever does not fit, so the tail of a long clause (often the
 * `（责任单位：…）` note or the concrete measure) would never influence its vector. Instead a long text is
 * covered by equal-length, overlapping windows; each window is embedded and the unit vectors are averaged.
 */

/** A half-open token range `[start, end)` of a text's token sequence (special tokens excluded). */
export interface TokenWindow {
  start: number;
  end: number;
}

/**
 * Covers `tokenCount` tokens with windows of `size` tokens where consecutive windows share at least
 * `overlap` tokens (±1 from rounding). A text that fits gets one window; otherwise every window is exactly
 * `size` long and the starts are spread evenly, so each part of the text weighs about the same in the mean.
 */
export function planWindows(tokenCount: number, size: number, overlap: number): TokenWindow[] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`window size must be a positive integer, got ${size}`);
  if (!Number.isInteger(overlap) || overlap < 0 || overlap >= size) {
    throw new RangeError(`overlap must be an integer in [0, ${size}), got ${overlap}`);
  }
  if (tokenCount <= size) return [{ start: 0, end: tokenCount }];
  const count = Math.ceil((tokenCount - overlap) / (size - overlap));
  const spacing = (tokenCount - size) / (count - 1);
  return Array.from({ length: count }, (_, i) => {
    const start = Math.round(i * spacing);
    return { start, end: start + size };
  });
}

/** Scales a vector to unit length (in place) and returns it; a zero vector stays zero. */
export function normalizeInPlace(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return vector;
}

/** Mean of unit vectors, renormalised: the embedding of a text made of several windows. */
export function combineWindows(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (!first) throw new RangeError('combineWindows needs at least one vector');
  if (vectors.length === 1) return first;
  const mean = new Float32Array(first.length);
  for (const vector of vectors) {
    if (vector.length !== mean.length) throw new RangeError(`vectors differ in length: ${vector.length} vs ${mean.length}`);
    for (let i = 0; i < mean.length; i++) mean[i] = mean[i]! + vector[i]!;
  }
  return normalizeInPlace(mean);
}
