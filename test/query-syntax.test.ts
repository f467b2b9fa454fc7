import { describe, expect, it } from 'vitest';
import {
  MAX_QUERY_TERMS,
  contentWords,
  ftsAllOf,
  ftsString,
  likeContains,
  parseQuery,
  splitByTrigramReach,
  wordIndexAnyOf,
  wordIndexMatch,
} from '../core/engine/query-syntax.js';

const texts = (q: string) => parseQuery(q).map((t) => (t.phrase ? `"${t.text}"` : t.text));

describe('parseQuery', () => {
  it.each([
    ['知识产权质押', ['知识产权质押']],
    ['知识产权 质押', ['知识产权', '质押']],
    ['  海上风电\u3000海洋新能源  ', ['海上风电', '海洋新能源']],
    ['"知识产权 质押" 融资', ['"知识产权 质押"', '融资']],
    ['“海洋新能源”发展', ['"海洋新能源"', '发展']],
    ['"知识产权质押', ['知识产权质押']],
    ['知识产权质押"', ['知识产权质押']],
    ['知识产权质押，', ['知识产权质押']],
    ['《专利法》', ['专利法']],
    ['-质押', ['质押']],
    ['知识*', ['知识']],
    ['NEAR(知识 产权)', ['NEAR(知识', '产权']],
    ['知识产权 OR 质押', ['知识产权', 'OR', '质押']],
    ["'; DROP TABLE clauses; --", ['DROP', 'TABLE', 'clauses']],
    ['clause_words:知识', ['clause_words:知识']],
    ['质押 质押 "质押"', ['质押']],
    ['"', []],
    ['""', []],
    ['', []],
    ['，。！', []],
  ])('%j → %j', (q, expected) => {
    expect(texts(q)).toEqual(expected);
  });

  it('keeps a quoted phrase verbatim, punctuation included', () => {
    expect(parseQuery('"（责任单位：市市场和质量监管委）"')).toEqual([{ text: '（责任单位：市市场和质量监管委）', phrase: true }]);
  });

  it('drops control characters, NUL included', () => {
    expect(texts('知识\u0000产权')).toEqual(['知识', '产权']);
  });

  it(`keeps at most ${MAX_QUERY_TERMS} terms`, () => {
    const q = Array.from({ length: 40 }, (_, i) => `词${i}`).join(' ');
    expect(parseQuery(q)).toHaveLength(MAX_QUERY_TERMS);
    expect(parseQuery(q)[MAX_QUERY_TERMS - 1]?.text).toBe(`词${MAX_QUERY_TERMS - 1}`);
  });
});

describe('FTS5 strings', () => {
  it('quotes every item and doubles inner quotes, so FTS5 reads text, never operators', () => {
    expect(ftsString('知识产权')).toBe('"知识产权"');
    expect(ftsString('a"b')).toBe('"a""b"');
    expect(ftsString('NEAR(')).toBe('"NEAR("');
    expect(ftsAllOf(['知识产权', 'OR', '质押', '知识产权'])).toBe('"知识产权" AND "OR" AND "质押"');
    expect(ftsAllOf([])).toBeNull();
  });

  it('sends terms of three or more characters to the trigram index and shorter ones to the text scan', () => {
    expect(splitByTrigramReach(parseQuery('知识产权质押 处理 风 水处理 "𠀀𠀁"'))).toEqual({
      trigram: ['知识产权质押', '水处理'],
      short: ['处理', '风', '𠀀𠀁'],
    });
  });

  it('asks the word index for every indexable jieba token of every term', () => {
    expect(wordIndexMatch([['知识', '知识产权', '产权', '质押', '知识产权质押'], ['，'], ['融资']])).toBe(
      '"知识" AND "知识产权" AND "产权" AND "质押" AND "知识产权质押" AND "融资"',
    );
    expect(wordIndexMatch([['，', '*']])).toBeNull();
  });

  it('escapes LIKE wildcards', () => {
    expect(likeContains('10%')).toBe('%10\\%%');
    expect(likeContains('a_b\\c')).toBe('%a\\_b\\\\c%');
  });
});

describe('the words of a question, for hybrid search when its whole wording occurs nowhere', () => {
  it('keeps topic words and drops asking words, policy boilerplate and single characters', () => {
    expect(contentWords(['怎样', '推动', '海上风电', '海上', '风电', '等', '海洋', '新能源', '发展'])).toEqual(['海上风电', '海上', '风电', '海洋', '新能源']);
  });

  it('asks the word index for any of them, each quoted', () => {
    expect(wordIndexAnyOf(['如何', '中小企业', '融资', '"x'])).toBe('"中小企业" OR "融资" OR """x"');
    expect(wordIndexAnyOf(['如何', '的'])).toBeNull();
  });
});
