/**
 * Keyword search: which clauses contain the user's terms, and in what order to show them.
 *
 * Recall is exact by construction: a clause matches when it contains every term as a substring. Terms of
 * three or more characters are looked up in the trigram index (a phrase of trigrams is a substring); terms of
 * one or two letters or digits (`园`, `专利`, `5G`) are one token of the character-gram index; only a short
 * term with punctuation in it is checked with LIKE on the text. Only rowids are read from the indexes; their
 * documents come from the in-memory {@link ClausePositions}. Order comes from the jieba word index: bm25 over
 * the query's words, computed inside the FTS query with a LIMIT, so FTS5 keeps only the best rows instead of
 * ranking a join. Matching clauses the word index does not rank (jieba split the text differently) follow the
 * ranked ones in reading order.
 *
 * Scaling: every lookup is an index lookup whose cost grows with the number of matching clauses, not the
 * corpus (a term in 20% of a million clauses still returns 200k rowids, a few tens of ms); the LIKE fallback
 * only scans the clauses the other terms left, or every clause when a punctuation-only short term is all
 * the query has. The ranking query is over-fetched and re-tried deeper only when filters remove most of its
 * rows.
 */
import type Database from 'better-sqlite3';
import type { QueryTerm } from '../query-syntax.js';
import { codePointLength, ftsAllOf, ftsString, likeContains, TRIGRAM_MIN_CHARS } from '../query-syntax.js';
import { Fts5Doclists, orFts5 } from './fts5-doclists.js';
import { clausesWithSubstring, coveringTrigrams, intersectSorted } from './substring-lookup.js';
import type { Catalog } from './catalog.js';
import { gramToken } from './character-grams.js';
import type { ClausePositions } from './clause-positions.js';
import { bestScored, plainTerm, scoreAllOf, scoreAnyOf } from './word-bm25.js';
import type { ScoredClauses, WordLengths } from './word-bm25.js';

/** A position in the keyword ranking; `score` is −bm25 (higher is better), 0 for unranked matches. */
export interface RankedRowid {
  rowid: number;
  score: number;
}

type Prepare = (sql: string) => Database.Statement;

/** Which index answers each term. */
export function planTermLookups(terms: readonly QueryTerm[]): { trigram: string[]; grams: string[]; scan: string[] } {
  const trigram: string[] = [];
  const grams: string[] = [];
  const scan: string[] = [];
  for (const { text } of terms) {
    if (codePointLength(text) >= TRIGRAM_MIN_CHARS) trigram.push(text);
    else {
      const token = gramToken(text);
      if (token === null) scan.push(text);
      else grams.push(token);
    }
  }
  return { trigram, grams, scan };
}

/** A gram token whose stored form is known here: ASCII (already lower-cased) or characters without case. */
function caselessToken(token: string): boolean {
  for (const ch of token) if ((ch.codePointAt(0) as number) >= 0x80 && (ch.toLowerCase() !== ch || ch.toUpperCase() !== ch)) return false;
  return true;
}

/**
 * Every clause containing all terms, as ascending rowids. With no terms, every clause.
 *
 * Each term's clauses come from the trigram or gram index's doclists (substring-lookup.ts); a term whose
 * characters FTS5 folds in ways not reproduced there is looked up with a MATCH query instead, its rowids
 * handed over as one JSON array built by SQLite.
 */
