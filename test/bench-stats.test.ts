import { describe, expect, it } from 'vitest';
import { VectorTable, literalTerms, substringScan } from './bench/reference.js';
import { mean, ndcgAt, recallAt, reciprocalRank } from './bench/metrics.js';
import { checkTarget, formatNumber } from './bench/report.js';
import { percentileOfSorted, summarize } from './bench/stats.js';

describe('latency percentiles (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms

  it('reports p50 = 50, p95 = 95, p99 = 99 for the samples 1..100 ms', () => {
    expect(percentileOfSorted(hundred, 50)).toBe(50);
    expect(percentileOfSorted(hundred, 95)).toBe(95);
    expect(percentileOfSorted(hundred, 99)).toBe(99);
    expect(percentileOfSorted(hundred, 100)).toBe(100);
  });

  it('always returns a sample that was measured, never an interpolation', () => {
    expect(percentileOfSorted([3, 10], 50)).toBe(3);
    expect(percentileOfSorted([3, 10], 51)).toBe(10);
    expect(percentileOfSorted([7], 0)).toBe(7);
  });

  it('lets one slow request in twenty show at p95 but not at p50', () => {
    const samples = [...Array.from({ length: 19 }, () => 2), 40];
    expect(summarize(samples)).toEqual({ count: 20, min: 2, mean: 3.9, p50: 2, p95: 2, p99: 40, max: 40 });
    const twoSlow = [...Array.from({ length: 18 }, () => 2), 40, 41];
    expect(summarize(twoSlow).p95).toBe(40);
  });

  it('summarises unsorted samples without reordering the caller’s array', () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toMatchObject({ min: 1, p50: 3, max: 5, mean: 3 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it('refuses an empty sample and a percentile outside 0..100', () => {
    expect(() => summarize([])).toThrow('empty');
    expect(() => percentileOfSorted([1], 101)).toThrow('0..100');
  });
});

describe('reference floors', () => {
  it('finds the nearest vectors by cosine, best first', () => {
    const table = new VectorTable(2, 1); // capacity 1: adding more must grow the block
    table.add(new Float32Array([1, 0]));
    table.add(new Float32Array([0, 1]));
    table.add(new Float32Array([Math.SQRT1_2, Math.SQRT1_2]));
    table.add(new Float32Array([-1, 0]));
    expect(table.count).toBe(4);
    const hits = table.nearest(new Float32Array([0.8, 0.6]), 2);
    expect(hits.map((h) => h.row)).toEqual([2, 0]);
    expect(hits[0]?.score).toBeCloseTo(0.98995, 4);
    expect(Array.from(table.row(1))).toEqual([0, 1]);
  });

  it('splits quoted phrases and words the way a substring scan looks for them', () => {
    expect(literalTerms('"国家自主创新示范区"')).toEqual(['国家自主创新示范区']);
    expect(literalTerms('集成电路  人工智能')).toEqual(['集成电路', '人工智能']);
    expect(literalTerms('"创业 投资" 深港')).toEqual(['创业 投资', '深港']);
    expect(literalTerms('怎样推动海上风电等海洋新能源发展')).toEqual(['怎样推动海上风电等海洋新能源发展']);
  });

  it('counts every text containing all terms and keeps the first ones', () => {
    const texts = ['推进知识产权质押融资', '开展专利权质押', '知识产权质押和专利', '海洋新能源'];
    expect(substringScan(texts, ['质押'], 2)).toEqual({ total: 3, rows: [0, 1] });
    expect(substringScan(texts, ['知识产权质押', '专利'], 10)).toEqual({ total: 1, rows: [2] });
    expect(substringScan(texts, ['房地产税'], 10)).toEqual({ total: 0, rows: [] });
  });
});

describe('targets in the report', () => {
  it('ticks a met target and says by how much a missed one is missed', () => {
    expect(checkTarget(8, { op: '<=', value: 10 })).toBe('✓');
    expect(checkTarget(25, { op: '<=', value: 10 })).toBe('✗ 2.50× the target (+15.0)');
    expect(checkTarget(150, { op: '>=', value: 100 })).toBe('✓');
    expect(checkTarget(62, { op: '>=', value: 100 })).toBe('✗ 38 % short (−38.0)');
    expect(checkTarget(null, { op: '<=', value: 2 })).toBe('✗ not measured');
    expect(checkTarget(3, undefined)).toBe('');
  });

  it('prints at most three significant figures', () => {
    expect([0.01234, 1.234, 12.34, 123.4, 12345].map(formatNumber)).toEqual(['0.012', '1.23', '12.3', '123', '12345']);
  });
});

describe('ranking measures of the eval', () => {
  // 知识产权质押: three clauses contain the term (grade 3), one speaks of 专利权质押 (grade 1).
  const judged = new Map([
    ['szfb-2010-98.c40', 3],
    ['ftfb-2013-20.c12', 3],
    ['szf-2015-54.c88', 3],
    ['szf-2018-84.c30', 1],
    ['szf-2018-84.c31', 0],
  ]);

  it('scores the ideal ranking 1 and an empty one 0', () => {
    const ideal = ['szfb-2010-98.c40', 'ftfb-2013-20.c12', 'szf-2015-54.c88', 'szf-2018-84.c30'];
    expect(ndcgAt(ideal, judged, 10)).toBe(1);
    expect(recallAt(ideal, judged, 10)).toBe(1);
    expect(reciprocalRank(ideal, judged)).toBe(1);
    expect(ndcgAt([], judged, 10)).toBe(0);
    expect(reciprocalRank([], judged)).toBe(0);
  });

  it('discounts relevant clauses ranked lower and counts unjudged ones as not relevant', () => {
    const ranked = ['unjudged.c1', 'szf-2018-84.c31', 'szfb-2010-98.c40'];
    // DCG = 7/log2(4) = 3.5; ideal = 7 + 7/log2(3) + 7/2 + 1/log2(5)
    const ideal = 7 + 7 / Math.log2(3) + 3.5 + 1 / Math.log2(5);
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(3.5 / ideal, 10);
    expect(reciprocalRank(ranked, judged)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(ranked, judged, 10)).toBe(0.25);
    expect(recallAt(ranked, judged, 2)).toBe(0);
  });

  it('averages per mode, with no queries giving 0 rather than NaN', () => {
    expect(mean([1, 0.5, 0])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});
