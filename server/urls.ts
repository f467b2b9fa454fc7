/**
 * Every URL the app links to is built here, so a route can move in one place and every link is
 * percent-encoded the same way. All results are relative, ASCII-only paths (safe in `Link` headers).
 */
import { ALL_VALIDITY, DOCUMENT_PAGE_SIZE, type DocumentListParams, type SearchParams } from './params.js';
import { DEFAULT_VALIDITY, type ValidityStatus } from '../core/versions/validity.js';

/** The facet filters a link carries (search and document list alike). */
export type FilterLink = Partial<Pick<SearchParams, 'yearFrom' | 'yearTo' | 'issuer' | 'level' | 'docType' | 'validity'>>;

/** Just the facet filters of a page's parameters, so the pages that share them link them the same way. */
export const filterFields = (p: FilterLink): FilterLink => ({
  yearFrom: p.yearFrom,
  yearTo: p.yearTo,
  issuer: p.issuer,
  level: p.level,
  docType: p.docType,
  validity: p.validity,
});

/** The parts of a document list that a link carries (`/d?level=市&sort=oldest&page=2`). */
export type DocumentLink = Partial<Pick<DocumentListParams, 'yearFrom' | 'yearTo' | 'issuer' | 'level' | 'docType' | 'validity' | 'sort' | 'page' | 'limit' | 'offset'>>;

/** The parts of a search that a link carries; anything left out takes its default. */
export type SearchLink = Partial<Pick<SearchParams, 'q' | 'mode' | 'yearFrom' | 'yearTo' | 'issuer' | 'level' | 'docType' | 'validity' | 'page'>>;

/** API searches also carry `limit` and `offset`. */
export type ApiSearchLink = SearchLink & Partial<Pick<SearchParams, 'limit' | 'offset'>>;

/** The default page size; links omit it. */
export const DEFAULT_LIMIT = 20;

const BASE = 'http://base.invalid';

function searchQuery(p: ApiSearchLink, { withPage, withOffset }: { withPage: boolean; withOffset: boolean }): URLSearchParams {
  const qs = new URLSearchParams();
  const q = p.q?.trim() ?? '';
  if (q) qs.append('q', q);
  // The mode only means something with a query; without one, links stay short.
  if (q && p.mode) qs.append('mode', p.mode);
  // The texts in force are the search's default and stay out of links; history is `validity=all`.
  appendFilters(qs, p, DEFAULT_VALIDITY);
  if (withPage && p.page !== undefined && p.page > 1) qs.append('page', String(p.page));
  if (withOffset && p.limit !== undefined && p.limit !== DEFAULT_LIMIT) qs.append('limit', String(p.limit));
  if (withOffset && p.offset !== undefined && p.offset > 0) qs.append('offset', String(p.offset));
  return qs;
}

/** The facets a search and the document list share; `defaultValidity` (null: every version) stays out of the link. */
function appendFilters(qs: URLSearchParams, p: FilterLink, defaultValidity: readonly ValidityStatus[] | null): void {
  if (p.yearFrom !== undefined) qs.append('yearFrom', String(p.yearFrom));
  if (p.yearTo !== undefined) qs.append('yearTo', String(p.yearTo));
  for (const v of p.issuer ?? []) qs.append('issuer', v);
  for (const v of p.level ?? []) qs.append('level', v);
  for (const v of p.docType ?? []) qs.append('docType', v);
  if (p.validity === undefined) return;
  if (p.validity === null) {
    if (defaultValidity !== null) qs.append('validity', ALL_VALIDITY);
  } else if (defaultValidity === null || !sameStatuses(p.validity, defaultValidity)) for (const v of p.validity) qs.append('validity', v);
}

function documentQuery(p: DocumentLink, { withPage, withOffset }: { withPage: boolean; withOffset: boolean }): URLSearchParams {
  const qs = new URLSearchParams();
  // The list shows every document unless asked for statuses, so only a status filter is in the link.
  appendFilters(qs, p, null);
  if (p.sort !== undefined && p.sort !== 'newest') qs.append('sort', p.sort);
  if (withPage && p.page !== undefined && p.page > 1) qs.append('page', String(p.page));
  if (withOffset && p.limit !== undefined && p.limit !== DOCUMENT_PAGE_SIZE) qs.append('limit', String(p.limit));
  if (withOffset && p.offset !== undefined && p.offset > 0) qs.append('offset', String(p.offset));
  return qs;
}

function sameStatuses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v) => b.includes(v));
}