export function clausesContaining(statement: Prepare, positions: ClausePositions, terms: readonly QueryTerm[]): Int32Array {
  const { trigram, grams, scan } = planTermLookups(terms);
  const trigrams = new Fts5Doclists(statement, 'clause_trigrams', 'full');
  const gramLists = new Fts5Doclists(statement, 'clause_grams', 'none');
  const matching = (table: string, query: string) =>
    Int32Array.from(JSON.parse(statement(`select json_group_array(rowid) from ${table} where ${table} match ?`).pluck().get(query) as string) as number[]);
  // Rarest first (by the leaves their doclists span): each later term then compares positions only in the
  // clauses the earlier ones left.
  const lookups: Array<{ leaves: number; find: (within: Int32Array | null) => Int32Array }> = [
    ...[...new Set(grams)].map((token) => {
      const fts5 = () => matching('clause_grams', ftsString(token));
      return caselessToken(token)
        ? { leaves: orFts5(() => gramLists.estimatedLeaves(token), () => 0), find: () => orFts5(() => gramLists.postings(token).rowids, fts5) }
        : { leaves: 0, find: fts5 };
    }),
    ...[...new Set(trigram)].map((text) => {
      const fts5 = () => matching('clause_trigrams', ftsString(text));
      return {
        leaves: orFts5(() => Math.min(...(coveringTrigrams(text)?.map((t) => trigrams.estimatedLeaves(t.token)) ?? [0])), () => 0),
        find: (within: Int32Array | null) => orFts5(() => clausesWithSubstring(trigrams, text, within ?? undefined) ?? fts5(), fts5),
      };
    }),
  ].sort((a, b) => a.leaves - b.leaves);
  let found: Int32Array | null = null;
  for (const { find } of lookups) {
    const rowids = find(found);
    found = found === null ? rowids : intersectSorted(found, rowids);
    if (found.length === 0) return found;
  }
  // Remembered by the open index: no room to spare (lookups size their arrays for the most a doclist could hold).
  if (scan.length === 0) return found === null ? positions.allRowids() : found.slice();

  const like = scan.map(() => "text like ? escape '\\'").join(' and ');
  const patterns = scan.map(likeContains);
  const rows =
    found === null
      ? statement(`select rowid from clauses where ${like}`).pluck().all(...patterns)
      : statement(`select rowid from clauses where rowid in (select value from json_each(?)) and ${like} order by rowid`)
          .pluck()
          .all(JSON.stringify(Array.from(found)), ...patterns);
  return Int32Array.from(rows as number[]);
}

/** A clause sharing words with the query. */
export type RelatedRow = RankedRowid;

/**
 * bm25 weight of a word in the clause's heading path against the same word in its text (the word index's two
 * columns, schema.ts), when ranking clauses that share a question's or a source clause's words. Measured on the
 * dev half of the judged set (`npm run eval`): hybrid questions 0.739 → 0.745 at 1, and flat from 0.5 to 3
 * (0.746–0.748), so the plain 1.
 */
export const HEADING_WORD_WEIGHT = 1;
/**
 * Keyword mode orders its exact hits by the text's words alone: the headings cost term queries 0.006 nDCG@10
 * on dev (0.914 → 0.909), and a hit's rank should come from what its own text says.
 */
const KEYWORD_HEADING_WEIGHT = 0;

/**
 * An FTS5 query ranked by bm25 over both columns of the word index with the given heading weight (FTS5's
 * per-query `rank match`), ordered by `rank` inside the FTS query so FTS5 keeps only the best `limit` rows;
 * the score is −bm25, higher is better.
 */
const rankedSql = (headingWeight: number) => `select rowid, -rank as score from clause_words
  where clause_words match ? and rank match 'bm25(1, ${headingWeight})' order by rank, rowid limit ?`;

/** The best `limit` clauses by bm25 for an OR query. */
const RELATED_SQL = rankedSql(HEADING_WORD_WEIGHT);

/**
 * Clauses that share any of `words` (`clause_words` terms), best first, at most `limit`. Words in many
 * clauses are scored in memory when `lengths` is given (FTS5's scores, see word-bm25.ts), else by FTS5.
 */
export function clausesSharingWords(statement: Prepare, words: readonly string[], limit: number, lengths?: () => WordLengths): RelatedRow[] {
  if (words.length === 0 || limit <= 0) return [];
  const unique = [...new Set(words)];
  // FTS5 scores every row holding any of the words, the scan reads each of their occurrences once: the
  // scan is never the slower (a row holds ≈ 1.5 occurrences of a word), so it serves every plain word.
  const terms = lengths === undefined ? null : plainTerms(unique);
  const fts5 = () => statement(RELATED_SQL).all(unique.map(ftsString).join(' OR '), limit) as RelatedRow[];
  if (terms !== null && lengths !== undefined) {
    return orFts5(() => bestScored(scoreAnyOf(statement, lengths(), terms, [1, HEADING_WORD_WEIGHT]), limit, () => true), fts5);
  }
  return fts5();
}

/** A question keeps at most this many of its words for the OR query: the rarest ones. */
const RELATED_WORDS_MAX = 6;
/**
 * A word is common, and left out, when it is in more than this share of the clauses and more than
 * {@link COMMON_WORD_MIN_CLAUSES} of them. The floor keeps small corpora ranking by every content word: on
 * the seeds a 5% cut alone dropped topic words and cost hybrid questions 0.06 nDCG@10 (npm run eval).
 */
