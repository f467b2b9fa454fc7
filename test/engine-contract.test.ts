/**
 * The contract every search engine meets, run against each engine in test/utils/engines.ts on the
 * hand-built fixture corpus (test/utils/fixture-corpus.ts: real clauses from the 2010, 2013, 2015 and 2018
 * texts), with the real jieba tokenizer and the deterministic hash embedder.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import type { IndexedDocument } from '../core/types.js';
import type { DocumentValidity } from '../core/versions/validity.js';
import type { SearchEngine, SearchFilters, SearchMode, SearchResult } from '../core/engine/types.js';
import { engineFactories } from './utils/engines.js';
import type { EngineUnderTest } from './utils/engines.js';
import { FIXTURE_DOCUMENTS, fixtureClause, indexFixture, storedClause } from './utils/fixture-corpus.js';
import { createHashEmbedder } from './utils/hash-embedder.js';

const tokenizer = createJiebaTokenizer();
const embedder = createHashEmbedder();
const FINGERPRINT = 'fixture-v1';

let corpus: IndexedDocument[];
beforeAll(async () => {
  corpus = await indexFixture({ tokenizer, embedder });
});

const ALL_CLAUSES = FIXTURE_DOCUMENTS.flatMap((d) => d.clauses);
const PLEDGE_CLAUSES = ['szfb-2010-98.6', 'ffb-2013-20.4', 'szf-2015-54.6'];

function keyword(engine: SearchEngine, q: string, filters: SearchFilters = {}, page = { limit: 50, offset: 0 }): Promise<SearchResult> {
  return engine.search({ q, mode: 'keyword', filters, ...page });
}

async function byMeaning(engine: SearchEngine, mode: SearchMode, q: string, like: string, filters: SearchFilters = {}): Promise<SearchResult> {
  return engine.search({ q, mode, filters, limit: 50, offset: 0, vector: await embedder.embedQuery(like) });
}

const ids = (r: { hits: Array<{ clause: { id: string } }> }) => r.hits.map((h) => h.clause.id);
const sorted = (list: string[]) => [...list].sort();
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

describe.each(engineFactories)('$name engine', (factory) => {
  describe('versions and 时效性', () => {
    // The fixture's 2010 and 2015 plans stand in for two versions of one work: 2010 已被修改, 2015 现行有效.
    const WORK = 'w-fixture00001';
    const version = (docId: string, n: number, status: '现行有效' | '已被修改'): DocumentValidity => ({
      status, workId: WORK, version: n, versions: 2, inForceId: status === '现行有效' ? null : 'szf-2015-54',
      effectiveDate: null, repealDate: null, repealedBy: null, basis: 'versions',
    });
    let under: EngineUnderTest;
    let engine: SearchEngine;
    beforeAll(async () => {
      under = await factory.create({ tokenizer });
      engine = under.engine;
      const versioned = corpus.map((d) =>
        d.document.id === 'szfb-2010-98'
          ? { ...d, document: { ...d.document, validity: version(d.document.id, 1, '已被修改') } }
          : d.document.id === 'szf-2015-54'
            ? { ...d, document: { ...d.document, validity: version(d.document.id, 2, '现行有效') } }
            : d,
      );
      await engine.replaceAll(versioned, { fingerprint: 'fixture-versions' });
    });
    afterAll(() => under.cleanup());

    it('filters to the texts in force and counts the 时效性 facet without its own filter', async () => {
      const r = await keyword(engine, '知识产权质押', { validity: ['现行有效'] });
      expect(sorted(ids(r))).toEqual(['ffb-2013-20.4', 'szf-2015-54.6']);
      expect(r.facets.validity).toEqual({ 现行有效: 2, 已被修改: 1 });
      expect(sorted(ids(await keyword(engine, '知识产权质押', { validity: ['已被修改'] })))).toEqual(['szfb-2010-98.6']);
    });

    it('every hit, clause and document carries its validity; one indexed without it has none', async () => {
      const r = await keyword(engine, '知识产权质押');
      const byDoc = Object.fromEntries(r.hits.map((h) => [h.document.id, h.document.validity?.status ?? null]));
      expect(byDoc).toEqual({ 'szfb-2010-98': '已被修改', 'ffb-2013-20': null, 'szf-2015-54': '现行有效' });
      expect((await engine.getClause('szfb-2010-98.6'))?.document.validity).toEqual(version('szfb-2010-98', 1, '已被修改'));
      expect((await engine.getDocument('szf-2015-54'))?.document.validity?.status).toBe('现行有效');
    });

    it('lists the versions of a work, oldest first', async () => {
      expect((await engine.versionsOf(WORK)).map((d) => d.id)).toEqual(['szfb-2010-98', 'szf-2015-54']);
      expect(await engine.versionsOf('w-none')).toEqual([]);
    });

    it('similar clauses can leave out every version of the source’s work', async () => {
      const r = await engine.similar('szf-2015-54.6', { limit: 30, filters: { excludeWorkId: WORK } });
      expect(r?.hits.length).toBeGreaterThan(0);
      expect(r?.hits.some((h) => ['szfb-2010-98', 'szf-2015-54'].includes(h.document.id))).toBe(false);
    });

    it('setValidity changes a document’s status in every search without rewriting its clauses', async () => {
      expect(sorted(ids(await keyword(engine, '海上风电', { validity: ['现行有效'] })))).toEqual(['szf-2015-54.5', 'szf-2018-84.3']);
      const repealed: DocumentValidity = { ...version('szf-2018-84', 1, '现行有效'), status: '已废止', workId: 'w-fixture00002', versions: 1, basis: 'metadata', repealDate: '2025-01-01' };
      await engine.setValidity([{ docId: 'szf-2018-84', validity: repealed }, { docId: 'no-such-doc', validity: repealed }]);
      expect(sorted(ids(await keyword(engine, '海上风电', { validity: ['现行有效'] })))).toEqual(['szf-2015-54.5']);
      expect(sorted(ids(await keyword(engine, '海上风电', { validity: ['已废止'] })))).toEqual(['szf-2018-84.3']);
      expect((await engine.getDocument('szf-2018-84'))?.document.validity).toEqual(repealed);
      expect((await engine.getClause('szf-2018-84.3'))?.clause.text).toContain('海上风电');
    });
  });

  describe('on the fixture corpus', () => {
    let under: EngineUnderTest;
    let engine: SearchEngine;
    beforeAll(async () => {
      under = await factory.create({ tokenizer });
      engine = under.engine;
      await engine.replaceAll(corpus, { fingerprint: FINGERPRINT });
    });
    afterAll(() => under.cleanup());

    describe('keyword search', () => {
      it('"知识产权质押" finds exactly the 2010, 2013 and 2015 clauses that contain it', async () => {
        const r = await keyword(engine, '知识产权质押');
        expect(r.total).toBe(3);
        expect(sorted(ids(r))).toEqual(sorted(PLEDGE_CLAUSES));
        expect(r.hits.map((h) => h.document.year).sort()).toEqual([2010, 2013, 2015]);
        expect(r.hits.every((h) => h.matched.join() === 'keyword')).toBe(true);
      });

      it('finds the two-character 处理 inside 废水处理, 垃圾处理 and 应急处理', async () => {
        const r = await keyword(engine, '处理');
        expect(sorted(ids(r))).toEqual(['szf-2015-54.3', 'szf-2015-54.4', 'szf-2015-54.5']);
      });

      it('finds 废弃物 in all four clauses, including the one joined across a page break (生物废弃|物)', async () => {
        const r = await keyword(engine, '废弃物');
        expect(sorted(ids(r))).toEqual(['ffb-2013-20.7', 'szf-2015-54.3', 'szf-2015-54.5', 'szf-2018-84.2']);
      });

      it('returns nothing, with empty facets, for a term in no document (量子计算机)', async () => {
        const r = await keyword(engine, '量子计算机');
        expect(r).toEqual({ total: 0, hits: [], facets: { year: {}, issuer: {}, level: {}, docType: {}, validity: {}, yearByLevel: {} } });
      });

      it('matches a quoted phrase exactly: "知识产权质押融资" only in the 2015 clause', async () => {
        expect(ids(await keyword(engine, '"知识产权质押融资"'))).toEqual(['szf-2015-54.6']);
      });

      it('requires every term: 海上风电 海洋新能源 finds only the 2018 clause that has both', async () => {
        expect(sorted(ids(await keyword(engine, '海上风电')))).toEqual(['szf-2015-54.5', 'szf-2018-84.3']);
        expect(ids(await keyword(engine, '海上风电 海洋新能源'))).toEqual(['szf-2018-84.3']);
      });

      it('highlights point at the searched words in the clause text', async () => {
        for (const term of ['知识产权质押', '处理', '海上风电']) {
          const r = await keyword(engine, term);
          expect(r.hits.length).toBeGreaterThan(0);
          for (const hit of r.hits) {
            expect(hit.highlights.length).toBeGreaterThan(0);
            for (const [s, e] of hit.highlights) expect(hit.clause.text.slice(s, e)).toBe(term);
          }
        }
      });

      it('highlights several terms as sorted, non-overlapping ranges', async () => {
        const r = await keyword(engine, '知识产权 质押');
        const hit = r.hits.find((h) => h.clause.id === 'szfb-2010-98.6');
        // …支持知识产权质押贷款。: the two words touch, so they form one range.
        expect(hit?.highlights.map(([s, e]) => hit.clause.text.slice(s, e))).toEqual(['知识产权质押']);
        for (const h of r.hits) {
          h.highlights.forEach(([s, e], i) => {
            expect(e).toBeGreaterThan(s);
            if (i > 0) expect(s).toBeGreaterThan((h.highlights[i - 1] as [number, number])[1]);
          });
        }
      });

      it('treats query syntax as text and survives hostile input', async () => {
        const hostile = ['"', 'NEAR(知识 产权)', '知识*', '知识产权 OR 质押', '"知识产权质押', "'; DROP TABLE clauses; --", 'clause_words:知识', '^知识', '(((', '知识产权-质押', '产权\\质押'];
        for (const q of hostile) {
          for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
            await expect(engine.search({ q, mode, filters: {}, limit: 10, offset: 0, vector: await embedder.embedQuery(q) })).resolves.toBeDefined();
          }
        }
        // An unbalanced quote is ignored; a leading minus is not negation; OR is just a word nobody wrote.
        expect(sorted(ids(await keyword(engine, '"知识产权质押')))).toEqual(sorted(PLEDGE_CLAUSES));
        expect(sorted(ids(await keyword(engine, '-质押')))).toEqual(sorted(PLEDGE_CLAUSES));
        expect((await keyword(engine, '知识产权 OR 质押')).total).toBe(0);
        // And the index is intact.
        expect((await engine.stats()).clauses).toBe(ALL_CLAUSES.length);
        expect((await keyword(engine, '知识产权质押')).total).toBe(3);
      });
    });

    describe('filters and facets', () => {
      it('counts facets over every match: years, issuers, levels, types and years by level', async () => {
        const r = await keyword(engine, '知识产权质押');
        expect(r.facets).toEqual({
          year: { 2010: 1, 2013: 1, 2015: 1 },
          issuer: { 深圳市人民政府办公厅: 1, 福田区人民政府办公室: 1, 深圳市人民政府: 1 },
          level: { 市: 2, 区: 1 },
          docType: { 工作方案: 1, 指导意见: 1, 实施方案: 1 },
          // Documents indexed without versions are each the one version of their work, in force.
          validity: { 现行有效: 3 },
          yearByLevel: { 2010: { 市: 1 }, 2013: { 区: 1 }, 2015: { 市: 1 } },
        });
      });

      it.each([
        ['yearFrom 2013', { yearFrom: 2013 }, ['ffb-2013-20.4', 'szf-2015-54.6']],
        ['yearTo 2012', { yearTo: 2012 }, ['szfb-2010-98.6']],
        ['years 2011–2014', { yearFrom: 2011, yearTo: 2014 }, ['ffb-2013-20.4']],
        ['level 区', { level: ['区'] }, ['ffb-2013-20.4']],
        ['issuer 深圳市人民政府', { issuer: ['深圳市人民政府'] }, ['szf-2015-54.6']],
        ['two issuers', { issuer: ['深圳市人民政府', '深圳市人民政府办公厅'] }, ['szf-2015-54.6', 'szfb-2010-98.6']],
        ['docType 工作方案', { docType: ['工作方案'] }, ['szfb-2010-98.6']],
        ['docId szf-2015-54', { docId: 'szf-2015-54' }, ['szf-2015-54.6']],
        ['a docId that does not exist', { docId: 'no-such-doc' }, []],
      ] as Array<[string, SearchFilters, string[]]>)('restricts 知识产权质押 by %s', async (_, filters, expected) => {
        const r = await keyword(engine, '知识产权质押', filters);
        expect(sorted(ids(r))).toEqual(sorted(expected));
        expect(r.total).toBe(expected.length);
      });

      it('keeps facets disjunctive: under level 区 the level facet still counts 市', async () => {
        const r = await keyword(engine, '知识产权质押', { level: ['区'] });
        expect(r.total).toBe(1);
        expect(r.facets.level).toEqual({ 市: 2, 区: 1 });
        expect(r.facets.year).toEqual({ 2013: 1 });
        expect(r.facets.issuer).toEqual({ 福田区人民政府办公室: 1 });
      });

      it('counts the year facet and the year-by-level chart without the year filter', async () => {
        const r = await keyword(engine, '知识产权质押', { yearFrom: 2013 });
        expect(r.total).toBe(2);
        expect(r.facets.year).toEqual({ 2010: 1, 2013: 1, 2015: 1 });
        expect(r.facets.level).toEqual({ 市: 1, 区: 1 });
        expect(r.facets.yearByLevel).toEqual({ 2010: { 市: 1 }, 2013: { 区: 1 }, 2015: { 市: 1 } });
      });

      it('agrees with itself: the level facet sums to the total when no level filter is set', async () => {
        for (const [q, filters] of [
          ['知识产权', {}],
          ['产业', { yearFrom: 2013 }],
          ['发展', { issuer: ['深圳市人民政府'] }],
          ['', {}],
        ] as Array<[string, SearchFilters]>) {
          const r = await keyword(engine, q, filters);
          expect(r.total).toBeGreaterThan(0);
          expect(sum(r.facets.level)).toBe(r.total);
          expect(sum(r.facets.docType)).toBe(r.total);
        }
      });

      it('with an empty query lists the filtered clauses in document order', async () => {
        const r = await keyword(engine, '', { docId: 'szf-2018-84' });
        expect(r.total).toBe(7);
        expect(ids(r)).toEqual([0, 1, 2, 3, 4, 5, 6].map((n) => `szf-2018-84.${n}`));
        expect(r.hits.every((h) => h.matched.length === 0 && h.highlights.length === 0)).toBe(true);

        const all = await keyword(engine, '');
        expect(all.total).toBe(ALL_CLAUSES.length);
        expect(all.facets.year).toEqual({ 2010: 8, 2013: 8, 2015: 8, 2018: 7 });
        expect(all.facets.level).toEqual({ 市: 23, 区: 8 });
        expect((await keyword(engine, '', { level: ['区'] })).total).toBe(8);
      });

      it('pages with offset and limit: stable order, unchanged total', async () => {
        const full = await keyword(engine, '知识产权');
        expect(full.total).toBeGreaterThan(6);
        const pages: string[] = [];
        for (let offset = 0; offset < full.total; offset += 3) {
          const page = await keyword(engine, '知识产权', {}, { limit: 3, offset });
          expect(page.total).toBe(full.total);
          pages.push(...ids(page));
        }
        expect(pages).toEqual(ids(full));
        expect((await keyword(engine, '知识产权', {}, { limit: 3, offset: full.total })).hits).toEqual([]);
        expect((await keyword(engine, '', {}, { limit: 4, offset: 6 })).hits.map((h) => h.clause.id)).toEqual([
          'szfb-2010-98.6',
          'szfb-2010-98.7',
          'ffb-2013-20.0',
          'ffb-2013-20.1',
        ]);
      });

      it('a zero limit still returns the total and facets', async () => {
        const r = await keyword(engine, '知识产权质押', {}, { limit: 0, offset: 0 });
        expect(r.hits).toEqual([]);
        expect(r.total).toBe(3);
        expect(r.facets.level).toEqual({ 市: 2, 区: 1 });
      });
    });

    describe('semantic and hybrid search', () => {
      const oceanClause = fixtureClause('szf-2018-84.3');

      it('semantic search returns the nearest clause first, by cosine, marked semantic', async () => {
        const r = await byMeaning(engine, 'semantic', '海洋新能源', oceanClause.text);
        expect(r.hits[0]?.clause.id).toBe('szf-2018-84.3');
        expect(r.hits[0]?.score).toBeCloseTo(1, 4);
        expect(r.hits.every((h) => h.matched.join() === 'semantic')).toBe(true);
        const scores = r.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        expect(r.total).toBe(r.hits.length);
        expect(sum(r.facets.level)).toBe(r.total);
      });

      it('semantic search honours filters', async () => {
        const r = await byMeaning(engine, 'semantic', '海洋新能源', oceanClause.text, { level: ['区'] });
        expect(r.hits.length).toBeGreaterThan(0);
        expect(r.hits.every((h) => h.document.id === 'ffb-2013-20')).toBe(true);
        expect(r.facets.level.市).toBeGreaterThan(0);
      });

      it('semantic hits highlight the query words where they happen to occur', async () => {
        const r = await byMeaning(engine, 'semantic', '海洋新能源', oceanClause.text);
        const top = r.hits[0];
        expect(top?.highlights.map(([s, e]) => top.clause.text.slice(s, e))).toEqual(['海洋新能源', '海洋新能源']);
      });

      it('hybrid search marks clauses found by both signals, and keyword-only or semantic-only ones', async () => {
        const r = await byMeaning(engine, 'hybrid', '海上风电', oceanClause.text);
        const byId = new Map(r.hits.map((h) => [h.clause.id, h]));
        // Both 海上风电 clauses are also the two nearest in meaning, so they lead, found by both signals.
        expect(sorted(ids(r).slice(0, 2))).toEqual(['szf-2015-54.5', 'szf-2018-84.3']);
        expect(byId.get('szf-2018-84.3')?.matched).toEqual(['keyword', 'semantic']);
        expect(byId.get('szf-2015-54.5')?.matched).toEqual(['keyword', 'semantic']);
        for (const hit of r.hits) {
          expect(hit.matched.includes('keyword')).toBe(hit.clause.text.includes('海上风电'));
        }
        expect(r.hits.some((h) => h.matched.join() === 'semantic')).toBe(true);
        expect(r.total).toBe(r.hits.length);
        const scores = r.hits.map((h) => h.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      });

      it('hybrid search finds exact matches even when their meaning is far from the query vector', async () => {
        const r = await byMeaning(engine, 'hybrid', '处理', fixtureClause('szfb-2010-98.7').text);
        const keywordHits = r.hits.filter((h) => h.matched.includes('keyword')).map((h) => h.clause.id);
        expect(sorted(keywordHits)).toEqual(['szf-2015-54.3', 'szf-2015-54.4', 'szf-2015-54.5']);
      });
    });

    describe('similar clauses', () => {
      it('excludes the source document by default and never returns the source clause', async () => {
        const r = await engine.similar('szf-2015-54.6');
        expect(r?.source).toEqual(storedClause('szf-2015-54.6', tokenizer));
        expect(r?.hits.length).toBe(10);
        expect(r?.hits.some((h) => h.document.id === 'szf-2015-54')).toBe(false);
        // Every hit is near in meaning and carries its cosine; shared keywords may re-rank them (embedded engine).
        expect(r?.hits.every((h) => h.matched.includes('semantic') && h.score <= 1 && h.score >= -1)).toBe(true);
      });

      it('includes clauses of the same document when otherDocsOnly is false', async () => {
        const r = await engine.similar('szf-2015-54.6', { otherDocsOnly: false, limit: 30 });
        expect(r?.hits.some((h) => h.document.id === 'szf-2015-54')).toBe(true);
        expect(r?.hits.some((h) => h.clause.id === 'szf-2015-54.6')).toBe(false);
        expect(r?.hits.length).toBe(ALL_CLAUSES.length - 1);
      });

      it('honours filters and limit', async () => {
        const r = await engine.similar('szf-2015-54.6', { filters: { level: ['区'] }, limit: 3 });
        expect(r?.hits.length).toBe(3);
        expect(r?.hits.every((h) => h.document.id === 'ffb-2013-20')).toBe(true);
      });

      it('returns null for an unknown clause', async () => {
        expect(await engine.similar('no-such-clause')).toBeNull();
      });
    });

    describe('reading documents back', () => {
      it('getClause returns the clause and its document as stored', async () => {
        const r = await engine.getClause('szf-2015-54.5');
        expect(r?.clause).toEqual(storedClause('szf-2015-54.5', tokenizer));
        expect(r?.document).toEqual(FIXTURE_DOCUMENTS.find((d) => d.document.id === 'szf-2015-54')?.document);
        expect(await engine.getClause('no-such-clause')).toBeNull();
      });

      it('getDocument returns the document with its clauses in order', async () => {
        const fixture = FIXTURE_DOCUMENTS.find((d) => d.document.id === 'ffb-2013-20');
        const r = await engine.getDocument('ffb-2013-20');
        expect(r?.document).toEqual(fixture?.document);
        expect(r?.clauses).toEqual(fixture?.clauses.map((c) => storedClause(c.id, tokenizer)));
        expect(await engine.getDocument('no-such-doc')).toBeNull();
      });

      it('listDocuments returns every document as stored', async () => {
        const docs = await engine.listDocuments();
        expect(docs.map((d) => d.id).sort()).toEqual(FIXTURE_DOCUMENTS.map((d) => d.document.id).sort());
        for (const d of docs) expect(d).toEqual(FIXTURE_DOCUMENTS.find((f) => f.document.id === d.id)?.document);
      });

      it('stats and health describe the index', async () => {
        const stats = await engine.stats();
        expect(stats).toMatchObject({ documents: 4, clauses: ALL_CLAUSES.length, fingerprint: FINGERPRINT });
        expect(Number.isNaN(Date.parse(stats.builtAt ?? ''))).toBe(false);
        expect(await engine.health()).toMatchObject({ ok: true, engine: factory.name });
      });
    });
  });

  describe('changing the index', () => {
    let under: EngineUnderTest;
    let engine: SearchEngine;
    beforeEach(async () => {
      under = await factory.create({ tokenizer });
      engine = under.engine;
      await engine.replaceAll(corpus, { fingerprint: FINGERPRINT });
    });
    afterEach(() => under.cleanup());

    it('remove(docId) takes its clauses out of every search', async () => {
      await engine.remove('szfb-2010-98');
      expect(sorted(ids(await keyword(engine, '知识产权质押')))).toEqual(['ffb-2013-20.4', 'szf-2015-54.6']);
      expect(await engine.getDocument('szfb-2010-98')).toBeNull();
      expect(await engine.getClause('szfb-2010-98.6')).toBeNull();
      const similar = await engine.similar('szf-2015-54.6', { limit: 30 });
      expect(similar?.hits.some((h) => h.document.id === 'szfb-2010-98')).toBe(false);
      expect(await engine.stats()).toMatchObject({ documents: 3, clauses: ALL_CLAUSES.length - 8 });
      await engine.remove('no-such-doc');
      expect((await engine.stats()).documents).toBe(3);
    });

    it('upsert replaces a document and its clauses', async () => {
      const original = FIXTURE_DOCUMENTS.find((d) => d.document.id === 'szf-2018-84');
      if (!original) throw new Error('fixture changed');
      const first = original.clauses[0];
      if (!first) throw new Error('fixture changed');
      const changed = {
        document: { ...original.document, title: '修订后的实施方案', clauseCount: 2 },
        clauses: [first, { ...first, id: 'szf-2018-84.1', ordinal: 1, text: '支持开展知识产权质押融资，扩大知识产权质押规模。' }],
      };
      const [indexed] = await indexFixture({ tokenizer, embedder }, [changed]);
      await engine.upsert(indexed as IndexedDocument);

      expect(sorted(ids(await keyword(engine, '知识产权质押')))).toEqual(sorted([...PLEDGE_CLAUSES, 'szf-2018-84.1']));
      expect(await keyword(engine, '海洋新能源')).toMatchObject({ total: 0 });
      const doc = await engine.getDocument('szf-2018-84');
      expect(doc?.document.title).toBe('修订后的实施方案');
      expect(doc?.clauses.map((c) => c.id)).toEqual(['szf-2018-84.0', 'szf-2018-84.1']);
      expect(await engine.stats()).toMatchObject({ documents: 4, clauses: ALL_CLAUSES.length - 5 });
    });

    it('a document stored without vectors is keyword-searchable at once and joins semantic search as its vectors are stored', async () => {
      const original = FIXTURE_DOCUMENTS.find((d) => d.document.id === 'szf-2015-54');
      const [indexed] = await indexFixture({ tokenizer, embedder }, original ? [original] : []);
      if (!indexed) throw new Error('fixture changed');
      const pending = { ...indexed, clauses: indexed.clauses.map((c) => ({ ...c, vector: null })) };
      await engine.upsert({ ...pending, source: { hash: 'k1-abc', warnings: ['no signing date found'], metadata: { work: '知识产权质押' } } });

      expect(sorted(ids(await keyword(engine, '知识产权质押')))).toEqual(sorted(PLEDGE_CLAUSES));
      const pledge = fixtureClause('szf-2015-54.6').text;
      expect(ids(await byMeaning(engine, 'semantic', '知识产权质押融资', pledge))).not.toContain('szf-2015-54.6');
      expect(ids(await byMeaning(engine, 'hybrid', '知识产权质押', pledge))).toContain('szf-2015-54.6');
      expect(await engine.similar('szf-2015-54.6')).toMatchObject({ source: { id: 'szf-2015-54.6' }, hits: [] });
      const total = ALL_CLAUSES.length;
      const waiting = indexed.clauses.length;
      expect(await engine.coverage()).toEqual({ clauses: total, embedded: total - waiting });
      expect((await engine.clausesWithoutVectors(100)).map((c) => c.id)).toEqual(indexed.clauses.map((c) => c.id));
      expect(await engine.clausesWithoutVectors(2)).toEqual(indexed.clauses.slice(0, 2).map((c) => ({ id: c.id, text: c.text })));
      const stored = (await engine.sources()).find((s) => s.docId === 'szf-2015-54');
      expect(stored).toEqual({
        docId: 'szf-2015-54',
        sourceFile: indexed.document.sourceFile,
        sourceHash: 'k1-abc',
        warnings: ['no signing date found'],
        metadata: { work: '知识产权质押' },
        clauses: waiting,
        embedded: 0,
      });

      // A vector computed from text the clause no longer has is not stored; unknown clauses are skipped.
      const vectors = indexed.clauses.map((c) => ({ clauseId: c.id, text: c.text, vector: c.vector as Float32Array }));
      expect(await engine.setVectors([{ ...vectors[0]!, text: '旧的条文' }, { ...vectors[0]!, clauseId: 'no-such.1' }])).toBe(0);
      expect(await engine.setVectors(vectors.slice(0, 1))).toBe(1);
      expect((await engine.sources()).find((s) => s.docId === 'szf-2015-54')?.embedded).toBe(1);
      expect(await engine.setVectors(vectors)).toBe(waiting);
      expect(await engine.coverage()).toEqual({ clauses: total, embedded: total });
      expect(await engine.clausesWithoutVectors(100)).toEqual([]);
      expect(ids(await byMeaning(engine, 'semantic', '知识产权质押融资', pledge))[0]).toBe('szf-2015-54.6');
      expect((await engine.similar('szf-2015-54.6'))?.hits.length).toBeGreaterThan(0);
    });

    it('setFingerprint records what the index was synchronised from, without rewriting it', async () => {
      await engine.setFingerprint('synced-v2');
      expect(await engine.stats()).toMatchObject({ documents: 4, clauses: ALL_CLAUSES.length, fingerprint: 'synced-v2' });
      // Documents written without a source have no hash, warnings or metadata, and count every vector.
      expect((await engine.sources()).map((s) => [s.docId, s.sourceHash, s.warnings, s.metadata, s.embedded === s.clauses])).toEqual(
        expect.arrayContaining([['szfb-2010-98', null, [], null, true]]),
      );
    });

    it('upsert adds a new document', async () => {
      const fresh = {
        document: { ...(FIXTURE_DOCUMENTS[0]?.document as IndexedDocument['document']), id: 'test-2020-1', year: 2020, clauseCount: 1 },
        clauses: [{ ...(FIXTURE_DOCUMENTS[0]?.clauses[0] as IndexedDocument['clauses'][number]), id: 'test-2020-1.0', docId: 'test-2020-1' }],
      };
      const [indexed] = await indexFixture({ tokenizer, embedder }, [fresh]);
      await engine.upsert(indexed as IndexedDocument);
      expect((await engine.listDocuments()).map((d) => d.id)).toContain('test-2020-1');
      expect((await keyword(engine, '', { yearFrom: 2020 })).total).toBe(1);
    });

    it('keeps a law\'s history, effective date and order number, and an article\'s paragraph and item spans', async () => {
      const text = '第二十条 处理个人数据应当具有明确、合理的目的。\n处理个人数据应当告知下列事项：\n（一）数据处理者的名称；\n（二）处理个人数据的目的和方式；';
      const law = {
        document: {
          ...(FIXTURE_DOCUMENTS[0]?.document as IndexedDocument['document']),
          id: 'sz-data-2021',
          title: '深圳经济特区数据条例',
          docNumber: null,
          issuer: '深圳市人民代表大会常务委员会',
          date: '2021-06-29',
          effectiveDate: '2022-01-01',
          orderNumber: '深圳市人民代表大会常务委员会公告第十号',
          history: [
            { date: '2021-06-29', body: '深圳市人民代表大会常务委员会', action: '通过' as const, text: '2021年6月29日深圳市第七届人民代表大会常务委员会第二次会议通过' },
            { date: '2022-01-01', body: null, action: '施行' as const, text: '2022年1月1日施行' },
          ],
          year: 2021,
          docType: '条例',
          clauseCount: 1,
        },
        clauses: [
          {
            id: 'sz-data-2021.a20',
            docId: 'sz-data-2021',
            ordinal: 0,
            number: '第二十条',
            path: ['第二章 个人数据', '第一节 一般规定'],
            kind: 'article' as const,
            text,
            start: 0,
            end: text.length,
            spans: [
              { kind: 'paragraph' as const, paragraph: 1, item: null, label: null, start: 0, end: 24 },
              { kind: 'paragraph' as const, paragraph: 2, item: null, label: null, start: 25, end: text.length },
              { kind: 'item' as const, paragraph: 2, item: 1, label: '（一）', start: 41, end: 53 },
              { kind: 'item' as const, paragraph: 2, item: 2, label: '（二）', start: 54, end: text.length },
            ],
          },
        ],
      };
      const [indexed] = await indexFixture({ tokenizer, embedder }, [law]);
      await engine.upsert(indexed as IndexedDocument);
      const read = await engine.getClause('sz-data-2021.a20');
      expect(read?.clause).toMatchObject({ number: '第二十条', kind: 'article', path: law.clauses[0]?.path, spans: law.clauses[0]?.spans });
      expect(read?.document).toMatchObject({ effectiveDate: '2022-01-01', orderNumber: law.document.orderNumber, history: law.document.history });
      const hit = (await keyword(engine, '处理个人数据的目的')).hits.find((h) => h.clause.id === 'sz-data-2021.a20');
      expect(hit?.clause.spans).toEqual(law.clauses[0]?.spans);
      expect((await engine.listDocuments()).find((d) => d.id === 'sz-data-2021')?.history).toEqual(law.document.history);
    });

    it('replaceAll swaps atomically: an instance opened before the swap serves the new index after it', async () => {
      const reader = await under.openAnother();
      expect((await keyword(reader, '知识产权质押')).total).toBe(3);

      const only2018 = corpus.filter((d) => d.document.id === 'szf-2018-84');
      await engine.replaceAll(only2018, { fingerprint: 'fixture-2018-only' });

      expect((await keyword(reader, '知识产权质押')).total).toBe(0);
      expect(await reader.stats()).toMatchObject({ documents: 1, clauses: 7, fingerprint: 'fixture-2018-only' });
      expect(sorted(ids(await keyword(reader, '海上风电')))).toEqual(['szf-2018-84.3']);
    });

    it('a failed rebuild (a document with a wrong-sized vector) leaves the previous index serving', async () => {
      const reader = await under.openAnother();
      const [good, bad] = corpus;
      if (!good || !bad) throw new Error('fixture changed');
      const broken: IndexedDocument = {
        ...bad,
        clauses: bad.clauses.map((c, i) => (i === 3 ? { ...c, vector: new Float32Array([0.6, 0.8, 0]) } : c)),
      };
      await expect(engine.replaceAll([good, broken], { fingerprint: 'broken' })).rejects.toThrow();

      for (const instance of [engine, reader]) {
        expect(sorted(ids(await keyword(instance, '知识产权质押')))).toEqual(sorted(PLEDGE_CLAUSES));
        expect(await instance.stats()).toMatchObject({ documents: 4, clauses: ALL_CLAUSES.length, fingerprint: FINGERPRINT });
      }
    });
  });
});
