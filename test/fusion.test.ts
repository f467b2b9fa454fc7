import { describe, expect, it } from 'vitest';
import { RRF_K, reciprocalRankFusion } from '../core/engine/fusion.js';

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
