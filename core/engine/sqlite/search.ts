/**
 * The read paths of the embedded engine: keyword, semantic and hybrid search, the filter-only listing, and
 * similar clauses. Each runs synchronously inside one read transaction, so it sees one snapshot.
 *
 * Every mode follows the same shape: a hit set that depends on the filters, counted per document for
 * disjunctive facets (see facets.ts), and a page cut from its ordered form.
 */
import type { Tokenizer } from '../../types.js';
import { reciprocalRankFusion, weightedScoreFusion } from '../fusion.js';
import { QUESTION_SEMANTIC_WEIGHT, SIMILAR_HUBNESS_WEIGHT, SIMILAR_KEYWORDS, SIMILAR_SEMANTIC_WEIGHT } from '../fusion-weights.js';
import { hubnessAdjusted, poolHubness } from '../hubness.js';
import { contentWords, parseQuery, wordIndexWords } from '../query-syntax.js';
import type { QueryTerm } from '../query-syntax.js';
import type { SearchFilters, SearchRequest, SearchResult, SimilarOptions, SimilarResult } from '../types.js';
import type { Catalog } from './catalog.js';
import { CLAUSE_COLUMNS, clauseFromRow, toHits } from './clause-rows.js';
import type { ClauseRow, RankedEntry } from './clause-rows.js';
import { countFacets, filterKey } from './facets.js';
import type { DocumentCounts } from './facets.js';
import type { ClausePositions } from './clause-positions.js';
import type { OpenIndex } from './index-file.js';
import { WordRanking, clausesContaining, clausesSharingWords, orderMatches, rarestWords, widestTokens } from './keyword-search.js';
import type { RelatedRow } from './keyword-search.js';
import { HYBRID_DEPTH, MIN_SEMANTIC_COSINE, SEMANTIC_CANDIDATES } from '../result-sets.js';
import { clausesSharingKeywords } from './shared-words.js';
import { VectorQuery } from './vector-search.js';
import { idealWordsScore } from './ideal-words-score.js';

/** Related-word rows fetched per hybrid slot, so filters still leave enough of them. */
const RELATED_OVERFETCH = 4;

/** `similar()` returns at most this many clauses. */
export const SIMILAR_MAX = 100;
/** Candidates of each signal fused for similar clauses (the semantic set's depth for search). */
const SIMILAR_CANDIDATES = SEMANTIC_CANDIDATES;
const SIMILAR_DEFAULT = 10;

function nonNegativeInt(n: number, fallback: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : fallback;
}

/** Clauses per document for a list of clause rowids. */
function countPerDocument(rowids: ArrayLike<number>, catalog: Catalog, positions: ClausePositions): DocumentCounts {
  const counts: DocumentCounts = new Int32Array(catalog.documentBound);
  for (let i = 0; i < rowids.length; i++) {
    const doc = positions.docOf(rowids[i] as number);
    counts[doc] = (counts[doc] as number) + 1;
  }
  return counts;
}

