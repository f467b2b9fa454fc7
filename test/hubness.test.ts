/**
 * Similar clauses discount candidates that lie near every other candidate (core/engine/hubness.ts).
 */
import { describe, expect, it } from 'vitest';
import { hubnessAdjusted, poolHubness } from '../core/engine/hubness.js';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

describe('poolHubness', () => {
  it('is the mean cosine to the pool (the first candidates), leaving a pool member itself out', () => {
    const c = Math.SQRT1_2;
    const vectors = [unit(1, 0, 0), unit(1, 1, 0), unit(0, 1, 0), unit(0, 0, 1)];
    const h = poolHubness(vectors, 3);
    // (1,1,0) lies between the two other pool members: the hub of this list.
    expect(h[1]).toBeCloseTo((c + c) / 2, 6);
    expect(h[0]).toBeCloseTo((c + 0) / 2, 6);
    expect(h[2]).toBeCloseTo((c + 0) / 2, 6);
    // Outside the pool: the mean over all of it.
    expect(h[3]).toBeCloseTo(0, 6);
    expect(Math.max(...h)).toBe(h[1]);
  });

  it('is 0 for a single candidate or none, and for a missing vector', () => {
    expect(Array.from(poolHubness([unit(1, 0)]))).toEqual([0]);
    expect(Array.from(poolHubness([]))).toEqual([]);
    const h = poolHubness([unit(1, 0), unit(1, 1), new Float32Array(0)]);
    expect(h[2]).toBe(0);
    expect(h[0]).toBeCloseTo(Math.SQRT1_2, 6);
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
