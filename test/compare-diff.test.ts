import { describe, expect, it } from 'vitest';
import { diffClauses, diffStats, foldShortEquals, type DiffOp } from '../server/data/compare.js';
import { diffSide } from '../server/views/compare-page.js';
import { fixtureClause } from './utils/fixture-corpus.js';

const sideA = (ops: DiffOp[]) => ops.filter((o) => o.op !== 'insert').map((o) => o.text).join('');
const sideB = (ops: DiffOp[]) => ops.filter((o) => o.op !== 'delete').map((o) => o.text).join('');

describe('diffClauses', () => {
  it('marks what 2015 changed in the 2010 wording of 知识产权质押 and rebuilds both texts exactly', () => {
    const a = fixtureClause('szfb-2010-98.6').text;
    const b = fixtureClause('szf-2015-54.6').text;
    const ops = diffClauses(a, b);
    expect(sideA(ops)).toBe(a);
    expect(sideB(ops)).toBe(b);
    expect(ops.some((o) => o.op === 'equal' && o.text.includes('知识产权质押'))).toBe(true);
  });

  it('diffs a one-word change as one deletion and one insertion', () => {
    expect(diffClauses('支持知识产权质押贷款。', '支持知识产权质押融资。')).toEqual([
      { op: 'equal', text: '支持知识产权质押' },
      { op: 'delete', text: '贷款' },
      { op: 'insert', text: '融资' },
      { op: 'equal', text: '。' },
    ]);
  });

  it('gives all-equal for the same clause', () => {
    expect(diffClauses('加强知识产权保护。', '加强知识产权保护。')).toEqual([{ op: 'equal', text: '加强知识产权保护。' }]);
  });

  it('counts characters, not UTF-16 units, and the share that stayed the same', () => {
    expect(diffStats([{ op: 'equal', text: '知识产权' }, { op: 'delete', text: '𠀀' }, { op: 'insert', text: '质押' }])).toEqual({
      equal: 4, deleted: 1, inserted: 2, sameRatio: 4 / 6,
    });
  });
});

describe('foldShortEquals', () => {
  it('folds a shared character between two changes into the change', () => {
    const ops: DiffOp[] = [
      { op: 'equal', text: '建立' },
      { op: 'delete', text: '信保贷' },
      { op: 'equal', text: '、' },
      { op: 'insert', text: '担保' },
      { op: 'equal', text: '机制' },
    ];
    expect(foldShortEquals(ops)).toEqual([
      { op: 'equal', text: '建立' },
      { op: 'delete', text: '信保贷、' },
      { op: 'insert', text: '、担保' },
      { op: 'equal', text: '机制' },
    ]);
  });

  it('keeps longer shared runs and shared text at the edges', () => {
    const ops: DiffOp[] = [
      { op: 'equal', text: '的' },
      { op: 'delete', text: '甲' },
      { op: 'equal', text: '知识产权' },
      { op: 'insert', text: '乙' },
    ];
    expect(foldShortEquals(ops)).toEqual(ops);
  });
});

describe('diffSide', () => {
  it('shows deletions on the left and insertions on the right, escaped', () => {
    const ops: DiffOp[] = [{ op: 'equal', text: 'a<' }, { op: 'delete', text: 'b' }, { op: 'insert', text: 'c&' }];
    expect(diffSide(ops, 'a').value).toBe('a&lt;<del>b</del>');
    expect(diffSide(ops, 'b').value).toBe('a&lt;<ins>c&amp;</ins>');
  });
});
