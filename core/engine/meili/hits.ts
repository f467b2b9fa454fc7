/**
 * A Meilisearch hit → a SearchHit: the clause, its document fields, score, signals and highlights.
 */
import type { Hit } from 'meilisearch';
import { highlightRanges } from '../highlights.js';
import type { QueryTerm } from '../query-syntax.js';
import type { SearchHit } from '../types.js';
import { type ClauseRecord, clauseFromRecord, summaryFromRecord } from './documents.js';

/** What the caller decided about a hit: its score and which signals found it. */
export type HitSignals = Pick<SearchHit, 'score' | 'matched'>;

/**
 * Highlight ranges in the clause text: every occurrence of every term, the embedded engine's own rule.
 * Meilisearch's `_matchesPosition` would point into the encoded `grams` field, and mark exactly these
 * occurrences, so the shared highlighter is used instead; both engines then mark the same characters.
 */
export function highlightsOf(hit: Hit<ClauseRecord>, terms: readonly QueryTerm[]): Array<[number, number]> {
  return highlightRanges(hit.text, terms.map((t) => t.text));
}

/** Builds the SearchHit for a clause hit. */
export function toSearchHit(hit: Hit<ClauseRecord>, signals: HitSignals, terms: readonly QueryTerm[]): SearchHit {
  return {
    clause: clauseFromRecord(hit),
    document: summaryFromRecord(hit),
    score: signals.score,
    matched: signals.matched,
    highlights: highlightsOf(hit, terms),
  };
}
