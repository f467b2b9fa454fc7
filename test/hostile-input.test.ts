/**
 * Hostile input: script in the query and in a document, FTS5 syntax, SQL-looking strings, a 10 kB query,
 * invalid UTF-8, bad filter values. Each gets an escaped page or a 4xx with a message — never a 5xx,
 * never markup we did not write.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neutraliseFormula, searchCsv } from '../server/views/search-csv.js';
import { expectOnlyOurMarkup } from './utils/markup.js';
import { createTestApp, HOSTILE_DOCUMENT, type TestApp } from './utils/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ hostile: true });
});
afterAll(async () => {
  await t?.close();
});

const q = (s: string) => encodeURIComponent(s);

describe('the markup check itself', () => {
  it.each([
    '<p onclick="x">',
    '<a href="javascript:alert(1)">',
    '<a href=" JavaScript:alert(1)">',
    '<img src=x>',
    '<script>alert(1)</script>',
    '<script src="https://cdn.example/x.js"></script>',
    '<div style="background:url(x)">',
    '<svg onload=alert(1)>',
  ])('rejects %s', (html) => {
    expect(() => expectOnlyOurMarkup(html)).toThrow();
  });

  it('accepts escaped text that merely mentions them', () => {
    expect(() => expectOnlyOurMarkup('<p title="&quot; onclick=&quot;x">&lt;img src=x onerror=alert(1)&gt;</p>')).not.toThrow();
  });
});

describe('script in the query', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '</title><script>alert(1)</script>',
    'javascript:alert(1)',
    '{{7*7}}<iframe src=//evil>',
  ];

  it.each(attacks)('is escaped on the page, in the fragment and in the error state: %s', async (attack) => {
    for (const mode of ['keyword', 'hybrid']) {
      const page = await request(t.app).get(`/?q=${q(attack)}&mode=${mode}`);
      expect(page.status).toBe(200);
      expectOnlyOurMarkup(page.text);
      expect(page.text).toContain(`value="${attack.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}"`);
      const fragment = await request(t.app).get(`/?q=${q(attack)}&mode=${mode}`).set({ 'HX-Request': 'true', 'HX-Target': 'results' });
      expect(fragment.status).toBe(200);
      expectOnlyOurMarkup(fragment.text);
    }
    const tooLong = await request(t.app).get(`/?q=${q(attack.repeat(30))}`);
    expect(tooLong.status).toBe(400);
    expectOnlyOurMarkup(tooLong.text);
  });

  it('is returned as plain JSON data by the API', async () => {
    const res = await request(t.app).get(`/api/search?q=${q('<script>alert(1)</script>')}`).expect(200);
    expect(res.type).toBe('application/json');
    expect(res.body.query.q).toBe('<script>alert(1)</script>');
  });
});

describe('script inside a document', () => {
  it('shows the hostile clause in results as text, with the highlight still on the words', async () => {
    const res = await request(t.app).get(`/?q=${q('知识产权质押')}&mode=keyword`).expect(200);
    expectOnlyOurMarkup(res.text);
    expect(res.text).toContain('支持<mark>知识产权质押</mark>融资&lt;script&gt;alert(&quot;clause&quot;)&lt;/script&gt;，并提供&quot;引号&quot;与&#39;单引号&#39;及 &amp; 符号。');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;关于知识产权质押的测试文件</a>');
    expect(res.text).toContain('<span class="doc-number">测〔2016〕1号&lt;b&gt;</span>');
  });

  it.each([
    ['the document page', `/d/${HOSTILE_DOCUMENT.document.id}`],
    ['the clause deep link', '/c/xss-2016-1.0'],
    ['the similar panel', '/c/xss-2016-1.0/similar'],
    ['the compare page', '/compare?a=xss-2016-1.0&b=xss-2016-1.1'],
  ])('keeps %s free of injected markup and drops the javascript: source link', async (_name, path) => {
    const res = await request(t.app).get(path).expect(200);
    expectOnlyOurMarkup(res.text);
    expect(res.text).not.toContain('政府网站原文');
  });

  it('escapes the heading, the notice title and the citation in the clause page', async () => {
    const res = await request(t.app).get('/c/xss-2016-1.0').expect(200);
    expect(res.text).toContain('<h2 class="doc-heading depth-0" id="h0-0">一、&lt;svg onload=alert(2)&gt;</h2>');
    expect(res.text).toContain('<p class="notice-title">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(res.text).toContain('<cite class="citation">《&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;关于知识产权质押的测试文件》（测〔2016〕1号&lt;b&gt;）一1.</cite>');
  });

  it('keeps formulas out of the CSV export', () => {
    const hit = {
      clause: { ...HOSTILE_DOCUMENT.clauses[1]!, text: '=HYPERLINK("http://evil.example","点击")', number: '+1', keywords: [] },
      document: { ...HOSTILE_DOCUMENT.document, title: '@SUM(A1)' },
      score: 1,
      matched: ['keyword' as const],
      highlights: [],
    };
    const row = searchCsv([hit], '').split('\r\n')[1] ?? '';
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""点击"")",`);
    expect(row).toContain(",'@SUM(A1),");
    expect(row).toContain(",'+1,");
    expect(neutraliseFormula('-2+3')).toBe("'-2+3");
    expect(neutraliseFormula('——坚持创新驱动')).toBe('——坚持创新驱动');
  });
});

describe('FTS5 syntax and SQL-looking strings', () => {
  const inputs = [
    '"',
    '"知识产权',
    '知识产权"质押',
    'NEAR(知识 产权)',
    'NEAR(知识 产权, 2)',
    '知识*',
    '*',
    '-知识产权',
    '知识 AND',
    'AND OR NOT',
    'OR',
    '知识 AND (产权',
    '(((',
    ')',
    '^知识',
    'text:知识',
    '{text clause}:知识',
    '知识 + 产权',
    "' OR 1=1 --",
    "'; DROP TABLE clauses; --",
    '1); DELETE FROM documents; --',
    '%',
    '_',
    '\\',
    '知识\u0000产权',
  ];

  it.each(inputs)('answers %j with results or a message, never a 5xx', async (input) => {
    for (const mode of ['keyword', 'semantic', 'hybrid']) {
      const api = await request(t.app).get(`/api/search?q=${q(input)}&mode=${mode}`);
      expect(api.status, `${mode}: ${api.text.slice(0, 200)}`).toBeLessThan(500);
      if (api.status >= 400) expect(api.body.error.message).toEqual(expect.any(String));
      const page = await request(t.app).get(`/?q=${q(input)}&mode=${mode}`);
      expect(page.status).toBeLessThan(500);
      expectOnlyOurMarkup(page.text);
    }
  });

  it('leaves the index intact afterwards', async () => {
    const res = await request(t.app).get(`/api/search?q=${q('知识产权质押')}&mode=keyword`).expect(200);
    expect(res.body.total).toBe(4);
    expect((await request(t.app).get('/api/health').expect(200)).body.counts).toEqual({ documents: 5, clauses: 33 });
  });
});

describe('oversized input', () => {
  it('answers a 10 kB query with a 400 that says how long a query may be', async () => {
    const res = await request(t.app).get(`/api/search?q=${'a'.repeat(10_240)}`).expect(400);
    expect(res.body.error.message).toBe('检索词过长：最多 200 个字，当前 10240 个（q is too long: at most 200 characters）');
    const page = await request(t.app).get(`/?q=${'a'.repeat(10_240)}`).expect(400);
    expect(page.text).toContain('检索词过长');
    // The form echoes at most 200 characters back.
    expect(page.text).toContain(`value="${'a'.repeat(200)}"`);
    expect(page.text).not.toContain('a'.repeat(201));
  });

  it('answers a 10 kB query of Chinese (30 kB encoded) with a 4xx', async () => {
    const res = await request(t.app).get(`/api/search?q=${q('知'.repeat(3500))}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('bounds filters and paging', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `issuer=${i}`).join('&');
    expect((await request(t.app).get(`/api/search?${many}`).expect(400)).body.error.message).toBe('参数 issuer 最多给出 20 个值（at most 20 issuer values）');
    expect((await request(t.app).get('/?page=502').expect(400)).text).toContain('参数 page 必须是 1 到 501 之间的整数');
  });
});

describe('invalid UTF-8 and broken encoding', () => {
  it.each([
    ['/?q=%FF%FE', 400],
    ['/?q=%E7%9F', 400],
    ['/?q=%', 400],
    ['/?q=%zz', 400],
    ['/?level=%C0%80', 400],
    ['/api/search?q=%FF%FE', 400],
    ['/api/search?issuer=%ED%A0%80', 400],
    ['/compare?a=%FF&b=x', 400],
    ['/c/%FF%FE', 400],
    ['/api/clauses/%E7%9F', 400],
  ])('%s → %i with a message', async (path, status) => {
    const res = await request(t.app).get(path).expect(status);
    if (path.startsWith('/api/')) expect(res.body.error.message).toEqual(expect.any(String));
    else {
      expect(res.text).toContain('<html lang="zh-CN"');
      expectOnlyOurMarkup(res.text);
    }
  });
});

describe('bad filter values', () => {
  it.each([
    'yearFrom=abc',
    'yearFrom=2015.5',
    'yearFrom=1e3',
    'yearFrom=-2015',
    'yearTo=99999999999999',
    'yearFrom=2019&yearTo=2011',
    `level=${q('<script>')}`,
    `level=${q('县')}`,
    'mode=%3Cscript%3E',
    'page=0',
    'page=-1',
    'page=abc',
    'limit=NaN',
    'offset=1.5',
    `docType=${q('x'.repeat(51))}`,
  ])('%s → 400 with a message, escaped on the page', async (query) => {
    const api = await request(t.app).get(`/api/search?${query}`);
    if (query.startsWith('page=')) {
      // The API accepts page too; limit/offset are API-only.
      expect(api.status).toBe(400);
    } else {
      expect(api.status).toBe(400);
    }
    expect(api.body.ok).toBe(false);
    expect(api.body.error.code).toBe('invalid_parameter');
    const page = await request(t.app).get(`/?${query}`);
    expect([200, 400]).toContain(page.status);
    expectOnlyOurMarkup(page.text);
  });

  it('ignores parameter names it does not know, however odd', async () => {
    const res = await request(t.app).get(`/api/search?q=${q('知识产权质押')}&mode=keyword&__proto__[x]=1&constructor=1&q[]=2`).expect(200);
    expect(res.body.total).toBe(4);
  });

  it('treats ids that cannot be clause ids as not found without asking the engine', async () => {
    for (const id of ["1' OR '1'='1", '<script>', '..%2F..%2Fpackage.json', 'a%0D%0ASet-Cookie:x=1']) {
      const res = await request(t.app).get(`/api/clauses/${q(id)}`).expect(404);
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body.error.code).toBe('not_found');
    }
  });
});
