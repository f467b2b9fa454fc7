/**
 * bm25 over the jieba word index computed here, from each query word's occurrence list and the clause
 * lengths held in memory, instead of by FTS5's `bm25()`. The scores are FTS5's own: same formula, same
 * statistics (row count, total tokens, rows per word), same order of operations, so a ranking computed
 * here equals `order by rank, rowid` on `clause_words`.
 *
 * Why: FTS5 looks up each matching row's length in `clause_words_docsize` (a B-tree lookup per row) and
 * scores every match whatever the LIMIT, which cost ≈ 60 ms for a word in a fifth of a million clauses.
 * Reading the word's doclist (fts5-doclists.ts: its clauses in rowid order, each with its positions) and the
 * lengths from a typed array ranks the same clauses several times faster; see the README's Benchmarks section.
 *
 * Only words FTS5 would keep as one token are scored here (letters and digits, no diacritics, lower case
 * after folding); any other word makes the caller fall back to FTS5's `bm25()`.
 */
import type Database from 'better-sqlite3';
import { BoundedTopK } from '../top-k.js';
import type { ClausePositions } from './clause-positions.js';
import { Fts5Doclists, weightedPositions } from './fts5-doclists.js';
import type { Postings } from './fts5-doclists.js';

type Prepare = (sql: string) => Database.Statement;

/** FTS5's bm25 parameters (fts5_aux.c): not configurable there, so constants here. */
export const K1 = 1.2;
export const B = 0.75;

/** A string FTS5's unicode61 tokenizer (remove_diacritics 2) keeps unchanged as one token. */
const PLAIN_TOKEN = /^[\p{L}\p{N}]+$/u;

/**
 * The vocabulary term FTS5 stores for `word`, or null when its tokenizer would split or change it in a way
 * not reproduced here (punctuation inside, combining marks, letters that fold to something else).
 */
export function plainTerm(word: string): string | null {
  const lower = word.toLowerCase();
  if (!PLAIN_TOKEN.test(lower)) return null;
  // unicode61 removes diacritics: a word whose decomposition differs is one that could be folded.
  if (lower.normalize('NFD') !== lower) return null;
  return lower;
}

/** The word index's columns (schema.ts), in order; an occurrence's weight is its column's. */
export const WORD_COLUMNS = ['tokens', 'heading_tokens'] as const;

/** Per-column bm25 weights, as `rank match 'bm25(w0, w1)'` gives them to FTS5. */
export type ColumnWeights = readonly [tokens: number, headingTokens: number];

/** The sum of the SQLite varints (big-endian groups of seven bits) in `bytes`: one per column. */
function sumVarints(bytes: Uint8Array): number {
  let sum = 0;
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let k = 0; i < bytes.length; k++) {
      const byte = bytes[i++] as number;
      if (k === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    sum += value;
  }
  return sum;
}

/** SQLite's `ln()` on a connection: the C library's `log()`, which FTS5's bm25 calls. */
function naturalLog(db: Database.Database): (x: number) => number {
  const ln = db.prepare('select ln(?)').pluck();
  return (x) => ln.get(x) as number;
}

/**
 * Every clause's length in words over all columns (what FTS5 records in `clause_words_docsize` and bm25 takes
 * as the row's size), by rowid, with the totals bm25 needs. 4 bytes per rowid: 4 MB at a million clauses, loaded once per index snapshot.
 */
export class WordLengths {
  private constructor(
    private readonly lengths: Uint32Array,
    /** Rows of the word index. */
    readonly rows: number,
    /** Tokens of all rows together. */
    readonly tokens: number,
    /** The natural logarithm as FTS5 takes it: SQLite's `ln()`, the C library's `log()`. */
    private readonly ln: (x: number) => number,
  ) {}

  /**
   * FTS5's idf of a word held by `rowsWithWord` rows: ln((N − n + 0.5) / (n + 0.5)), floored at 1e-6 as FTS5
   * floors it. The logarithm is the C library's that FTS5 calls: JavaScript's Math.log differs from it in the
   * last bit for some arguments (知识产权质押 on the 100k benchmark corpus), which shifted every score of the word.
   */
  idf(rowsWithWord: number): number {
    const rowCount = Math.max(1, this.rows);
    const value = this.ln((rowCount - rowsWithWord + 0.5) / (rowsWithWord + 0.5));
    return value <= 0 ? 1e-6 : value;
  }

  static load(db: Database.Database, rowidBound: number): WordLengths {
    const lengths = new Uint32Array(rowidBound);
    let rows = 0;
    let tokens = 0;
    const sizes = db.prepare('select id, sz from clause_words_docsize').raw().iterate() as IterableIterator<[number, Buffer]>;
    for (const [rowid, sz] of sizes) {
      const n = sumVarints(sz);
      if (rowid < rowidBound) lengths[rowid] = n;
      rows++;
      tokens += n;
    }
    return new WordLengths(lengths, rows, tokens, naturalLog(db));
  }

