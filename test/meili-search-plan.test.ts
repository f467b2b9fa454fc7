/**
 * What the Meilisearch adapter asks for one search, and how it reads the answers, checked without a
 * server: the queries are data, the answers are built here the way Meilisearch shapes them.
 */
import type { Hit, MultiSearchResult } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import type { IndexedClause } from '../core/types.js';
import { type ClauseRecord, toClauseRecord } from '../core/engine/meili/documents.js';
import { termPhrase } from '../core/engine/meili/grams.js';
import {
  HYBRID_SEMANTIC_RATIO,
  PAGE_FIELDS,
  SearchRequestBug,
  assembleSearch,
  hybridSignals,
  pageParams,
  planHybridPage,
  planSearch,
} from '../core/engine/meili/search-plan.js';
import type { SearchRequest } from '../core/engine/types.js';
import { FIXTURE_DOCUMENTS, fixtureClause } from './utils/fixture-corpus.js';

const INDEX = 'test_clauses';

/** A clause hit as Meilisearch returns it, with a vector of our choosing. */
function hit(clauseId: string, vector: number[] = [1, 0, 0, 0], extra: Partial<Hit<ClauseRecord>> = {}): Hit<ClauseRecord> {
  const clause = fixtureClause(clauseId);
  const document = FIXTURE_DOCUMENTS.find((d) => d.document.id === clause.docId)!.document;
  const indexed: IndexedClause = { ...clause, tokens: '', headingTokens: '', keywords: [], vector: Float32Array.from(vector) };
  const record = toClauseRecord(indexed, document);
  return { ...record, _vectors: { default: { embeddings: [vector], regenerate: false } } as never, ...extra };
}

function answer(hits: Array<Hit<ClauseRecord>>, extra: Partial<MultiSearchResult<ClauseRecord>> = {}): MultiSearchResult<ClauseRecord> {
  return { indexUid: INDEX, hits, query: '', processingTimeMs: 1, ...extra };
}

/** A unit vector at angle θ from [1, 0, 0, 0]: its cosine with the query is cos θ. */
function at(cos: number): number[] {
  return [cos, Math.sqrt(1 - cos * cos), 0, 0];
}

function request(overrides: Partial<SearchRequest>): SearchRequest {
  return { q: '知识产权质押', mode: 'keyword', filters: {}, limit: 20, offset: 0, ...overrides };
}

describe('pagination with exact totals', () => {
  it.each([
    [0, 20, { page: 1, hitsPerPage: 20, skip: 0 }],
    [40, 20, { page: 3, hitsPerPage: 20, skip: 0 }],
    [5, 20, { page: 1, hitsPerPage: 25, skip: 5 }],
    [7, 0, { page: 1, hitsPerPage: 0, skip: 0 }],
  ])('offset %i, limit %i asks for %o', (offset, limit, expected) => {
    expect(pageParams(offset, limit)).toEqual(expected);
  });
});

