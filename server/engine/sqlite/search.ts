/**
 * The read paths of the embedded engine: keyword, semantic and hybrid search, the filter-only listing, and
 * similar clauses. Each runs synchronously inside one read transaction, so it sees one snapshot.
 *
 * Every mode follows the same shape: a hit set that depends on the filters, counted per document for
 * disjunctive facets (see facets.ts), and a page cut from its ordered form.
 */
import type { Tokenizer } from '../../../indexer/types.js';
import { reciprocalRankFusion } from '../fusion.js';
import { contentWords, parseQuery, wordIndexAnyOf, wordIndexMatch } from '../query-syntax.js';
import type { QueryTerm } from '../query-syntax.js';
import type { SearchFilters, SearchRequest, SearchResult, SimilarOptions, SimilarResult } from '../types.js';
import type { Catalog } from './catalog.js';
import { CLAUSE_COLUMNS, clauseFromRow, toHits } from './clause-rows.js';
import type { ClauseRow, RankedEntry } from './clause-rows.js';
import { countFacets, filterKey } from './facets.js';
import type { DocumentCounts } from './facets.js';
import type { OpenIndex } from './index-file.js';
import { WordRanking, clausesContaining, clausesSharingWords, orderMatches } from './keyword-search.js';
import type { MatchRow, RelatedRow } from './keyword-search.js';
import { HYBRID_DEPTH, MIN_SEMANTIC_COSINE, SEMANTIC_CANDIDATES } from '../result-sets.js';
import { VectorQuery } from './vector-search.js';

/** Related-word rows fetched per hybrid slot, so filters still leave enough of them. */
const RELATED_OVERFETCH = 4;

/** `similar()` returns at most this many clauses. */
export const SIMILAR_MAX = 100;
const SIMILAR_DEFAULT = 10;

function nonNegativeInt(n: number, fallback: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : fallback;
}

function countPerDocument(rows: Iterable<{ rowid: number }>, docOf: (rowid: number) => number): DocumentCounts {
  const counts: DocumentCounts = new Map();
  for (const { rowid } of rows) {
    const doc = docOf(rowid);
    counts.set(doc, (counts.get(doc) ?? 0) + 1);
  }
  return counts;
}

/** Caches one value per distinct filter set for the duration of a search. */
function perFilters<T>(compute: (f: SearchFilters) => T): (f: SearchFilters) => T {
  const cache = new Map<string, T>();
  return (f) => {
    const key = filterKey(f);
    if (!cache.has(key)) cache.set(key, compute(f));
    return cache.get(key) as T;
  };
}

/** Runs a search request against an open index. */
export function runSearch(index: OpenIndex, tokenizer: Tokenizer, req: SearchRequest): SearchResult {
  const catalog = index.catalog();
  const filters = req.filters ?? {};
  const limit = nonNegativeInt(req.limit, 20);
  const offset = nonNegativeInt(req.offset, 0);
  const terms = parseQuery(req.q ?? '');
  if (terms.length === 0) return listByFilters(index, catalog, filters, offset, limit);
  const needles = terms.map((t) => t.text);
  const statement = (sql: string) => index.statement(sql);

  const keywordFor = keywordRanking(index, catalog, tokenizer, terms, filters);
  if (req.mode === 'keyword') {
    const { total, facets } = countFacets(catalog, filters, (f) => countPerDocument(keywordFor.matches(f), keywordFor.docOf));
    const page = keywordFor.ranked(filters, offset + limit).slice(offset);
    const entries = page.map((r): RankedEntry => ({ rowid: r.rowid, score: r.score, matched: ['keyword'] }));
    return { total, facets, hits: toHits(index, entries, needles) };
  }

  const vector = req.vector;
  if (vector === undefined) throw new Error(`${req.mode} search needs the query vector (SearchRequest.vector)`);
  const byMeaning = new VectorQuery(index.vectors(), statement, vector);
  const docOfNearest = new Map<number, number>();
  const nearestFor = perFilters((f) => {
    const found = byMeaning.nearest({ mask: catalog.allowMask(f), wanted: SEMANTIC_CANDIDATES, minCosine: MIN_SEMANTIC_COSINE });
    for (const s of found) docOfNearest.set(s.rowid, s.docRowid);
    return found;
  });

  if (req.mode === 'semantic') {
    const { total, facets } = countFacets(catalog, filters, (f) => countPerDocument(nearestFor(f), (r) => docOfNearest.get(r) as number));
    const page = nearestFor(filters).slice(offset, offset + limit);
    const entries = page.map((s): RankedEntry => ({ rowid: s.rowid, score: s.cosine, matched: ['semantic'] }));
    return { total, facets, hits: toHits(index, entries, needles) };
  }

  // The words side of hybrid: the clauses with every term (the exact-term promise) or, for a question whose
  // wording occurs nowhere as a whole, the clauses sharing its content words, by bm25.
  const docOfRelated = new Map<number, number>();
  let related: RelatedRow[] | null = null;
  const relatedRows = () =>
    (related ??= clausesSharingWords(statement, wordIndexAnyOf(tokenizer.tokenize(req.q)), HYBRID_DEPTH * RELATED_OVERFETCH));
  const wordsFor = (f: SearchFilters): number[] => {
    const words = keywordFor.ranked(f, HYBRID_DEPTH).map((r) => r.rowid);
    // Only when nothing contains the whole wording: related clauses would otherwise outrank exact ones in the
    // fusion (they are found by both signals), which the eval measured as a loss on term queries.
    if (words.length > 0) return words;
    const mask = catalog.allowMask(f);
    for (const r of relatedRows()) {
      if (words.length >= HYBRID_DEPTH) break;
      if (mask[r.docRowid] !== 1) continue;
      docOfRelated.set(r.rowid, r.docRowid);
      words.push(r.rowid);
    }
    return words;
  };
  const fusedFor = perFilters((f): RankedEntry[] =>
    reciprocalRankFusion<number>([
      { signal: 'keyword', ids: wordsFor(f) },
      { signal: 'semantic', ids: nearestFor(f).map((s) => s.rowid) },
    ]).map((h) => ({ rowid: h.id, score: h.score, matched: h.matched })),
  );
  const docOf = (rowid: number) => docOfNearest.get(rowid) ?? docOfRelated.get(rowid) ?? keywordFor.docOf(rowid);
  const { total, facets } = countFacets(catalog, filters, (f) => countPerDocument(fusedFor(f), docOf));
  // Hits found through shared words show those words; hits of the whole wording show only it.
  const shown = related === null ? needles : contentWords(tokenizer.tokenize(req.q));
  return { total, facets, hits: toHits(index, fusedFor(filters).slice(offset, offset + limit), shown) };
}