  /**
   * These lengths after a write through this connection, from the clause positions before and after it and
   * the rowids it touched: a clause that was stored gives its length back, a clause that is stored now has
   * its length read from the word index (one row each). Totals stay exactly what a fresh load would count.
   */
  patched(db: Database.Database, before: ClausePositions, after: ClausePositions, touched: Iterable<number>): WordLengths {
    const lengths = new Uint32Array(Math.max(after.rowidBound, this.lengths.length));
    lengths.set(this.lengths);
    let rows = this.rows;
    let tokens = this.tokens;
    const size = db.prepare('select sz from clause_words_docsize where id = ?').pluck();
    for (const rowid of touched) {
      if (before.has(rowid)) {
        tokens -= lengths[rowid] as number;
        rows--;
      }
      lengths[rowid] = 0;
      if (!after.has(rowid)) continue;
      const sz = size.get(rowid) as Buffer | undefined;
      if (sz === undefined) continue;
      const n = sumVarints(sz);
      lengths[rowid] = n;
      rows++;
      tokens += n;
    }
    return new WordLengths(lengths, rows, tokens, this.ln);
  }

  length(rowid: number): number {
    return this.lengths[rowid] as number;
  }

  /** Every length by rowid, for loops over many clauses (read only). */
  get byRowid(): Uint32Array {
    return this.lengths;
  }

  /** FTS5's average row length: total tokens over rows (rows taken as 1 when empty, as FTS5 does). */
  get averageLength(): number {
    return this.tokens / Math.max(1, this.rows);
  }
}

/** The clauses holding every word of a query, ascending, each with its bm25 score (higher is better). */
export interface ScoredClauses {
  rowids: Int32Array;
  scores: Float64Array;
}

/** The words' doclists in the word index, read directly (fts5-doclists.ts), in the order given. */
function wordPostings(statement: Prepare, terms: readonly string[]): Postings[] {
  const doclists = new Fts5Doclists(statement, 'clause_words', 'full');
  return terms.map((t) => doclists.postings(t));
}

/** A word's occurrences: the clauses holding it (ascending) and its weighted frequency in each. */
export interface Occurrences {
  rowids: Int32Array;
  frequencies: Float64Array;
}

/** A word's clauses and its weighted frequency in each, from its doclist in the word index (fts5-doclists.ts). */
export function occurrencesOf(statement: Prepare, term: string, weights: ColumnWeights): Occurrences {
  const { rowids, bytes, lists } = wordPostings(statement, [term])[0] as Postings;
  const frequencies = new Float64Array(rowids.length);
  for (let e = 0; e < rowids.length; e++) frequencies[e] = weightedPositions(bytes, lists[e] as number, weights);
  return { rowids, frequencies };
}

/** FTS5's idf of each word's list (see {@link WordLengths.idf}). */
export function inverseDocumentFrequencies(lists: ReadonlyArray<{ rowids: ArrayLike<number> }>, lengths: WordLengths): number[] {
  return lists.map(({ rowids }) => lengths.idf(rowids.length));
}

/**
 * bm25 of every clause holding one word (all of one word and any of one word are the same): one pass over its
 * list, short position lists and clause lengths read inline. `w` is the word's idf.
 */
function scoreOneWord(list: Postings, w: number, lengths: WordLengths, weights: ColumnWeights): ScoredClauses {
  const avgdl = lengths.averageLength;
  const { rowids, bytes, lists: at } = list;
  const sizes = lengths.byRowid;
  const scores = new Float64Array(rowids.length);
  const [w0, w1] = weights;
  for (let e = 0; e < rowids.length; e++) {
    const start = at[e] as number;
    const size = bytes[start] as number;
    let f = 0;
    if (size < 0x80) {
      // A short position list (nearly all of them), read here as weightedPositions reads it: a varint's bytes
      // but its last have the high bit set; 0x01 starting one switches to the column after it (0 or 1 here).
      const end = start + 1 + (size >> 1);
      let weight = w0;
      let inVarint = false;
      for (let i = start + 1; i < end; i++) {
        const b = bytes[i] as number;
        if (!inVarint && b === 0x01) {
          const column = bytes[++i] as number;
          if (column > 1) {
            f = weightedPositions(bytes, start, weights);
            break;
          }
          weight = column === 0 ? w0 : w1;
          continue;
        }
        inVarint = b >= 0x80;
        if (!inVarint) f += weight;
      }
    } else f = weightedPositions(bytes, start, weights);
    const D = sizes[rowids[e] as number] as number;
    // Written as fts5Bm25Function writes it, so the doubles come out the same.
    scores[e] = 0 + w * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
  }
  return { rowids, scores };
}