describe('keyword search plan', () => {
  const req = request({ filters: { yearFrom: 2013, issuer: ['深圳市人民政府'] } });
  const plan = planSearch(req, INDEX);

  it('asks one page query, plus one count per facet whose own filter is set', () => {
    expect(plan.queries).toEqual([
      {
        indexUid: INDEX,
        q: termPhrase('知识产权质押'),
        attributesToSearchOn: ['grams', 'chars'],
        matchingStrategy: 'all',
        filter: 'year >= 2013 AND issuer IN ["深圳市人民政府"]',
        facets: ['level', 'docType', 'status'],
        page: 1,
        hitsPerPage: 20,
        attributesToRetrieve: PAGE_FIELDS,
        showRankingScore: true,
      },
      {
        indexUid: INDEX,
        q: termPhrase('知识产权质押'),
        attributesToSearchOn: ['grams', 'chars'],
        matchingStrategy: 'all',
        filter: 'issuer IN ["深圳市人民政府"]',
        facets: ['year', 'yearLevel'],
        page: 1,
        hitsPerPage: 0,
      },
      {
        indexUid: INDEX,
        q: termPhrase('知识产权质押'),
        attributesToSearchOn: ['grams', 'chars'],
        matchingStrategy: 'all',
        filter: 'year >= 2013',
        facets: ['issuer'],
        page: 1,
        hitsPerPage: 0,
      },
    ]);
  });

  it('reads the exact total, the disjunctive facets and year × level from the answers', () => {
    const result = assembleSearch(plan, [
      answer([hit('szf-2015-54.6', undefined, { _rankingScore: 0.93 })], {
        totalHits: 1,
        facetDistribution: { level: { 市: 1 }, docType: { 实施方案: 1 }, status: { 现行有效: 1 } },
      }),
      answer([], {
        totalHits: 1,
        facetDistribution: { year: { '2010': 1, '2015': 1 }, yearLevel: { '2010|市': 1, '2015|市': 1 } },
      }),
      answer([], { totalHits: 2, facetDistribution: { issuer: { 深圳市人民政府: 1, 福田区人民政府办公室: 1 } } }),
    ]);
    expect(result.total).toBe(1);
    expect(result.facets).toEqual({
      year: { '2010': 1, '2015': 1 },
      issuer: { 深圳市人民政府: 1, 福田区人民政府办公室: 1 },
      level: { 市: 1 },
      docType: { 实施方案: 1 },
      validity: { 现行有效: 1 },
      yearByLevel: { '2010': { 市: 1 }, '2015': { 市: 1 } },
    });
    const [first] = result.hits;
    expect(first?.clause.id).toBe('szf-2015-54.6');
    expect(first?.score).toBe(0.93);
    expect(first?.matched).toEqual(['keyword']);
    // 知识产权质押 twice in item 81: highlighted where it stands, in UTF-16 offsets.
    const text = fixtureClause('szf-2015-54.6').text;
    expect(first?.highlights.map(([s, e]) => text.slice(s, e))).toEqual(['知识产权质押', '知识产权质押']);
    expect(first?.highlights[0]).toEqual([text.indexOf('知识产权质押'), text.indexOf('知识产权质押') + 6]);
  });

  it('cuts an unaligned page out of the first offset + limit hits', () => {
    const p = planSearch(request({ offset: 1, limit: 2 }), INDEX);
    expect(p.queries[0]).toMatchObject({ page: 1, hitsPerPage: 3 });
    const result = assembleSearch(p, [
      answer([hit('szfb-2010-98.6'), hit('ffb-2013-20.4'), hit('szf-2015-54.6')], { totalHits: 3, facetDistribution: {} }),
    ]);
    expect(result.hits.map((h) => h.clause.id)).toEqual(['ffb-2013-20.4', 'szf-2015-54.6']);
  });
});

describe('a query with no terms lists clauses in reading order, in any mode', () => {
  it('needs no vector and sorts by document date, then clause position', () => {
    const plan = planSearch(request({ q: ' ', mode: 'semantic', filters: { level: ['区'] } }), INDEX);
    expect(plan.kind).toBe('list');
    expect(plan.queries[0]).toMatchObject({ q: '', sort: ['year:asc', 'date:asc', 'docId:asc', 'ordinal:asc'], filter: 'level IN ["区"]' });
    const result = assembleSearch(plan, [
      answer([hit('ffb-2013-20.0')], { totalHits: 8, facetDistribution: { year: { '2013': 8 } } }),
      answer([], { totalHits: 31, facetDistribution: { level: { 市: 23, 区: 8 } } }),
    ]);
    expect(result.total).toBe(8);
    expect(result.facets.level).toEqual({ 市: 23, 区: 8 });
    expect(result.hits[0]).toMatchObject({ score: 0, matched: [], highlights: [] });
  });
});

