/**
 * Index settings as data. They are applied to a fresh index before any document goes in, so documents
 * are indexed once, with the right tokenisation, instead of being re-indexed when settings change.
 */
import type { Settings } from 'meilisearch';
import { EMBEDDER } from './documents.js';

/** bge-small-zh-v1.5 embeddings have 512 dimensions. */
export const EMBEDDING_DIMENSIONS = 512;

/**
 * Totals are exact up to this many hits (Meilisearch stops counting at `maxTotalHits`, default 1000).
 * Counting is a bitmap cardinality, cheap even at this size.
 */
export const MAX_TOTAL_HITS = 100_000;

/** Facet values returned per facet (default 100; there may be more issuers than that in a large corpus). */
const MAX_VALUES_PER_FACET = 1000;

/** Fields holding Chinese text. */
const CHINESE_FIELDS = ['text', 'tokens', 'headingTokens', 'title', 'issuer', 'docNumber'];

/**
 * Settings of the clauses index.
 * @param dictionary Policy terms Meilisearch must keep as single words (the list jieba loads, from
 *   `readPolicyTerms()`), so 知识产权质押 is one word for both engines.
 */
export function clauseIndexSettings(dictionary: readonly string[], dimensions: number = EMBEDDING_DIMENSIONS): Settings {
  return {
    // Keyword search matches `grams`/`chars` (see grams.ts). The word fields stay searchable, clause text
    // first, for other Meilisearch clients and for Meilisearch's own dashboard.
    searchableAttributes: ['grams', 'chars', 'text', 'tokens', 'headingTokens', 'title', 'docNumber', 'issuer'],
    filterableAttributes: [
      { attributePatterns: ['year'], features: { facetSearch: false, filter: { equality: true, comparison: true } } },
      {
        // `id`: a hybrid page is ranked within its result set, named by id (search-plan.ts).
        // `hasVector`: clauses still waiting for their vector (clausesWithoutVectors).
        attributePatterns: ['id', 'issuer', 'level', 'docType', 'docId', 'yearLevel', 'status', 'workId', 'hasVector'],
        features: { facetSearch: false, filter: { equality: true, comparison: false } },
      },
    ],
    // Reading order for filter-only listings (search-plan.ts READING_ORDER).
    sortableAttributes: ['year', 'date', 'docId', 'ordinal'],
    // Without a locale Meilisearch guesses the language per text and can take short Chinese for Japanese,
    // which segments it differently at index and at query time.
    localizedAttributes: [{ attributePatterns: CHINESE_FIELDS, locales: ['cmn'] }],
    // Phrases need word positions; `byAttribute` would only know that two words share a field.
    proximityPrecision: 'byWord',
    dictionary: [...new Set(dictionary)].sort(),
    // Every query term is sent as an exact phrase (see query.ts); phrases never use prefixes, so building
    // the prefix databases would only slow indexing down.
    prefixSearch: 'disabled',
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET },
    embedders: { [EMBEDDER]: { source: 'userProvided', dimensions } },
  };
}

/** Settings of the documents index: it is read by id and listed, never searched. */
export function documentIndexSettings(): Settings {
  return {
    searchableAttributes: ['title', 'docNumber'],
    // `workId`: the versions of a work are listed on every document page (SearchEngine.versionsOf).
    filterableAttributes: ['recordType', 'workId'],
    localizedAttributes: [{ attributePatterns: ['title', 'docNumber'], locales: ['cmn'] }],
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}
