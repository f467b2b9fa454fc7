/**
 * The search page's data, shared by `/`, `/api/search` and the CSV export.
 */
import { type CorpusSummary, getCorpusSummary } from './corpus.js';
import type { PolicyDocument } from '../../core/types.js';
import type { SearchHit, SearchMode, SearchRequest, SearchResult } from '../../core/engine/types.js';
import { formatCitation, pinpoint } from '../../core/citation.js';
import { citationStatus, validityOf } from '../../core/versions/validity.js';
import { AppError } from '../../core/errors.js';
import { isBlankSearch, MAX_OFFSET, PAGE_SIZE, type SearchParams } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { listDocuments } from './documents.js';
import { vectorCoverage, type VectorCoverageData } from './coverage.js';
import { filtersJson } from './filters-json.js';

export interface SearchData {
  params: SearchParams;
  /** The mode actually used: a blank query can only filter, so it runs as keyword. */
  effectiveMode: SearchMode;
  result: SearchResult;
  /**
   * Clauses per year and level that contain the query's words exactly (keyword matching, whatever the mode):
   * the "term over time" chart shows where the term appears, not its semantic neighbours.
   */
  timeline: { yearByLevel: Record<string, Record<string, number>>; total: number };
  /** The first and last year of the whole corpus: the chart's axis spans them whatever the term. */
  corpusYears: CorpusSummary['years'];
  /** The corpus, listed on the start screen (blank query, no filters); null otherwise. */
  documents: PolicyDocument[] | null;
  /** Server time spent in the engine and the embedder, for Server-Timing. */
  timings: { embedMs: number; searchMs: number };
  /**
   * How many clauses have their vector (null when the engine cannot say): while some wait, semantic and hybrid
   * answers leave them out, and the page says so.
   */
  coverage: VectorCoverageData | null;
}

/** Embeds the query for semantic and hybrid search; a model failure is a 503 that says what to do. */
export async function embedQuery(deps: AppDeps, q: string): Promise<Float32Array> {
  try {
    return await deps.embedder.embedQuery(q);
  } catch (error) {
    throw new AppError(
      'model_unavailable',
      '语义模型暂时不可用，请改用“关键词”模式重试（The embedding model is unavailable; try mode=keyword）',
      503,
      { cause: error },
    );
  }
}

function toRequest(params: SearchParams, mode: SearchMode, vector: Float32Array | undefined, page?: { limit: number; offset: number }): SearchRequest {
  return {
    q: params.q,
    mode,
    filters: {
      ...(params.yearFrom !== undefined && { yearFrom: params.yearFrom }),
      ...(params.yearTo !== undefined && { yearTo: params.yearTo }),
      ...(params.issuer.length > 0 && { issuer: params.issuer }),
      ...(params.level.length > 0 && { level: params.level }),
      ...(params.docType.length > 0 && { docType: params.docType }),
      ...(params.validity !== null && { validity: params.validity }),
    },
    limit: page?.limit ?? params.limit,
    offset: page?.offset ?? params.offset,
    ...(vector && { vector }),
  };
}

/** Runs the search the params describe. */
export async function getSearchData(deps: AppDeps, params: SearchParams): Promise<SearchData> {
  const effectiveMode: SearchMode = params.q === '' ? 'keyword' : params.mode;
  const t0 = performance.now();
  const vector = effectiveMode === 'keyword' ? undefined : await embedQuery(deps, params.q);
  const t1 = performance.now();
  const [result, exact, documents, corpus, coverage] = await Promise.all([
    deps.engine.search(toRequest(params, effectiveMode, vector)),
    // Keyword results already are the exact matches; other modes need one more (count-only) keyword query.
    effectiveMode === 'keyword' ? null : deps.engine.search(toRequest(params, 'keyword', undefined, { limit: 1, offset: 0 })),
    isBlankSearch(params) ? listDocuments(deps) : Promise.resolve(null),
    getCorpusSummary(deps),
    vectorCoverage(deps).catch(() => null),
  ]);
  const t2 = performance.now();
  const counted = exact ?? result;
  return {
    params,
    effectiveMode,
    result,
    timeline: { yearByLevel: counted.facets.yearByLevel, total: counted.total },
    documents,
    corpusYears: corpus?.years ?? null,
    timings: { embedMs: t1 - t0, searchMs: t2 - t1 },
    coverage,
  };
}

