/**
 * What a user sees when searching the five real policy texts, indexed by the real pipeline
 * (parser, jieba, bge-small-zh) into the embedded engine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine, SearchMode, SearchRequest } from '../core/engine/types.js';
import type { Embedder } from '../core/types.js';
import { openRealIndex } from './utils/real-index.js';

let engine: SearchEngine;
let embedder: Embedder;

beforeAll(async () => {
  ({ engine, embedder } = (await openRealIndex()).runtime);
});

async function search(q: string, mode: SearchMode = 'keyword', extra: Partial<SearchRequest> = {}) {
  const vector = mode === 'keyword' ? undefined : await embedder.embedQuery(q);
  return engine.search({ q, mode, filters: {}, limit: 100, offset: 0, vector, ...extra });
}

/** Every clause of the corpus, read back through the engine, to check recall against the plain text. */
async function allClauses() {
  const docs = await engine.listDocuments();
  const full = await Promise.all(docs.map((d) => engine.getDocument(d.id)));
  return full.flatMap((d) => d?.clauses ?? []);
}

describe('keyword search on the real corpus', () => {
  it('"知识产权质押" finds exactly the 2010, 2013 and 2015 clauses, best match first', async () => {
    const result = await search('知识产权质押');
    expect(result.hits.map((h) => h.clause.id)).toEqual(['szf-2015-54.s4.81', 'szfb-2010-98.s4.4.2', 'ftfb-2013-20.s3.4.1.1']);
    expect(result.total).toBe(3);
    expect(result.facets.year).toEqual({ '2010': 1, '2013': 1, '2015': 1 });
    for (const hit of result.hits) {
      expect(hit.matched).toEqual(['keyword']);
      for (const [start, end] of hit.highlights) expect(hit.clause.text.slice(start, end)).toBe('知识产权质押');
    }
  });

  it.each([
    ['关键核心技术', 'szf-2015-54.s4.13'],
    ['微小卫星', 'szf-2015-54.s4.40'],
    ['产业空间', 'ta-20200005.s5.2'],
  ])('finds "%s", a word the conversion split across a page break, in %s', async (word, clauseId) => {
    const result = await search(word);
    const hit = result.hits.find((h) => h.clause.id === clauseId);
    expect(hit, `${clauseId} among the hits for ${word}`).toBeDefined();
    expect(hit?.clause.text).toContain(word);
  });

  it('returns every clause that contains a term, and only those (exact-term recall)', async () => {
    const clauses = await allClauses();
    for (const term of ['知识产权', '孵化器', '专利', '园', '处理', '5G', '集成电路', '深港科技创新合作区']) {
      const expected = clauses.filter((c) => c.text.includes(term)).map((c) => c.id).sort();
      const result = await search(term);
      expect(result.hits.map((h) => h.clause.id).sort(), term).toEqual(expected);
      expect(result.total, term).toBe(expected.length);
    }
  });

  it('a quoted phrase matches exactly, and a term in no document returns nothing', async () => {
    expect((await search('"知识产权质押融资"')).hits.map((h) => h.clause.id)).toEqual(['szf-2015-54.s4.81']);
    const none = await search('量子计算机');
    expect(none.total).toBe(0);
    expect(none.hits).toEqual([]);
  });

  it('filters and facet counts agree with each other', async () => {
    const all = await search('知识产权');
    const levelSum = Object.values(all.facets.level).reduce((a, b) => a + b, 0);
    expect(levelSum).toBe(all.total);
    for (const [level, count] of Object.entries(all.facets.level)) {
      const filtered = await search('知识产权', 'keyword', { filters: { level: [level as '市' | '区'] } });
      expect(filtered.total, level).toBe(count);
      expect(filtered.hits.every((h) => h.document.level === level)).toBe(true);
      // Disjunctive: the level facet still shows the other level while one is selected.
      expect(filtered.facets.level).toEqual(all.facets.level);
    }
    const years = await search('知识产权', 'keyword', { filters: { yearFrom: 2013, yearTo: 2015 } });
    expect(years.hits.every((h) => h.document.year !== null && h.document.year >= 2013 && h.document.year <= 2015)).toBe(true);
    expect(years.total).toBe((all.facets.year['2013'] ?? 0) + (all.facets.year['2015'] ?? 0));
  });
});

