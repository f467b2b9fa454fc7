/**
 * One search request → a Meilisearch `multiSearch` (two for hybrid), and the answers → one SearchResult.
 * Pure: the engine sends the queries; this module decides what to ask and how to read the answers.
 *
 * A search counts the same result set as on the embedded engine (core/engine/sqlite/search.ts):
 * - no terms (any mode): every clause passing the filters, in reading order;
 * - keyword: every clause containing all terms (Meilisearch phrase matches, see query.ts);
 * - semantic: the nearest {@link SEMANTIC_CANDIDATES} clauses with cosine ≥ {@link MIN_SEMANTIC_COSINE}
 *   (Meilisearch on its own would rank, and count, the whole filtered index);
 * - hybrid: the union of the keyword top {@link HYBRID_DEPTH} and the semantic set. The page is
 *   Meilisearch's own fusion (`hybrid`, semanticRatio {@link HYBRID_SEMANTIC_RATIO}), asked in a second round
 *   with an `id IN […]` filter on that union: Meilisearch's vector half has no cosine floor and would
 *   otherwise rank, and count, the whole index.
 *
 * `total` is exact: keyword counts use `hitsPerPage`/`page` pagination, which returns the exhaustive
 * `totalHits` (`estimatedTotalHits` is an estimate); semantic and hybrid sets are counted here.
 * Facets are disjunctive: each facet whose own filter is set is counted over the result set computed
 * without that filter, one more query per such facet. `yearByLevel` comes from the combined `yearLevel`
 * facet (`2015|市`), counted with the year filter left out.
 */
import type { Hit, MultiSearchQuery, MultiSearchResult } from 'meilisearch';
import type { QueryTerm } from '../query-syntax.js';
import { HYBRID_DEPTH, MIN_SEMANTIC_COSINE, SEMANTIC_CANDIDATES } from '../result-sets.js';
import type { Facets, SearchRequest, SearchResult, Signal } from '../types.js';
import { type ClauseRecord, EMBEDDER, cosine, retrievedVector, splitYearLevel, vectorToJson } from './documents.js';
import { FACET_FIELD, type FacetName, andAll, filterExpression, filtersFacet, quoteFilterValue } from './filters.js';
import { toSearchHit } from './hits.js';
import { toMeiliQuery } from './query.js';
import { MAX_TOTAL_HITS } from './settings.js';

/** Weight of meaning against words in Meilisearch's hybrid ranking: equal weight (its default). */
export const HYBRID_SEMANTIC_RATIO = 0.5;


/** The facets of the `Facets` type, in its order. */
export const FACETS: readonly FacetName[] = ['year', 'issuer', 'level', 'docType', 'validity'];

type Counted = FacetName | 'yearLevel';

/** The record field a counted facet reads. */
function fieldOf(c: Counted): string {
  return c === 'yearLevel' ? 'yearLevel' : FACET_FIELD[c];
}

/**
 * Keyword search matches the clause text's encoded characters (grams.ts), as the embedded engine matches
 * substrings of the text; document fields do not make a clause match.
 */
export const KEYWORD_FIELDS = ['grams', 'chars'];

/** Reading order, as the embedded engine lists clauses: documents oldest first, then clauses in order. */
export const READING_ORDER = ['year:asc', 'date:asc', 'docId:asc', 'ordinal:asc'];

/** What a counting query needs back: the id and the facet fields. */
const COUNTING_FIELDS = ['id', 'year', 'issuer', 'level', 'docType', 'status', 'yearLevel'];

/** What a page needs back: the clause and its document fields, not the search-only fields (grams are large). */
export const PAGE_FIELDS = [
  'id', 'clauseId', 'docId', 'ordinal', 'number', 'path', 'kind', 'text', 'start', 'end', 'keywords',
  'title', 'docNumber', 'proposalNumber', 'issuer', 'level', 'year', 'date', 'docType', 'validity',
];

/** Thrown for a request the caller should never have built (a bug, not a user error). */
export class SearchRequestBug extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchRequestBug';
  }
}

/** How the result set is formed (see the module comment). */
export type PlanKind = 'list' | 'keyword' | 'semantic' | 'hybrid';