describe('semantic search plan', () => {
  const vector = Float32Array.from([1, 0, 0, 0]);

  it('refuses to run without the query vector instead of silently searching by keyword', () => {
    expect(() => planSearch(request({ mode: 'semantic' }), INDEX)).toThrow(SearchRequestBug);
    expect(() => planSearch(request({ mode: 'hybrid' }), INDEX)).toThrow('hybrid search needs the query vector');
  });

  it('asks for the nearest 100 with their vectors, keeps cosine ≥ 0.45, and counts those', () => {
    const plan = planSearch(request({ mode: 'semantic', vector, limit: 2 }), INDEX);
    expect(plan.queries).toHaveLength(1);
    expect(plan.queries[0]).toMatchObject({
      q: '',
      vector: [1, 0, 0, 0],
      hybrid: { embedder: 'default', semanticRatio: 1 },
      limit: 100,
      retrieveVectors: true,
    });
    const result = assembleSearch(plan, [
      answer([
        hit('szf-2015-54.6', at(0.62)),
        hit('szf-2018-84.3', at(0.91)),
        hit('szfb-2010-98.6', at(0.5)),
        hit('ffb-2013-20.0', at(0.3)),
      ]),
    ]);
    expect(result.total).toBe(3);
    expect(result.hits.map((h) => [h.clause.id, Number(h.score.toFixed(2)), h.matched])).toEqual([
      ['szf-2018-84.3', 0.91, ['semantic']],
      ['szf-2015-54.6', 0.62, ['semantic']],
    ]);
    expect(result.facets.year).toEqual({ '2010': 1, '2015': 1, '2018': 1 });
    expect(result.facets.yearByLevel).toEqual({ '2010': { 市: 1 }, '2015': { 市: 1 }, '2018': { 市: 1 } });
  });
});

describe('hybrid search plan', () => {
  const vector = Float32Array.from([1, 0, 0, 0]);
  const plan = planSearch(request({ mode: 'hybrid', vector, limit: 4 }), INDEX);
  const keywordList = answer([hit('szf-2015-54.6'), hit('szfb-2010-98.6')]);
  const semanticList = answer([hit('szf-2015-54.6', at(0.8)), hit('szf-2018-84.3', at(0.6)), hit('ffb-2013-20.0', at(0.2))]);

  it('first asks for the keyword top 100 and the semantic candidates', () => {
    expect(plan.queries.map((q) => [q.q, q.hybrid?.semanticRatio ?? null, q.limit])).toEqual([
      [termPhrase('知识产权质押'), null, 100],
      ['', 1, 100],
    ]);
  });

  it('then has Meilisearch rank one page of their union, and only of their union', () => {
    const pageQuery = planHybridPage(plan, [keywordList, semanticList]);
    expect(pageQuery).toMatchObject({
      q: termPhrase('知识产权质押'),
      vector: [1, 0, 0, 0],
      hybrid: { embedder: 'default', semanticRatio: HYBRID_SEMANTIC_RATIO },
      filter: 'id IN ["szf-2015-54__6", "szfb-2010-98__6", "szf-2018-84__3"]',
      offset: 0,
      limit: 4,
    });
    expect(planHybridPage({ ...plan, offset: 3 }, [keywordList, semanticList])).toBeNull();
  });

  it('counts the union and says per hit which lists contain it', () => {
    const page = answer([
      hit('szf-2018-84.3', undefined, { _rankingScore: 0.8 }),
      hit('szf-2015-54.6', undefined, { _rankingScore: 0.7 }),
      hit('szfb-2010-98.6', undefined, { _rankingScore: 0.5 }),
    ]);
    const result = assembleSearch(plan, [keywordList, semanticList], page);
    expect(result.total).toBe(3);
    expect(result.hits.map((h) => [h.clause.id, h.score, h.matched])).toEqual([
      ['szf-2018-84.3', 0.8, ['semantic']],
      ['szf-2015-54.6', 0.7, ['keyword', 'semantic']],
      ['szfb-2010-98.6', 0.5, ['keyword']],
    ]);
    expect(result.facets.year).toEqual({ '2010': 1, '2015': 1, '2018': 1 });
    expect(result.facets.level).toEqual({ 市: 3 });
  });

  it('labels the signals like the embedded engine’s fusion', () => {
    expect(hybridSignals(true, true)).toEqual(['keyword', 'semantic']);
    expect(hybridSignals(true, false)).toEqual(['keyword']);
    expect(hybridSignals(false, true)).toEqual(['semantic']);
  });
});
