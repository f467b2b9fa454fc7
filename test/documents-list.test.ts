/**
 * The document list `/d` as a reader sees it: every document with its metadata, filtered by the search's
 * facets, sorted by date or title, in pages, with its JSON twin and a CSV for Excel.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../core/types.js';
import { loneValidity } from '../core/versions/validity.js';
import { expectOnlyOurMarkup } from './utils/markup.js';
import { createTestApp, type TestApp } from './utils/test-app.js';
import type { FixtureDocument } from './utils/fixture-corpus.js';

/** A repealed municipal rule without a signing date (its year comes from the file name). */
function fixtureDoc(over: Partial<PolicyDocument> & Pick<PolicyDocument, 'id' | 'title'>, clauseText = '第一条 为了规范测试，制定本办法。'): FixtureDocument {
  const document: PolicyDocument = {
    sourceFile: `${over.id}.txt`,
    noticeTitle: null,
    docNumber: null,
    proposalNumber: null,
    issuer: '深圳市人民政府',
    date: null,
    effectiveDate: null,
    history: [],
    orderNumber: null,
    publishedDate: null,
    year: null,
    level: '市',
    docType: '办法',
    sourceUrl: null,
    clauseCount: 1,
    ...over,
  };
  return {
    document,
    clauses: [{ id: `${over.id}.0`, docId: over.id, ordinal: 0, number: null, path: [], kind: 'paragraph', text: clauseText, start: 0, end: clauseText.length, spans: [] }],
  };
}

const REPEALED = fixtureDoc({
  id: 'szf-old-2012',
  title: '深圳市旧办法',
  docNumber: '深府〔2012〕1号',
  year: 2012,
  validity: { ...loneValidity('szf-old-2012'), status: '已废止', basis: 'metadata' },
});

const rowIds = (html: string) => [...html.matchAll(/<td class="doc-title"><a href="\/d\/([^"]+)">/g)].map((m) => m[1]);
const enc = encodeURIComponent;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extraDocuments: [REPEALED] });
});
afterAll(async () => {
  await t?.close();
});

describe('/d lists every document', () => {
  it('shows all six documents newest first, the undated 2012 rule placed by its year, each linking to its page', async () => {
    const res = await request(t.app).get('/d').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<title>收录文件 · 条文</title>');
    expect(res.text).toContain('<h1 class="page-title">收录文件</h1>');
    expect(res.text).toContain('符合条件的文件 <strong>6</strong> 件，当前第 1–6 件');
    expect(rowIds(res.text)).toEqual(['szf-2018-84', 'xss-2016-1', 'szf-2015-54', 'ffb-2013-20', 'szf-old-2012', 'szfb-2010-98']);
    expectOnlyOurMarkup(res.text);
  });

  it('gives each document its title, 文号, issuer, date, level, type, clause count and 时效性', async () => {
    const res = await request(t.app).get('/d').expect(200);
    expect(res.text).toContain(`<tr>
<td class="doc-title"><a href="/d/szf-2015-54">深圳国家自主创新示范区建设实施方案</a></td>
<td class="doc-number">深府〔2015〕54号</td>
<td class="doc-issuer">深圳市人民政府</td>
<td class="doc-date"><time datetime="2015-07-22">2015年7月22日</time></td>
<td class="doc-level"><span class="level level-city">市级</span></td>
<td class="doc-type">实施方案</td>
<td class="num">8</td>
<td class="doc-validity"><span class="status status-in-force">现行有效</span></td>
</tr>`);
    expect(res.text).toContain('<td class="doc-date">2012年</td>');
    expect(res.text).toContain('<span class="status status-repealed">已废止</span>');
    // Markup in a scraped title is shown as text.
    expect(res.text).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;关于知识产权质押的测试文件');
  });

  it('is linked from the header of every page', async () => {
    for (const page of ['/', '/d', '/d/szf-2015-54']) {
      const res = await request(t.app).get(page).expect(200);
      expect(res.text).toContain('<nav class="site-nav" aria-label="栏目"><a href="/">检索</a><a href="/d">文件</a></nav>');
    }
  });

  it('keeps /d/<id> as the document page', async () => {
    const res = await request(t.app).get('/d/szf-2015-54').expect(200);
    expect(res.text).toContain('<title>深圳国家自主创新示范区建设实施方案 · 条文</title>');
  });
});

