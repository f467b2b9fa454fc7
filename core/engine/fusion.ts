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
  return fuse(lists.map((list) => ({ signal: list.signal, parts: list.ids.map((id, i) => ({ id, part: 1 / (k + i + 1) })) })));
}

/** One list's contribution to a fusion: its signal and, best first, what each hit adds to the fused score. */
interface Contribution<Id> {
  signal: Signal;
  parts: ReadonlyArray<{ id: Id; part: number }>;
}

/**
 * Sums the contributions per id and orders the result: by fused score, then by the best rank a hit had in
 * any list, then by the earlier list. Both fusions share it so they break ties the same way.
 */
function fuse<Id>(contributions: ReadonlyArray<Contribution<Id>>): Array<FusedHit<Id>> {
  const fused = new Map<Id, FusedHit<Id> & { bestRank: number; bestList: number }>();
  contributions.forEach(({ signal, parts }, listIndex) => {
    parts.forEach(({ id, part }, i) => {
      const rank = i + 1;
      const hit = fused.get(id);
      if (hit === undefined) {
        fused.set(id, { id, score: part, matched: [signal], bestRank: rank, bestList: listIndex });
        return;
      }
      hit.score += part;
      if (!hit.matched.includes(signal)) hit.matched.push(signal);
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

/** One scored ranking to fuse: hits best first with the signal's own score (bm25, cosine). */
export interface ScoredList<Id> {
  signal: Signal;
  hits: ReadonlyArray<{ id: Id; score: number }>;
  /** Share of the fused score this signal contributes (the weights of all lists should sum to 1). */
  weight: number;
  /**
   * The score that normalises to 0 (default: the list's lowest). A known floor keeps the scale independent
   * of how deep the list goes: 0 for bm25, the cosine cut-off for a semantic set.
   */
  floor?: number;
  /**
   * The score that normalises to 1 (default: the list's best); scores above it count as 1. A known ceiling
   * keeps a list whose best hit is weak from counting as fully matched: for the words side of a question, the
   * bm25 of a clause holding every ranked word (see `idealWordsScore`), so a clause sharing one word of four
   * no longer gets the words side's whole weight just because nothing shares more.
   */
  ceiling?: number;
}

/**
 * Weighted score fusion (CombSUM of min-max normalised scores): each list's scores are scaled to [0, 1]
 * (its ceiling or else its best hit 1, its floor or else its worst 0; a list whose hits all score the same gives each 1), multiplied by the
 * list's weight and summed; a hit missing from a list gets 0 from it. Unlike rank fusion it keeps how far
 * apart scores are, so a clause far ahead on meaning is not pulled down to the level of one that merely
 * shares a common word. Ties as in {@link reciprocalRankFusion}.
 */
export function weightedScoreFusion<Id>(lists: ReadonlyArray<ScoredList<Id>>): Array<FusedHit<Id>> {
  return fuse(
    lists.map((list) => {
      let max = -Infinity;
      let min = Infinity;
      for (const h of list.hits) {
        if (h.score > max) max = h.score;
        if (h.score < min) min = h.score;
      }
      if (list.floor !== undefined) min = Math.min(min, list.floor);
      if (list.ceiling !== undefined && list.ceiling > min) max = list.ceiling;
      const span = max - min;
      const parts = list.hits.map((h) => ({ id: h.id, part: list.weight * (span > 0 ? Math.min(1, (h.score - min) / span) : 1) }));
      return { signal: list.signal, parts };
    }),
  );
}
