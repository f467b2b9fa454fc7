/**
 * The HTML pages as a browser without JavaScript and as htmx see them.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineUnavailableError } from '../core/errors.js';
import { expectOnlyOurMarkup } from './utils/markup.js';
import { createTestApp, withEngineOverrides, type TestApp } from './utils/test-app.js';

const 知识产权质押 = encodeURIComponent('知识产权质押');
const htmx = { 'HX-Request': 'true', 'HX-Target': 'results', 'HX-Current-URL': 'http://127.0.0.1/' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ hostile: false });
});
afterAll(async () => {
  await t?.close();
});

/** The text of the first element matching `open` (a start tag prefix) up to its closing tag — enough for assertions. */
function section(html: string, marker: string, end: string): string {
  const at = html.indexOf(marker);
  expect(at, `page contains ${marker}`).toBeGreaterThanOrEqual(0);
  return html.slice(at, html.indexOf(end, at) + end.length);
}

describe('the search page', () => {
  it('is a Chinese page with a GET form that works without JavaScript', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toMatch(/^<!doctype html>\n<html lang="zh-CN"/);
    const form = section(res.text, '<form id="search-form"', '>');
    expect(form).toContain('action="/" method="get"');
    expect(res.text).toContain('<input id="q" type="search" name="q" value=""');
    expect(res.text).toMatch(/<input type="radio" name="mode" value="hybrid" checked><span>混合<\/span>/);
    expect(res.text).toContain('<input type="radio" name="mode" value="keyword"><span>关键词</span>');
    expect(res.text).toContain('<input type="radio" name="mode" value="semantic"><span>语义</span>');
  });

  it('starts with example queries and the list of documents', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.text).toContain('<h2 id="corpus-title">收录文件（4 件）</h2>');
    expect(res.text).toContain('<a href="/d/szf-2015-54">深圳国家自主创新示范区建设实施方案</a>');
    expect(res.text).toContain(`<a href="/?q=${知识产权质押}" hx-get="/?q=${知识产权质押}" class="chip">知识产权质押</a>`);
  });

  it('shows "知识产权质押" hits from 2010, 2013 and 2015 with highlighted words, position and signals', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword`).expect(200);
    expect(res.text).toContain('<p role="status">共 <strong>3</strong> 条，关键词检索，当前第 1–3 条</p>');
    for (const title of ['深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）', '加速推动战略性新兴产业发展的指导意见（2013—2017年）', '深圳国家自主创新示范区建设实施方案']) {
      expect(res.text).toContain(`">${title}</a>`);
    }
    const hit2015 = section(res.text, '<a class="hit-title" href="/c/szf-2015-54.6">', '</li>');
    expect(hit2015).toContain('<span class="doc-number">深府〔2015〕54号</span>');
    expect(hit2015).toContain('<time datetime="2015-07-22">2015年7月22日</time>');
    expect(hit2015).toContain('<span class="position">四、主要任务及分工 › （三）优化综合创新生态体系。 › <strong>81.</strong></span>');
    expect(hit2015).toContain('建立<mark>知识产权质押</mark>融资担保机制');
    expect(hit2015).toContain('<span class="badge badge-keyword" title="包含检索词">关键词</span>');
    expect(hit2015).toContain('hx-get="/c/szf-2015-54.6/similar" hx-target="next .similar-slot"');
    expect(hit2015).toContain('>复制链接</a>');
    expect(hit2015).toContain('data-citation="《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81."');
  });

  it('draws the term-over-time chart with a bar per year that filters to it, marking first and last year', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword`).expect(200);
    const chart = section(res.text, '<figure class="chart">', '</figure>');
    expect(chart).toContain('首现 2010 年 · 最近 2015 年');
    // The axis spans the fixture corpus's years, 2010–2018, one bar each.
    expect(chart.match(/<a class="bar /g)).toHaveLength(9);
    expect(chart).toContain(`href="/?q=${知识产权质押}&amp;mode=keyword&amp;yearFrom=2013&amp;yearTo=2013"`);
    expect(chart).toContain('<title>2013年：共 1 条（区级 1 条）</title>');
  });

  it('in hybrid mode the chart still counts only clauses that contain the term, not semantic neighbours', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=hybrid`).expect(200);
    const chart = section(res.text, '<figure class="chart">', '</figure>');
    expect(chart).toContain('含“知识产权质押”的条款数（按年份）');
    expect(chart).toContain('首现 2010 年 · 最近 2015 年');
    const api = await request(t.app).get(`/api/search?q=${知识产权质押}&mode=hybrid`).expect(200);
    expect(api.body.timeline).toEqual({ yearByLevel: { 2010: { 市: 1 }, 2013: { 区: 1 }, 2015: { 市: 1 } }, total: 3 });
  });

  it('keeps the year filter in the URL and lets the chart bar of the selected year clear it', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword&yearFrom=2013&yearTo=2013`).expect(200);
    expect(res.text).toContain('<p role="status">共 <strong>1</strong> 条');
    expect(res.text).toContain('<a class="bar in-filter" href="/?q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83%E8%B4%A8%E6%8A%BC&amp;mode=keyword"');
    expect(res.text).toContain('<input type="number" name="yearFrom" inputmode="numeric" min="1900" max="2100" placeholder="起" value="2013">');
    expect(res.text).toContain('aria-label="去掉年份筛选 2013年"');
  });

  it('lists facet values with counts as checkboxes, ticked when selected', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword&level=%E5%8C%BA`).expect(200);
    expect(res.text).toContain('<input type="checkbox" name="level" value="区" checked> <span class="facet-label">区级</span> <span class="count">1</span>');
    // Disjunctive: the other level still shows its count.
    expect(res.text).toContain('<input type="checkbox" name="level" value="市"> <span class="facet-label">市级</span> <span class="count">2</span>');
    expect(res.text).toContain('<input type="checkbox" name="issuer" value="福田区人民政府办公室"> <span class="facet-label">福田区人民政府办公室</span> <span class="count">1</span>');
  });

  it('pages through results with links that keep the search', async () => {
    const res = await request(t.app).get('/?level=%E5%B8%82&page=2').expect(200);
    expect(res.text).toContain('共 <strong>23</strong> 条，当前第 21–23 条');
    expect(res.text).toContain('<a href="/?level=%E5%B8%82" hx-get="/?level=%E5%B8%82" class="pg prev" rel="prev">上一页</a>');
    expect(res.text).toContain('<span class="pg current" aria-current="page">2</span>');
    expect(res.text).toContain('<ol class="hits" start="21">');
  });

  it('suggests what to try when nothing matches', async () => {
    const res = await request(t.app).get(`/?q=${encodeURIComponent('量子引力')}&mode=keyword&yearFrom=2010`).expect(200);
    const empty = section(res.text, '<div class="empty-state">', '</div>');
    expect(empty).toContain('没有找到与“<span class="q">量子引力</span>”相关的条款');
    expect(empty).toContain('改用<a href="/?q=%E9%87%8F%E5%AD%90%E5%BC%95%E5%8A%9B&amp;mode=semantic&amp;yearFrom=2010"');
    expect(empty).toContain('去掉全部筛选条件');
    expect(empty).toContain('class="chip">知识产权质押</a>');
  });

  it('links the CSV export and the JSON twin of the current search', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword&page=1`).expect(200);
    expect(res.headers.link).toBe(`</api/search?q=${知识产权质押}&mode=keyword>; rel="alternate"; type="application/json"`);
    expect(res.text).toContain(`<a href="/api/search.csv?q=${知识产权质押}&amp;mode=keyword" download>导出 CSV</a>`);
    expect(res.text).toContain(`<link rel="alternate" type="application/json" href="/api/search?q=${知识产权质押}&amp;mode=keyword">`);
  });

  it('shows a readable 400 in the page, keeping what the user typed', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&yearFrom=2020&yearTo=2010`).expect(400);
    expect(res.text).toContain('<html lang="zh-CN"');
    expect(res.text).toContain('<h2>检索条件有误</h2>');
    expect(res.text).toContain('起始年份 2020 晚于结束年份 2010');
    expect(res.text).toContain('name="q" value="知识产权质押"');
  });
});