const COMMON_WORD_SHARE = 0.05;
const COMMON_WORD_MIN_CLAUSES = 2000;

/**
 * The words of a question worth ranking by: those the index holds, rarest first, at most
 * {@link RELATED_WORDS_MAX}, leaving out common words unless only such words are left. A common word's long
 * posting list is what made the OR query slow at scale, and bm25 gives it little weight anyway.
 */
export function rarestWords(statement: Prepare, words: readonly string[], clauseCount: number): string[] {
  // How many clauses hold a word: its doclist's length, read directly for a plain word (fts5vocab counts the
  // same entries, several times slower: 7–49 ms for a question's words at a million clauses), else FTS5's count.
  const doclists = new Fts5Doclists(statement, 'clause_words', 'full');
  const vocabulary = statement('select doc from clause_word_counts where term = ?').pluck();
  const clausesWith = (word: string): number => {
    const term = plainTerm(word);
    const counted = () => (vocabulary.get(word.toLowerCase()) as number | undefined) ?? 0;
    return term === null ? counted() : orFts5(() => doclists.count(term), counted);
  };
  const known = words
    .map((word) => ({ word, clauses: clausesWith(word) }))
    .filter((w) => w.clauses > 0)
    .sort((a, b) => a.clauses - b.clauses);
  const limit = Math.max(COMMON_WORD_MIN_CLAUSES, COMMON_WORD_SHARE * clauseCount);
  const rare = known.filter((w) => w.clauses <= limit);
  return (rare.length > 0 ? rare : known).slice(0, RELATED_WORDS_MAX).map((w) => w.word);
}

/**
 * A term's jieba tokens without those inside another of its tokens: search-mode segmentation yields 知识,
 * 产权 and 知识产权 for 知识产权, and requiring all three makes FTS5 intersect and score three long posting
 * lists where the widest one alone says the same (≈30% of the ranking time for a common term).
 */
export function widestTokens(tokens: readonly string[]): string[] {
  return tokens.filter((t) => !tokens.some((other) => other.length > t.length && other.includes(t)));
}

const RANK_SQL = rankedSql(KEYWORD_HEADING_WEIGHT);

/**
 * First rank depth asked of FTS5; grown ×4 while filters leave too few of its rows. bm25 scores every match
 * whatever the LIMIT, so a deeper first fetch costs almost nothing and spares the next pages a second ranking.
 */
const RANK_FETCH_MIN = 256;

/** The words of an FTS5 query as plain vocabulary terms, or null when one is not plain. */
function plainTerms(words: readonly string[]): string[] | null {
  const terms = words.map(plainTerm);
  return terms.every((t): t is string => t !== null) ? terms : null;
}

/**
 * The bm25 ranking of one query over the word index, shared by every filter set of a search (the ranking
 * itself does not depend on filters). Plain words (every word jieba gives for a term of letters and digits)
 * are scored in memory from their doclists (word-bm25.ts: FTS5's scores, to the bit): FTS5's own `bm25()`
 * reads the same doclists for its statistics and then looks up each match's length besides (≈ 0.8 µs a
 * row), whatever the LIMIT. Any other word is ranked by FTS5, fetched as deep as the filters need.
 */
export class WordRanking {
  private rows: RankedRowid[] = [];
  private fetched = 0;
  private exhausted: boolean;
  private scored: ScoredClauses | null = null;
  private readonly wordsQuery: string | null;

  /**
   * @param words the distinct words every ranked clause must hold (`wordIndexWords`), each one phrase of
   *   the FTS5 query (one token, or several when FTS5's tokenizer splits it).
   * @param lengths the word index's clause lengths, loaded only when the words are scored in memory.
   */
  constructor(
    private readonly statement: Prepare,
    words: readonly string[],
    lengths: () => WordLengths,
  ) {
    this.wordsQuery = ftsAllOf(words);
    this.exhausted = this.wordsQuery === null;
    const terms = this.wordsQuery === null ? null : plainTerms(words);
    if (terms !== null) this.scored = orFts5<ScoredClauses | null>(() => scoreAllOf(statement, lengths(), terms, [1, KEYWORD_HEADING_WEIGHT]), () => null);
  }

