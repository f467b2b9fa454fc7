/** Data for the similar-clauses panel: how a clause's wording appears in other documents, by year. */
import type { Clause, PolicyDocument } from '../../core/types.js';
import type { SearchHit } from '../../core/engine/types.js';
import { notFound } from '../../core/errors.js';
import type { SimilarParams } from '../params.js';
import { ALL_VALIDITY, isPlausibleId } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { shownId } from './documents.js';
import { hitJson } from './search.js';
import { validityOf } from '../../core/versions/validity.js';
import { sameArticleInVersions } from './versions.js';

export interface SimilarData {
  source: Clause;
  sourceDocument: PolicyDocument;
  /** The most similar clauses, then ordered oldest first (the lineage); ties by similarity. */
  hits: SearchHit[];
  /** The same article in the other versions of the source's work, newest version first (listed before `hits`). */
  versions: Array<{ clause: Clause & { keywords: string[] }; document: PolicyDocument; kind: 'unchanged' | 'changed' | 'added' | 'deleted'; similarity: number }>;
  /** Each hit's place (1 = most similar) in the engine's similarity ranking, by clause id. */
  ranks: ReadonlyMap<string, number>;
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
  const source = await deps.engine.getClause(id);
  if (!source) throw missing();
  const validity = validityOf(source.document);
  // Other versions of the same work come first, article by article; the nearest list is of other works.
  const [versions, similar] = await Promise.all([
    sameArticleInVersions(deps, source.clause, source.document),
    deps.engine.similar(id, {
      limit: params.limit,
      otherDocsOnly: params.otherDocsOnly,
      filters: {
        ...(validity.versions > 1 && params.otherDocsOnly ? { excludeWorkId: validity.workId } : {}),
        // Other works in force only, by default: two versions of one other law would crowd the list.
        ...(params.validity !== null ? { validity: params.validity } : {}),
      },
    }),
  ]);
  if (!similar) throw missing();
  const ranks = new Map(similar.hits.map((hit, i) => [hit.clause.id, i + 1]));
  return { source: source.clause, sourceDocument: source.document, hits: [...similar.hits].sort(byYearThenScore), ranks, versions, params };
}

export function similarJson(data: SimilarData) {
  return {
    ok: true as const,
    source: { ...data.source, year: data.sourceDocument.year, title: data.sourceDocument.title, docNumber: data.sourceDocument.docNumber },
    versions: data.versions.map((v) => ({
      id: v.clause.id,
      docId: v.document.id,
      number: v.clause.number,
      text: v.clause.text,
      title: v.document.title,
      date: v.document.date,
      status: validityOf(v.document).status,
      kind: v.kind,
      similarity: v.similarity,
      sameArticle: true as const,
      url: urls.clause(v.clause.id),
      compare: urls.compare(data.source.id, v.clause.id),
    })),
    hits: data.hits.map((hit) => ({ ...hitJson(hit), rank: data.ranks.get(hit.clause.id), compare: urls.compare(data.source.id, hit.clause.id) })),
    /** 时效性 of the other works' clauses: their texts in force, or `all`. */
    validity: data.params.validity ?? ALL_VALIDITY,
    links: {
      inForceOnly: urls.api.similar(data.source.id, { limit: data.params.limit, otherDocsOnly: data.params.otherDocsOnly }),
      withHistory: urls.api.similar(data.source.id, { limit: data.params.limit, otherDocsOnly: data.params.otherDocsOnly, validity: null }),
    },
  };
}
