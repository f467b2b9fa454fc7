import { describe, expect, it } from 'vitest';
import { alignArticles, articleBody, summaryLine, textSimilarity, type AlignableArticle } from '../core/versions/align-articles.js';

const art = (id: string, number: string, body: string): AlignableArticle => ({ id, number, text: `${number} ${body}` });
const kinds = (a: AlignableArticle[], b: AlignableArticle[]) =>
  alignArticles(a, b).pairs.map((p) => `${p.kind}:${p.a?.id ?? '-'}>${p.b?.id ?? '-'}`);

const A = [
  art('a1', '第一条', '为了规范道路运输市场，维护道路运输秩序，保障道路运输安全，制定本条例。'),
  art('a2', '第二条', '从事道路运输经营以及道路运输相关业务的，应当遵守本条例。'),
  art('a3', '第三条', '客运经营者、货运经营者不按照规定携带车辆营运证的，处警告或者20元以上200元以下的罚款。'),
  art('a4', '第四条', '机动车驾驶员培训机构不严格按照规定进行培训的，责令改正；拒不改正的，责令停业整顿。'),
  art('a5', '第五条', '本条例自2004年7月1日起施行。'),
];

describe('alignArticles', () => {
  it('pairs identical versions article by article, all unchanged', () => {
    const { pairs, summary } = alignArticles(A, A);
    expect(pairs.every((p) => p.kind === 'unchanged' && !p.renumbered)).toBe(true);
    expect(summary).toEqual({ added: 0, deleted: 0, changed: 0, unchanged: 5, renumbered: 0, moved: 0 });
  });

  it('follows the text when a deleted article shifts the numbers after it', () => {
    const B = [A[0]!, A[1]!, art('b3', '第三条', A[3]!.text.slice(4)), art('b4', '第四条', A[4]!.text.slice(4))];
    expect(kinds(A, B)).toEqual(['unchanged:a1>a1', 'unchanged:a2>a2', 'deleted:a3>-', 'unchanged:a4>b3', 'unchanged:a5>b4']);
    const { summary } = alignArticles(A, B);
    expect(summary).toEqual({ added: 0, deleted: 1, changed: 0, unchanged: 4, renumbered: 2, moved: 0 });
  });

  it('finds an inserted article and a reworded one', () => {
    const B = [
      A[0]!,
      art('b2', '第二条', '从事道路运输经营以及道路运输相关业务的，应当依法经营，诚实信用，公平竞争，遵守本条例。'),
      art('new', '第三条', '道路运输管理，应当公平、公正、公开和便民。'),
      art('b4', '第四条', A[2]!.text.slice(4)),
      art('b5', '第五条', A[3]!.text.slice(4)),
      art('b6', '第六条', A[4]!.text.slice(4)),
    ];
    expect(kinds(A, B)).toEqual(['unchanged:a1>a1', 'changed:a2>b2', 'added:->new', 'unchanged:a3>b4', 'unchanged:a4>b5', 'unchanged:a5>b6']);
    expect(summaryLine(alignArticles(A, B).summary)).toBe('新增 1 条 · 删除 0 条 · 修改 1 条');
  });

  it('does not pair unrelated articles that happen to share a number', () => {
    const B = [art('x1', '第一条', '国家鼓励发展农村道路客运。'), ...A.slice(1)];
    expect(kinds(A, B)[0]).toBe('deleted:a1>-');
    expect(kinds(A, B)[1]).toBe('added:->x1');
  });

  it('recognises an article moved out of order, and shows it where it now stands', () => {
    const B = [A[0]!, art('b2', '第二条', A[3]!.text.slice(4)), art('b3', '第三条', A[1]!.text.slice(4)), art('b4', '第四条', A[2]!.text.slice(4)), art('b5', '第五条', A[4]!.text.slice(4))];
    const { pairs, summary } = alignArticles(A, B);
    expect(pairs.map((p) => `${p.kind}:${p.a?.id ?? '-'}>${p.b?.id ?? '-'}${p.moved ? ' moved' : ''}`)).toEqual([
      'unchanged:a1>a1', 'unchanged:a4>b2 moved', 'unchanged:a2>b3', 'unchanged:a3>b4', 'unchanged:a5>b5',
    ]);
    expect(summary.moved).toBe(1);
  });

  it('inside a gap, pairs a rewritten article that position vouches for', () => {
    const B = [A[0]!, art('b2', '第二条', '从事道路运输经营的，应当依法经营。'), ...A.slice(2)];
    expect(kinds(A, B)[1]).toBe('changed:a2>b2');
  });

  it('compares the text without its number', () => {
    expect(articleBody({ number: '第六十三条', text: '第六十三条 违反本条例的规定' })).toBe('违反本条例的规定');
    expect(textSimilarity('违反本条例的规定', '违反本条例的规定')).toBe(1);
    expect(textSimilarity('违反本条例', '国家鼓励发展')).toBe(0);
  });
});
