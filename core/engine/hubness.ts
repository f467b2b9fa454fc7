/**
 * Hubness: in a space of sentence vectors some texts lie near almost everything (a general statement of
 * purpose, an outline paragraph), and a plain cosine ranking puts them among the neighbours of every clause.
 * Similar clauses discount each candidate by how close it lies to the other candidates: its mean cosine to its
 * {@link HUBNESS_NEIGHBOURS} nearest fellow candidates, as CSLS (Conneau et al. 2018) discounts by the mean
 * cosine to the nearest neighbours — here only among the candidates, so it costs one small matrix of dot
 * products per request (100 candidates: ≈ 5,000 dot products) and nothing at index time, at any corpus size.
 */

/** How many of its fellow candidates a candidate's hubness averages over. */
export const HUBNESS_NEIGHBOURS = 10;

/**
 * Each vector's mean cosine to its `k` most similar other vectors of the list (vectors L2-normalised, so the
 * dot product is the cosine); 0 for a list of one.
 */
export function neighbourhoodHubness(vectors: readonly Float32Array[], k = HUBNESS_NEIGHBOURS): Float64Array {
  const n = vectors.length;
  const out = new Float64Array(n);
  const take = Math.min(k, n - 1);
  if (take <= 0) return out;
  const sims = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = vectors[i] as Float32Array;
    for (let j = i + 1; j < n; j++) {
      const b = vectors[j] as Float32Array;
      let dot = 0;
      const length = Math.min(a.length, b.length);
      for (let d = 0; d < length; d++) dot += (a[d] as number) * (b[d] as number);
      sims[i * n + j] = dot;
      sims[j * n + i] = dot;
    }
  }
  const row = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) if (j !== i) row[m++] = sims[i * n + j] as number;
    row.sort();
    let sum = 0;
    for (let t = 0; t < take; t++) sum += row[n - 2 - t] as number;
    out[i] = sum / take;
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