describe('/d filters by the same facets as search', () => {
  it('level=区 keeps the two district documents and still counts the 市 ones (disjunctive facets)', async () => {
    const res = await request(t.app).get(`/d?level=${enc('区')}`).expect(200);
    expect(rowIds(res.text)).toEqual(['xss-2016-1', 'ffb-2013-20']);
    expect(res.text).toContain('符合条件的文件 <strong>2</strong> 件（共收录 6 件），当前第 1–2 件');
    expect(res.text).toContain('<input type="checkbox" name="level" value="区" checked> <span class="facet-label">区级</span> <span class="count">2</span>');
    expect(res.text).toContain('<input type="checkbox" name="level" value="市"> <span class="facet-label">市级</span> <span class="count">4</span>');
    // The chip that removes the filter goes back to the whole list.
    expect(res.text).toContain('<a href="/d" hx-get="/d" class="chip removable" aria-label="去掉筛选 区级">区级 <span aria-hidden="true">×</span></a>');
  });

  it('a year range, an issuer and a type combine (AND across facets)', async () => {
    const years = await request(t.app).get('/d?yearFrom=2013&yearTo=2016').expect(200);
    expect(rowIds(years.text)).toEqual(['xss-2016-1', 'szf-2015-54', 'ffb-2013-20']);
    const both = await request(t.app).get(`/d?issuer=${enc('深圳市人民政府')}&docType=${enc('实施方案')}`).expect(200);
    expect(rowIds(both.text)).toEqual(['szf-2018-84', 'szf-2015-54']);
  });

  it('lists every version by default, and only the texts in force with validity=现行有效', async () => {
    const all = await request(t.app).get('/d').expect(200);
    expect(all.text).toContain('<a href="/d?validity=%E7%8E%B0%E8%A1%8C%E6%9C%89%E6%95%88" hx-get="/d?validity=%E7%8E%B0%E8%A1%8C%E6%9C%89%E6%95%88" class="chip">只看现行有效</a>');
    const inForce = await request(t.app).get(`/d?validity=${enc('现行有效')}`).expect(200);
    expect(rowIds(inForce.text)).not.toContain('szf-old-2012');
    expect(rowIds(inForce.text)).toHaveLength(5);
    expect(inForce.text).toContain('<input type="checkbox" name="validity" value="已废止"> <span class="facet-label">已废止</span> <span class="count">1</span>');
    const repealed = await request(t.app).get(`/d?validity=${enc('已废止')}`).expect(200);
    expect(rowIds(repealed.text)).toEqual(['szf-old-2012']);
  });

  it('a filter that matches nothing says so and offers the whole list', async () => {
    const res = await request(t.app).get('/d?yearFrom=2019').expect(200);
    expect(res.text).toContain('<h2>没有符合条件的文件</h2>');
    expect(res.text).toContain('<a href="/d" hx-get="/d">去掉全部筛选条件</a>，查看全部收录文件。');
  });

  it('answers 400 in Chinese for a bad parameter, as search does', async () => {
    const res = await request(t.app).get('/d?yearFrom=2016&yearTo=2013').expect(400);
    expect(res.text).toContain('起始年份 2016 晚于结束年份 2013（yearFrom must not be after yearTo）');
    const sort = await request(t.app).get('/api/documents?sort=random').expect(400);
    expect(sort.body.error.message).toBe('参数 sort 只能是 newest（日期从新到旧）、oldest（从旧到新）或 title（按标题）（sort must be newest, oldest or title）');
  });
});

