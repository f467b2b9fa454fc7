/**
 * The floors every engine figure is compared with, measured in the same process on the same data:
 * the simplest correct way to answer each query with no index at all.
 * - semantic / similar: an exact brute-force cosine scan over one contiguous Float32Array of all vectors;
 * - keyword: a `String.prototype.includes` scan over all clause texts.
 * An engine slower than its floor has an index that costs more than it saves; one far below it is
 * pruning (an inverted list, a binary pre-selection) as it should.
 */

/** All vectors of a corpus in one contiguous block, row i at [i·dims, (i+1)·dims). */
export class VectorTable {
  readonly dimensions: number;
  private data: Float32Array;
  private rows = 0;

  constructor(dimensions: number, capacity: number) {
    this.dimensions = dimensions;
    this.data = new Float32Array(dimensions * Math.max(1, capacity));
  }

  get count(): number {
    return this.rows;
  }

  /** Appends a vector (grows the block if the capacity was too small). */
  add(vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new RangeError(`vector has ${vector.length} dimensions, expected ${this.dimensions}`);
    if ((this.rows + 1) * this.dimensions > this.data.length) {
      const grown = new Float32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(vector, this.rows * this.dimensions);
    this.rows++;
  }

  /** Row i (a view, not a copy). */
  row(i: number): Float32Array {
    return this.data.subarray(i * this.dimensions, (i + 1) * this.dimensions);
  }

  /**
   * The k rows with the highest dot product with `query` (= cosine, all vectors being unit length),
   * best first; ties keep the lower row. One pass, a k-sized sorted buffer.
   */
  nearest(query: Float32Array, k: number): Array<{ row: number; score: number }> {
    const dims = this.dimensions;
    const data = this.data;
    const best: Array<{ row: number; score: number }> = [];
    for (let r = 0; r < this.rows; r++) {
      const base = r * dims;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += (data[base + d] as number) * (query[d] as number);
      if (best.length === k && dot <= (best[k - 1] as { score: number }).score) continue;
      let at = best.length;
      while (at > 0 && (best[at - 1] as { score: number }).score < dot) at--;
      best.splice(at, 0, { row: r, score: dot });
      if (best.length > k) best.pop();
    }
    return best;
  }
}

/**
 * The literal terms a plain substring scan looks for: quoted phrases as they are, other text split on
 * white space. A question stays one term; the scan then only costs what reading every text costs.
 */
export function literalTerms(q: string): string[] {
  const terms: string[] = [];
  const rest = q.replace(/"([^"]+)"/gu, (_, phrase: string) => {
    terms.push(phrase.trim());
    return ' ';
  });
  for (const word of rest.split(/\s+/u)) if (word) terms.push(word);
  return terms.filter((t) => t.length > 0);
}

/**
 * Rows whose text contains every term (AND), counting all of them as an engine's `total` does and
 * keeping the first `limit` rows.
 */
export function substringScan(texts: readonly string[], terms: readonly string[], limit: number): { total: number; rows: number[] } {
  const rows: number[] = [];
  let total = 0;
  if (terms.length === 0) return { total, rows };
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    let all = true;
    for (const term of terms) {
      if (!text.includes(term)) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    total++;
    if (rows.length < limit) rows.push(i);
  }
  return { total, rows };
}
