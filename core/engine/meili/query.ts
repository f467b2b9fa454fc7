/**
 * The user's query as Meilisearch should read it, with the meaning it has on the embedded engine
 * (`core/engine/query-syntax.ts`): every term must occur in the clause text, as a substring.
 *
 * Each term becomes a phrase over the clause's character n-grams (see grams.ts), so `水处理` finds
 * 废水处理 and `知识产权质押` finds only clauses where those six characters are adjacent. Nothing else the
 * user types is syntax: `-` (Meilisearch's "without"), `OR` and unbalanced quotes are plain text or
 * separators after `parseQuery`, and the encoded phrases contain nothing but digits and spaces.
 */
import { parseQuery, type QueryTerm } from '../query-syntax.js';
import { termPhrase } from './grams.js';

/**
 * Meilisearch reads at most ten terms of a query (a phrase counts as one); further terms would be
 * dropped silently and widen the result, so a query keeps its first ten.
 */
export const MAX_MEILI_TERMS = 10;

/** The terms of a query and the Meilisearch `q` that requires all of them; `q` is '' for a filter-only search. */
export interface MeiliQuery {
  terms: QueryTerm[];
  q: string;
}

/** Rewrites a user query into Meilisearch query text. */
export function toMeiliQuery(query: string): MeiliQuery {
  const terms = parseQuery(query).slice(0, MAX_MEILI_TERMS);
  const q = terms
    .map((t) => termPhrase(t.text))
    .filter((p): p is string => p !== null)
    .join(' ');
  return { terms, q };
}
