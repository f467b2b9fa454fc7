import { describe, expect, it } from 'vitest';
import { urls, withoutParam, withParam, setParam } from '../server/urls.js';

describe('urls.search', () => {
  it.each([
    { params: {}, expected: '/' },
    { params: { q: '知识产权质押' }, expected: '/?q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83%E8%B4%A8%E6%8A%BC' },
    { params: { q: 'ip', mode: 'keyword' as const }, expected: '/?q=ip&mode=keyword' },
    { params: { mode: 'semantic' as const }, expected: '/' },
    { params: { q: '  ip  ', yearFrom: 2013, yearTo: 2015, page: 1 }, expected: '/?q=ip&yearFrom=2013&yearTo=2015' },
    { params: { q: 'ip', page: 3 }, expected: '/?q=ip&page=3' },
    { params: { level: ['市' as const, '区' as const] }, expected: '/?level=%E5%B8%82&level=%E5%8C%BA' },
    { params: { q: 'a&b=c #d' }, expected: '/?q=a%26b%3Dc+%23d' },
    // 时效性: the texts in force are the default and stay out of the link; history is validity=all.
    { params: { q: 'ip', validity: ['现行有效' as const] }, expected: '/?q=ip' },
    { params: { q: 'ip', validity: null }, expected: '/?q=ip&validity=all' },
    { params: { q: 'ip', validity: ['已被修改' as const] }, expected: '/?q=ip&validity=%E5%B7%B2%E8%A2%AB%E4%BF%AE%E6%94%B9' },
  ])('$expected', ({ params, expected }) => {
    expect(urls.search(params)).toBe(expected);
  });

  it('round-trips every parameter through URLSearchParams', () => {
    const url = urls.search({ q: '人才 住房', mode: 'hybrid', yearFrom: 2010, yearTo: 2020, issuer: ['深圳市人民政府', '福田区人民政府办公室'], docType: ['实施方案'], page: 2 });
    const qs = new URL(url, 'http://x').searchParams;
    expect(qs.get('q')).toBe('人才 住房');
    expect(qs.get('mode')).toBe('hybrid');
    expect(qs.getAll('issuer')).toEqual(['深圳市人民政府', '福田区人民政府办公室']);
    expect(qs.getAll('docType')).toEqual(['实施方案']);
    expect(qs.get('page')).toBe('2');
  });
});