const UNFILTERED = filterKey({});

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

  const positions = index.positions();
  const docOf = (rowid: number) => positions.docOf(rowid);
  const keywordFor = keywordRanking(index, catalog, tokenizer, terms);
  if (req.mode === 'keyword') {
    // Facets skip documents a filter excludes, so the counts over all matches serve every filter set.
    const { total, facets } = countFacets(catalog, filters, keywordFor.counts);
    const page = keywordFor.ranked(filters, offset + limit).slice(offset);
    const entries = page.map((r): RankedEntry => ({ rowid: r.rowid, score: r.score, matched: ['keyword'] }));
    return { total, facets, hits: toHits(index, entries, needles) };
  }

  const vector = req.vector;
  if (vector === undefined) throw new Error(`${req.mode} search needs the query vector (SearchRequest.vector)`);
  const byMeaning = new VectorQuery(index.vectors(), statement, vector);
  const nearestFor = perFilters((f) =>
    byMeaning.nearest({ mask: catalog.allowMask(f), wanted: SEMANTIC_CANDIDATES, minCosine: MIN_SEMANTIC_COSINE }),
  );

  if (req.mode === 'semantic') {
    const { total, facets } = countFacets(catalog, filters, (f) => countPerDocument(nearestFor(f).map((s) => s.rowid), catalog, positions));
    const page = nearestFor(filters).slice(offset, offset + limit);
    const entries = page.map((s): RankedEntry => ({ rowid: s.rowid, score: s.cosine, matched: ['semantic'] }));
    return { total, facets, hits: toHits(index, entries, needles) };
  }

  // The words side of hybrid: the clauses with every term (the exact-term promise) or, for a question whose
  // wording occurs nowhere as a whole, the clauses sharing its content words, by bm25.
  let related: { rows: RelatedRow[]; ceiling: number } | null = null;
  const relatedRows = () =>
    (related ??= index.remember(`related\0${req.q}`, () => {
      const words = rarestWords(statement, contentWords(tokenizer.tokenize(req.q)), positions.size);
      return {
        rows: clausesSharingWords(statement, words, HYBRID_DEPTH * RELATED_OVERFETCH, () => index.wordLengths()),
        ceiling: idealWordsScore(statement, words, index.wordLengths().rows),
      };
    }));
  const wordsFor = (f: SearchFilters): { wholeWording: boolean; rows: Array<{ rowid: number; score: number }>; ceiling?: number } => {
    const exact = keywordFor.ranked(f, HYBRID_DEPTH);
    // Only when nothing contains the whole wording: related clauses would otherwise outrank exact ones in the
    // fusion (they are found by both signals), which the eval measured as a loss on term queries.
    if (exact.length > 0) return { wholeWording: true, rows: exact };
    const mask = catalog.allowMask(f);
    const rows: Array<{ rowid: number; score: number }> = [];
    const { rows: all, ceiling } = relatedRows();
    for (const r of all) {
      if (rows.length >= HYBRID_DEPTH) break;
      if (mask[docOf(r.rowid)] !== 1) continue;
      rows.push(r);
    }
    return { wholeWording: false, rows, ceiling };
  };
  const fusedFor = perFilters((f): RankedEntry[] => {
    const words = wordsFor(f);
    const nearest = nearestFor(f);
    // Term queries: rank fusion (the exact hits lead). Questions: score fusion weighted towards meaning, since
    // shared topic words are a weak signal when no clause has the question's wording (weight: fusion-weights.ts).
    const fused = words.wholeWording
      ? reciprocalRankFusion<number>([
          { signal: 'keyword', ids: words.rows.map((r) => r.rowid) },
          { signal: 'semantic', ids: nearest.map((s) => s.rowid) },
        ])
      : weightedScoreFusion<number>([
          {
            signal: 'keyword',
            hits: words.rows.map((r) => ({ id: r.rowid, score: r.score })),
            weight: 1 - QUESTION_SEMANTIC_WEIGHT,
            floor: 0,
            // Scaled to a clause holding every ranked word, not to the best clause found (ideal-words-score.ts).
            ceiling: words.ceiling,
          },
          { signal: 'semantic', hits: nearest.map((s) => ({ id: s.rowid, score: s.cosine })), weight: QUESTION_SEMANTIC_WEIGHT, floor: MIN_SEMANTIC_COSINE },
        ]);
    return fused.map((h) => ({ rowid: h.id, score: h.score, matched: h.matched }));
  });
  const { total, facets } = countFacets(catalog, filters, (f) => countPerDocument(fusedFor(f).map((h) => h.rowid), catalog, positions));
  // Hits found through shared words show those words; hits of the whole wording show only it.
  const shown = related === null ? needles : contentWords(tokenizer.tokenize(req.q));
  return { total, facets, hits: toHits(index, fusedFor(filters).slice(offset, offset + limit), shown) };
}

/**
 * The keyword hit set of a query under any filters, from one lookup of the clauses containing every term:
 * that set does not depend on the filters (all of them, `docId` included, are document fields applied as a
 * mask). The set, its per-document counts and the word ranking are remembered by the open index, so a
 * repeated query (the search page asks twice, pagination asks again) costs only the page.
 */
function keywordRanking(index: OpenIndex, catalog: Catalog, tokenizer: Tokenizer, terms: readonly QueryTerm[]) {
  const statement = (sql: string) => index.statement(sql);
  const positions = index.positions();
  const key = JSON.stringify(terms.map((t) => t.text));
  const containing = (): Int32Array => index.remember(`containing\0${key}`, () => clausesContaining(statement, positions, terms));
  const words = wordIndexWords(terms.map((t) => widestTokens(tokenizer.tokenize(t.text))));
  const ranking = () =>
    index.remember(`ranking\0${JSON.stringify(words)}`, () => new WordRanking(statement, words, () => index.wordLengths()));
  const matches = perFilters((f) => {
    // No filter: every match passes (skips a pass over what can be 200k rowids).
    if (filterKey(f) === UNFILTERED) return containing();
    const mask = catalog.allowMask(f);
    return containing().filter((r) => mask[positions.docOf(r)] === 1);
  });
  return {
    /** Matching clauses per document, over all documents. */
    counts: (): DocumentCounts =>
      index.remember(`counts\0${key}`, () => countPerDocument(containing(), catalog, positions)),
    /** The first `depth` clauses containing the terms in documents passing `f`, in keyword order. */
    ranked: (f: SearchFilters, depth: number) => {
      const within = matches(f);
      // No match: nothing to rank, so the words' doclists are not read at all.
      return within.length === 0 ? [] : orderMatches(ranking(), catalog, positions, within, depth);
    },
  };
}

