import { describe, expect, it } from 'vitest';
import type { IndexedClause } from '../core/types.js';
import {
  clauseFromRecord,
  cosine,
  decodeMeiliId,
  documentFromRecord,
  encodeMeiliId,
  retrievedVector,
  splitYearLevel,
  summaryFromRecord,
  toClauseRecord,
  toDocumentRecord,
  toRecords,
  vectorToJson,
} from '../core/engine/meili/documents.js';
import { gramsField } from '../core/engine/meili/grams.js';
import { FIXTURE_DOCUMENTS, fixtureClause } from './utils/fixture-corpus.js';
import { hashVector } from './utils/hash-embedder.js';

const MEILI_ID = /^[A-Za-z0-9_-]{1,511}$/;

const pledgeDoc = FIXTURE_DOCUMENTS.find((d) => d.document.id === 'szf-2015-54')!.document;

function indexed(id: string): IndexedClause {
  const clause = fixtureClause(id);
  return { ...clause, tokens: '知识产权 知识 产权 质押', headingTokens: '', keywords: ['知识产权'], vector: hashVector(clause.text) };
}

describe('Meilisearch document ids', () => {
  it('keeps clause ids readable: szf-2015-54.s4.81 becomes szf-2015-54__s4__81', () => {
    expect(encodeMeiliId('szf-2015-54.s4.81')).toBe('szf-2015-54__s4__81');
    expect(encodeMeiliId('szf-2015-54')).toBe('szf-2015-54');
  });

  it.each([
    'szf-2015-54.s4.81',
    'a.b',
    'a__b',
    'a_b',
    'a._b',
    '深府〔2015〕54号',
    'TA 20200005.𠀾.1',
    '~.~',
  ])('maps %s to a valid Meilisearch id and back', (id) => {
    const encoded = encodeMeiliId(id);
    expect(encoded).toMatch(MEILI_ID);
    expect(decodeMeiliId(encoded)).toBe(id);
  });

  it('never maps two ids to the same Meilisearch id', () => {
    const ids = ['a.b', 'a__b', 'a_b', 'a_002eb', 'a-b', 'a.b.', 'a..b'];
    expect(new Set(ids.map(encodeMeiliId)).size).toBe(ids.length);
  });

  it('refuses strings no id encodes to, and ids Meilisearch could not store', () => {
    expect(() => decodeMeiliId('a_zz')).toThrow('bad escape');
    expect(() => decodeMeiliId('a.b')).toThrow('unexpected "."');
    expect(() => encodeMeiliId('')).toThrow('cannot be empty');
    expect(() => encodeMeiliId('x'.repeat(512))).toThrow('too long');
  });
});

describe('clause records', () => {
  const record = toClauseRecord(indexed('szf-2015-54.6'), pledgeDoc);

  it('carries the clause, its document fields and the year × level facet value', () => {
    expect(record).toMatchObject({
      id: 'szf-2015-54__6',
      clauseId: 'szf-2015-54.6',
      docId: 'szf-2015-54',
      number: '81.',
      path: ['四、主要任务及分工', '（三）优化综合创新生态体系。'],
      title: '深圳国家自主创新示范区建设实施方案',
      docNumber: '深府〔2015〕54号',
      proposalNumber: null,
      issuer: '深圳市人民政府',
      level: '市',
      year: 2015,
      docType: '实施方案',
      yearLevel: '2015|市',
      tokens: '知识产权 知识 产权 质押',
    });
    expect(record.text.startsWith('81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台')).toBe(true);
    expect(record.grams).toBe(gramsField(record.text));
  });

  it('stores the vector under _vectors.default, each float32 exactly', () => {
    const vector = hashVector(fixtureClause('szf-2015-54.6').text);
    expect(record._vectors.default).toHaveLength(512);
    expect(Float32Array.from(record._vectors.default ?? [])).toEqual(vector);
    // Nine significant digits read back as the same float32, in well under the JSON of the float64 expansion.
    const dense = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i + 1) / 23);
    expect(Float32Array.from(vectorToJson(dense))).toEqual(dense);
    expect(JSON.stringify(vectorToJson(dense)).length).toBeLessThan(0.7 * JSON.stringify(Array.from(dense)).length);
  });

  it('reads back the same clause and document summary', () => {
    expect(clauseFromRecord(record)).toEqual({ ...fixtureClause('szf-2015-54.6'), keywords: ['知识产权'] });
    expect(summaryFromRecord(record)).toEqual({
      id: 'szf-2015-54',
      title: '深圳国家自主创新示范区建设实施方案',
      proposalNumber: null,
      docNumber: '深府〔2015〕54号',
      issuer: '深圳市人民政府',
      level: '市',
      year: 2015,
      date: '2015-07-22',
      docType: '实施方案',
    });
  });

  it('has no year × level value when the year or the level is unknown', () => {
    expect(toClauseRecord(indexed('szf-2015-54.6'), { ...pledgeDoc, level: null }).yearLevel).toBeNull();
    expect(toClauseRecord(indexed('szf-2015-54.6'), { ...pledgeDoc, year: null }).yearLevel).toBeNull();
    expect(splitYearLevel('2015|市')).toEqual({ year: '2015', level: '市' });
    expect(splitYearLevel('2015|')).toBeNull();
  });

  it('turns a whole corpus into one record per document and per clause', () => {
    const docs = FIXTURE_DOCUMENTS.map((d) => ({
      document: d.document,
      clauses: d.clauses.map((c) => ({ ...c, tokens: '', headingTokens: '', keywords: [], vector: hashVector(c.text) })),
    }));
    const { documents, clauses } = toRecords(docs);
    expect(documents.map((d) => d.id)).toEqual(['szfb-2010-98', 'ffb-2013-20', 'szf-2015-54', 'szf-2018-84']);
    expect(clauses).toHaveLength(31);
    expect(clauses.every((c) => MEILI_ID.test(c.id))).toBe(true);
  });
});