/**
 * bm25 of every clause holding all `terms` (vocabulary terms, see {@link plainTerm}), one per phrase of the
 * FTS5 query `"t1" AND "t2" …` and in its order, as FTS5 sums them, with `rank match 'bm25(w0, w1)'`'s
 * column weights. The per-word inverse document frequency and the average length are FTS5's:
 * idf = ln((N − n + ½) / (n + ½)), at least 10⁻⁶. Frequencies are read only for the clauses holding every
 * word; each list's length (its idf) needs no more than its rowids.
 */
export function scoreAllOf(statement: Prepare, lengths: WordLengths, terms: readonly string[], weights: ColumnWeights): ScoredClauses {
  if (terms.length === 0) return { rowids: new Int32Array(0), scores: new Float64Array(0) };
  const lists = wordPostings(statement, terms);
  const idf = inverseDocumentFrequencies(lists, lengths);
  const avgdl = lengths.averageLength;
  if (lists.length === 1) return scoreOneWord(lists[0] as Postings, idf[0] as number, lengths, weights);
  // Walk the shortest list, advancing a cursor in each other list (all ascending).
  const driver = lists.reduce((a, b) => (b.rowids.length < a.rowids.length ? b : a)).rowids;
  const cursors = new Int32Array(lists.length);
  const rowids = new Int32Array(driver.length);
  const scores = new Float64Array(driver.length);
  let n = 0;
  outer: for (let d = 0; d < driver.length; d++) {
    const rowid = driver[d] as number;
    for (let i = 0; i < lists.length; i++) {
      const list = (lists[i] as Postings).rowids;
      let c = cursors[i] as number;
      while (c < list.length && (list[c] as number) < rowid) c++;
      cursors[i] = c;
      if (c >= list.length) break outer;
      if (list[c] !== rowid) continue outer;
    }
    const D = lengths.length(rowid);
    let score = 0;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as Postings;
      const f = weightedPositions(list.bytes, list.lists[cursors[i] as number] as number, weights);
      score += (idf[i] as number) * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
    }
    rowids[n] = rowid;
    scores[n] = score;
    n++;
  }
  return { rowids: rowids.subarray(0, n), scores: scores.subarray(0, n) };
}

/**
 * bm25 of every clause holding any of `terms`, as FTS5 scores the query `"t1" OR "t2" …`: a word a clause
 * lacks adds nothing (FTS5 adds its zero-frequency term, which is 0).
 */
export function scoreAnyOf(statement: Prepare, lengths: WordLengths, terms: readonly string[], weights: ColumnWeights): ScoredClauses {
  const lists = wordPostings(statement, terms);
  const idf = inverseDocumentFrequencies(lists, lengths);
  if (lists.length === 1) return scoreOneWord(lists[0] as Postings, idf[0] as number, lengths, weights);
  const avgdl = lengths.averageLength;
  const cursors = new Int32Array(lists.length);
  const capacity = lists.reduce((n, l) => n + l.rowids.length, 0);
  const rowids = new Int32Array(capacity);
  const scores = new Float64Array(capacity);
  let n = 0;
  for (;;) {
    // The smallest rowid under any cursor (at most six lists: a linear pass beats a heap).
    let rowid = -1;
    for (let i = 0; i < lists.length; i++) {
      const c = cursors[i] as number;
      const list = (lists[i] as Postings).rowids;
      if (c < list.length && (rowid < 0 || (list[c] as number) < rowid)) rowid = list[c] as number;
    }
    if (rowid < 0) break;
    const D = lengths.length(rowid);
    let score = 0;
    for (let i = 0; i < lists.length; i++) {
      const list = lists[i] as Postings;
      const c = cursors[i] as number;
      if (c >= list.rowids.length || list.rowids[c] !== rowid) continue;
      const f = weightedPositions(list.bytes, list.lists[c] as number, weights);
      score += (idf[i] as number) * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * D) / avgdl)));
      cursors[i] = c + 1;
    }
    rowids[n] = rowid;
    scores[n] = score;
    n++;
  }
  return { rowids: rowids.subarray(0, n), scores: scores.subarray(0, n) };
}

/**
 * The best `k` of `scored` among the rowids `keep` accepts, best first; equal scores by rowid, as
 * `order by rank, rowid` does. A bounded heap (core/engine/top-k.ts): O(n log k), no sort of every match.
 */
export function bestScored(scored: ScoredClauses, k: number, keep: (rowid: number) => boolean): Array<{ rowid: number; score: number }> {
  if (k <= 0) return [];
  // Keyed by −score: ascending key is descending score, and equal scores keep the lower rowid.
  const best = new BoundedTopK(k);
  const { rowids, scores } = scored;
  for (let i = 0; i < rowids.length; i++) {
    const rowid = rowids[i] as number;
    const key = -(scores[i] as number);
    // keep() may cost a lookup: ask only for a clause that would enter.
    if (best.admits(key, rowid) && keep(rowid)) best.offer(key, rowid);
  }
  return best.sorted().map(({ key, rowid }) => ({ rowid, score: -key }));
}
