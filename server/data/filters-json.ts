/**
 * How a JSON answer states the facet filters it applied. Search and the document list echo them in one shape,
 * so a script reading both never meets a filter spelt two ways.
 */
import type { FilterLink } from '../urls.js';

/** The applied filters: an absent year is null, an absent 时效性 filter is `all`, lists stay lists. */
export function filtersJson(params: Required<Pick<FilterLink, 'issuer' | 'level' | 'docType'>> & FilterLink) {
  return {
    yearFrom: params.yearFrom ?? null,
    yearTo: params.yearTo ?? null,
    issuer: params.issuer,
    level: params.level,
    docType: params.docType,
    validity: params.validity ?? 'all',
  };
}