/** The CSV export's cap: enough for any real question on this corpus, bounded for the server. */
export const EXPORT_MAX_ROWS = 1000;
const EXPORT_BATCH = 100;

/** Every hit of a search (up to EXPORT_MAX_ROWS), fetched in pages so every engine can answer. */
export async function getExportHits(deps: AppDeps, params: SearchParams): Promise<SearchHit[]> {
  const mode: SearchMode = params.q === '' ? 'keyword' : params.mode;
  const vector = mode === 'keyword' ? undefined : await embedQuery(deps, params.q);
  const hits: SearchHit[] = [];
  for (let offset = 0; offset < EXPORT_MAX_ROWS; offset += EXPORT_BATCH) {
    const page = await deps.engine.search(toRequest(params, mode, vector, { limit: EXPORT_BATCH, offset }));
    hits.push(...page.hits);
    if (page.hits.length < EXPORT_BATCH || offset + EXPORT_BATCH >= page.total) break;
  }
  return hits.slice(0, EXPORT_MAX_ROWS);
}

/** One hit as the JSON API promises it (flat, stable field names). */
export function hitJson(hit: SearchHit) {
  const point = pinpoint(hit.clause, hit.highlights);
  return {
    id: hit.clause.id,
    docId: hit.clause.docId,
    text: hit.clause.text,
    number: hit.clause.number,
    path: hit.clause.path,
    kind: hit.clause.kind,
    year: hit.document.year,
    date: hit.document.date,
    title: hit.document.title,
    docNumber: hit.document.docNumber,
    proposalNumber: hit.document.proposalNumber,
    issuer: hit.document.issuer,
    level: hit.document.level,
    docType: hit.document.docType,
    score: hit.score,
    matched: hit.matched,
    highlights: hit.highlights,
    keywords: hit.clause.keywords,
    url: urls.clause(hit.clause.id),
    spans: hit.clause.spans,
    citation: formatCitation(hit.document, hit.clause, point) + citationStatus(hit.document.validity),
    pinpoint: point === null ? null : { ...point, url: urls.clause(hit.clause.id, point) },
    status: validityOf(hit.document).status,
    validity: validityOf(hit.document),
    inForce: validityOf(hit.document).inForceId === null ? null : urls.inForce(hit.clause.id),
  };
}

/**
 * For a semantic or hybrid answer: how much of the index meaning search saw (`partial` while clauses wait for
 * their vectors; those can only be found by keyword until then). Null for keyword answers.
 */
export function semanticCoverage(data: SearchData): { partial: boolean; clauses: number; embedded: number; etaSeconds: number | null } | null {
  if (data.effectiveMode === 'keyword' || data.coverage === null) return null;
  const { clauses, embedded, etaSeconds, complete } = data.coverage;
  return { partial: !complete, clauses, embedded, etaSeconds };
}

/** The JSON twin of the search page. */
export function searchJson(data: SearchData) {
  const { params, result } = data;
  const next = params.offset + result.hits.length < result.total && params.offset + params.limit <= MAX_OFFSET;
  return {
    ok: true as const,
    query: {
      q: params.q,
      mode: params.mode,
      effectiveMode: data.effectiveMode,
      ...filtersJson(params),
      limit: params.limit,
      offset: params.offset,
    },
    total: result.total,
    hits: result.hits.map(hitJson),
    facets: result.facets,
    timeline: data.timeline,
    semanticCoverage: semanticCoverage(data),
    links: {
      html: urls.search({ ...params, page: Math.floor(params.offset / PAGE_SIZE) + 1 }),
      csv: urls.exportCsv(params),
      next: next ? urls.api.search({ ...params, offset: params.offset + params.limit }) : null,
    },
  };
}
