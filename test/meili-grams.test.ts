import { describe, expect, it } from 'vitest';
import { bigramTokens, charsField, encodeCodePoint, gramsField, termPhrase } from '../core/engine/meili/grams.js';
import { MAX_MEILI_TERMS, toMeiliQuery } from '../core/engine/meili/query.js';
import { FIXTURE_DOCUMENTS } from './utils/fixture-corpus.js';

/** Whether a Meilisearch phrase (`"w1 w2 …"`) occurs as consecutive words of a field. */
function phraseOccursIn(field: string, phrase: string): boolean {
  const words = field.split(' ');
  const wanted = phrase.replace(/^"|"$/g, '').split(' ');
  for (let i = 0; i + wanted.length <= words.length; i++) {
    if (wanted.every((w, k) => words[i + k] === w)) return true;
  }
  return false;
}

/** Whether keyword search on the encoded fields finds `term` in `text` (one-character terms use `chars`). */
function encodedMatch(text: string, term: string): boolean {
  const phrase = termPhrase(term) as string;
  return phraseOccursIn([...term].length === 1 ? charsField(text) : gramsField(text), phrase);
}

const CLAUSES = FIXTURE_DOCUMENTS.flatMap((d) => d.clauses);

describe('character n-gram fields', () => {
  it('writes every code point as seven digits, distinct for distinct characters', () => {
    expect(encodeCodePoint(0x6c34)).toBe('0027700'); // 水
    expect(bigramTokens('水处')).toEqual(['00277000022788']);
    const sample = ['水', '处', '理', 'a', 'b', '𠀾', '〔'].map((c) => encodeCodePoint(c.codePointAt(0) as number));
    expect(sample.every((t) => /^\d{7}$/.test(t))).toBe(true);
    expect(new Set(sample).size).toBe(sample.length);
    expect(encodeCodePoint(0x10ffff)).toBe('1114111');
  });

  it('has one bigram per pair of neighbouring characters, astral characters counted once', () => {
    expect(bigramTokens('废水处理')).toHaveLength(3);
    expect(bigramTokens('𠀾知识')).toHaveLength(2);
    expect(bigramTokens('水')).toEqual([]);
  });

  it('finds 水处理 inside 废水处理, where no word segmentation has a word 水处理', () => {
    const text = '电子行业废水处理、垃圾焚烧发电';
    expect(encodedMatch(text, '水处理')).toBe(true);
    expect(encodedMatch(text, '理、垃')).toBe(true);
    expect(encodedMatch(text, '水理')).toBe(false);
  });

  it('ignores case like the embedded engine: TA finds ta', () => {
    expect(encodedMatch('关于对《TA 20200005》提案的回复', 'ta 2020')).toBe(true);
    expect(termPhrase('TA')).toBe(termPhrase('ta'));
  });

  it.each(['知识产权质押', '水处理', '处理', '废弃物', '海上风电', '海洋新能源', '量子计算机', '新能源', '专利', '市', '8', '（三）', '责任单位：市'])(
    'matches "%s" in exactly the fixture clauses whose text contains it',
    (term) => {
      const containing = CLAUSES.filter((c) => c.text.toLowerCase().includes(term.toLowerCase())).map((c) => c.id);
      const matched = CLAUSES.filter((c) => encodedMatch(c.text, term)).map((c) => c.id);
      expect(matched).toEqual(containing);
    },
  );

  it('is a phrase of digits only, so nothing in it is Meilisearch syntax', () => {
    expect(termPhrase('"-OR "')).toMatch(/^"[\d ]+"$/);
    expect(termPhrase('')).toBeNull();
  });
});

describe('toMeiliQuery', () => {
  it('sends each term as one phrase and keeps the terms for highlighting', () => {
    const { terms, q } = toMeiliQuery('知识产权质押 "风险 补偿"');
    expect(terms).toEqual([
      { text: '知识产权质押', phrase: false },
      { text: '风险 补偿', phrase: true },
    ]);
    expect(q).toBe(`${termPhrase('知识产权质押')} ${termPhrase('风险 补偿')}`);
  });

  it('offers no "without" operator: -处理 searches for 处理', () => {
    expect(toMeiliQuery('-处理').q).toBe(termPhrase('处理'));
  });

  it('is empty for a query with no terms (a filter-only listing)', () => {
    expect(toMeiliQuery('  ，  ').q).toBe('');
  });

  it('keeps the first ten terms, the most Meilisearch reads', () => {
    const query = Array.from({ length: 12 }, (_, i) => `词${i}`).join(' ');
    expect(toMeiliQuery(query).terms).toHaveLength(MAX_MEILI_TERMS);
  });
});
