/**
 * Ranking quality measures for the judged query set. Pure: a ranked list of ids and graded judgments in,
 * numbers out. Grades are 0–3 (0 not relevant, 1 marginal, 2 relevant, 3 exactly what was asked for);
 * an id nobody judged counts as 0. "Relevant" for recall and MRR means grade ≥ 1.
 */

/** Judged grade per clause id. */
export type Judgments = ReadonlyMap<string, number>;

/** Smallest grade that counts as relevant for recall and MRR. */
export const RELEVANT_GRADE = 1;

function gain(grade: number): number {
  return 2 ** grade - 1;
}

function discountedGain(grades: readonly number[], k: number): number {
  let dcg = 0;
  grades.slice(0, k).forEach((g, i) => {
    dcg += gain(g) / Math.log2(i + 2);
  });
  return dcg;
}

/**
 * nDCG@k with exponential gain (2^grade − 1): the ranking's discounted gain divided by the best possible
 * ordering of all judged clauses. 1 is a perfect top k; 0 when nothing relevant is in it. A query with no
 * relevant judgment has no ideal ranking and scores 0.
 */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const ideal = discountedGain(
    [...judgments.values()].sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return discountedGain(
    ranked.map((id) => judgments.get(id) ?? 0),
    k,
  ) / ideal;
}

/** Share of the relevant clauses found in the top k (0 when nothing was judged relevant). */
export function recallAt(ranked: readonly string[], judgments: Judgments, k: number): number {
  const relevant = [...judgments.values()].filter((g) => g >= RELEVANT_GRADE).length;
  if (relevant === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((id) => (judgments.get(id) ?? 0) >= RELEVANT_GRADE)).size;
  return found / relevant;
}

/** 1 / rank of the first relevant clause; 0 when none was returned. */
export function reciprocalRank(ranked: readonly string[], judgments: Judgments): number {
  const at = ranked.findIndex((id) => (judgments.get(id) ?? 0) >= RELEVANT_GRADE);
  return at < 0 ? 0 : 1 / (at + 1);
}

/** Arithmetic mean; 0 for no values (a mode with no queries). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