describe('urls for clauses, documents, comparisons and the API', () => {
  it.each([
    [urls.clause('szf-2015-54.s4.81'), '/c/szf-2015-54.s4.81'],
    [urls.clause('a/b?c'), '/c/a%2Fb%3Fc'],
    [urls.document('szf-2015-54'), '/d/szf-2015-54'],
    [urls.clauseInDocument('szf-2015-54', 'szf-2015-54.s4.81'), '/d/szf-2015-54#szf-2015-54.s4.81'],
    [urls.similar('szf-2015-54.s4.81'), '/c/szf-2015-54.s4.81/similar'],
    [urls.compare('a.1', 'b.2'), '/compare?a=a.1&b=b.2'],
    [urls.exportCsv({ q: 'ip', mode: 'keyword', page: 4 }), '/api/search.csv?q=ip&mode=keyword'],
    [urls.api.search({ q: 'ip', limit: 50, offset: 100 }), '/api/search?q=ip&limit=50&offset=100'],
    [urls.api.search({ q: 'ip', limit: 20, offset: 0 }), '/api/search?q=ip'],
    [urls.api.clause('x.1'), '/api/clauses/x.1'],
    [urls.api.similar('x.1', { limit: 5, otherDocsOnly: false }), '/api/clauses/x.1/similar?limit=5&otherDocsOnly=false'],
    [urls.api.document('x'), '/api/documents/x'],
    [urls.api.compare('a', 'b'), '/api/compare?a=a&b=b'],
    [urls.compareVersions('xzfy-2017', 'xzfy-2023'), '/compare/versions?a=xzfy-2017&b=xzfy-2023'],
    [urls.api.compareVersions('xzfy-2017', 'xzfy-2023'), '/api/compare/versions?a=xzfy-2017&b=xzfy-2023'],
    [urls.inForce('xzfy-2017.a10'), '/c/xzfy-2017.a10/in-force'],
    [urls.similar('x.1'), '/c/x.1/similar'],
    [urls.similar('x.1', { validity: null }), '/c/x.1/similar?validity=all'],
    [urls.api.similar('x.1', { limit: 10, validity: ['现行有效'] }), '/api/clauses/x.1/similar?limit=10'],
    [urls.api.similar('x.1', { validity: null }), '/api/clauses/x.1/similar?validity=all'],
    [urls.api.health(), '/api/health'],
    // The document list: every version unless statuses are named, newest first unless sorted otherwise.
    [urls.documents(), '/d'],
    [urls.documents({ validity: null, sort: 'newest', page: 1 }), '/d'],
    [urls.documents({ validity: ['现行有效'], sort: 'oldest', page: 2 }), '/d?validity=%E7%8E%B0%E8%A1%8C%E6%9C%89%E6%95%88&sort=oldest&page=2'],
    [urls.documents({ level: ['区'], yearFrom: 2013, sort: 'title' }), '/d?yearFrom=2013&level=%E5%8C%BA&sort=title'],
    [urls.documentsCsv({ docType: ['通知'], page: 3 }), '/api/documents.csv?docType=%E9%80%9A%E7%9F%A5'],
    [urls.api.documents({ issuer: ['深圳市人民政府'], limit: 50, offset: 100 }), '/api/documents?issuer=%E6%B7%B1%E5%9C%B3%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&offset=100'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it('percent-encodes a Chinese document id, which decodes back to itself', () => {
    const id = '行政复议法-2023-09-01';
    expect(urls.document(id)).toBe('/d/%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%B3%95-2023-09-01');
    expect(urls.clause(`${id}.a20`, { paragraph: 2, item: 3 })).toBe('/c/%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%B3%95-2023-09-01.a20?k=2&x=3');
    for (const link of [urls.document(id), urls.clause(`${id}.a20`), urls.api.clause(`${id}.a20`), urls.inForce(`${id}.a20`)]) {
      expect(decodeURIComponent(link)).toContain(id);
    }
  });

  it('builds only ASCII URLs, so they can go into a Link header', () => {
    const all = [
      urls.search({ q: '知识产权', issuer: ['深圳市人民政府'] }),
      urls.api.search({ q: '知识产权' }),
      urls.exportCsv({ q: '质押' }),
      urls.clauseInDocument('民法典-人格权编-2020-05-28', '民法典-人格权编-2020-05-28.a1000'),
      urls.compareVersions('行政复议法-2017-09-01', '行政复议法-2023-09-01'),
    ];
    for (const u of all) expect(u).toMatch(/^[\x21-\x7e]+$/);
  });
});

describe('withParam / withoutParam', () => {
  it.each([
    { name: 'adds a facet value', actual: withParam('/?q=ip', 'level', '市'), expected: '/?q=ip&level=%E5%B8%82' },
    { name: 'adds a second value of a repeated param', actual: withParam('/?level=%E5%B8%82', 'level', '区'), expected: '/?level=%E5%B8%82&level=%E5%8C%BA' },
    { name: 'does not add a value twice', actual: withParam('/?level=%E5%B8%82', 'level', '市'), expected: '/?level=%E5%B8%82' },
    { name: 'takes numbers', actual: withParam('/', 'page', 2), expected: '/?page=2' },
    { name: 'removes one value of a repeated param', actual: withoutParam('/?level=%E5%B8%82&level=%E5%8C%BA', 'level', '市'), expected: '/?level=%E5%8C%BA' },
    { name: 'removes every value when none is named', actual: withoutParam('/?q=ip&level=a&level=b', 'level'), expected: '/?q=ip' },
    { name: 'leaves the URL alone when the param is absent', actual: withoutParam('/?q=ip', 'page'), expected: '/?q=ip' },
    { name: 'keeps the path and the fragment', actual: withoutParam('/d/x?y=1#c', 'y'), expected: '/d/x#c' },
    { name: 'setParam replaces earlier values', actual: setParam('/?page=2&page=3', 'page', 4), expected: '/?page=4' },
  ])('$name', ({ actual, expected }) => {
    expect(actual).toBe(expected);
  });
});
