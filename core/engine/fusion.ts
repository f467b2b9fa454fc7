/**
 * Reciprocal rank fusion: merges rankings that score on incomparable scales (bm25, cosine) by rank alone.
 * A hit's fused score is the sum over the lists containing it of 1 / (k + rank), rank counted from 1.
 */
import type { Signal } from './types.js';

/** The constant from Cormack, Clarke & Büttcher (2009); it damps the weight of the very first ranks. */
export const RRF_K = 60;

/** One ranking to fuse: ids best first, and the signal that produced them. */
export interface RankedList<Id> {
  signal: Signal;
  ids: readonly Id[];
}

/** A fused hit: its id, fused score (higher is better) and the signals whose lists contained it. */
export interface FusedHit<Id> {
  id: Id;
  score: number;
  matched: Signal[];
}

/**
 * Fuses rankings best first. Ties (equal fused score) go to the hit with the better single rank, then to the
 * earlier list, then to the order hits were first seen, so the result is deterministic.
 * `matched` lists signals in the order the lists were given.
 */
export function reciprocalRankFusion<Id>(lists: ReadonlyArray<RankedList<Id>>, k: number = RRF_K): Array<FusedHit<Id>> {
  const fused = new Map<Id, FusedHit<Id> & { bestRank: number; bestList: number }>();
  lists.forEach((list, listIndex) => {
    list.ids.forEach((id, i) => {
      const rank = i + 1;
      const hit = fused.get(id);
      if (hit === undefined) {
        fused.set(id, { id, score: 1 / (k + rank), matched: [list.signal], bestRank: rank, bestList: listIndex });
        return;
      }
      hit.score += 1 / (k + rank);
      if (!hit.matched.includes(list.signal)) hit.matched.push(list.signal);
      if (rank < hit.bestRank) {
        hit.bestRank = rank;
        hit.bestList = listIndex;
      }
    });
  });
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || a.bestRank - b.bestRank || a.bestList - b.bestList)
    .map(({ id, score, matched }) => ({ id, score, matched }));
}
