import { describe, expect, it } from 'vitest';
import { RRF_K, reciprocalRankFusion, weightedScoreFusion } from '../core/engine/fusion.js';

describe('reciprocalRankFusion', () => {
  it('scores each hit 1/(60 + rank) per list containing it, and sums', () => {
    const fused = reciprocalRankFusion([
      { signal: 'keyword', ids: ['知识产权质押-2015', '知识产权质押-2010', '知识产权质押-2013'] },
      { signal: 'semantic', ids: ['知识产权质押-2013', '知识产权保护-2018'] },
    ]);
    expect(RRF_K).toBe(60);
    expect(fused.map((h) => h.id)).toEqual(['知识产权质押-2013', '知识产权质押-2015', '知识产权质押-2010', '知识产权保护-2018']);
    expect(fused[0]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 61, 12);
    expect(fused[3]?.score).toBeCloseTo(1 / 62, 12);
  });

  it('marks which lists contained each hit, in list order', () => {
    const fused = reciprocalRankFusion([
      { signal: 'keyword', ids: [1, 2] },
      { signal: 'semantic', ids: [3, 1] },
    ]);
    expect(Object.fromEntries(fused.map((h) => [h.id, h.matched]))).toEqual({
      1: ['keyword', 'semantic'],
      2: ['keyword'],
      3: ['semantic'],
    });
  });

  it('breaks ties by best single rank, then by list order', () => {
    // a: keyword #1 + semantic #2; b: keyword #2 + semantic #1 → equal sums, equal best rank: keyword list wins.
    // c: keyword #3 alone and d: semantic #3 alone tie the same way.
    const fused = reciprocalRankFusion([
      { signal: 'keyword', ids: ['a', 'b', 'c'] },
      { signal: 'semantic', ids: ['b', 'a', 'd'] },
    ]);
    expect(fused.map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('uses the given k', () => {
    const [only] = reciprocalRankFusion([{ signal: 'keyword', ids: ['x'] }], 1);
    expect(only?.score).toBe(0.5);
  });

  it('returns nothing for empty lists', () => {
    expect(reciprocalRankFusion([{ signal: 'keyword', ids: [] }, { signal: 'semantic', ids: [] }])).toEqual([]);
  });
});

describe('weightedScoreFusion', () => {
  it('scales each list from its floor to its best hit, weights and sums', () => {
    const fused = weightedScoreFusion([
      { signal: 'keyword', hits: [{ id: '办公室', score: 8 }, { id: '产业用房', score: 4 }], weight: 0.35, floor: 0 },
      { signal: 'semantic', hits: [{ id: '低成本产业空间', score: 0.75 }, { id: '产业用房', score: 0.6 }], weight: 0.65, floor: 0.45 },
    ]);
    expect(fused.map((h) => h.id)).toEqual(['低成本产业空间', '产业用房', '办公室']);
    expect(fused[0]?.score).toBeCloseTo(0.65, 12);
    expect(fused[1]?.score).toBeCloseTo(0.35 * 0.5 + 0.65 * 0.5, 12);
    expect(fused[2]?.score).toBeCloseTo(0.35, 12);
    expect(fused[1]?.matched).toEqual(['keyword', 'semantic']);
  });

  it('without a floor scales from the list lowest score; a list of equal scores gives each its whole weight', () => {
    const fused = weightedScoreFusion([
      { signal: 'keyword', hits: [{ id: 'a', score: 3 }, { id: 'b', score: 1 }], weight: 0.5 },
      { signal: 'semantic', hits: [{ id: 'c', score: 0.7 }, { id: 'd', score: 0.7 }], weight: 0.5 },
    ]);
    expect(Object.fromEntries(fused.map((h) => [h.id, h.score]))).toEqual({ a: 0.5, b: 0, c: 0.5, d: 0.5 });
  });

  it('with a ceiling scales up to it, not to the best hit, and counts scores above it as 1', () => {
    const fused = weightedScoreFusion([
      { signal: 'keyword', hits: [{ id: '只含一个词', score: 2 }, { id: '更弱', score: 1 }], weight: 0.4, floor: 0, ceiling: 8 },
      { signal: 'semantic', hits: [{ id: '超过上限', score: 12 }], weight: 0.6, floor: 0, ceiling: 8 },
    ]);
    expect(Object.fromEntries(fused.map((h) => [h.id, h.score]))).toEqual({ 超过上限: 0.6, 只含一个词: 0.1, 更弱: 0.05 });
  });

  it('breaks ties by best single rank, then by list order, and ignores empty lists', () => {
    const fused = weightedScoreFusion([
      { signal: 'keyword', hits: [], weight: 0.5 },
      { signal: 'semantic', hits: [{ id: 'x', score: 1 }, { id: 'y', score: 1 }], weight: 0.5 },
    ]);
    expect(fused.map((h) => h.id)).toEqual(['x', 'y']);
  });
});
