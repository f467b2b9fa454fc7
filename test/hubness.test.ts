/**
 * Similar clauses discount candidates that lie near every other candidate (core/engine/hubness.ts).
 */
import { describe, expect, it } from 'vitest';
import { hubnessAdjusted, neighbourhoodHubness } from '../core/engine/hubness.js';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('neighbourhoodHubness', () => {
  it('is the mean cosine to the k nearest other candidates', () => {
    const vectors = [unit(1, 0, 0), unit(1, 1, 0), unit(0, 1, 0), unit(0, 0, 1)];
    const h = neighbourhoodHubness(vectors, 2);
    const c = Math.SQRT1_2;
    // (1,1,0) is close to both axes it lies between: the hub of this list.
    expect(h[1]).toBeCloseTo((c + c) / 2, 6);
    expect(h[0]).toBeCloseTo((c + 0) / 2, 6);
    expect(h[3]).toBeCloseTo(0, 6);
    expect(Math.max(...h)).toBe(h[1]);
  });

  it('averages over fewer neighbours when the list is short, and is 0 for a single candidate', () => {
    expect(Array.from(neighbourhoodHubness([unit(1, 0), unit(0, 1)], 10))).toEqual([0, 0]);
    expect(Array.from(neighbourhoodHubness([unit(1, 0)]))).toEqual([0]);
    expect(Array.from(neighbourhoodHubness([]))).toEqual([]);
  });
});

describe('hubnessAdjusted', () => {
  it('takes weight × hubness off each cosine, so a hub falls behind a slightly less similar specific clause', () => {
    const adjusted = hubnessAdjusted([0.8, 0.78], [0.75, 0.6], 0.75);
    expect(adjusted[0]).toBeCloseTo(0.8 - 0.5625, 12);
    expect(adjusted[1]).toBeCloseTo(0.78 - 0.45, 12);
    expect(adjusted[1]! > adjusted[0]!).toBe(true);
  });
});
