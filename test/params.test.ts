import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { isPlausibleId, parseCompareParams, parseSearchApiParams, parseSearchPageParams, parseSimilarParams } from '../server/params.js';

function rejection(fn: () => unknown): { status: number; code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('search page params', () => {
  it('defaults to hybrid mode, page 1, 20 per page', () => {
    expect(parseSearchPageParams({ q: ' 知识产权质押 ' })).toEqual({
      q: '知识产权质押', mode: 'hybrid', yearFrom: undefined, yearTo: undefined, issuer: [], level: [], docType: [], validity: ['现行有效'], page: 1, limit: 20, offset: 0,
    });
  });

  it.each([
    ['absent: the texts in force', {}, ['现行有效']],
    ['all: every version', { validity: 'all' }, null],
    ['statuses, repeated', { validity: ['现行有效', '已被修改', '现行有效'] }, ['现行有效', '已被修改']],
    ['all wins over statuses', { validity: ['已废止', 'all'] }, null],
  ])('validity %s', (_case, query, expected) => {
    expect(parseSearchPageParams({ q: 'x', ...query }).validity).toEqual(expected);
  });

  it('refuses a validity that is no status, naming them', () => {
    expect(() => parseSearchPageParams({ validity: '失效' })).toThrow('参数 validity 只能是 现行有效、尚未生效、已被修改、已废止 或 all（含历史版本）');
  });

  it('reads repeated filters and derives the offset from the page', () => {
    const p = parseSearchPageParams({ q: 'ip', mode: 'keyword', yearFrom: '2013', yearTo: '2015', level: ['市', '区', '市'], issuer: '深圳市人民政府', page: '3' });
    expect(p).toMatchObject({ mode: 'keyword', yearFrom: 2013, yearTo: 2015, level: ['市', '区'], issuer: ['深圳市人民政府'], page: 3, offset: 40 });
  });

  it('treats empty form fields as absent and ignores unknown parameters', () => {
    expect(parseSearchPageParams({ q: '', yearFrom: '', yearTo: ' ', issuer: '', page: '', utm_source: 'memo' })).toMatchObject({
      q: '', yearFrom: undefined, yearTo: undefined, issuer: [], page: 1,
    });
  });

  it('uses the first value of a single-valued parameter given twice', () => {
    expect(parseSearchPageParams({ q: ['人才', '住房'], mode: ['semantic', 'keyword'] })).toMatchObject({ q: '人才', mode: 'semantic' });
  });

  it.each([
    [{ q: '长'.repeat(201) }, '检索词过长：最多 200 个字，当前 201 个（q is too long: at most 200 characters）'],
    [{ mode: 'fuzzy' }, '参数 mode 只能是 keyword（关键词）、semantic（语义）或 hybrid（混合）（mode must be keyword, semantic or hybrid）'],
    [{ yearFrom: '1899' }, '参数 yearFrom 必须是 1900 到 2100 之间的整数（yearFrom must be an integer from 1900 to 2100）'],
    [{ yearTo: '2015.5' }, '参数 yearTo 必须是 1900 到 2100 之间的整数（yearTo must be an integer from 1900 to 2100）'],
    [{ yearFrom: '2016', yearTo: '2013' }, '起始年份 2016 晚于结束年份 2013（yearFrom must not be after yearTo）'],
    [{ level: '县' }, '参数 level 只能是“国家”“省”“市”或“区”（level must be 国家 (national), 省 (province), 市 (city) or 区 (district/county)）'],
    [{ page: '0' }, '参数 page 必须是 1 到 501 之间的整数（page must be an integer from 1 to 501）'],
    [{ issuer: 'x'.repeat(101) }, '参数 issuer 的值过长：最多 100 个字（issuer values are at most 100 characters）'],
  ])('rejects %j with a message that says what is wrong', (query, message) => {
    expect(rejection(() => parseSearchPageParams(query))).toEqual({ status: 400, code: 'invalid_parameter', message });
  });

  it('counts the query length in characters, not UTF-16 units', () => {
    expect(parseSearchPageParams({ q: '𠀀'.repeat(200) }).q).toHaveLength(400);
  });

  it('turns control characters into spaces', () => {
    expect(parseSearchPageParams({ q: '知识\u0000产权\u001b' }).q).toBe('知识 产权');
  });
});

describe('search API params', () => {
  it('takes limit and offset, offset winning over page', () => {
    expect(parseSearchApiParams({ q: 'ip', limit: '50', offset: '100', page: '9' })).toMatchObject({ limit: 50, offset: 100, page: 3 });
    expect(parseSearchApiParams({ q: 'ip', limit: '10', page: '3' })).toMatchObject({ limit: 10, offset: 20 });
  });

  it.each([
    [{ limit: '0' }, '参数 limit 必须是 1 到 100 之间的整数（limit must be an integer from 1 to 100）'],
    [{ limit: '101' }, '参数 limit 必须是 1 到 100 之间的整数（limit must be an integer from 1 to 100）'],
    [{ offset: '10001' }, '参数 offset 必须是 0 到 10000 之间的整数（offset must be an integer from 0 to 10000）'],
    [{ offset: '-1' }, '参数 offset 必须是 0 到 10000 之间的整数（offset must be an integer from 0 to 10000）'],
  ])('rejects %j', (query, message) => {
    expect(rejection(() => parseSearchApiParams(query)).message).toBe(message);
  });
});

describe('similar and compare params', () => {
  it('defaults to 10 similar clauses from other documents in force', () => {
    expect(parseSimilarParams({})).toEqual({ limit: 10, otherDocsOnly: true, validity: ['现行有效'] });
    expect(parseSimilarParams({ limit: '5', otherDocsOnly: 'false' })).toEqual({ limit: 5, otherDocsOnly: false, validity: ['现行有效'] });
  });

  it('includes other works’ history with validity=all', () => {
    expect(parseSimilarParams({ validity: 'all' }).validity).toBeNull();
    expect(parseSimilarParams({ validity: ['现行有效', '已被修改'] }).validity).toEqual(['现行有效', '已被修改']);
  });

  it('rejects an otherDocsOnly that is not a boolean', () => {
    expect(rejection(() => parseSimilarParams({ otherDocsOnly: 'maybe' })).message).toBe('参数 otherDocsOnly 只能是 true 或 false（otherDocsOnly must be true or false）');
  });

  it('needs both clauses to compare', () => {
    expect(parseCompareParams({ a: 'x.1', b: 'y.2' })).toEqual({ a: 'x.1', b: 'y.2' });
    expect(rejection(() => parseCompareParams({ a: 'x.1' })).message).toBe('缺少参数 b（条款编号）（b (a clause id) is required）');
  });
});

describe('isPlausibleId', () => {
  it.each([
    ['szf-2015-54.s4.81', true],
    ['ftq-2013-20', true],
    ['行政复议法-2023-09-01.a20', true],
    ['民法典-人格权编-2020-05-28.a1000', true],
    ['行政复议法 2023', false],
    ['行政复议法/a20', false],
    ['《行政复议法》', false],
    ['', false],
    ['<script>', false],
    ["1' OR '1'='1", false],
    ['../etc/passwd', false],
    ['a'.repeat(201), false],
  ])('%s → %s', (id, expected) => {
    expect(isPlausibleId(id)).toBe(expected);
  });
});
