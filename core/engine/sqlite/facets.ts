/**
 * Disjunctive facets: each facet is counted with every filter applied except its own, so ticking 市 still
 * shows how many 区 hits there would be. Counting works on per-document hit counts, because every filter and
 * every facet is a document field.
 */
import type { Facets, SearchFilters } from '../types.js';
import type { PolicyDocument } from '../../types.js';
import { validityOf } from '../../versions/validity.js';
import type { Catalog } from './catalog.js';
import { documentPasses } from './catalog.js';

/** Matching clauses per document rowid. */
export type DocumentCounts = Map<number, number>;

const DIMENSIONS = ['year', 'issuer', 'level', 'docType', 'validity'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/** A document's value for a facet; 时效性 is read through `validityOf` (absent = 现行有效). */
function facetValue(d: PolicyDocument, dim: Dimension): string | number | null {
  return dim === 'validity' ? validityOf(d).status : d[dim];
}

/** The filters with one facet's own filter removed. */
export function withoutDimension(f: SearchFilters, dim: Dimension): SearchFilters {
  const { yearFrom, yearTo, issuer, level, docType, validity, ...rest } = f;
  return {
    ...rest,
    ...(dim === 'validity' ? {} : { validity }),
    ...(dim === 'year' ? {} : { yearFrom, yearTo }),
    ...(dim === 'issuer' ? {} : { issuer }),
    ...(dim === 'level' ? {} : { level }),
    ...(dim === 'docType' ? {} : { docType }),
  };
}

/** A key equal for filters that select the same documents, to reuse a computed hit set. */
export function filterKey(f: SearchFilters): string {
  const list = (v: string[] | undefined) => (v?.length ? [...v].sort() : null);
  return JSON.stringify([
    f.docId ?? null, f.yearFrom ?? null, f.yearTo ?? null, list(f.issuer), list(f.level), list(f.docType), list(f.validity), f.excludeWorkId ?? null,
  ]);
}

/**
 * Total and facets. `countsFor(filters)` returns the per-document counts of the hit set a search would have
 * under those filters; it is called once per distinct filter set (at most five per search) and may return
 * counts for documents the filters exclude (they are skipped here).
 */
export function countFacets(
  catalog: Catalog,
  filters: SearchFilters,
  countsFor: (f: SearchFilters) => DocumentCounts,
): { total: number; facets: Facets } {
  const memo = new Map<string, DocumentCounts>();
  const counts = (f: SearchFilters): DocumentCounts => {
    const key = filterKey(f);
    let c = memo.get(key);
    if (c === undefined) memo.set(key, (c = countsFor(f)));
    return c;
  };
  /** Calls `add` for each document passing `f`, with its count. */
  const eachPassing = (f: SearchFilters, add: (doc: Catalog['ordered'][number], n: number) => void): void => {
    for (const [rowid, n] of counts(f)) {
      const e = catalog.entry(rowid);
      if (n > 0 && documentPasses(e.document, f)) add(e, n);
    }
  };

  let total = 0;
  eachPassing(filters, (_, n) => (total += n));

  const facets: Facets = { year: {}, issuer: {}, level: {}, docType: {}, validity: {}, yearByLevel: {} };
  for (const dim of DIMENSIONS) {
    const bucket = facets[dim];
    eachPassing(withoutDimension(filters, dim), (e, n) => {
      const value = facetValue(e.document, dim);
      if (value !== null) bucket[String(value)] = (bucket[String(value)] ?? 0) + n;
    });
  }
  eachPassing(withoutDimension(filters, 'year'), (e, n) => {
    const { year, level } = e.document;
    if (year === null || level === null) return;
    const row = (facets.yearByLevel[String(year)] ??= {});
    row[level] = (row[level] ?? 0) + n;
  });
  return { total, facets };
}
