/** Data for the similar-clauses panel: how a clause's wording appears in other documents, by year. */
import type { Clause, PolicyDocument } from '../../core/types.js';
import type { SearchHit } from '../../core/engine/types.js';
import { notFound } from '../../core/errors.js';
import type { SimilarParams } from '../params.js';
import { isPlausibleId } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { shownId } from './documents.js';
import { hitJson } from './search.js';

export interface SimilarData {
  source: Clause;
  sourceDocument: PolicyDocument;
  /** The most similar clauses, then ordered oldest first (the lineage); ties by similarity. */
  hits: SearchHit[];
  params: SimilarParams;
}

/** Oldest first, unknown years last, most similar first within a year. */
export function byYearThenScore(a: SearchHit, b: SearchHit): number {
  const ya = a.document.year ?? Number.POSITIVE_INFINITY;
  const yb = b.document.year ?? Number.POSITIVE_INFINITY;
  return ya - yb || b.score - a.score;
}

export async function getSimilarData(deps: AppDeps, id: string, params: SimilarParams): Promise<SimilarData> {
  const missing = () => notFound(`找不到条款“${shownId(id)}”（No clause with id ${shownId(id)}）`);
  if (!isPlausibleId(id)) throw missing();
  const [source, similar] = await Promise.all([
    deps.engine.getClause(id),
    deps.engine.similar(id, { limit: params.limit, otherDocsOnly: params.otherDocsOnly }),
  ]);
  if (!source || !similar) throw missing();
  return { source: source.clause, sourceDocument: source.document, hits: [...similar.hits].sort(byYearThenScore), params };
}

export function similarJson(data: SimilarData) {
  return {
    ok: true as const,
    source: { ...data.source, year: data.sourceDocument.year, title: data.sourceDocument.title, docNumber: data.sourceDocument.docNumber },
    hits: data.hits.map((hit) => ({ ...hitJson(hit), compare: urls.compare(data.source.id, hit.clause.id) })),
  };
}