/** One set of filters a result set is computed under, and the facets counted over it. */
export interface FilterSet {
  filter: string | undefined;
  counts: Counted[];
  /** Index in `queries` of the keyword (or listing) query: a count, or for the request's own filters also the page. */
  keyword: number | null;
  /** Index in `queries` of the semantic candidates. */
  semantic: number | null;
}

export interface SearchPlan {
  kind: PlanKind;
  terms: QueryTerm[];
  vector: number[] | null;
  queries: MultiSearchQuery[];
  /** `sets[0]` holds the request's own filters; then one per facet whose own filter is set. */
  sets: FilterSet[];
  /** Hybrid only: the second round's query parts, completed by {@link planHybridPage}. */
  hybrid: { indexUid: string; q: string; filter: string | undefined } | null;
  offset: number;
  limit: number;
  /** Hits of the page query to skip before the page starts (when the page is not aligned to `limit`). */
  skip: number;
}

function nonNegativeInt(n: number, fallback: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : fallback;
}

/** Fields of a keyword query (also the keyword half of hybrid). */
function keywordParams(q: string): Pick<MultiSearchQuery, 'q' | 'attributesToSearchOn' | 'matchingStrategy'> {
  return { q, attributesToSearchOn: KEYWORD_FIELDS, matchingStrategy: 'all' };
}

/** Exhaustive-count pagination for a page at `offset`: an aligned page asks for exactly one page. */
export function pageParams(offset: number, limit: number): { page: number; hitsPerPage: number; skip: number } {
  if (limit === 0) return { page: 1, hitsPerPage: 0, skip: 0 };
  if (offset % limit === 0) return { page: offset / limit + 1, hitsPerPage: limit, skip: 0 };
  return { page: 1, hitsPerPage: Math.min(offset + limit, MAX_TOTAL_HITS), skip: offset };
}

/** The filter sets of a request: its own filters, then one per facet whose filter is set. */
function filterSets(req: SearchRequest): Array<Pick<FilterSet, 'filter' | 'counts'>> {
  const filtered = FACETS.filter((f) => filtersFacet(req.filters, f));
  const own: Counted[] = [...FACETS.filter((f) => !filtered.includes(f)), ...(filtered.includes('year') ? [] : ['yearLevel' as const])];
  return [
    { filter: filterExpression(req.filters), counts: own },
    ...filtered.map((omit) => ({
      filter: filterExpression(req.filters, omit),
      counts: omit === 'year' ? (['year', 'yearLevel'] as Counted[]) : [omit],
    })),
  ];
}

/** Builds the queries for one search request against the clauses index `indexUid`. */
export function planSearch(req: SearchRequest, indexUid: string): SearchPlan {
  const { terms, q } = toMeiliQuery(req.q);
  const kind: PlanKind = q === '' ? 'list' : req.mode;
  if ((kind === 'semantic' || kind === 'hybrid') && req.vector === undefined) {
    // Meilisearch would quietly fall back to keyword-only: a wrong answer, not an error. Refuse instead.
    throw new SearchRequestBug(`${kind} search needs the query vector (embed the query with Embedder.embedQuery)`);
  }
  const vector = kind === 'semantic' || kind === 'hybrid' ? vectorToJson(req.vector as Float32Array) : null;
  const offset = nonNegativeInt(req.offset, 0);
  const limit = nonNegativeInt(req.limit, 20);
  const page = pageParams(offset, limit);

  const queries: MultiSearchQuery[] = [];
  const add = (query: MultiSearchQuery): number => queries.push(query) - 1;

  const sets = filterSets(req).map(({ filter, counts }, i): FilterSet => {
    const own = i === 0;
    let keyword: number | null = null;
    if (kind === 'list' || kind === 'keyword') {
      keyword = add({
        indexUid,
        ...(kind === 'list' ? { q: '' } : keywordParams(q)),
        filter,
        facets: counts.map(fieldOf),
        ...(own
          ? {
              page: page.page,
              hitsPerPage: page.hitsPerPage,
              attributesToRetrieve: PAGE_FIELDS,
              ...(kind === 'list' ? { sort: READING_ORDER } : { showRankingScore: true }),
            }
          : { page: 1, hitsPerPage: 0 }),
      });
    } else if (kind === 'hybrid') {
      keyword = add({ indexUid, ...keywordParams(q), filter, limit: HYBRID_DEPTH, attributesToRetrieve: COUNTING_FIELDS });
    }
    const semantic =
      kind === 'semantic' || kind === 'hybrid'
        ? add({
            indexUid,
            q: '',
            vector: vector as number[],
            hybrid: { embedder: EMBEDDER, semanticRatio: 1 },
            filter,
            limit: SEMANTIC_CANDIDATES,
            // The cosine is computed from the clause vectors: Meilisearch's similarity scale depends on its
            // vector store (arroy reports (1 + cos) / 2), so its score is not used as a cosine.
            retrieveVectors: true,
            // Only a semantic page shows these hits; every other use needs just the facet fields.
            attributesToRetrieve: own && kind === 'semantic' ? PAGE_FIELDS : COUNTING_FIELDS,
          })
        : null;
    return { filter, counts, keyword, semantic };
  });

  const hybrid = kind === 'hybrid' ? { indexUid, q, filter: sets[0]?.filter } : null;
  return { kind, terms, vector, queries, sets, hybrid, offset, limit, skip: page.skip };
}

