/**
 * Summary statistics for latency samples. Pure: numbers in, numbers out.
 */

/** Latency summary of one measured series, in milliseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * The p-th percentile (0–100) of `sorted` (ascending) by the nearest-rank method: the smallest sample
 * such that at least p % of the samples are ≤ it. Nearest rank always returns a value that was actually
 * measured, which is what a latency target is about ("95 % of requests took at most X").
 */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty sample');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Count, min, mean, p50/p95/p99 and max of a set of samples (any order). */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) throw new RangeError('cannot summarise an empty sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    count: sorted.length,
    min: sorted[0] as number,
    mean: sum / sorted.length,
    p50: percentileOfSorted(sorted, 50),
    p95: percentileOfSorted(sorted, 95),
    p99: percentileOfSorted(sorted, 99),
    max: sorted[sorted.length - 1] as number,
  };
}

/** Rounds to a number of decimals for reports (keeps JSON readable without losing what matters). */
export function round(value: number, decimals = 2): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
