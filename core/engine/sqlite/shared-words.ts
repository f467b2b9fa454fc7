/**
 * The clauses sharing a source clause's keywords, for similar clauses: the best `k` by bm25 of the OR query
 * `"w1" OR "w2" …` over the word index — the same clauses, scores and order as `clausesSharingWords`
 * (keyword-search.ts: FTS5's bm25, `order by rank, rowid`) — without reading and scoring, on every request,
 * every clause that holds a common word.
 *
 * Why: at 1M synthetic clauses a source's five keywords often include words held by 40–60 % of the clauses
 * (企业 434,562 clauses, 创新 616,996); reading such a word's occurrences (then through fts5vocab 'instance': ≈ 0.2–0.3 s
 * CPU for 企业's 896,791) and scoring the union of the lists was ≈ 85 % of similar()'s time (p50 132 ms,
 * p95 680 ms CPU of 157 / 761 ms; 2-core AMD EPYC).
 *
 * How, exactly:
 *   - Occurrence lists are kept per index snapshot ({@link OccurrenceLists}, least recently used dropped past
 *     a byte budget), so a common word is read once, not on every request.
 *   - The top `k` is found by MaxScore (Turtle & Flood, 1995): a word's bm25 contribution is below
 *     idf · (k1 + 1) whatever the clause, so once `k` clauses score θ, a clause holding only words whose bounds
 *     sum below θ cannot enter. The lists of those words (the commonest, with the smallest idf) are no longer
 *     walked: they are probed by binary search for the clauses the other lists bring, and only for clauses
 *     whose best possible score could still enter.
 *   - Scores are summed word by word in query order with word-bm25.ts's formula, as FTS5 sums them, so they
 *     are the same doubles (test/shared-words.test.ts compares them with `clausesSharingWords`).
 */
import type Database from 'better-sqlite3';
import { BoundedTopK } from '../top-k.js';
import type { OpenIndex } from './index-file.js';
import { HEADING_WORD_WEIGHT, clausesSharingWords } from './keyword-search.js';
import type { RelatedRow } from './keyword-search.js';
import { B, K1, inverseDocumentFrequencies, occurrencesOf, plainTerm } from './word-bm25.js';
import type { ColumnWeights, WordLengths } from './word-bm25.js';

type Prepare = (sql: string) => Database.Statement;

/** Column weights of a shared-words ranking (as `clausesSharingWords` ranks). */
const WEIGHTS: ColumnWeights = [1, HEADING_WORD_WEIGHT];

/**
 * Bytes of occurrence lists an open index keeps: 8 bytes per clause of a list (12 when a frequency needs a
 * float64), so 128 MiB holds lists of 16M clauses in all — the commonest words of a 1M-clause index, whose
 * lists cost the most to read, a dozen or more of them.
 */
export const OCCURRENCE_LISTS_BYTES = 128 * 2 ** 20;

/** A word's clauses, ascending, with its weighted frequency in each (FTS5's sum of column weights). */
export interface TermList {
  rowids: Int32Array;
  frequencies: Float32Array | Float64Array;
}

/** Occurrence lists of the word index, read once per index snapshot and kept within a byte budget. */
export class OccurrenceLists {
  private readonly lists = new Map<string, TermList>();
  private bytes = 0;

  constructor(
    private readonly statement: Prepare,
    private readonly budget: number = OCCURRENCE_LISTS_BYTES,
  ) {}

  /** Bytes held now. */
  get size(): number {
    return this.bytes;
  }

  /** The list of `term` (a plain vocabulary term, see `plainTerm`) under `weights`. */
  get(term: string, weights: ColumnWeights = WEIGHTS): TermList {
    const key = `${weights.join(' ')}\0${term}`;
    const kept = this.lists.get(key);
    if (kept !== undefined) {
      // Re-inserting moves the key to the end: Map iteration order is insertion order.
      this.lists.delete(key);
      this.lists.set(key, kept);
      return kept;
    }
    const list = this.weighted(term, weights);
    const bytes = list.rowids.byteLength + list.frequencies.byteLength;
    if (bytes <= this.budget) {
      this.lists.set(key, list);
      this.bytes += bytes;
      for (const [oldest, dropped] of this.lists) {
        if (this.bytes <= this.budget) break;
        this.lists.delete(oldest);
        this.bytes -= dropped.rowids.byteLength + dropped.frequencies.byteLength;
      }
    }
    return list;
  }

  /** word-bm25.ts's reading of the word's doclist, copied tight (its arrays may be sized for more). */
  private weighted(term: string, weights: ColumnWeights): TermList {
    const read = occurrencesOf(this.statement, term, weights);
    const exact = read.frequencies.every((f) => Math.fround(f) === f);
    return { rowids: read.rowids.slice(), frequencies: exact ? Float32Array.from(read.frequencies) : read.frequencies.slice() };
  }
}

/** The first index at or after `from` whose rowid is ≥ `rowid` (galloping, then binary search). */
function seek(rowids: Int32Array, from: number, rowid: number): number {
  if (from >= rowids.length || (rowids[from] as number) >= rowid) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < rowids.length && (rowids[hi] as number) < rowid) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  hi = Math.min(hi, rowids.length);
  // rowids[lo] < rowid; the answer lies in (lo, hi].
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rowids[mid] as number) < rowid) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Relative slack on upper bounds, far above the rounding of a few additions in another order. */
const BOUND_SLACK = 1 + 1e-9;

