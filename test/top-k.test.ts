/** The bounded top-k the keyword ranking uses for its best bm25 scores. */
import { describe, expect, it } from 'vitest';
import { BoundedTopK } from '../core/engine/top-k.js';
import { bestScored } from '../core/engine/sqlite/word-bm25.js';

describe('bounded top-k', () => {
  it('keeps the k smallest keys of a stream, in order, equal keys lowest rowid first', () => {
    const top = new BoundedTopK(3);
    for (const [key, rowid] of [[5, 1], [2, 9], [7, 3], [2, 4], [1, 8], [9, 2], [2, 6]] as const) top.offer(key, rowid);
    expect(top.sorted()).toEqual([{ key: 1, rowid: 8 }, { key: 2, rowid: 4 }, { key: 2, rowid: 6 }]);
  });

  it('matches a full sort on 2,000 random pairs for every k from 0 to 40', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pairs = Array.from({ length: 2000 }, (_, rowid) => ({ key: Math.floor(rand() * 300), rowid }));
    const sorted = [...pairs].sort((a, b) => a.key - b.key || a.rowid - b.rowid);
    for (let k = 0; k <= 40; k++) {
      const top = new BoundedTopK(k);
      for (const p of pairs) top.offer(p.key, p.rowid);
      expect(top.sorted()).toEqual(sorted.slice(0, k));
    }
  });

  it('best bm25 scores: highest first, equal scores by rowid, keep() asked only for clauses that could enter', () => {
    const scored = { rowids: Int32Array.from([1, 2, 3, 4, 5, 6]), scores: Float64Array.from([0.5, 2, 2, 0.1, 3, 2]) };
    const asked: number[] = [];
    const best = bestScored(scored, 2, (r) => (asked.push(r), r !== 5));
    expect(best).toEqual([{ rowid: 2, score: 2 }, { rowid: 3, score: 2 }]);
    expect(asked).toEqual([1, 2, 3, 5]); // 4 and 6 could not beat the two kept
  });
});
