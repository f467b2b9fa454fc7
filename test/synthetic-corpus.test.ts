import { describe, expect, it } from 'vitest';
import type { IndexedDocument } from '../core/types.js';
import { createRng, generateSyntheticCorpus, splitSentences, varyNumbers } from './bench/synthetic-corpus.js';
import type { SourceClause } from './bench/synthetic-corpus.js';

/** Real clause texts from the seeds, with small made-up vectors (the generator only sums and perturbs them). */
const SOURCES: SourceClause[] = [
  {
    text: '（三）知识产权总量。专利申请量、专利授权量持续快速增长，2013年专利申请量达10000件，专利授权量6000件；2015年，知识产权优势企业突破30家。',
    vector: new Float32Array([1, 0, 0, 0]),
  },
  {
    text: '生物产业规模达到700亿元，开发出1个以上针对重大疾病、具有全球专利保护的创新药；年产值超十亿元企业10家。',
    vector: new Float32Array([0, 1, 0, 0]),
  },
  {
    text: '推进知识产权质押融资，支持海上风电等海洋新能源发展。',
    vector: new Float32Array([0, 0, Math.SQRT1_2, Math.SQRT1_2]),
  },
];

/** Splits on the characters a Chinese word segmenter would, enough to give each clause tokens. */
const tokenizer = {
  tokenize: (text: string) => text.split(/[，。；、（）]/u).filter(Boolean),
  keywords: (text: string, topN = 5) => text.split(/[，。；、（）]/u).filter(Boolean).slice(0, topN),
};

function generate(clauses: number, seed: number): IndexedDocument[] {
  return [...generateSyntheticCorpus(SOURCES, { clauses, seed, tokenizer, clausesPerDocument: [5, 30] })];
}

describe('synthetic corpus', () => {
  it('generates exactly the number of clauses asked for, in documents', () => {
    const docs = generate(1000, 7);
    expect(docs.reduce((n, d) => n + d.clauses.length, 0)).toBe(1000);
    expect(docs.length).toBeGreaterThanOrEqual(Math.ceil(1000 / 30));
    for (const d of docs) expect(d.document.clauseCount).toBe(d.clauses.length);
  });

  it('gives the same corpus for the same seed and a different one for another seed', () => {
    const a = generate(300, 42);
    const b = generate(300, 42);
    const c = generate(300, 43);
    expect(b.map((d) => d.clauses.map((x) => x.text))).toEqual(a.map((d) => d.clauses.map((x) => x.text)));
    expect(Array.from(b[0]!.clauses[0]!.vector!)).toEqual(Array.from(a[0]!.clauses[0]!.vector!));
    expect(c.map((d) => d.clauses.map((x) => x.text))).not.toEqual(a.map((d) => d.clauses.map((x) => x.text)));
  });

  it('gives every document and every clause a distinct, URL-safe id', () => {
    const docs = generate(2000, 1);
    const docIds = docs.map((d) => d.document.id);
    const clauseIds = docs.flatMap((d) => d.clauses.map((c) => c.id));
    expect(new Set(docIds).size).toBe(docIds.length);
    expect(new Set(clauseIds).size).toBe(2000);
    for (const id of [...docIds, ...clauseIds]) expect(id).toMatch(/^syn-20[12]\d-\d+(\.c\d+)?$/);
    for (const d of docs) for (const c of d.clauses) expect(c.docId).toBe(d.document.id);
  });

  it('makes unit-length vectors close to the real vectors of the sentences used', () => {
    for (const doc of generate(200, 5)) {
      for (const clause of doc.clauses) {
        const norm = Math.hypot(...clause.vector!);
        expect(norm).toBeCloseTo(1, 5);
        // Noise σ = 0.02 on 4 dimensions moves a vector by ≈ 0.04, so it still points where its sentences do.
        const cosines = SOURCES.map((s) => s.vector.reduce((sum, x, i) => sum + x * clause.vector![i]!, 0));
        expect(Math.max(...cosines)).toBeGreaterThan(0.5);
      }
    }
  });

  it('builds texts only from real sentences, spreads documents over 2010–2020, both levels and several issuers', () => {
    const docs = generate(3000, 9);
    const years = new Set(docs.map((d) => d.document.year ?? 0));
    expect(Math.min(...years)).toBe(2010);
    expect(Math.max(...years)).toBe(2020);
    expect(new Set(docs.map((d) => d.document.level))).toEqual(new Set(['市', '区']));
    expect(new Set(docs.map((d) => d.document.issuer)).size).toBeGreaterThanOrEqual(6);
    for (const d of docs) {
      expect(d.document.issuer?.startsWith(d.document.level === '市' ? '深圳市' : '福田区')).toBe(true);
      expect(d.document.date?.startsWith(String(d.document.year))).toBe(true);
    }
    const realWithoutDigits = new Set(SOURCES.flatMap((s) => splitSentences(s.text)).map((s) => s.replace(/\d+/gu, '#')));
    const clause = docs[0]!.clauses[0]!;
    for (const sentence of splitSentences(clause.text)) expect(realWithoutDigits.has(sentence.replace(/\d+/gu, '#'))).toBe(true);
    expect(clause.tokens).toBe(tokenizer.tokenize(clause.text).join(' '));
  });

  it('refuses to grow a corpus from nothing', () => {
    expect(() => [...generateSyntheticCorpus([], { clauses: 10, seed: 1, tokenizer })]).toThrow('at least one real clause');
  });
});

describe('sentences and numbers', () => {
  it('splits a clause after 。 and ；, keeping the punctuation', () => {
    expect(splitSentences('推进知识产权质押融资；支持海洋新能源发展。另，每年引进5个团队。')).toEqual([
      '推进知识产权质押融资；',
      '支持海洋新能源发展。',
      '另，每年引进5个团队。',
    ]);
  });

  it('turns years into years of 2010–2020 and other numbers into numbers of the same length', () => {
    const rng = createRng(3);
    for (let i = 0; i < 50; i++) {
      const varied = varyNumbers('2013年专利申请量达10000件，2015—2017年突破30家', rng);
      const m = /^(\d{4})年专利申请量达(\d{5})件，(\d{4})—(\d{4})年突破(\d{2})家$/u.exec(varied);
      expect(m).not.toBeNull();
      for (const year of [m![1], m![3], m![4]]) expect(Number(year)).toBeGreaterThanOrEqual(2010);
      for (const year of [m![1], m![3], m![4]]) expect(Number(year)).toBeLessThanOrEqual(2020);
      expect(m![2]!.startsWith('0')).toBe(false);
    }
  });
});