/**
 * The best `k` clauses by bm25 of the OR query over `lists` (one per word, in query order), best first, equal
 * scores by rowid: what `bestScored(scoreAnyOf(…), k, () => true)` returns, found by MaxScore.
 */
export function bestSharingAnyOf(lists: readonly TermList[], lengths: WordLengths, k: number): RelatedRow[] {
  const m = lists.length;
  if (m === 0 || k <= 0) return [];
  const idf = inverseDocumentFrequencies(lists, lengths);
  const avgdl = lengths.averageLength;
  // Written as word-bm25.ts (and FTS5's fts5Bm25Function) writes it, so the doubles come out the same.
  const contribution = (i: number, at: number, D: number): number => {
    const f = (lists[i] as TermList).frequencies[at] as number;
    return (idf[i] as number) * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
  };
  // f·(k1+1) / (f + k1·(1 − b + b·D/avgdl)) < k1 + 1 for every f > 0 and D ≥ 0, since 1 − b > 0.
  const bound = idf.map((w) => w * (K1 + 1) * BOUND_SLACK);
  // Words by bound, smallest first; the first `essentialFrom` of them are non-essential: probed, not walked.
  const byBound = Array.from({ length: m }, (_, i) => i).sort((a, b) => (bound[a] as number) - (bound[b] as number) || a - b);
  const boundBelow = new Float64Array(m + 1); // boundBelow[j]: the bounds of byBound[0 … j−1] summed
  for (let j = 0; j < m; j++) boundBelow[j + 1] = ((boundBelow[j] as number) + (bound[byBound[j] as number] as number)) * BOUND_SLACK;
  let essentialFrom = 0;
  const essential = new Uint8Array(m).fill(1);
  const cursors = new Int32Array(m);
  const best = new BoundedTopK(k);

  for (;;) {
    // The next clause: the smallest rowid under an essential list's cursor.
    let rowid = -1;
    for (let j = essentialFrom; j < m; j++) {
      const i = byBound[j] as number;
      const list = (lists[i] as TermList).rowids;
      const c = cursors[i] as number;
      if (c < list.length && (rowid < 0 || (list[c] as number) < rowid)) rowid = list[c] as number;
    }
    if (rowid < 0) break;
    const D = lengths.length(rowid);
    // Its best possible score: the essential words it holds, plus every non-essential word's bound.
    let upper = boundBelow[essentialFrom] as number;
    for (let j = essentialFrom; j < m; j++) {
      const i = byBound[j] as number;
      const c = cursors[i] as number;
      if ((lists[i] as TermList).rowids[c] === rowid) upper += contribution(i, c, D);
    }
    if (best.admits(-upper * BOUND_SLACK, rowid)) {
      // The exact score, word by word in query order; non-essential lists are probed from their cursor on
      // (clauses come in ascending rowid order, so cursors only move forward).
      let score = 0;
      for (let i = 0; i < m; i++) {
        const list = (lists[i] as TermList).rowids;
        let c = cursors[i] as number;
        if (essential[i] === 0) cursors[i] = c = seek(list, c, rowid);
        if (c < list.length && list[c] === rowid) score += contribution(i, c, D);
      }
      best.offer(-score, rowid);
      // θ rose: a word whose bound, with those of the words below it, cannot reach θ stops being walked. A
      // clause holding only such words scores below θ and, whatever its rowid, is not admitted.
      while (essentialFrom < m && best.size >= k && !best.admits(-(boundBelow[essentialFrom + 1] as number), Number.NEGATIVE_INFINITY)) {
        essential[byBound[essentialFrom] as number] = 0;
        essentialFrom++;
      }
    }
    for (let j = essentialFrom; j < m; j++) {
      const i = byBound[j] as number;
      if ((lists[i] as TermList).rowids[cursors[i] as number] === rowid) cursors[i] = (cursors[i] as number) + 1;
    }
  }
  return best.sorted().map(({ key, rowid }) => ({ rowid, score: -key }));
}

/**
 * The clauses sharing any of `words` (a source clause's keywords, `clause_words` terms), best first, at most
 * `k`, as `clausesSharingWords(statement, words.filter(held by some clause), k, lengths)` ranks them; words
 * held by no clause are left out. Words that are not plain vocabulary terms go to `clausesSharingWords`.
 */
export function clausesSharingKeywords(index: OpenIndex, words: readonly string[], k: number): RelatedRow[] {
  const statement: Prepare = (sql) => index.statement(sql);
  // Distinct as written, then as terms: what clausesSharingWords does with the words it is given.
  const unique = [...new Set(words)];
  const terms = unique.map(plainTerm);
  if (!terms.every((t): t is string => t !== null)) {
    const known = statement('select doc from clause_word_counts where term = ?').pluck();
    const held = unique.filter((w) => ((known.get(w.toLowerCase()) as number | undefined) ?? 0) > 0);
    return clausesSharingWords(statement, held, k, () => index.wordLengths());
  }
  const lists = terms.map((t) => index.occurrenceLists().get(t, WEIGHTS)).filter((l) => l.rowids.length > 0);
  return bestSharingAnyOf(lists, index.wordLengths(), k);
}
