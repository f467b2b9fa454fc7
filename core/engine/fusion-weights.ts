/**
 * How much meaning weighs against shared words when hybrid search answers a question (a query whose whole
 * wording no clause contains): the weight of the semantic list in weightedScoreFusion (fusion.ts), the
 * words list (bm25 over the question's topic words) getting the rest. Cosines are scaled from the semantic
 * cut-off (MIN_SEMANTIC_COSINE) to the best hit, bm25 from 0 to the score of a clause holding every ranked
 * word (sqlite/ideal-words-score.ts).
 *
 * Chosen by 5-fold cross-validation on the 40 dev questions (`npx tsx test/bench/tune-fusion.ts`) over the
 * grid 0.00–1.00 in steps of 0.05, with heading words in the word index: four folds chose 0.60, one 0.65;
 * cross-validated nDCG@10 0.744 (0.65 had been chosen the same way before the headings). Again with bm25
 * scaled to the ideal clause: four folds 0.60, one 0.65, cross-validated 0.744. Term queries (some clause has
 * every term) keep reciprocal rank fusion.
 */
export const QUESTION_SEMANTIC_WEIGHT = 0.6;

/** A fold of cross-validation: the items held out, and the weight chosen on the others. */
export interface Fold {
  heldOut: number[];
  weight: number;
}

/**
 * Chooses a weight by k-fold cross-validation: items (queries) are dealt into `k` folds by position; for
 * each fold the weight with the best mean `score(item, weight)` over the other folds is chosen (ties to the
 * smaller weight), and the held-out fold is scored with it. Returns the folds, the cross-validated mean
 * (an estimate of how the choice does on unseen queries) and the weight best over all items.
 */
export function crossValidateWeight(
  itemCount: number,
  grid: readonly number[],
  score: (item: number, weight: number) => number,
  k = 5,
): { folds: Fold[]; cvMean: number; best: number } {
  if (itemCount < k) throw new RangeError(`need at least ${k} items for ${k}-fold cross-validation, got ${itemCount}`);
  if (grid.length === 0) throw new RangeError('the weight grid is empty');
  const table = Array.from({ length: itemCount }, (_, i) => grid.map((w) => score(i, w)));
  const bestOver = (items: number[]): number => {
    let bestAt = 0;
    let bestMean = -Infinity;
    grid.forEach((_, g) => {
      const m = items.reduce((s, i) => s + (table[i]?.[g] ?? 0), 0) / items.length;
      if (m > bestMean + 1e-12) {
        bestMean = m;
        bestAt = g;
      }
    });
    return bestAt;
  };
  const all = Array.from({ length: itemCount }, (_, i) => i);
  const folds: Fold[] = [];
  let heldOutSum = 0;
  for (let f = 0; f < k; f++) {
    const heldOut = all.filter((i) => i % k === f);
    const g = bestOver(all.filter((i) => i % k !== f));
    folds.push({ heldOut, weight: grid[g] as number });
    heldOutSum += heldOut.reduce((s, i) => s + (table[i]?.[g] ?? 0), 0);
  }
  return { folds, cvMean: heldOutSum / itemCount, best: grid[bestOver(all)] as number };
}

/**
 * Similar clauses: the weight of the cosine to the source against bm25 over the source's first
 * {@link SIMILAR_KEYWORDS} TF-IDF keywords, fused the same way. Chosen by 5-fold cross-validation on the 18
 * dev similar-clause sources (`npx tsx test/bench/tune-fusion.ts`): three folds chose 0.75, two 0.65;
 * cross-validated nDCG@10 0.713 against 0.646 for the cosine alone. Again with the hubness discount below:
 * three folds 0.75, two 0.80; cross-validated 0.775.
 */
export const SIMILAR_SEMANTIC_WEIGHT = 0.75;
/** How many of a clause's stored keywords (most distinctive first) look for clauses sharing them. */
export const SIMILAR_KEYWORDS = 5;

/**
 * Similar clauses: how much a candidate's hubness (its mean cosine to the 50 candidates nearest the source,
 * hubness.ts) is taken off its cosine to the source before fusion. Chosen with SIMILAR_SEMANTIC_WEIGHT by 5-fold
 * cross-validation on the 18 dev sources over 0.25–1.25 × 0.55–0.85: four folds chose 0.75 with weight 0.75,
 * one 1.00; cross-validated nDCG@10 0.766. With the clauses it newly ranked in a top 10 judged: dev 0.746 →
 * 0.783, test 0.726 → 0.750 (`npm run eval`).
 */
export const SIMILAR_HUBNESS_WEIGHT = 0.75;
