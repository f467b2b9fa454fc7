/**
 * Hubness: in a space of sentence vectors some texts lie near almost everything (a general statement of
 * purpose, an outline paragraph), and a plain cosine ranking puts them among the neighbours of every clause.
 * Similar clauses discount each candidate by how close it lies to the other candidates: its mean cosine to the
 * {@link HUBNESS_POOL} candidates nearest the source, in the spirit of CSLS (Conneau et al. 2018), which discounts
 * by the mean cosine to the nearest neighbours. Through the pool's summed vector this costs one dot product per
 * candidate (100 candidates: ≈ 75,000 multiplications) and nothing at index time, at any corpus size.
 *
 * Measured on the judged sources (`npm run eval`): the mean cosine to each candidate's own 10 nearest fellow
 * candidates scored the same on dev (0.783) and cross-validated better (0.783 against 0.766 for this pool), but
 * lower on test (0.743 against 0.750), and needs every pair of candidates, ≈ 2.5 million multiplications (3–5 ms
 * on this machine: the whole similar-clause budget); estimated from sign bits instead it fell to 0.737.
 */

/** How many of the candidates nearest the source make the pool each candidate's hubness is measured against. */
export const HUBNESS_POOL = 50;

/**
 * Each vector's mean cosine to the first `pool` vectors of the list (the candidates nearest the source, best
 * first), itself left out; vectors L2-normalised, so dot products are cosines. A vector shorter than the others (a
 * missing one) scores 0 and adds nothing; a list of one scores 0.
 */
export function poolHubness(vectors: readonly Float32Array[], pool = HUBNESS_POOL): Float64Array {
  const n = vectors.length;
  const out = new Float64Array(n);
  const size = Math.min(pool, n);
  const dims = vectors.reduce((d, v) => Math.max(d, v.length), 0);
  if (size <= 1 || dims === 0) return out;
  const sum = new Float64Array(dims);
  let members = 0;
  for (let i = 0; i < size; i++) {
    const v = vectors[i] as Float32Array;
    if (v.length !== dims) continue;
    members++;
    for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + (v[d] as number);
  }
  if (members <= 1) return out;
  for (let i = 0; i < n; i++) {
    const v = vectors[i] as Float32Array;
    if (v.length !== dims) continue;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += (v[d] as number) * (sum[d] as number);
    // A pool member's sum includes itself (cosine 1 with itself): take it out.
    out[i] = i < size ? (dot - 1) / (members - 1) : dot / members;
  }
  return out;
}

/**
 * Cosines discounted by hubness: `cosine − weight × hubness`, by position. The ranking a similar-clause list
 * fuses; the cosine itself is still what the page shows.
 */
export function hubnessAdjusted(cosines: readonly number[], hubness: ArrayLike<number>, weight: number): number[] {
  return cosines.map((c, i) => c - weight * (hubness[i] ?? 0));
}
