/**
 * What a result set is, for every engine: how many clauses semantic search returns, how related a clause
 * must be, how deep hybrid fusion goes, and the reading order of documents. Both adapters import these so
 * the same query gives the same kind of answer whichever engine serves it.
 */
import type { PolicyDocument } from '../types.js';

/** Semantic search returns at most this many clauses (the result set totals and facets are computed over). */
export const SEMANTIC_CANDIDATES = 100;

/**
 * Cosine below which a clause is not considered related. Measured with bge-small-zh-v1.5 on the seed corpus
 * (316 paragraphs): off-topic questions (今天天气怎么样, 足球比赛的比分, 小猫喜欢吃鱼) score at most 0.46 against
 * any paragraph, their medians 0.19–0.30; on-topic questions score 0.60–0.76 on their best paragraphs, with
 * corpus medians of 0.36–0.54 because every text is about science and industry policy.
 */
export const MIN_SEMANTIC_COSINE = 0.45;

/** How deep each list goes into hybrid fusion (so the most a hybrid search can return is twice this). */
export const HYBRID_DEPTH = 100;

/** Reading order of documents: oldest first by year then date (undated last), then by id. */
export function compareDocuments(a: PolicyDocument, b: PolicyDocument): number {
  return (
    (a.year ?? Infinity) - (b.year ?? Infinity) ||
    (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
