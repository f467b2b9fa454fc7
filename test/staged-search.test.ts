/**
 * Search while vectors are still being computed, as a user sees it: a document just added is found by
 * keyword, a semantic or hybrid answer says that it saw only part of the index (JSON and a line in the
 * result list), and the page shows how far the computation is — until the vectors are in.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { formatCoverage, formatRemaining } from '../server/views/format.js';
import { FIXTURE_DOCUMENTS, indexFixture } from './utils/fixture-corpus.js';
import { createHashEmbedder } from './utils/hash-embedder.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

let t: TestApp;
const NEW_DOC = '福田区关于支持量子通信产业发展的若干措施';

beforeAll(async () => {
  t = await createTestApp();
  const template = FIXTURE_DOCUMENTS[0]!;
  const fresh = {
    document: { ...template.document, id: NEW_DOC, title: NEW_DOC, sourceFile: '900_quantum.txt', clauseCount: 1 },
    clauses: [{ ...template.clauses[0]!, id: `${NEW_DOC}.1`, docId: NEW_DOC, text: '对量子通信企业给予一次性奖励五十万元。' }],
  };
  const [indexed] = await indexFixture({ tokenizer: createJiebaTokenizer(), embedder: createHashEmbedder() }, [fresh]);
  await t.engine.upsert({ ...indexed!, clauses: indexed!.clauses.map((c) => ({ ...c, vector: null })) });
});
afterAll(() => t.close());

describe('while some clauses wait for their vectors', () => {
  it('keyword search finds the new document at once, and says nothing about coverage', async () => {
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('量子通信')}&mode=keyword`).expect(200);
    expect(res.body.hits.map((h: { id: string }) => h.id)).toEqual([`${NEW_DOC}.1`]);
    expect(res.body.semanticCoverage).toBeNull();
  });

  it('a semantic answer says in JSON that it saw 33 of 34 clauses', async () => {
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('量子通信奖励')}&mode=semantic`).expect(200);
    expect(res.body.semanticCoverage).toEqual({ partial: true, clauses: 34, embedded: 33, etaSeconds: null });
    expect(res.body.hits.map((h: { id: string }) => h.id)).not.toContain(`${NEW_DOC}.1`);
  });

  it('the result list and the page say so in a line', async () => {
    const res = await request(t.app).get(`/?q=${encodeURIComponent('量子通信')}&mode=hybrid`).expect(200);
    expect(res.text).toContain('<p class="coverage-note" role="note">语义索引 33 / 34 条：尚未算出语义向量的条文暂不在语义结果中，可用关键词检索找到</p>');
    expect(res.text).toContain('<p class="coverage" role="status">语义索引 33 / 34 条</p>');
    const json = await request(t.app).get(`/api/search?q=${encodeURIComponent('量子通信')}&mode=hybrid`).expect(200);
    expect(json.body.semanticCoverage.partial).toBe(true);
    // Hybrid still finds it, by its words.
    expect(json.body.hits.map((h: { id: string }) => h.id)).toContain(`${NEW_DOC}.1`);
  });

  it('/api/health shows the coverage', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body.vectors).toEqual({ clauses: 34, embedded: 33, complete: false, state: null, ratePerSecond: null, etaSeconds: null });
  });

  it('once the vectors are in, answers are complete and the lines are gone', async () => {
    const pending = await t.engine.clausesWithoutVectors(10);
    const embedder = createHashEmbedder();
    const vectors = await embedder.embed(pending.map((c) => c.text));
    await t.engine.setVectors(pending.map((c, i) => ({ clauseId: c.id, text: c.text, vector: vectors[i]! })));
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('量子通信奖励')}&mode=semantic`).expect(200);
    expect(res.body.semanticCoverage).toEqual({ partial: false, clauses: 34, embedded: 34, etaSeconds: null });
    expect(res.body.hits[0].id).toBe(`${NEW_DOC}.1`);
    const page = await request(t.app).get(`/?q=${encodeURIComponent('量子通信')}&mode=hybrid`).expect(200);
    expect(page.text).not.toContain('语义索引');
  });
});

describe('the coverage line', () => {
  it.each([
    [{ clauses: 320_512, embedded: 12_340, etaSeconds: 5 * 3600 + 600 }, '语义索引 12,340 / 320,512 条 · 约 5 小时'],
    [{ clauses: 320_512, embedded: 300_000, etaSeconds: 1250 }, '语义索引 300,000 / 320,512 条 · 约 21 分钟'],
    [{ clauses: 271, embedded: 260, etaSeconds: 12 }, '语义索引 260 / 271 条 · 不到 1 分钟'],
    [{ clauses: 271, embedded: 0, etaSeconds: null }, '语义索引 0 / 271 条'],
  ])('%o reads %s', (coverage, line) => {
    expect(formatCoverage(coverage)).toBe(line);
  });

  it('speaks of hours beyond an hour', () => {
    expect(formatRemaining(20 * 3600)).toBe('约 20 小时');
  });
});