describe('semantic and hybrid search on the real corpus', () => {
  it('a question about 海上风电 and 海洋新能源 ranks the 2018 and 2015 ocean-energy clauses at the top', async () => {
    for (const mode of ['semantic', 'hybrid'] as const) {
      const top = (await search('怎样推动海上风电等海洋新能源发展', mode)).hits.slice(0, 3).map((h) => h.clause.id);
      expect(top, mode).toContain('szf-2018-84.s2.7.p1');
      expect(top, mode).toContain('szf-2015-54.s4.47');
    }
  });

  it('hybrid answers a question whose wording occurs nowhere by the words it shares with clauses, and shows them', async () => {
    const result = await search('怎样推动海上风电等海洋新能源发展', 'hybrid', { limit: 10 });
    const ocean = result.hits.find((h) => h.clause.id === 'szf-2015-54.s4.47');
    expect(ocean?.matched).toEqual(['keyword', 'semantic']);
    const shown = ocean?.highlights.map(([s, e]) => ocean.clause.text.slice(s, e)) ?? [];
    expect(shown).toContain('海上风电');
    // Asking words and policy boilerplate are not what a clause is about.
    expect(shown).not.toContain('发展');
    expect(shown).not.toContain('怎样');
  });

  it('hybrid marks which signals found each hit', async () => {
    const result = await search('知识产权质押', 'hybrid', { limit: 20 });
    const byId = new Map(result.hits.map((h) => [h.clause.id, h.matched]));
    expect(byId.get('szf-2015-54.s4.81')).toEqual(['keyword', 'semantic']);
    expect(result.hits.some((h) => h.matched.length === 1 && h.matched[0] === 'semantic')).toBe(true);
    // Every clause that contains the term is still in the hybrid list.
    for (const id of ['szf-2015-54.s4.81', 'szfb-2010-98.s4.4.2', 'ftfb-2013-20.s3.4.1.1']) expect(byId.has(id), id).toBe(true);
  });
});

describe('a clause read back from the index', () => {
  it('carries its jieba TF-IDF keywords for display, led by what the clause is about', async () => {
    const found = await engine.getClause('szf-2015-54.s4.81');
    expect(found?.clause.keywords[0]).toBe('知识产权质押融资');
    expect(found?.clause.keywords).toContain('知识产权');
    expect(found?.clause.keywords.every((k) => !/^\d+$/.test(k))).toBe(true);
  });
});

describe('similar clauses on the real corpus', () => {
  it('for the 2015 知识产权质押 clause, the 2010 one comes first and the 2013 one is in the top ten, never its own document', async () => {
    const result = await engine.similar('szf-2015-54.s4.81', { limit: 10 });
    const ids = result?.hits.map((h) => h.clause.id) ?? [];
    expect(ids[0]).toBe('szfb-2010-98.s4.4.2');
    expect(ids).toContain('ftfb-2013-20.s3.4.1.1');
    expect(ids.every((id) => !id.startsWith('szf-2015-54.'))).toBe(true);
  });

  it('for the long 2018 知识产权保护与运营 clause, the 2020 trading platform and the 2015 protection clauses 79, 80 and 83 make the top five, found by meaning and by its keywords', async () => {
    const result = await engine.similar('szf-2018-84.s4.5.p1', { limit: 10 });
    const top5 = result?.hits.slice(0, 5) ?? [];
    expect(top5.map((h) => h.clause.id)).toEqual(
      expect.arrayContaining(['ta-20200005.s5.3', 'szf-2015-54.s4.79', 'szf-2015-54.s4.80', 'szf-2015-54.s4.83']),
    );
    expect(top5.every((h) => h.matched.join() === 'semantic,keyword')).toBe(true);
    // The score stays the cosine the page shows as 相似度; the order is the fused one.
    expect(top5.every((h) => h.score > 0.7 && h.score < 0.9)).toBe(true);
  });

  it('with otherDocsOnly false it may return clauses of the same document, but never the clause itself', async () => {
    const result = await engine.similar('szf-2015-54.s4.81', { otherDocsOnly: false, limit: 10 });
    const ids = result?.hits.map((h) => h.clause.id) ?? [];
    expect(ids.some((id) => id.startsWith('szf-2015-54.'))).toBe(true);
    expect(ids).not.toContain('szf-2015-54.s4.81');
  });
});
