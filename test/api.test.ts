/**
 * The JSON API as a client sees it: every route, every error shape. Runs the real app on the real
 * embedded engine with the fixture corpus (test/utils/test-app.ts).
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../server/logger.js';
import { EngineUnavailableError } from '../core/errors.js';
import { fixtureClause } from './utils/fixture-corpus.js';
import { createTestApp, withEngineOverrides, type TestApp } from './utils/test-app.js';

const 知识产权质押 = encodeURIComponent('知识产权质押');

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ hostile: false });
});
afterAll(async () => {
  await t?.close();
});

/** supertest with the body kept as raw bytes (to see a BOM). */
function rawBody(res: unknown, done: (err: Error | null, body: Buffer) => void) {
  // superagent hands the parser the Node response stream.
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('GET /api/search', () => {
  it('finds "知识产权质押" in the 2010, 2013 and 2015 texts, with offsets that point at the words', async () => {
    const res = await request(t.app).get(`/api/search?q=${知识产权质押}&mode=keyword`).expect(200);
    expect(res.type).toBe('application/json');
    expect(res.body.total).toBe(3);
    expect(res.body.hits.map((h: { id: string }) => h.id).sort()).toEqual(['ffb-2013-20.4', 'szf-2015-54.6', 'szfb-2010-98.6']);
    expect(res.body.hits.map((h: { year: number }) => h.year).sort()).toEqual([2010, 2013, 2015]);
    for (const hit of res.body.hits) {
      expect(hit.matched).toEqual(['keyword']);
      for (const [s, e] of hit.highlights) expect(hit.text.slice(s, e)).toBe('知识产权质押');
    }
    expect(res.body.facets.year).toEqual({ '2010': 1, '2013': 1, '2015': 1 });
    expect(res.body.facets.level).toEqual({ 市: 2, 区: 1 });
  });

  it('returns each hit with the fields the API promises', async () => {
    const res = await request(t.app).get(`/api/search?q=${知识产权质押}&mode=keyword&yearFrom=2015`).expect(200);
    expect(res.body.hits).toHaveLength(1);
    expect(res.body.hits[0]).toEqual({
      id: 'szf-2015-54.6',
      docId: 'szf-2015-54',
      text: fixtureClause('szf-2015-54.6').text,
      number: '81.',
      path: ['四、主要任务及分工', '（三）优化综合创新生态体系。'],
      kind: 'item',
      year: 2015,
      date: '2015-07-22',
      title: '深圳国家自主创新示范区建设实施方案',
      docNumber: '深府〔2015〕54号',
      proposalNumber: null,
      issuer: '深圳市人民政府',
      level: '市',
      docType: '实施方案',
      score: expect.any(Number),
      matched: ['keyword'],
      highlights: [[47, 53], [87, 93]],
      keywords: expect.arrayContaining(['知识产权']),
      url: '/c/szf-2015-54.6',
      spans: [],
      citation: '《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.',
      // A policy item has no paragraphs or items to narrow the citation to.
      pinpoint: null,
      // A document with no other version is its own work, in force.
      status: '现行有效',
      validity: expect.objectContaining({ status: '现行有效', version: 1, versions: 1, inForceId: null }),
      inForce: null,
    });
  });

  it('filters by level and pages with limit and offset, linking the next page', async () => {
    const first = await request(t.app).get('/api/search?level=%E5%B8%82&limit=10').expect(200);
    expect(first.body.total).toBe(23);
    expect(first.body.hits).toHaveLength(10);
    expect(first.body.links.next).toBe('/api/search?level=%E5%B8%82&limit=10&offset=10');
    const last = await request(t.app).get('/api/search?level=%E5%B8%82&limit=10&offset=20').expect(200);
    expect(last.body.hits).toHaveLength(3);
    expect(last.body.links.next).toBeNull();
    expect(last.body.hits.every((h: { level: string }) => h.level === '市')).toBe(true);
  });

  it('runs a blank query as keyword browsing and says so', async () => {
    const res = await request(t.app).get('/api/search?mode=semantic&docType=%E6%8C%87%E5%AF%BC%E6%84%8F%E8%A7%81').expect(200);
    expect(res.body.query.effectiveMode).toBe('keyword');
    expect(res.body.total).toBe(8);
  });

  it('finds clauses by meaning in semantic mode', async () => {
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('知识产权质押融资')}&mode=semantic&limit=3`).expect(200);
    expect(res.body.hits[0]).toMatchObject({ id: 'szf-2015-54.6', matched: ['semantic'] });
  });

  it('ignores unknown parameters', async () => {
    const a = await request(t.app).get(`/api/search?q=${知识产权质押}&mode=keyword&utm_source=memo&foo[bar]=1`).expect(200);
    expect(a.body.total).toBe(3);
  });

  it.each([
    ['q over 200 characters', `q=${'长'.repeat(201)}`, '检索词过长：最多 200 个字，当前 201 个（q is too long: at most 200 characters）'],
    ['an unknown mode', 'mode=fuzzy', '参数 mode 只能是 keyword（关键词）、semantic（语义）或 hybrid（混合）（mode must be keyword, semantic or hybrid）'],
    ['limit 0', 'limit=0', '参数 limit 必须是 1 到 100 之间的整数（limit must be an integer from 1 to 100）'],
    ['limit 101', 'limit=101', '参数 limit 必须是 1 到 100 之间的整数（limit must be an integer from 1 to 100）'],
    ['offset past 10000', 'offset=10001', '参数 offset 必须是 0 到 10000 之间的整数（offset must be an integer from 0 to 10000）'],
    ['a year range backwards', 'yearFrom=2018&yearTo=2010', '起始年份 2018 晚于结束年份 2010（yearFrom must not be after yearTo）'],
    ['a year out of range', 'yearTo=3000', '参数 yearTo 必须是 1900 到 2100 之间的整数（yearTo must be an integer from 1900 to 2100）'],
    ['an unknown level', `level=${encodeURIComponent('县')}`, '参数 level 只能是“国家”“省”“市”或“区”（level must be 国家 (national), 省 (province), 市 (city) or 区 (district/county)）'],
  ])('answers 400 with a message for %s', async (_name, query, message) => {
    const res = await request(t.app).get(`/api/search?${encodeURI(query).replace(/%25/g, '%')}`).expect(400);
    expect(res.body).toEqual({ ok: false, error: { code: 'invalid_parameter', message } });
  });

  it('answers 400 invalid_encoding for a query string that is not UTF-8', async () => {
    const res = await request(t.app).get('/api/search?q=%FF%FE').expect(400);
    expect(res.body).toEqual({
      ok: false,
      error: { code: 'invalid_encoding', message: '查询参数不是有效的 UTF-8 编码（the query string is not valid UTF-8 percent-encoding）' },
    });
  });

  it('reports server-side time in a Server-Timing header', async () => {
    const res = await request(t.app).get(`/api/search?q=${知识产权质押}`).expect(200);
    expect(res.headers['server-timing']).toMatch(/^embed;dur=[\d.]+, search;dur=[\d.]+, total;dur=[\d.]+$/);
  });
});

describe('GET /api/search.csv', () => {
  it('exports the search as UTF-8 CSV with a BOM, a Chinese header row and one row per clause', async () => {
    const res = await request(t.app).get(`/api/search.csv?q=${知识产权质押}&mode=keyword`).buffer(true).parse(rawBody).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''%E6%9D%A1%E6%96%87%E6%A3%80%E7%B4%A2-%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83%E8%B4%A8%E6%8A%BC-\d{4}-\d{2}-\d{2}\.csv$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('序号,文件标题,文号,发文机关,层级,年份,成文日期,时效性,位置,条款编号,条款内容,匹配方式,得分,引用,链接,条款ID');
    expect(lines).toHaveLength(4);
    const row2015 = lines.find((l) => l.endsWith(',szf-2015-54.6')) ?? '';
    expect(row2015).toContain(',深圳国家自主创新示范区建设实施方案,深府〔2015〕54号,深圳市人民政府,市,2015,2015-07-22,现行有效,四、主要任务及分工 › （三）优化综合创新生态体系。,81.,');
    expect(row2015).toContain(',关键词,');
    expect(row2015).toMatch(/,《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81\.,http:\/\/127\.0\.0\.1:\d+\/c\/szf-2015-54\.6,szf-2015-54\.6$/);
  });

  it('rejects bad parameters like the search does', async () => {
    const res = await request(t.app).get('/api/search.csv?yearFrom=abc').expect(400);
    expect(res.body.error.code).toBe('invalid_parameter');
  });
});

describe('GET /api/clauses/:id', () => {
  it('returns the clause, its document and its formal citation', async () => {
    const res = await request(t.app).get('/api/clauses/szf-2015-54.6').expect(200);
    expect(res.body.clause).toEqual({ ...fixtureClause('szf-2015-54.6'), keywords: expect.arrayContaining(['知识产权']) });
    expect(res.body.document).toMatchObject({ id: 'szf-2015-54', title: '深圳国家自主创新示范区建设实施方案', docNumber: '深府〔2015〕54号', clauseCount: 8 });
    expect(res.body.citation).toBe('《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.');
  });

  it.each(['szf-2015-54.99', 'nothing', '..%2F..%2Fetc'])('answers 404 for an unknown id %s', async (id) => {
    const res = await request(t.app).get(`/api/clauses/${id}`).expect(404);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe('not_found');
    expect(res.body.error.message).toMatch(/^找不到条款“.+”（No clause with id .+）$/);
  });
});

describe('GET /api/clauses/:id/similar', () => {
  it('lists similar clauses from other documents, oldest first, each with a compare link', async () => {
    const res = await request(t.app).get('/api/clauses/szf-2015-54.6/similar?limit=5').expect(200);
    expect(res.body.source.id).toBe('szf-2015-54.6');
    const hits = res.body.hits as Array<{ docId: string; year: number; score: number; compare: string; id: string }>;
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => h.docId !== 'szf-2015-54')).toBe(true);
    expect(hits.map((h) => h.year)).toEqual([...hits.map((h) => h.year)].sort((a, b) => a - b));
    expect(hits[0]).toMatchObject({ id: 'szfb-2010-98.6', compare: '/compare?a=szf-2015-54.6&b=szfb-2010-98.6' });
  });

  it('includes the same document when otherDocsOnly=false', async () => {
    const res = await request(t.app).get('/api/clauses/szf-2015-54.6/similar?limit=10&otherDocsOnly=false').expect(200);
    expect(res.body.hits.some((h: { docId: string }) => h.docId === 'szf-2015-54')).toBe(true);
  });

  it('answers 400 for a bad limit and 404 for an unknown clause', async () => {
    expect((await request(t.app).get('/api/clauses/szf-2015-54.6/similar?limit=51').expect(400)).body.error.message).toBe(
      '参数 limit 必须是 1 到 50 之间的整数（limit must be an integer from 1 to 50）',
    );
    expect((await request(t.app).get('/api/clauses/nope.1/similar').expect(404)).body.error.code).toBe('not_found');
  });
});

describe('GET /api/documents and /api/documents/:id', () => {
  it('lists the four fixture documents, newest first, with the promised fields', async () => {
    const res = await request(t.app).get('/api/documents').expect(200);
    expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual(['szf-2018-84', 'szf-2015-54', 'ffb-2013-20', 'szfb-2010-98']);
    expect(Object.keys(res.body.documents[0]).sort()).toEqual(
      ['clauseCount', 'date', 'docNumber', 'docType', 'effectiveDate', 'history', 'id', 'issuer', 'level', 'noticeTitle', 'orderNumber', 'proposalNumber', 'publishedDate', 'sourceFile', 'sourceUrl', 'status', 'title', 'url', 'year'],
    );
  });

  it('returns a document with all its clauses in reading order', async () => {
    const res = await request(t.app).get('/api/documents/szf-2015-54').expect(200);
    expect(res.body.document.title).toBe('深圳国家自主创新示范区建设实施方案');
    expect(res.body.clauses.map((c: { number: string | null }) => c.number)).toEqual([null, '1.', '29.', '32.', '42.', '47.', '81.', '82.']);
  });

  it('answers 404 for an unknown document', async () => {
    const res = await request(t.app).get('/api/documents/szf-1999-1').expect(404);
    expect(res.body).toEqual({ ok: false, error: { code: 'not_found', message: '找不到文件“szf-1999-1”（No document with id szf-1999-1）' } });
  });
});

describe('GET /api/compare', () => {
  it('returns both clauses and a diff whose parts rebuild each text', async () => {
    const res = await request(t.app).get('/api/compare?a=szfb-2010-98.6&b=szf-2015-54.6').expect(200);
    const diff = res.body.diff as Array<{ op: string; text: string }>;
    expect(diff.filter((o) => o.op !== 'insert').map((o) => o.text).join('')).toBe(fixtureClause('szfb-2010-98.6').text);
    expect(diff.filter((o) => o.op !== 'delete').map((o) => o.text).join('')).toBe(fixtureClause('szf-2015-54.6').text);
    expect(new Set(diff.map((o) => o.op))).toEqual(new Set(['equal', 'insert', 'delete']));
    expect(res.body.a.citation).toBe('《深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）》（深府办〔2010〕98号）（四）2．');
    expect(res.body.links.swap).toBe('/api/compare?a=szf-2015-54.6&b=szfb-2010-98.6');
  });

  it('answers 400 when b is missing and 404 naming the unknown clause', async () => {
    expect((await request(t.app).get('/api/compare?a=szf-2015-54.6').expect(400)).body.error.message).toBe('缺少参数 b（条款编号）（b (a clause id) is required）');
    expect((await request(t.app).get('/api/compare?a=szf-2015-54.6&b=zz.9').expect(404)).body.error.message).toBe(
      '找不到要比较的条款 b“zz.9”（No clause with id zz.9 for b）',
    );
  });
});

describe('GET /api/health', () => {
  it('is 200 with the engine, the model and the counts when ready', async () => {
    const res = await request(t.app).get('/api/health').expect(200);
    expect(res.body).toEqual({
      ok: true,
      engine: { ok: true, engine: 'sqlite' },
      model: { id: 'hash-bigram-512', dimensions: 512 },
      counts: { documents: 4, clauses: 31 },
      builtAt: expect.any(String),
      fingerprint: 'web-test',
      indexing: null,
      vectors: { clauses: 31, embedded: 31, complete: true, state: null, ratePerSecond: null, etaSeconds: null },
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('when the engine is down', () => {
  let down: TestApp;
  beforeAll(async () => {
    down = await createTestApp({
      hostile: false,
      wrapEngine: (engine) =>
        withEngineOverrides(engine, {
          health: async () => ({ ok: false, engine: 'sqlite', message: '索引文件不存在，请运行 npm run index' }),
          search: async () => {
            throw new EngineUnavailableError('检索引擎无法连接（engine unreachable）');
          },
          getClause: async () => {
            throw new Error('disk I/O error at /var/secret/tiaowen.sqlite');
          },
        }),
    });
  });
  afterAll(async () => {
    await down?.close();
  });

  it('health is 503 and says why', async () => {
    const res = await request(down.app).get('/api/health').expect(503);
    expect(res.body.ok).toBe(false);
    expect(res.body.engine).toEqual({ ok: false, engine: 'sqlite', message: '索引文件不存在，请运行 npm run index' });
    expect(res.body.counts).toBeNull();
  });

  it('a search is 503 engine_unavailable with the engine message', async () => {
    const res = await request(down.app).get(`/api/search?q=${知识产权质押}`).expect(503);
    expect(res.body).toEqual({ ok: false, error: { code: 'engine_unavailable', message: '检索引擎无法连接（engine unreachable）' } });
  });

  it('an unexpected failure is a 500 that reveals neither the cause nor a stack', async () => {
    const res = await request(down.app).get('/api/clauses/szf-2015-54.6').expect(500);
    expect(res.body).toEqual({ ok: false, error: { code: 'internal_error', message: '服务器内部错误，请稍后重试（internal server error）' } });
    expect(res.text).not.toMatch(/secret|disk|at .*\.ts/);
  });
});

describe('rate limiting on /api', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await createTestApp({ hostile: false, env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('answers 429 in the error shape once a client passes the limit, but never limits health checks', async () => {
    for (let i = 0; i < 3; i++) await request(limited.app).get('/api/documents').expect(200);
    const res = await request(limited.app).get('/api/documents').expect(429);
    expect(res.body).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: '请求过于频繁：每分钟最多 3 次，请稍后再试（too many requests: at most 3 per minute; retry in up to 60 s）' },
    });
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
    await request(limited.app).get('/api/health').expect(200);
    // Pages are not rate limited.
    await request(limited.app).get('/').expect(200);
  });
});

describe('the admin endpoint', () => {
  it('does not exist without ADMIN_TOKEN', async () => {
    const res = await request(t.app).post('/api/admin/reindex').expect(404);
    expect(res.body.error.code).toBe('not_found');
  });

  describe('with ADMIN_TOKEN', () => {
    const token = 'test-admin-token-0123456789';
    let admin: TestApp;
    let calls = 0;
    beforeAll(async () => {
      admin = await createTestApp({
        hostile: false,
        env: { ADMIN_TOKEN: token },
        onReindex: async () => {
          calls += 1;
          return { documents: 4 };
        },
      });
    });
    afterAll(async () => {
      await admin?.close();
    });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', 'Bearer wrong-token-0123456789'],
      ['the token without Bearer', token],
    ])('answers 401 for %s and does not reindex', async (_name, header) => {
      const req = request(admin.app).post('/api/admin/reindex');
      const res = await (header ? req.set('Authorization', header) : req).expect(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(calls).toBe(0);
    });

    it('reindexes with the right token', async () => {
      const res = await request(admin.app).post('/api/admin/reindex').set('Authorization', `Bearer ${token}`).expect(200);
      expect(res.body).toMatchObject({ ok: true, result: { documents: 4 } });
      expect(calls).toBe(1);
    });

    it('refuses a request body over 16 kB with 413', async () => {
      const res = await request(admin.app)
        .post('/api/admin/reindex')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ pad: 'x'.repeat(20_000) }))
        .expect(413);
      expect(res.body.error.code).toBe('payload_too_large');
    });

    it('is described in the OpenAPI document', async () => {
      const res = await request(admin.app).get('/api/openapi.json').expect(200);
      expect(Object.keys(res.body.paths)).toContain('/api/admin/reindex');
    });
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every API route as OpenAPI 3.1 and states how unknown parameters are treated', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths).sort()).toEqual([
      '/api/clauses/{id}',
      '/api/clauses/{id}/similar',
      '/api/compare',
      '/api/compare/versions',
      '/api/documents',
      '/api/documents.csv',
      '/api/documents/{id}',
      '/api/health',
      '/api/openapi.json',
      '/api/search',
      '/api/search.csv',
    ]);
    expect(res.body.info.description).toContain('unknown query parameters are ignored');
    const params = res.body.paths['/api/search'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(['q', 'mode', 'yearFrom', 'yearTo', 'issuer', 'level', 'docType', 'validity', 'limit', 'offset', 'page']);
    // Every $ref resolves.
    const refs = JSON.stringify(res.body).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of new Set(refs)) expect(res.body.components.schemas).toHaveProperty(ref.split('/').pop() as string);
  });
});

describe('unknown API paths', () => {
  it('answer 404 in the JSON error shape', async () => {
    const res = await request(t.app).get('/api/nothing-here').expect(404);
    expect(res.body).toEqual({ ok: false, error: { code: 'not_found', message: '没有这个地址：/api/nothing-here（no such path）' } });
  });
});

describe('logs', () => {
  it('carry a request id and a timing, but no document text and no Authorization header', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestApp({ hostile: false, logger: createLogger({ logLevel: 'info' }, sink) });
    try {
      const res = await request(logged.app)
        .get(`/api/search?q=${知识产权质押}`)
        .set('Authorization', 'Bearer super-secret-value-123456')
        .set('X-Request-Id', 'req-abc-12345')
        .expect(200);
      expect(res.headers['x-request-id']).toBe('req-abc-12345');
      const entry = JSON.parse(lines.find((l) => l.includes('req-abc-12345')) ?? '{}');
      expect(entry).toMatchObject({ level: 30, req: { id: 'req-abc-12345', method: 'GET' }, res: { statusCode: 200 } });
      expect(entry.responseTime).toEqual(expect.any(Number));
      const all = lines.join('\n');
      expect(all).not.toContain('super-secret-value');
      expect(all).not.toContain('搭建集专利');
    } finally {
      await logged.close();
    }
  });
});