function withQuery(path: string, qs: URLSearchParams): string {
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

const seg = (id: string) => encodeURIComponent(id);

/** What a similar-clauses link carries: the 时效性 of the other works' clauses (default: in force; null: all). */
export interface SimilarLink {
  validity?: SearchParams['validity'];
}

function similarQuery(p: SimilarLink): URLSearchParams {
  const qs = new URLSearchParams();
  if (p.validity === null) qs.append('validity', ALL_VALIDITY);
  else if (p.validity !== undefined && !sameStatuses(p.validity, DEFAULT_VALIDITY)) for (const v of p.validity) qs.append('validity', v);
  return qs;
}

/** The paragraph (款) and item (项) a clause link points at. */
export interface PinpointLink {
  paragraph: number;
  item: number | null;
}

function pinpointQuery(point: PinpointLink | null | undefined): URLSearchParams {
  const qs = new URLSearchParams();
  if (!point) return qs;
  qs.append('k', String(point.paragraph));
  if (point.item !== null) qs.append('x', String(point.item));
  return qs;
}

/** Adds `name=value` to a relative URL (kept once: adding an existing pair changes nothing). */
export function withParam(url: string, name: string, value: string | number): string {
  const u = new URL(url, BASE);
  const v = String(value);
  if (!u.searchParams.getAll(name).includes(v)) u.searchParams.append(name, v);
  return u.pathname + u.search + u.hash;
}

/** Sets `name` to exactly one value, replacing any earlier ones. */
export function setParam(url: string, name: string, value: string | number): string {
  const u = new URL(url, BASE);
  u.searchParams.set(name, String(value));
  return u.pathname + u.search + u.hash;
}

/** Removes `name` from a relative URL: only the pair `name=value` when a value is given, else every value. */
export function withoutParam(url: string, name: string, value?: string | number): string {
  const u = new URL(url, BASE);
  if (value === undefined) u.searchParams.delete(name);
  else {
    const keep = u.searchParams.getAll(name).filter((v) => v !== String(value));
    u.searchParams.delete(name);
    for (const v of keep) u.searchParams.append(name, v);
  }
  return u.pathname + u.search + u.hash;
}

export const urls = {
  home: (): string => '/',
  /** The search page: `/?q=…&mode=…&yearFrom=…`. */
  search: (p: SearchLink = {}): string => withQuery('/', searchQuery(p, { withPage: true, withOffset: false })),
  /**
   * A clause's permanent deep link; with a pinpoint, the link marks one paragraph (款) or item (项) of the
   * article: `/c/<id>?k=2` for 第二款, `/c/<id>?k=2&x=3` for 第二款第（三）项.
   */
  clause: (id: string, point?: PinpointLink | null): string => withQuery(`/c/${seg(id)}`, pinpointQuery(point)),
  /** A clause inside its document page (anchor). */
  clauseInDocument: (docId: string, clauseId: string): string => `/d/${seg(docId)}#${seg(clauseId)}`,
  document: (id: string): string => `/d/${seg(id)}`,
  /** The list of every document, filtered and sorted: `/d?level=市&sort=oldest`. */
  documents: (p: DocumentLink = {}): string => withQuery('/d', documentQuery(p, { withPage: true, withOffset: false })),
  /** The document list as CSV. */
  documentsCsv: (p: DocumentLink = {}): string => withQuery('/api/documents.csv', documentQuery(p, { withPage: false, withOffset: false })),
  /** The similar-clauses panel (a full page without htmx); `validity: null` includes other works' history. */
  similar: (id: string, opts: SimilarLink = {}): string => withQuery(`/c/${seg(id)}/similar`, similarQuery(opts)),
  compare: (a: string, b: string): string => withQuery('/compare', new URLSearchParams({ a, b })),
  /** Two versions of one work side by side, article by article. */
  compareVersions: (a: string, b: string): string => withQuery('/compare/versions', new URLSearchParams({ a, b })),
  /** The same article in the version in force (redirects). */
  inForce: (clauseId: string): string => `/c/${seg(clauseId)}/in-force`,
  /** The current search as CSV. */
  exportCsv: (p: SearchLink = {}): string => withQuery('/api/search.csv', searchQuery(p, { withPage: false, withOffset: false })),
  static: (file: string): string => `/static/${file}`,
  /** The admin page and its form targets (only when ADMIN_TOKEN is set). */
  admin: {
    page: (page = 1): string => (page > 1 ? `/admin?page=${page}` : '/admin'),
    login: (): string => '/admin/login',
    logout: (): string => '/admin/logout',
    upload: (): string => '/admin/upload',
    remove: (): string => '/admin/remove',
  },
  api: {
    search: (p: ApiSearchLink = {}): string => withQuery('/api/search', searchQuery(p, { withPage: false, withOffset: true })),
    clause: (id: string, point?: PinpointLink | null): string => withQuery(`/api/clauses/${seg(id)}`, pinpointQuery(point)),
    similar: (id: string, opts: SimilarLink & { limit?: number; otherDocsOnly?: boolean } = {}): string => {
      const qs = new URLSearchParams();
      if (opts.limit !== undefined) qs.append('limit', String(opts.limit));
      if (opts.otherDocsOnly === false) qs.append('otherDocsOnly', 'false');
      for (const [name, value] of similarQuery(opts)) qs.append(name, value);
      return withQuery(`/api/clauses/${seg(id)}/similar`, qs);
    },
    documents: (p: DocumentLink = {}): string => withQuery('/api/documents', documentQuery(p, { withPage: false, withOffset: true })),
    document: (id: string): string => `/api/documents/${seg(id)}`,
    compare: (a: string, b: string): string => withQuery('/api/compare', new URLSearchParams({ a, b })),
    compareVersions: (a: string, b: string): string => withQuery('/api/compare/versions', new URLSearchParams({ a, b })),
    health: (): string => '/api/health',
    openapi: (): string => '/api/openapi.json',
    reindex: (): string => '/api/admin/reindex',
    adminDocuments: (): string => '/api/admin/documents',
    adminDocument: (file: string): string => `/api/admin/documents/${seg(file)}`,
  },
} as const;
