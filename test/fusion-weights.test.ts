import { describe, expect, it } from 'vitest';
import { crossValidateWeight } from '../core/engine/fusion-weights.js';

describe('crossValidateWeight', () => {
  const grid = [0, 0.5, 1];

  it('picks per fold the weight best on the other folds and scores the held-out fold with it', () => {
    // Items 0–8 like weight 0.5 best; item 9 alone prefers 1 — it cannot sway the folds it is not in.
    const score = (item: number, w: number) => (item === 9 ? w : 1 - Math.abs(w - 0.5));
    const { folds, cvMean, best } = crossValidateWeight(10, grid, score, 5);
    expect(folds.map((f) => f.heldOut)).toEqual([[0, 5], [1, 6], [2, 7], [3, 8], [4, 9]]);
    expect(folds.map((f) => f.weight)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(cvMean).toBeCloseTo((9 * 1 + 0.5) / 10, 12);
    expect(best).toBe(0.5);
  });

  it('breaks ties towards the smaller weight and refuses too few items or an empty grid', () => {
    expect(crossValidateWeight(5, grid, () => 1).best).toBe(0);
    expect(() => crossValidateWeight(4, grid, () => 1)).toThrow(/at least 5 items/);
    expect(() => crossValidateWeight(10, [], () => 1)).toThrow(/grid is empty/);
  });
});
