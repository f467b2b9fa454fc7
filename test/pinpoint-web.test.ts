/**
 * Citations down to 款 and 项, as a user meets them: a keyword hit inside one item of an article cites and
 * links that item, in the JSON API, the result list and the CSV; a deep link `/c/<id>?k=2` marks the
 * paragraph on the clause page; the document page shows the law's history. The regulation is parsed by the
 * real parser from a plain text, as a user's file would be.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from '../indexer/parse/parse-document.js';
import { urls } from '../server/urls.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

const REGULATION = [
  '深圳经济特区数据条例',
  '（2021年6月29日深圳市第七届人民代表大会常务委员会第二次会议通过）',
  '第一章　总　　则',
  '第一条　为了规范数据处理活动，保护自然人、法人和非法人组织的合法权益，制定本条例。',
  '第二章　个人数据',
  '第一节　一般规定',
  '第二十条　处理个人数据应当具有明确、合理的目的。',
  '处理个人数据应当告知下列事项：',
  '（一）数据处理者的名称或者姓名和联系方式；',
  '（二）处理个人数据的种类和范围；',
  '（三）处理个人数据的目的和方式；',
  '（四）存储个人数据的期限；',
  '第一百条　本条例自2022年1月1日起施行。',
].join('\n');

const parsed = parseDocument(REGULATION, 'shenzhen-data-regulation.txt');
const docId = parsed.document.id;
const a20 = `${docId}.a20`;
/** The article id as it stands in a link. */
const a20Link = encodeURIComponent(a20);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ extraDocuments: [parsed] });
});
afterAll(async () => {
  await t.close();
});

