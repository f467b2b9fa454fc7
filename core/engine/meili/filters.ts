/**
 * SearchFilters → a Meilisearch filter expression. Filter values come from users, so every string is
 * written as a double-quoted literal with `\` and `"` escaped: Meilisearch's filter parser unescapes
 * `\"` inside double quotes and then `\\` (see its filter-parser `value.rs`), so no value can end the
 * literal early or inject `OR …`.
 */
import type { SearchFilters } from '../types.js';

/** The facets whose filters are dropped one at a time for disjunctive facet counts. */
export type FacetName = 'year' | 'issuer' | 'level' | 'docType' | 'validity';

/** The clause record field each facet counts and filters (时效性 is the flat `status`). */
export const FACET_FIELD: Readonly<Record<FacetName, string>> = { year: 'year', issuer: 'issuer', level: 'level', docType: 'docType', validity: 'status' };

/** A user's string as a Meilisearch double-quoted literal. */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function integer(value: number, name: string): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
  return String(value);
}

function oneOf(field: string, values: readonly string[] | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  return `${field} IN [${values.map(quoteFilterValue).join(', ')}]`;
}

/**
 * The filter expression for `filters`, or undefined when nothing is filtered.
 * `omit` drops one facet's own filter, for that facet's disjunctive counts.
 */
export function filterExpression(filters: SearchFilters, omit?: FacetName): string | undefined {
  const parts: Array<string | undefined> = [];
  if (omit !== 'year') {
    if (filters.yearFrom !== undefined) parts.push(`year >= ${integer(filters.yearFrom, 'yearFrom')}`);
    if (filters.yearTo !== undefined) parts.push(`year <= ${integer(filters.yearTo, 'yearTo')}`);
  }
  if (omit !== 'issuer') parts.push(oneOf('issuer', filters.issuer));
  if (omit !== 'level') parts.push(oneOf('level', filters.level));
  if (omit !== 'docType') parts.push(oneOf('docType', filters.docType));
  if (omit !== 'validity') parts.push(oneOf('status', filters.validity));
  if (filters.docId !== undefined) parts.push(`docId = ${quoteFilterValue(filters.docId)}`);
  if (filters.excludeWorkId !== undefined) parts.push(`workId != ${quoteFilterValue(filters.excludeWorkId)}`);
  return andAll(parts);
}

/**
 * Joins expressions with AND; undefined parts are skipped. Each part is one comparison or `IN […]`,
 * never an OR, so no parentheses are needed.
 */
export function andAll(parts: Array<string | undefined>): string | undefined {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length === 0 ? undefined : present.join(' AND ');
}

/** Whether `filters` restricts the given facet (then its counts need a query without that filter). */
export function filtersFacet(filters: SearchFilters, facet: FacetName): boolean {
  switch (facet) {
    case 'year':
      return filters.yearFrom !== undefined || filters.yearTo !== undefined;
    case 'issuer':
      return (filters.issuer?.length ?? 0) > 0;
    case 'level':
      return (filters.level?.length ?? 0) > 0;
    case 'docType':
      return (filters.docType?.length ?? 0) > 0;
    case 'validity':
      return (filters.validity?.length ?? 0) > 0;
  }
}