describe('document records', () => {
  it('round-trips every field of a policy document', () => {
    const record = toDocumentRecord(pledgeDoc);
    expect(record).toMatchObject({ id: 'szf-2015-54', docId: 'szf-2015-54', recordType: 'document' });
    expect(documentFromRecord(record)).toEqual(pledgeDoc);
  });

  it('round-trips the history, effective date and order number of a law', () => {
    const law = {
      ...pledgeDoc,
      id: 'xzfg-596',
      title: '个体工商户条例',
      effectiveDate: '2011-11-01',
      orderNumber: '中华人民共和国国务院令第596号',
      history: [{ date: '2011-04-16', body: '国务院', action: '公布' as const, text: '2011年4月16日中华人民共和国国务院令第596号公布' }],
      level: '国家' as const,
    };
    const record = toDocumentRecord(law);
    expect(record).toMatchObject({ effectiveDate: '2011-11-01', orderNumber: law.orderNumber, history: law.history });
    expect(documentFromRecord(record)).toEqual(law);
  });

  it('reads a record written before legislative fields existed as a document without history', () => {
    const { effectiveDate: _e, history: _h, orderNumber: _o, ...old } = toDocumentRecord(pledgeDoc);
    expect(documentFromRecord(old as ReturnType<typeof toDocumentRecord>)).toEqual(pledgeDoc);
  });
});

describe('article records', () => {
  it('carry the paragraph and item spans of an article and read them back', () => {
    const spans = [
      { kind: 'paragraph' as const, paragraph: 1, item: null, label: null, start: 0, end: 10 },
      { kind: 'item' as const, paragraph: 1, item: 1, label: '（一）', start: 5, end: 10 },
    ];
    const clause = { ...indexed('szf-2015-54.6'), kind: 'article' as const, number: '第二十条', spans };
    const record = toClauseRecord(clause, pledgeDoc);
    expect(record.spans).toEqual(spans);
    expect(clauseFromRecord(record).spans).toEqual(spans);
    const { spans: _s, ...old } = record;
    expect(clauseFromRecord(old as typeof record).spans).toEqual([]);
  });
});

describe('vectors Meilisearch sends back', () => {
  it('reads the retrieveVectors shape and the plain one', () => {
    expect(retrievedVector({ _vectors: { default: { embeddings: [[0.5, 0.5]], regenerate: false } } })).toEqual([0.5, 0.5]);
    expect(retrievedVector({ _vectors: { default: [0.6, 0.8] } })).toEqual([0.6, 0.8]);
    expect(retrievedVector({ _vectors: { default: { embeddings: [], regenerate: false } } })).toBeNull();
    expect(retrievedVector({})).toBeNull();
  });

  it('computes cosine similarity', () => {
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([3, 4], [6, 8])).toBeCloseTo(1, 12);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow('differ in length');
  });
});