describe('a keyword hit inside one item of 第二十条', () => {
  it('belongs to a document whose id is its title and adoption date', () => {
    expect(a20).toBe('深圳经济特区数据条例-2021-06-29.a20');
  });

  it('cites 第二十条第二款第（三）项 and links to that item in the JSON API', async () => {
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('目的和方式')}&mode=keyword`).expect(200);
    const hit = res.body.hits.find((h: { id: string }) => h.id === a20);
    expect(hit).toMatchObject({
      number: '第二十条',
      kind: 'article',
      path: ['第二章 个人数据', '第一节 一般规定'],
      level: '市',
      citation: '《深圳经济特区数据条例》第二十条第二款第（三）项',
      pinpoint: { paragraph: 2, item: 3, label: '第二款第（三）项', url: `/c/${a20Link}?k=2&x=3` },
      url: `/c/${a20Link}`,
    });
    expect(hit.text.slice(hit.pinpoint.start, hit.pinpoint.end)).toBe('（三）处理个人数据的目的和方式；');
    expect(hit.spans).toHaveLength(6);
  });

  it('cites the whole paragraph for a hit in its lead-in, and the article for a hit across paragraphs', async () => {
    const lead = await request(t.app).get(`/api/search?q=${encodeURIComponent('告知下列事项')}&mode=keyword`).expect(200);
    expect(lead.body.hits.find((h: { id: string }) => h.id === a20)).toMatchObject({ citation: '《深圳经济特区数据条例》第二十条第二款', pinpoint: { paragraph: 2, item: null } });
    const across = await request(t.app).get(`/api/search?q=${encodeURIComponent('合理的目的 存储个人数据')}&mode=keyword`).expect(200);
    expect(across.body.hits.find((h: { id: string }) => h.id === a20)).toMatchObject({ citation: '《深圳经济特区数据条例》第二十条', pinpoint: null });
  });

  it('shows the item in the result list: position, link and the citation the copy button copies', async () => {
    const res = await request(t.app).get(`/?q=${encodeURIComponent('目的和方式')}&mode=keyword`).expect(200);
    const item = res.text.slice(res.text.indexOf(`href="/c/${a20Link}?k=2&amp;x=3"`) - 200);
    expect(res.text).toContain(`<a class="hit-title" href="/c/${a20Link}?k=2&amp;x=3">深圳经济特区数据条例</a>`);
    expect(item).toContain('<strong>第二十条</strong><strong class="pinpoint-label">第二款第（三）项</strong>');
    expect(item).toContain('data-citation="《深圳经济特区数据条例》第二十条第二款第（三）项"');
  });

  it('exports the narrowed citation and link to CSV', async () => {
    const res = await request(t.app).get(`/api/search.csv?q=${encodeURIComponent('目的和方式')}&mode=keyword`).expect(200);
    const row = res.text.split('\r\n').find((line) => line.includes(a20));
    expect(row).toContain('《深圳经济特区数据条例》第二十条第二款第（三）项');
    expect(row).toContain(`/c/${a20Link}?k=2&x=3`);
  });
});

describe('the deep link to one 款', () => {
  it('is built in one place', () => {
    expect(urls.clause(a20, { paragraph: 2, item: null })).toBe(`/c/${a20Link}?k=2`);
    expect(urls.clause(a20, { paragraph: 2, item: 3 })).toBe(`/c/${a20Link}?k=2&x=3`);
    expect(urls.api.clause(a20, { paragraph: 2, item: null })).toBe(`/api/clauses/${a20Link}?k=2`);
    expect(urls.clause(a20, null)).toBe(`/c/${a20Link}`);
  });

  it('marks 第二款 on the clause page and cites it', async () => {
    const res = await request(t.app).get(`/c/${a20Link}?k=2`).expect(200);
    expect(res.text).toContain(
      `<mark class="pinpoint" id="${a20}-k2">处理个人数据应当告知下列事项：\n（一）数据处理者的名称或者姓名和联系方式；\n（二）处理个人数据的种类和范围；\n（三）处理个人数据的目的和方式；\n（四）存储个人数据的期限；</mark>`,
    );
    expect(res.text).toContain('<cite class="citation">《深圳经济特区数据条例》第二十条第二款</cite>');
    expect(res.headers.link).toContain(`/api/clauses/${a20Link}?k=2`);
  });

  it('has a JSON twin with the pinpoint', async () => {
    const res = await request(t.app).get(`/api/clauses/${a20Link}?k=2&x=3`).expect(200);
    expect(res.body).toMatchObject({ citation: '《深圳经济特区数据条例》第二十条第二款第（三）项', pinpoint: { paragraph: 2, item: 3, url: `/c/${a20Link}?k=2&x=3` } });
  });

  it('answers 404 for a paragraph the article does not have, and 400 for an item without its paragraph', async () => {
    const missing = await request(t.app).get(`/api/clauses/${a20Link}?k=5`).expect(404);
    expect(missing.body.error.message).toBe(`第二十条没有第5款（Clause ${a20} has no paragraph 5）`);
    const page = await request(t.app).get(`/c/${a20Link}?k=2&x=9`).expect(404);
    expect(page.text).toContain('第二十条没有第2款第9项');
    const bad = await request(t.app).get(`/api/clauses/${a20Link}?x=3`).expect(400);
    expect(bad.body.error.message).toBe('参数 x（项）需要同时给出 k（款）（x (item) needs k (paragraph)）');
    await request(t.app).get(`/api/clauses/${a20Link}?k=0`).expect(400);
  });
});

describe('the document page of a law', () => {
  it('shows the adopting body, the dates and the history', async () => {
    const res = await request(t.app).get(urls.document(docId)).expect(200);
    expect(res.text).toContain('<dt>制定机关</dt><dd>深圳市人民代表大会常务委员会</dd>');
    expect(res.text).toContain('<dt>施行日期</dt>');
    expect(res.text).toContain('<h2 id="history-title">沿革</h2>');
    expect(res.text).toMatch(/<span class="history-date">2021年6月29日<\/span> <strong class="history-action">通过<\/strong> <span class="history-body">深圳市人民代表大会常务委员会<\/span>/u);
  });
});
