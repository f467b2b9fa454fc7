/**
 * The first `k` of a stream of (key, rowid) pairs in ascending order, without sorting the whole stream: a
 * bounded max-heap whose root is the worst pair kept, so each pair costs one comparison unless it enters
 * (O(n log k)). Keyword search uses it for the best bm25 scores (key = −score) of match sets of up to a million
 * clauses.
 */

/** A kept pair. */
export interface KeyedRow {
  key: number;
  rowid: number;
}

/** Pairs order by key, then by rowid: equal keys come out lowest rowid first, as `order by …, rowid` does. */
export class BoundedTopK {
  private readonly keys: Float64Array;
  private readonly rowids: Int32Array;
  private count = 0;

  constructor(private readonly k: number) {
    const capacity = Math.max(0, Math.floor(k));
    this.keys = new Float64Array(capacity);
    this.rowids = new Int32Array(capacity);
  }

  /** How many pairs are kept (at most `k`). */
  get size(): number {
    return this.count;
  }

  /**
   * Whether `offer(key, rowid)` would keep the pair now: the heap has room, or the pair comes before the worst
   * one kept. Lets a caller skip an expensive check on pairs that could not enter anyway.
   */
  admits(key: number, rowid: number): boolean {
    if (this.count < this.keys.length) return true;
    if (this.keys.length === 0) return false;
    const rootKey = this.keys[0] as number;
    return key < rootKey || (key === rootKey && rowid < (this.rowids[0] as number));
  }

  /** Keeps the pair if it is among the first `k` seen so far. */
  offer(key: number, rowid: number): void {
    if (!this.admits(key, rowid)) return;
    if (this.count < this.keys.length) {
      let c = this.count++;
      this.keys[c] = key;
      this.rowids[c] = rowid;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.after(c, p)) break;
        this.swap(c, p);
        c = p;
      }
      return;
    }
    this.keys[0] = key;
    this.rowids[0] = rowid;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < this.count && this.after(l, w)) w = l;
      if (r < this.count && this.after(r, w)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }

  /** The kept pairs in ascending order. */
  sorted(): KeyedRow[] {
    const out = Array.from({ length: this.count }, (_, i) => ({ key: this.keys[i] as number, rowid: this.rowids[i] as number }));
    return out.sort((a, b) => a.key - b.key || a.rowid - b.rowid);
  }

  /** Whether entry i comes after entry j (is worse): the heap keeps the worst at its root. */
  private after(i: number, j: number): boolean {
    const a = this.keys[i] as number;
    const b = this.keys[j] as number;
    return a > b || (a === b && (this.rowids[i] as number) > (this.rowids[j] as number));
  }

  private swap(i: number, j: number): void {
    const key = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = key;
    const rowid = this.rowids[i] as number;
    this.rowids[i] = this.rowids[j] as number;
    this.rowids[j] = rowid;
  }
}
