/**
 * Keyword search: which clauses contain the user's terms, and in what order to show them.
 *
 * Recall is exact by construction: a clause matches when it contains every term as a substring. Terms of
 * three or more characters are looked up in the trigram index (a phrase of trigrams is a substring); shorter
 * ones (`处理`, `专利`) cannot be, and are checked with LIKE on the text. Order comes from the jieba word
 * index: bm25 over the query's words, computed inside the FTS query with a LIMIT, so FTS5 keeps only the
 * best rows instead of ranking a join. Matching clauses the word index does not rank (jieba split the text
 * differently) follow the ranked ones in reading order.
 *
 * Scaling (the seed corpus has ~600 clauses): trigram lookups stay fast at 1M clauses; the LIKE fallback for
 * 1–2 character terms scans the text of every candidate clause, which is the whole table when no longer
 * term narrows it (≈100 M characters at 1M clauses, a few hundred ms). If that matters, add a bigram posting
 * table maintained at write time. The ranking query is over-fetched and re-tried deeper only when filters
 * remove most of its rows.
 */
import type { QueryTerm } from '../query-syntax.js';
import { ftsAllOf, likeContains, splitByTrigramReach } from '../query-syntax.js';
import type Database from 'better-sqlite3';
import type { Catalog } from './catalog.js';

/** A matching clause with what ordering and counting need. */
export interface MatchRow {
  rowid: number;
  docRowid: number;
  ordinal: number;
}

/** A position in the keyword ranking; `score` is −bm25 (higher is better), 0 for unranked matches. */
export interface RankedRowid {
  rowid: number;
  score: number;
}

type Prepare = (sql: string) => Database.Statement;

/**
 * Every clause containing all terms, optionally only in one document (the `docId` filter applies to every
 * facet, so it is pushed into SQL). With no terms, every clause.
 */
export function clausesContaining(statement: Prepare, terms: readonly QueryTerm[], docRowid: number | null): MatchRow[] {
  const { trigram, short } = splitByTrigramReach(terms);
  const where: string[] = [];
  const params: unknown[] = [];
  const trigramQuery = ftsAllOf(trigram);
  if (trigramQuery !== null) {
    where.push('rowid in (select rowid from clause_trigrams where clause_trigrams match ?)');
    params.push(trigramQuery);
  }
  for (const s of short) {
    where.push("text like ? escape '\\'");
    params.push(likeContains(s));
  }
  if (docRowid !== null) {
    where.push('doc_rowid = ?');
    params.push(docRowid);
  }
  const sql = `select rowid, doc_rowid as docRowid, ordinal from clauses${where.length ? ` where ${where.join(' and ')}` : ''}`;
  return statement(sql).all(...params) as MatchRow[];
}

/** A clause sharing words with the query, with its document (to apply filters). */
export interface RelatedRow extends RankedRowid {
  docRowid: number;
}

/** The best `limit` clauses by bm25 for an OR query; ranked inside the FTS subquery so FTS5 keeps only those. */
const RELATED_SQL = `select r.rowid, r.score, c.doc_rowid as docRowid
  from (select rowid, -bm25(clause_words) as score from clause_words where clause_words match ? order by rank, rowid limit ?) r
  join clauses c on c.rowid = r.rowid
  order by r.score desc, r.rowid`;

/** Clauses that share any of the query's words (`wordIndexAnyOf`), best first, at most `limit`. */
export function clausesSharingWords(statement: Prepare, anyOfQuery: string | null, limit: number): RelatedRow[] {
  return anyOfQuery === null || limit <= 0 ? [] : (statement(RELATED_SQL).all(anyOfQuery, limit) as RelatedRow[]);
}

const RANK_SQL =
  'select rowid, -bm25(clause_words) as score from clause_words where clause_words match ? order by rank, rowid limit ?';

/** First rank depth asked of FTS5; grown ×4 while filters leave too few of its rows. */
const RANK_FETCH_MIN = 64;

/**
 * The bm25 ranking of one query over the word index, fetched as deep as needed and shared by every filter set
 * of a search (the ranking itself does not depend on filters).
 */
export class WordRanking {
  private rows: RankedRowid[] = [];
  private fetched = 0;
  private exhausted: boolean;

  /** @param wordsQuery an FTS5 query over the jieba word index; null when the query has no indexable word. */
  constructor(
    private readonly statement: Prepare,
    private readonly wordsQuery: string | null,
  ) {
    this.exhausted = wordsQuery === null;
  }

  /** Ranked rows, best first: at least `initialDepth`, more until `enough(rows)` holds or the ranking ends. */
  rowsUntil(enough: (rows: readonly RankedRowid[]) => boolean, initialDepth: number): readonly RankedRowid[] {
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

/**
 * The first `depth` of `matches` in keyword order: ranked by bm25, then matches the word index does not rank
 * (jieba split their text differently) in reading order.
 */
export function orderMatches(ranking: WordRanking, catalog: Catalog, matches: readonly MatchRow[], depth: number): RankedRowid[] {
  if (depth <= 0 || matches.length === 0) return [];
  const wanted = Math.min(depth, matches.length);
  const matching = new Set(matches.map((m) => m.rowid));
  const inMatches = (rows: readonly RankedRowid[]) => rows.filter((r) => matching.has(r.rowid));
  const rows = ranking.rowsUntil((fetched) => inMatches(fetched).length >= wanted, 2 * wanted);
  const ranked = inMatches(rows);
  if (ranked.length >= wanted) return ranked.slice(0, wanted);

  const seen = new Set(ranked.map((r) => r.rowid));
  const rest = matches.filter((m) => !seen.has(m.rowid)).sort((a, b) => compareReadingOrder(catalog, a, b));
  return [...ranked, ...rest.slice(0, wanted - ranked.length).map((m) => ({ rowid: m.rowid, score: 0 }))];
}

/** Reading order: documents in catalog order, clauses by position. */
export function compareReadingOrder(catalog: Catalog, a: MatchRow, b: MatchRow): number {
  return catalog.entry(a.docRowid).order - catalog.entry(b.docRowid).order || a.ordinal - b.ordinal;
}