/**
 * The keyword hit set of a query under any filters, computed from one SQL lookup: the set of clauses
 * containing every term is independent of filters except `docId`, which is pushed into SQL.
 */
function keywordRanking(index: OpenIndex, catalog: Catalog, tokenizer: Tokenizer, terms: readonly QueryTerm[], filters: SearchFilters) {
  const statement = (sql: string) => index.statement(sql);
  const docRowid = filters.docId === undefined ? null : (catalog.byId.get(filters.docId)?.rowid ?? -1);
  let all: MatchRow[] | null = null;
  const containing = (): MatchRow[] => (all ??= clausesContaining(statement, terms, docRowid));
  const docByRowid = new Map<number, number>();
  const ranking = new WordRanking(statement, wordIndexMatch(terms.map((t) => tokenizer.tokenize(t.text))));
  const matches = perFilters((f) => {
    const mask = catalog.allowMask(f);
    return containing().filter((m) => mask[m.docRowid] === 1);
  });
  return {
    /** Clauses containing the terms, in documents passing `f`. */
    matches,
    /** The first `depth` of them in keyword order. */
    ranked: (f: SearchFilters, depth: number) => orderMatches(ranking, catalog, matches(f), depth),
    docOf: (rowid: number): number => {
      if (docByRowid.size === 0) for (const m of containing()) docByRowid.set(m.rowid, m.docRowid);
      return docByRowid.get(rowid) as number;
    },
  };
}

/** No query: every clause of the documents passing the filters, in reading order. */
function listByFilters(index: OpenIndex, catalog: Catalog, filters: SearchFilters, offset: number, limit: number): SearchResult {
  const stored: DocumentCounts = new Map(catalog.ordered.map((e) => [e.rowid, e.storedClauses]));
  const { total, facets } = countFacets(catalog, filters, () => stored);
  const mask = catalog.allowMask(filters);
  const page: RankedEntry[] = [];
  let skip = offset;
  const inDocument = index.statement('select rowid from clauses where doc_rowid = ? order by ordinal limit ? offset ?').pluck();
  for (const e of catalog.ordered) {
    if (page.length >= limit) break;
    if (mask[e.rowid] !== 1) continue;
    if (skip >= e.storedClauses) {
      skip -= e.storedClauses;
      continue;
    }
    const rowids = inDocument.all(e.rowid, limit - page.length, skip) as number[];
    skip = 0;
    for (const rowid of rowids) page.push({ rowid, score: 0, matched: [] });
  }
  return { total, facets, hits: toHits(index, page, []) };
}

/** Clauses nearest in meaning to a stored clause; null when the clause id is unknown. */
export function findSimilar(index: OpenIndex, clauseId: string, opts: SimilarOptions = {}): SimilarResult | null {
  const source = index.statement(`select ${CLAUSE_COLUMNS} from clauses where id = ?`).get(clauseId) as ClauseRow | undefined;
  if (source === undefined) return null;
  const embedding = index.statement('select embedding from clause_vectors where rowid = ?').pluck().get(source.rowid) as Buffer;
  const catalog = index.catalog();
  const limit = Math.min(SIMILAR_MAX, nonNegativeInt(opts.limit ?? SIMILAR_DEFAULT, SIMILAR_DEFAULT));
  const vector = new Float32Array(embedding.byteLength / 4);
  new Uint8Array(vector.buffer).set(embedding);
  const otherDocsOnly = opts.otherDocsOnly ?? true;
  const nearest = new VectorQuery(index.vectors(), (sql) => index.statement(sql), vector).nearest({
    mask: catalog.allowMask(opts.filters ?? {}, otherDocsOnly ? source.doc_rowid : undefined),
    wanted: limit,
    minCosine: -1,
    excludeRowid: source.rowid,
  });
  return {
    source: clauseFromRow(source),
    hits: toHits(
      index,
      nearest.map((s): RankedEntry => ({ rowid: s.rowid, score: s.cosine, matched: ['semantic'] })),
      [],
    ),
  };
}