/** No query: every clause of the documents passing the filters, in reading order. */
function listByFilters(index: OpenIndex, catalog: Catalog, filters: SearchFilters, offset: number, limit: number): SearchResult {
  const stored: DocumentCounts = new Int32Array(catalog.documentBound);
  for (const e of catalog.ordered) stored[e.rowid] = e.storedClauses;
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

/** A stored float32 vector (clause_vectors.embedding) as an aligned array; empty when missing. */
function vectorOf(blob: Buffer | undefined): Float32Array {
  if (blob === undefined) return new Float32Array(0);
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

/**
 * Clauses like a stored clause, in other documents unless asked: nearest in meaning, re-ranked with the
 * clauses that share the source's own keywords (its TF-IDF keywords, bm25). A long clause often shares only
 * part of its content with its counterparts, and its vector, an average over everything it says, ranks
 * them below clauses that are merely about the same field; its distinctive words find them. Before fusion each
 * candidate's cosine is discounted by its hubness among the candidates (hubness.ts), so general statements
 * that lie near everything stop crowding out the counterparts. Null when the clause id is unknown. Hits keep the cosine as their score (what the page shows as similarity), in the
 * fused order.
 */
export function findSimilar(index: OpenIndex, tokenizer: Tokenizer, clauseId: string, opts: SimilarOptions = {}): SimilarResult | null {
  const source = index.statement(`select ${CLAUSE_COLUMNS} from clauses where id = ?`).get(clauseId) as ClauseRow | undefined;
  if (source === undefined) return null;
  const embedding = index.statement('select embedding from clause_vectors where rowid = ?').pluck().get(source.rowid) as Buffer | undefined;
  // A clause whose vector is not computed yet has no neighbours to show (yet).
  if (embedding === undefined) return { source: clauseFromRow(source), hits: [] };
  const catalog = index.catalog();
  const positions = index.positions();
  const limit = Math.min(SIMILAR_MAX, nonNegativeInt(opts.limit ?? SIMILAR_DEFAULT, SIMILAR_DEFAULT));
  const vector = vectorOf(embedding);
  const otherDocsOnly = opts.otherDocsOnly ?? true;
  const mask = catalog.allowMask(opts.filters ?? {}, otherDocsOnly ? source.doc_rowid : undefined);
  const depth = Math.max(limit, SIMILAR_CANDIDATES);
  const nearest = new VectorQuery(index.vectors(), (sql) => index.statement(sql), vector).nearest({
    mask,
    wanted: depth,
    minCosine: -1,
    excludeRowid: source.rowid,
  });
  const keywords = (JSON.parse(source.keywords) as string[]).slice(0, SIMILAR_KEYWORDS).filter((w) => contentWords(tokenizer.tokenize(w)).length > 0);
  const sharing = clausesSharingKeywords(index, keywords, depth * RELATED_OVERFETCH)
    .filter((r) => r.rowid !== source.rowid && mask[positions.docOf(r.rowid)] === 1)
    .slice(0, depth);
  const cosine = new Map(nearest.map((s) => [s.rowid, s.cosine]));
  // Candidates near every other candidate are general statements that sit near everything: discounted (hubness.ts).
  const stored = new Map(
    (index.statement('select rowid, embedding from clause_vectors where rowid in (select value from json_each(?))').all(
      JSON.stringify(nearest.map((s) => s.rowid)),
    ) as Array<{ rowid: number; embedding: Buffer }>).map((r) => [r.rowid, r.embedding]),
  );
  const hubness = poolHubness(nearest.map((s) => vectorOf(stored.get(s.rowid))));
  const adjusted = hubnessAdjusted(nearest.map((s) => s.cosine), hubness, SIMILAR_HUBNESS_WEIGHT);
  const byMeaning = nearest.map((s, i) => ({ id: s.rowid, score: adjusted[i] as number })).sort((a, b) => b.score - a.score);
  const fused = weightedScoreFusion<number>([
    { signal: 'semantic', hits: byMeaning, weight: SIMILAR_SEMANTIC_WEIGHT },
    { signal: 'keyword', hits: sharing.map((r) => ({ id: r.rowid, score: r.score })), weight: 1 - SIMILAR_SEMANTIC_WEIGHT, floor: 0 },
  ])
    // A clause found only by shared words but beyond the nearest `depth` is not shown: its cosine is unknown.
    .filter((h) => cosine.has(h.id))
    .slice(0, limit);
  return {
    source: clauseFromRow(source),
    hits: toHits(
      index,
      fused.map((h): RankedEntry => ({ rowid: h.id, score: cosine.get(h.id) ?? 0, matched: h.matched })),
      [],
    ),
  };
}