  /** How the ranking is computed (for tests and the benchmark notes). */
  get plan(): 'none' | 'in memory' | 'fts5 bm25' {
    return this.wordsQuery === null ? 'none' : this.scored !== null ? 'in memory' : 'fts5 bm25';
  }

  /** The first `wanted` ranked rows that `keep` accepts, best first (fewer when the ranking runs out). */
  bestWithin(keep: (rowid: number) => boolean, wanted: number): RankedRowid[] {
    if (wanted <= 0) return [];
    if (this.scored !== null) return bestScored(this.scored, wanted, keep);
    const kept = (rows: readonly RankedRowid[]) => rows.filter((r) => keep(r.rowid));
    return kept(this.rowsUntil((rows) => kept(rows).length >= wanted, 2 * wanted)).slice(0, wanted);
  }

  /** Ranked rows, best first: at least `initialDepth`, more until `enough(rows)` holds or the ranking ends. */
  private rowsUntil(enough: (rows: readonly RankedRowid[]) => boolean, initialDepth: number): readonly RankedRowid[] {
    let depth = Math.max(RANK_FETCH_MIN, initialDepth);
    while (!this.exhausted && (this.fetched < depth || !enough(this.rows))) {
      depth = Math.max(depth, this.fetched * 4);
      this.rows = this.statement(RANK_SQL).all(this.wordsQuery, depth) as RankedRowid[];
      this.fetched = depth;
      this.exhausted = this.rows.length < depth;
    }
    return this.rows;
  }
}

/** Whether the ascending `rowids` hold `rowid` (binary search). */
function holds(rowids: Int32Array, rowid: number): boolean {
  let lo = 0;
  let hi = rowids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = rowids[mid] as number;
    if (r === rowid) return true;
    if (r < rowid) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The first `depth` of `matches` (clause rowids, ascending) in keyword order: ranked by bm25, then matches the
 * word index does not rank (jieba split their text differently) in reading order. Membership in `matches` is
 * a binary search, asked only for the clauses that would enter the ranking's top `depth`.
 */
export function orderMatches(
  ranking: WordRanking,
  catalog: Catalog,
  positions: ClausePositions,
  matches: Int32Array,
  depth: number,
): RankedRowid[] {
  if (depth <= 0 || matches.length === 0) return [];
  const wanted = Math.min(depth, matches.length);
  const ranked = ranking.bestWithin((rowid) => holds(matches, rowid), wanted);
  if (ranked.length >= wanted) return ranked;
  const rest = firstInReadingOrder(catalog, positions, matches, Int32Array.from(ranked, (r) => r.rowid).sort(), wanted - ranked.length);
  return [...ranked, ...Array.from(rest, (rowid) => ({ rowid, score: 0 }))];
}

/**
 * The first `k` of `rowids` (ascending) in reading order, leaving out those in `skip` (ascending). Only the
 * first documents in reading order that hold k of them are sorted: a pass counts the rowids per document,
 * the catalog order says which documents come first, a second pass collects their clauses.
 */
export function firstInReadingOrder(catalog: Catalog, positions: ClausePositions, rowids: Int32Array, skip: Int32Array, k: number): Int32Array {
  const perDocument = new Int32Array(catalog.documentBound);
  let s = 0;
  for (let i = 0; i < rowids.length; i++) {
    const rowid = rowids[i] as number;
    while (s < skip.length && (skip[s] as number) < rowid) s++;
    if (skip[s] === rowid) continue;
    const doc = positions.docOf(rowid);
    perDocument[doc] = (perDocument[doc] as number) + 1;
  }
  const needed = new Uint8Array(catalog.documentBound);
  let enough = 0;
  for (const { rowid } of catalog.ordered) {
    if (enough >= k) break;
    if ((perDocument[rowid] as number) === 0) continue;
    needed[rowid] = 1;
    enough += perDocument[rowid] as number;
  }
  const chosen: number[] = [];
  s = 0;
  for (let i = 0; i < rowids.length; i++) {
    const rowid = rowids[i] as number;
    while (s < skip.length && (skip[s] as number) < rowid) s++;
    if (skip[s] !== rowid && needed[positions.docOf(rowid)] === 1) chosen.push(rowid);
  }
  const key = (rowid: number) => positions.readingKey(catalog, rowid);
  return Int32Array.from(chosen.sort((a, b) => key(a) - key(b)).slice(0, k));
}