describe('/d sorts', () => {
  it('oldest first, undated documents by their year, and the sort switch marks the current order', async () => {
    const res = await request(t.app).get('/d?sort=oldest').expect(200);
    expect(rowIds(res.text)).toEqual(['szfb-2010-98', 'szf-old-2012', 'ffb-2013-20', 'szf-2015-54', 'xss-2016-1', 'szf-2018-84']);
    expect(res.text).toContain('<span class="chip selected" aria-current="true">日期从旧到新</span>');
    expect(res.text).toContain('<a href="/d" hx-get="/d" class="chip">日期从新到旧</a>');
    // The sort survives a filter change: the form carries it.
    expect(res.text).toContain('<input type="hidden" name="sort" value="oldest">');
  });

  it('by title in pinyin order (加 jiā before 深 shēn; 深圳国 guó before 深圳市 shì)', async () => {
    const res = await request(t.app).get('/d?sort=title').expect(200);
    expect(rowIds(res.text)).toEqual(['xss-2016-1', 'ffb-2013-20', 'szf-2015-54', 'szf-2018-84', 'szf-old-2012', 'szfb-2010-98']);
  });

  it('filter links keep the sort', async () => {
    const res = await request(t.app).get('/d?sort=oldest').expect(200);
    expect(res.text).toContain('<a href="/d?yearFrom=2013&amp;yearTo=2013&amp;sort=oldest"');
  });
});

describe('/d for htmx', () => {
  it('answers a request for #doc-results with the fragment alone and the canonical URL to push', async () => {
    const res = await request(t.app)
      .get(`/d?level=${enc('市')}&yearFrom=&sort=newest`)
      .set({ 'HX-Request': 'true', 'HX-Target': 'doc-results' })
      .expect(200);
    expect(res.text).not.toContain('<html');
    expect(res.text.startsWith('<title>收录文件 · 条文</title>\n')).toBe(true);
    expect(res.headers['hx-push-url']).toBe('/d?level=%E5%B8%82');
    expect(rowIds(res.text)).toEqual(['szf-2018-84', 'szf-2015-54', 'szf-old-2012', 'szfb-2010-98']);
  });
});

describe('the JSON twin and the CSV', () => {
  it('/d advertises /api/documents with the same filters', async () => {
    const res = await request(t.app).get(`/d?level=${enc('区')}&sort=title&page=1`).expect(200);
    expect(res.headers.link).toBe('</api/documents?level=%E5%8C%BA&sort=title>; rel="alternate"; type="application/json"');
  });

  it('/api/documents returns the page, the total, facet counts and links', async () => {
    const res = await request(t.app).get(`/api/documents?level=${enc('市')}&limit=2`).expect(200);
    expect(res.body.total).toBe(4);
    expect(res.body.corpusTotal).toBe(6);
    expect(res.body.documents.map((d: { id: string }) => d.id)).toEqual(['szf-2018-84', 'szf-2015-54']);
    expect(res.body.documents[1]).toMatchObject({
      title: '深圳国家自主创新示范区建设实施方案',
      docNumber: '深府〔2015〕54号',
      issuer: '深圳市人民政府',
      date: '2015-07-22',
      level: '市',
      docType: '实施方案',
      clauseCount: 8,
      status: '现行有效',
      url: '/d/szf-2015-54',
    });
    expect(res.body.facets.level).toEqual({ 市: 4, 区: 2 });
    expect(res.body.facets.docType).toEqual({ 实施方案: 2, 工作方案: 1, 办法: 1 });
    expect(res.body.query).toEqual({ yearFrom: null, yearTo: null, issuer: [], level: ['市'], docType: [], validity: 'all', sort: 'newest', limit: 2, offset: 0 });
    expect(res.body.links).toEqual({
      html: '/d?level=%E5%B8%82',
      csv: '/api/documents.csv?level=%E5%B8%82',
      next: '/api/documents?level=%E5%B8%82&limit=2&offset=2',
    });
    const next = await request(t.app).get(res.body.links.next).expect(200);
    expect(next.body.documents.map((d: { id: string }) => d.id)).toEqual(['szf-old-2012', 'szfb-2010-98']);
    expect(next.body.links.next).toBeNull();
  });

  it('/api/documents.csv is the filtered, sorted list for Excel', async () => {
    const res = await request(t.app)
      .get(`/api/documents.csv?level=${enc('市')}&sort=oldest`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=.*\.csv/);
    const text = (res.body as Buffer).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('序号,文件标题,文号,发文机关,成文日期,年份,层级,文件类型,条款数,时效性,链接,文件ID');
    expect(lines[1]).toMatch(/^1,深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）,深府办〔2010〕98号,深圳市人民政府办公厅,2010-12-01,2010,市,工作方案,\d+,现行有效,http:\/\/127\.0\.0\.1:\d+\/d\/szfb-2010-98,szfb-2010-98$/);
    expect(lines[2]).toMatch(/^2,深圳市旧办法,深府〔2012〕1号,深圳市人民政府,,2012,市,办法,1,已废止,http:\/\/127\.0\.0\.1:\d+\/d\/szf-old-2012,szf-old-2012$/);
    expect(lines.filter((l) => l !== '')).toHaveLength(5);
  });
});

