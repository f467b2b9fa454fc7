/**
 * Disjunctive facets: each facet is counted with every filter applied except its own, so ticking 市 still
 * shows how many 区 hits there would be. Counting works on per-document hit counts, because every filter and
 * every facet is a document field.
 */
import type { Facets, SearchFilters } from '../types.js';
import type { PolicyDocument } from '../../types.js';
import { validityOf } from '../../versions/validity.js';
import type { Catalog } from './catalog.js';

/** Matching clauses per document, indexed by document rowid (an array of {@link Catalog.documentBound}). */
export type DocumentCounts = Int32Array;

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

const UNFILTERED = filterKey({});

/**
 * Every document's facet values, as indexes into each facet's distinct values, by document rowid: counting a
 * facet is then adding to a number in an array. Keyed by string, the seven counts per matching document cost
 * ≈ 7 ms a search at a million clauses (8,000 documents); the table is built once per catalog.
 */
interface FacetTable {
  /** Document rowids, in catalog order. */
  rowids: Int32Array;
  values: Record<Dimension, string[]>;
  /** Value index per dimension, by document rowid; −1 when the document has no value. */
  ids: Record<Dimension, Int32Array>;
  /** Year × level pairs, and each document's pair index (−1: no year or no level). */
  yearLevels: Array<[year: string, level: string]>;
  yearLevelIds: Int32Array;
}

const tables = new WeakMap<Catalog, FacetTable>();

function facetTable(catalog: Catalog): FacetTable {
  let table = tables.get(catalog);
  if (table !== undefined) return table;
  const bound = catalog.documentBound;
  const index = (values: string[], byValue: Map<string, number>, value: string) => {
    let id = byValue.get(value);
    if (id === undefined) byValue.set(value, (id = values.push(value) - 1));
    return id;
  };
  const values = Object.fromEntries(DIMENSIONS.map((dim) => [dim, [] as string[]])) as Record<Dimension, string[]>;
  const byValue = Object.fromEntries(DIMENSIONS.map((dim) => [dim, new Map<string, number>()])) as Record<Dimension, Map<string, number>>;
  const ids = Object.fromEntries(DIMENSIONS.map((dim) => [dim, new Int32Array(bound).fill(-1)])) as Record<Dimension, Int32Array>;
  const yearLevels: Array<[string, string]> = [];
  const yearLevelByKey = new Map<string, number>();
  const yearLevelIds = new Int32Array(bound).fill(-1);
  for (const { rowid, document: d } of catalog.ordered) {
    for (const dim of DIMENSIONS) {
      const value = facetValue(d, dim);
      if (value !== null) ids[dim][rowid] = index(values[dim], byValue[dim], String(value));
    }
    if (d.year !== null && d.level !== null) {
      const key = `${d.year}\0${d.level}`;
      let id = yearLevelByKey.get(key);
      if (id === undefined) yearLevelByKey.set(key, (id = yearLevels.push([String(d.year), d.level]) - 1));
      yearLevelIds[rowid] = id;
    }
  }
  table = { rowids: Int32Array.from(catalog.ordered, (e) => e.rowid), values, ids, yearLevels, yearLevelIds };
  tables.set(catalog, table);
  return table;
}

/**
 * Total and facets. `countsFor(filters)` returns the per-document counts of the hit set a search would have
 * under those filters; it is called once per distinct filter set (at most five per search) and may return
 * counts for documents the filters exclude (they are skipped here).
 *
 * Dimensions whose filter sets coincide are counted in one pass over the documents: with no filter at all,
 * the total and every facet come from a single pass (8,000 documents at a million clauses).
 */
export function countFacets(
  catalog: Catalog,
  filters: SearchFilters,
  countsFor: (f: SearchFilters) => DocumentCounts,
): { total: number; facets: Facets } {
  const facets: Facets = { year: {}, issuer: {}, level: {}, docType: {}, validity: {}, yearByLevel: {} };
  let total = 0;
  /** Filter sets by key, each with what is counted under it. */
  const passes = new Map<string, { filters: SearchFilters; dims: Dimension[]; total: boolean; yearByLevel: boolean }>();
  const passFor = (f: SearchFilters) => {
    const key = filterKey(f);
    let pass = passes.get(key);
    if (pass === undefined) passes.set(key, (pass = { filters: f, dims: [], total: false, yearByLevel: false }));
    return pass;
  };
  passFor(filters).total = true;
  for (const dim of DIMENSIONS) passFor(withoutDimension(filters, dim)).dims.push(dim);
  passFor(withoutDimension(filters, 'year')).yearByLevel = true;

  const table = facetTable(catalog);
  for (const [key, pass] of passes) {
    const counts = countsFor(pass.filters);
    const mask = key === UNFILTERED ? null : catalog.allowMask(pass.filters);
    const sums = pass.dims.map((dim) => ({ dim, ids: table.ids[dim], sums: new Float64Array(table.values[dim].length) }));
    const yearLevelSums = pass.yearByLevel ? new Float64Array(table.yearLevels.length) : null;
    let passTotal = 0;
    for (const rowid of table.rowids) {
      const n = counts[rowid] as number;
      if (!(n > 0) || (mask !== null && mask[rowid] !== 1)) continue;
      passTotal += n;
      for (const { ids, sums: s } of sums) {
        const id = ids[rowid] as number;
        if (id >= 0) s[id] = (s[id] as number) + n;
      }
      if (yearLevelSums !== null) {
        const id = table.yearLevelIds[rowid] as number;
        if (id >= 0) yearLevelSums[id] = (yearLevelSums[id] as number) + n;
      }
    }
    if (pass.total) total += passTotal;
    for (const { dim, sums: s } of sums) {
      const bucket = facets[dim];
      s.forEach((n, id) => {
        if (n > 0) bucket[table.values[dim][id] as string] = n;
      });
    }
    yearLevelSums?.forEach((n, id) => {
      if (n <= 0) return;
      const [year, level] = table.yearLevels[id] as [string, string];
      (facets.yearByLevel[year] ??= {})[level] = n;
    });
  }
  return { total, facets };
}