type Results = ReadonlyArray<MultiSearchResult<ClauseRecord>>;

/** A semantic candidate that made the cut, with its cosine. */
interface Candidate {
  hit: Hit<ClauseRecord>;
  cosine: number;
}

/** The semantic result set of one query: candidates at or above the cosine floor, best first. */
function semanticSet(vector: number[] | null, answer: MultiSearchResult<ClauseRecord> | undefined): Candidate[] {
  if (vector === null || answer === undefined) return [];
  const out: Candidate[] = [];
  for (const hit of answer.hits) {
    const clauseVector = retrievedVector(hit);
    if (clauseVector === null) throw new Error(`Meilisearch returned clause ${hit.id} without its vector although retrieveVectors was set`);
    const c = cosine(vector, clauseVector);
    if (c >= MIN_SEMANTIC_COSINE) out.push({ hit, cosine: c });
  }
  return out.sort((a, b) => b.cosine - a.cosine);
}

function answerAt(results: Results, at: number | null): MultiSearchResult<ClauseRecord> | undefined {
  if (at === null) return undefined;
  const answer = results[at];
  if (answer === undefined) throw new Error(`Meilisearch answered ${results.length} queries, query ${at} is missing`);
  return answer;
}

/** The ids in the hybrid result set of the request's own filters, keyword list first. */
function hybridUnion(plan: SearchPlan, results: Results): string[] {
  const own = plan.sets[0] as FilterSet;
  const ids = new Set((answerAt(results, own.keyword)?.hits ?? []).map((h) => h.id));
  for (const { hit } of semanticSet(plan.vector, answerAt(results, own.semantic))) ids.add(hit.id);
  return [...ids];
}

/**
 * The second round of a hybrid search: Meilisearch's fused ranking of the result set, one page of it.
 * Null when there is nothing to show (not hybrid, an empty set, a zero limit or an offset past the end).
 */
export function planHybridPage(plan: SearchPlan, results: Results): MultiSearchQuery | null {
  if (plan.hybrid === null || plan.vector === null) return null;
  const union = hybridUnion(plan, results);
  if (plan.limit === 0 || plan.offset >= union.length) return null;
  return {
    indexUid: plan.hybrid.indexUid,
    ...keywordParams(plan.hybrid.q),
    filter: andAll([plan.hybrid.filter, `id IN [${union.map(quoteFilterValue).join(', ')}]`]),
    vector: plan.vector,
    hybrid: { embedder: EMBEDDER, semanticRatio: HYBRID_SEMANTIC_RATIO },
    offset: plan.offset,
    limit: plan.limit,
    attributesToRetrieve: PAGE_FIELDS,
    showRankingScore: true,
  };
}

/** Adds `n` to a facet count. */
function bump(bucket: Record<string, number>, value: unknown, n = 1): void {
  if (value === null || value === undefined) return;
  const key = String(value);
  bucket[key] = (bucket[key] ?? 0) + n;
}

/** One filter set's result: how many clauses it holds and, for the hybrid page's signals, which ones. */
interface SetCount {
  total: number;
  keywordIds: Set<string>;
  semanticCosines: Map<string, number>;
}