describe('/d in pages of 50', () => {
  let many: TestApp;
  beforeAll(async () => {
    // 120 more rules, one a day from 2019-01-01: with the four fixture documents, page 3 holds the last 24 of 124.
    const extra = Array.from({ length: 120 }, (_, i) => {
      const date = new Date(Date.UTC(2019, 0, 1 + i)).toISOString().slice(0, 10);
      return fixtureDoc({ id: `gen-${String(i).padStart(3, '0')}`, title: `测试办法${i}`, date, year: Number(date.slice(0, 4)) });
    });
    many = await createTestApp({ hostile: false, extraDocuments: extra });
  });
  afterAll(async () => {
    await many?.close();
  });

  it('the search start screen lists the 20 newest and sends the reader to /d for the rest', async () => {
    const res = await request(many.app).get('/').expect(200);
    expect(res.text).toContain('<h2 id="corpus-title">收录文件（124 件）</h2>\n<p class="corpus-more"><a href="/d">最新 20 件；查看全部 124 件，按机关、层级、年份筛选</a></p>');
    const listed = [...res.text.matchAll(/<ol class="doc-list">([\s\S]*?)<\/ol>/g)][0]![1]!.match(/<li>/g);
    expect(listed).toHaveLength(20);
  });

  it('page 1 shows the 50 newest, page 3 the last 24, with page links that keep the filters', async () => {
    const first = await request(many.app).get('/d').expect(200);
    expect(rowIds(first.text)).toHaveLength(50);
    expect(rowIds(first.text)[0]).toBe('gen-119');
    expect(first.text).toContain('符合条件的文件 <strong>124</strong> 件，当前第 1–50 件');
    expect(first.text).toContain('<a href="/d?page=2" hx-get="/d?page=2" class="pg next" rel="next">下一页</a>');
    const last = await request(many.app).get('/d?page=3').expect(200);
    expect(rowIds(last.text)).toHaveLength(24);
    expect(rowIds(last.text).slice(-4)).toEqual(['szf-2018-84', 'szf-2015-54', 'ffb-2013-20', 'szfb-2010-98']);
    expect(last.text).toContain('当前第 101–124 件');
    const filtered = await request(many.app).get(`/d?level=${enc('市')}&sort=oldest`).expect(200);
    expect(filtered.text).toContain('<a href="/d?level=%E5%B8%82&amp;sort=oldest&amp;page=2" hx-get="/d?level=%E5%B8%82&amp;sort=oldest&amp;page=2" class="pg next" rel="next">下一页</a>');
  });
});