describe('htmx fragments', () => {
  it('an htmx request for #results gets the results alone, with a title and the canonical URL to push', async () => {
    const res = await request(t.app).get(`/?q=${知识产权质押}&mode=keyword&yearFrom=&yearTo=&page=`).set(htmx).expect(200);
    expect(res.text).not.toContain('<html');
    expect(res.text).not.toContain('<form');
    expect(res.text).toMatch(/^<title>“知识产权质押”的检索结果 · 条文<\/title>\n<div class="results-layout">/);
    expect(res.text).toContain('<mark>知识产权质押</mark>');
    expect(res.headers['hx-push-url']).toBe(`/?q=${知识产权质押}&mode=keyword`);
    expect(res.headers.vary).toBe('HX-Request, HX-Target');
  });

  it('a boosted or history-restore request (HX-Request without our target) gets the whole page', async () => {
    const boosted = await request(t.app).get(`/?q=${知识产权质押}`).set({ 'HX-Request': 'true', 'HX-Boosted': 'true' }).expect(200);
    expect(boosted.text).toContain('<html lang="zh-CN"');
    const restore = await request(t.app).get(`/?q=${知识产权质押}`).set({ ...htmx, 'HX-History-Restore-Request': 'true' }).expect(200);
    expect(restore.text).toContain('<html lang="zh-CN"');
  });

  it('an invalid search typed into the box swaps in an error block, not a page', async () => {
    const res = await request(t.app).get(`/?q=${'长'.repeat(201)}`).set(htmx).expect(400);
    expect(res.text).not.toContain('<html');
    expect(res.text).toContain('<div class="error-state" role="alert">\n<h2>检索条件有误</h2>\n<p>检索词过长：最多 200 个字，当前 201 个');
  });

  it('the similar panel is a fragment for htmx and a page without it', async () => {
    const panel = await request(t.app).get('/c/szf-2015-54.6/similar').set({ 'HX-Request': 'true', 'HX-Target': 'similar-szf-2015-54.6' }).expect(200);
    expect(panel.text).not.toContain('<html');
    expect(panel.text).toMatch(/^<section class="similar-panel" aria-label="相似条款">/);
    const page = await request(t.app).get('/c/szf-2015-54.6/similar').expect(200);
    expect(page.text).toContain('<html lang="zh-CN"');
    expect(page.text).toContain('<section class="similar-panel"');
    expect(page.headers.link).toBe('</api/clauses/szf-2015-54.6/similar?limit=10>; rel="alternate"; type="application/json"');
  });
});

