/**
 * The document list's data, shared by `/d`, `/api/documents` and its CSV: every indexed document,
 * filtered by the same facets as search, counted per facet and sorted. A corpus of a few thousand
 * documents fits in memory, so filtering and counting are plain functions over `listDocuments()`.
 */
import type { PolicyDocument } from '../../core/types.js';
import { validityOf } from '../../core/versions/validity.js';
import { DOCUMENT_PAGE_SIZE, type DocumentListParams, type DocumentSort } from '../params.js';
import { filterFields, urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { filtersJson } from './filters-json.js';

/** Documents per facet value, disjunctive like the search's: each facet counted without its own filter. */
export interface DocumentFacets {
  year: Record<string, number>;
  issuer: Record<string, number>;
  level: Record<string, number>;
  docType: Record<string, number>;
  validity: Record<string, number>;
}

export interface DocumentListData {
  params: DocumentListParams;
  /** Documents that pass the filters. */
  total: number;
  /** The page of them, in the requested order. */
  documents: PolicyDocument[];
  facets: DocumentFacets;
  /** Every document in the index, whatever the filters. */
  corpusTotal: number;
}

type Facet = keyof DocumentFacets;
type Filters = Pick<DocumentListParams, 'yearFrom' | 'yearTo' | 'issuer' | 'level' | 'docType' | 'validity'>;

/** True when the document passes every filter except `ignore` (for disjunctive counts). */
function passes(doc: PolicyDocument, f: Filters, ignore?: Facet): boolean {
  if (ignore !== 'year' && (f.yearFrom !== undefined || f.yearTo !== undefined)) {
    if (doc.year === null) return false;
    if (f.yearFrom !== undefined && doc.year < f.yearFrom) return false;
    if (f.yearTo !== undefined && doc.year > f.yearTo) return false;
  }
  if (ignore !== 'issuer' && f.issuer.length > 0 && (doc.issuer === null || !f.issuer.includes(doc.issuer))) return false;
  if (ignore !== 'level' && f.level.length > 0 && (doc.level === null || !f.level.includes(doc.level))) return false;
  if (ignore !== 'docType' && f.docType.length > 0 && (doc.docType === null || !f.docType.includes(doc.docType))) return false;
  if (ignore !== 'validity' && f.validity !== null && !f.validity.includes(validityOf(doc).status)) return false;
  return true;
}

const FACET_VALUE: Record<Facet, (doc: PolicyDocument) => string | null> = {
  year: (d) => (d.year === null ? null : String(d.year)),
  issuer: (d) => d.issuer,
  level: (d) => d.level,
  docType: (d) => d.docType,
  validity: (d) => validityOf(d).status,
};

/** The documents that pass the filters. */
export function filterDocuments(docs: readonly PolicyDocument[], filters: Filters): PolicyDocument[] {
  return docs.filter((d) => passes(d, filters));
}

/** Counts per facet value, each facet with every filter applied but its own. */
export function countDocumentFacets(docs: readonly PolicyDocument[], filters: Filters): DocumentFacets {
  const facets: DocumentFacets = { year: {}, issuer: {}, level: {}, docType: {}, validity: {} };
  for (const facet of Object.keys(facets) as Facet[]) {
    const counts = facets[facet];
    for (const doc of docs) {
      const value = FACET_VALUE[facet](doc);
      if (value !== null && passes(doc, filters, facet)) counts[value] = (counts[value] ?? 0) + 1;
    }
  }
  return facets;
}

/** A document without a date sorts by its year (from the file name), and without either after all dated ones. */
const dateKey = (d: PolicyDocument): string | null => d.date ?? (d.year === null ? null : String(d.year));
const byTitle = (a: PolicyDocument, b: PolicyDocument) => a.title.localeCompare(b.title, 'zh') || a.id.localeCompare(b.id);

function byDate(direction: 1 | -1) {
  return (a: PolicyDocument, b: PolicyDocument): number => {
    const x = dateKey(a);
    const y = dateKey(b);
    if (x === null || y === null) return x === y ? byTitle(a, b) : x === null ? 1 : -1;
    return direction * x.localeCompare(y) || byTitle(a, b);
  };
}

const ORDER: Record<DocumentSort, (a: PolicyDocument, b: PolicyDocument) => number> = {
  newest: byDate(-1),
  oldest: byDate(1),
  // Title order is the Chinese collation (pinyin), newest first among equal titles (versions of one work).
  title: (a, b) => a.title.localeCompare(b.title, 'zh') || byDate(-1)(a, b),
};

/** The documents in the requested order (a new array). */
export function sortDocuments(docs: readonly PolicyDocument[], sort: DocumentSort): PolicyDocument[] {
  return [...docs].sort(ORDER[sort]);
}

/** Every document that passes the filters, in order (the CSV export). */
export async function getDocumentRows(deps: AppDeps, params: DocumentListParams): Promise<PolicyDocument[]> {
  return sortDocuments(filterDocuments(await deps.engine.listDocuments(), params), params.sort);
}

/** One page of the list with its facet counts. */
export async function getDocumentListData(deps: AppDeps, params: DocumentListParams): Promise<DocumentListData> {
  const all = await deps.engine.listDocuments();
  const matching = sortDocuments(filterDocuments(all, params), params.sort);
  return {
    params,
    total: matching.length,
    documents: matching.slice(params.offset, params.offset + params.limit),
    facets: countDocumentFacets(all, params),
    corpusTotal: all.length,
  };
}

/** One document as the list's JSON promises it: the stored document, its 时效性 and its page. */
export function documentRowJson(doc: PolicyDocument) {
  return { ...doc, status: validityOf(doc).status, url: urls.document(doc.id) };
}

/** The JSON twin of `/d`. */
export function documentListJson(data: DocumentListData) {
  const { params } = data;
  const link = { ...filterFields(params), sort: params.sort };
  const next = params.offset + data.documents.length < data.total;
  return {
    ok: true as const,
    query: {
      ...filtersJson(params),
      sort: params.sort,
      limit: params.limit,
      offset: params.offset,
    },
    total: data.total,
    corpusTotal: data.corpusTotal,
    documents: data.documents.map(documentRowJson),
    facets: data.facets,
    links: {
      html: urls.documents({ ...link, page: Math.floor(params.offset / DOCUMENT_PAGE_SIZE) + 1 }),
      csv: urls.documentsCsv(link),
      next: next ? urls.api.documents({ ...link, limit: params.limit, offset: params.offset + params.limit }) : null,
    },
  };
}