/** Counts one filter set into the facet buckets. */
function countSet(plan: SearchPlan, set: FilterSet, results: Results, bucketOf: (c: Counted) => Record<string, number>): SetCount {
  const keyword = answerAt(results, set.keyword);
  const semantic = semanticSet(plan.vector, answerAt(results, set.semantic));
  const semanticCosines = new Map(semantic.map((c) => [c.hit.id, c.cosine]));

  if (plan.kind === 'list' || plan.kind === 'keyword') {
    const total = keyword?.totalHits;
    if (typeof total !== 'number') throw new Error('Meilisearch answered a paginated search without totalHits');
    for (const c of set.counts) for (const [value, n] of Object.entries(keyword?.facetDistribution?.[fieldOf(c)] ?? {})) bump(bucketOf(c), value, n);
    return { total, keywordIds: new Set(), semanticCosines };
  }
  // Semantic and hybrid sets are small (at most a few hundred clauses): count them here, by id.
  const members = new Map<string, Hit<ClauseRecord>>();
  for (const hit of keyword?.hits ?? []) members.set(hit.id, hit);
  for (const { hit } of semantic) if (!members.has(hit.id)) members.set(hit.id, hit);
  for (const hit of members.values()) for (const c of set.counts) bump(bucketOf(c), (hit as Record<string, unknown>)[fieldOf(c)]);
  return { total: members.size, keywordIds: new Set((keyword?.hits ?? []).map((h) => h.id)), semanticCosines };
}

/**
 * Reads the search result from the answers to `plan.queries` (in query order) and, for hybrid, the
 * answer to {@link planHybridPage} (undefined when that returned null).
 */
export function assembleSearch(plan: SearchPlan, results: Results, hybridPage?: MultiSearchResult<ClauseRecord>): SearchResult {
  const facets: Facets = { year: {}, issuer: {}, level: {}, docType: {}, validity: {}, yearByLevel: {} };
  const yearLevel: Record<string, number> = {};
  const bucketOf = (c: Counted): Record<string, number> => (c === 'yearLevel' ? yearLevel : facets[c]);
  // Every set adds its own facets to the buckets; the first set (the request's own filters) also gives the total.
  const own = plan.sets.map((set) => countSet(plan, set, results, bucketOf))[0];
  if (own === undefined) throw new Error('a search plan always has its own filter set');

  for (const [value, n] of Object.entries(yearLevel)) {
    const parts = splitYearLevel(value);
    if (parts !== null) bump((facets.yearByLevel[parts.year] ??= {}), parts.level, n);
  }
  return { total: own.total, facets, hits: pageHits(plan, results, own, hybridPage) };
}

/** The hits of the page asked for. */
function pageHits(plan: SearchPlan, results: Results, own: SetCount, hybridPage: MultiSearchResult<ClauseRecord> | undefined): SearchResult['hits'] {
  const first = plan.sets[0] as FilterSet;
  switch (plan.kind) {
    case 'list':
    case 'keyword': {
      const hits = (answerAt(results, first.keyword)?.hits ?? []).slice(plan.skip, plan.skip + plan.limit);
      const matched: Signal[] = plan.kind === 'list' ? [] : ['keyword'];
      return hits.map((hit) => toSearchHit(hit, { score: plan.kind === 'list' ? 0 : (hit._rankingScore ?? 0), matched }, plan.terms));
    }
    case 'semantic': {
      const page = semanticSet(plan.vector, answerAt(results, first.semantic)).slice(plan.offset, plan.offset + plan.limit);
      return page.map(({ hit, cosine: c }) => toSearchHit(hit, { score: c, matched: ['semantic'] }, plan.terms));
    }
    case 'hybrid': {
      return (hybridPage?.hits ?? []).slice(0, plan.limit).map((hit) =>
        toSearchHit(hit, { score: hit._rankingScore ?? 0, matched: hybridSignals(own.keywordIds.has(hit.id), own.semanticCosines.has(hit.id)) }, plan.terms),
      );
    }
  }
}

/**
 * Which signals matched a hit of the hybrid page, the way the embedded engine's fusion says it: keyword
 * when the clause is in the keyword list, semantic when it is in the semantic set (the page only holds
 * clauses of one or the other).
 */
export function hybridSignals(inKeywordList: boolean, inSemanticSet: boolean): Signal[] {
  if (!inKeywordList) return ['semantic'];
  return inSemanticSet ? ['keyword', 'semantic'] : ['keyword'];
}