describe('the similar panel', () => {
  it('shows the lineage oldest first, the current clause in its year, each with similarity and a compare link', async () => {
    const res = await request(t.app).get('/c/szf-2015-54.6/similar?limit=5').set({ 'HX-Request': 'true', 'HX-Target': 'similar-szf-2015-54.6' }).expect(200);
    const years = [...res.text.matchAll(/<span class="lineage-year">(\d{4})<\/span>/g)].map((m) => Number(m[1]));
    // The five nearest by the fixture's hash vectors (hubness-discounted), oldest first, and the source.
    expect(years).toEqual([2010, 2013, 2013, 2013, 2015, 2018]);
    expect(res.text).toContain('<li class="lineage-item is-source">\n<span class="lineage-year">2015</span>');
    // Older clause on the left, so the diff reads as how the wording changed over time.
    expect(res.text).toContain('<a class="act" href="/compare?a=szfb-2010-98.6&amp;b=szf-2015-54.6">比较</a>');
    expect(res.text).toMatch(/相似度 <strong>\d+%<\/strong>/);
  });
});

describe('the clause deep link /c/:id', () => {
  it('shows the whole document with the clause marked, its citation and the outline around it', async () => {
    const res = await request(t.app).get('/c/szf-2015-54.6').expect(200);
    expect(res.text).toContain('<title>《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81. · 条文</title>');
    expect(res.text).toContain('<section class="clause clause-item focus" id="szf-2015-54.6" aria-current="true" tabindex="-1">');
    expect(res.text.match(/class="clause clause-\w+ focus"/g)).toHaveLength(1);
    expect(res.text.match(/<section class="clause /g)).toHaveLength(8);
    expect(res.text).toContain('<cite class="citation">《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.</cite>');
    expect(res.text).toContain('<li class="current"><a href="#h6-1">（三）优化综合创新生态体系。</a></li>');
    expect(res.text).toContain('<a href="#szf-2015-54.6">跳到当前条款 81.</a>');
    expect(res.headers.link).toBe('</api/clauses/szf-2015-54.6>; rel="alternate"; type="application/json"');
  });

  it('answers 404 with a readable Chinese page for an unknown clause', async () => {
    const res = await request(t.app).get('/c/szf-2015-54.404').expect(404);
    expect(res.text).toContain('<html lang="zh-CN"');
    expect(res.text).toContain('<h1>找不到这个页面</h1>');
    expect(res.text).toContain('找不到条款“szf-2015-54.404”');
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });
});

describe('the document page /d/:id', () => {
  it('shows the metadata, an outline from the clause paths and every clause with an anchor', async () => {
    const res = await request(t.app).get('/d/szfb-2010-98').expect(200);
    expect(res.text).toContain('<h1>深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）</h1>');
    expect(res.text).toContain('<p class="notice-title">深圳市人民政府办公厅关于印发深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）的通知</p>');
    expect(res.text).toContain('<div><dt>文号</dt><dd>深府办〔2010〕98号</dd></div>');
    expect(res.text).toContain('<div><dt>发布日期</dt><dd>2011年1月19日</dd></div>');
    expect(res.text).toContain('<a href="http://www.sz.gov.cn/zfgb/2011/gb727/201101/t20110119_1631361.htm" rel="noopener noreferrer" target="_blank">政府网站原文</a>');
    for (let i = 0; i < 8; i++) expect(res.text).toContain(`id="szfb-2010-98.${i}"`);
    expect(res.text).not.toContain(' focus"');
    const outline = section(res.text, '<nav class="outline"', '</nav>');
    expect([...outline.matchAll(/<a href="#[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])).toEqual([
      '（一）2011年目标。',
      '（一）推进重点领域产业链建设。',
      '（二）提高自主创新能力。',
      '（四）完善产业投资平台。',
      '（一）营造优良的人才发展环境。',
    ]);
    expect(res.headers.link).toBe('</api/documents/szfb-2010-98>; rel="alternate"; type="application/json"');
  });

  it('answers 404 for an unknown document', async () => {
    const res = await request(t.app).get('/d/none-2000-1').expect(404);
    expect(res.text).toContain('找不到文件“none-2000-1”');
  });
});

describe('the compare page', () => {
  it('shows both clauses side by side with deletions left, insertions right, a swap link and other candidates', async () => {
    const res = await request(t.app).get('/compare?a=szfb-2010-98.6&b=szf-2015-54.6').expect(200);
    const left = section(res.text, '<section class="compare-side side-a"', '</section>');
    const right = section(res.text, '<section class="compare-side side-b"', '</section>');
    expect(left).toContain('<del>');
    expect(left).not.toContain('<ins>');
    expect(right).toContain('<ins>');
    expect(right).not.toContain('<del>');
    expect(left).toContain('深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）');
    expect(right).toContain('<cite class="citation">《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.</cite>');
    expect(res.text).toContain('<a class="act" href="/compare?a=szf-2015-54.6&amp;b=szfb-2010-98.6">⇄ 交换左右</a>');
    expect(res.text).toContain('<h2>与其他相似条款比较</h2>');
    expect(res.headers.link).toBe('</api/compare?a=szfb-2010-98.6&b=szf-2015-54.6>; rel="alternate"; type="application/json"');
  });

  it('answers 400 with a readable page when a clause is missing', async () => {
    const res = await request(t.app).get('/compare?a=szfb-2010-98.6').expect(400);
    expect(res.text).toContain('<h1>请求有误</h1>');
    expect(res.text).toContain('缺少参数 b（条款编号）');
  });
});

describe('errors and unknown paths', () => {
  it('an unknown path is a Chinese 404 page', async () => {
    const res = await request(t.app).get('/no/such/page').expect(404);
    expect(res.text).toContain('<h1>找不到这个页面</h1>');
    expect(res.text).toContain('没有这个地址：/no/such/page');
  });

  it('says the search service is unavailable (503) in plain Chinese when the engine is down', async () => {
    const down = await createTestApp({
      hostile: false,
      wrapEngine: (engine) =>
        withEngineOverrides(engine, {
          search: async () => {
            throw new EngineUnavailableError('无法连接检索服务（Meilisearch 无响应）');
          },
        }),
    });
    try {
      const res = await request(down.app).get(`/?q=${知识产权质押}`).expect(503);
      expect(res.text).toContain('<h2>检索服务暂时不可用</h2>');
      expect(res.text).toContain('<p>无法连接检索服务（Meilisearch 无响应）</p>');
      expect(res.text).toContain('错误代码 <code>engine_unavailable</code>');
      const fragment = await request(down.app).get(`/?q=${知识产权质押}`).set(htmx).expect(503);
      expect(fragment.text).not.toContain('<html');
      expect(fragment.text).toContain('检索服务暂时不可用');
    } finally {
      await down.close();
    }
  });
});

describe('static files and security headers', () => {
  it('serves htmx, the stylesheet and the script from the app itself', async () => {
    const htmxFile = await request(t.app).get('/static/htmx.min.js').expect(200);
    expect(htmxFile.type).toMatch(/^(text|application)\/javascript$/);
    expect(htmxFile.text).toContain('htmx');
    expect((await request(t.app).get('/static/app.css').expect(200)).type).toBe('text/css');
    expect((await request(t.app).get('/static/app.js').expect(200)).type).toMatch(/^(text|application)\/javascript$/);
  });

  it('sends a CSP without inline script, no framing, nosniff and a referrer policy', async () => {
    const res = await request(t.app).get('/').expect(200);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('has no inline script or inline event handler on any page', async () => {
    for (const path of ['/', `/?q=${知识产权质押}`, '/c/szf-2015-54.6', '/d/szf-2015-54', '/d', `/d?level=${encodeURIComponent('区')}&sort=title`, '/compare?a=szfb-2010-98.6&b=szf-2015-54.6', '/c/szf-2015-54.6/similar', '/nope']) {
      const res = await request(t.app).get(path);
      expectOnlyOurMarkup(res.text);
    }
  });
});
