import { describe, expect, it } from 'vitest';
import { andAll, filterExpression, filtersFacet, quoteFilterValue } from '../core/engine/meili/filters.js';

/**
 * Reads a double-quoted literal the way Meilisearch's filter parser does (filter-parser `value.rs`):
 * a backslash protects the next character from ending the literal; then `\"` becomes `"` and `\\`
 * becomes `\`. Returns the value and whatever follows the closing quote.
 */
function readMeiliLiteral(source: string): { value: string; rest: string } {
  if (source[0] !== '"') throw new Error(`not a literal: ${source}`);
  let i = 1;
  while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
  if (i >= source.length) throw new Error(`unclosed literal: ${source}`);
  const raw = source.slice(1, i).replaceAll('\\"', '"').replace(/\\\\/g, '\\');
  return { value: raw, rest: source.slice(i + 1) };
}

describe('Meilisearch filter values', () => {
  it.each([
    ['深圳市人民政府', '"深圳市人民政府"'],
    ['他说"可以"', '"他说\\"可以\\""'],
    ['C:\\政策\\', '"C:\\\\政策\\\\"'],
    ['\\"', '"\\\\\\""'],
  ])('writes %s as the literal %s', (value, literal) => {
    expect(quoteFilterValue(value)).toBe(literal);
  });

  it.each([
    '深圳市人民政府办公厅',
    '市" OR docId = "szf-2015-54',
    'ends with a backslash \\',
    '\\" OR level = "区',
    '引号“中文”和"英文"',
    '',
  ])('a user value cannot leave its literal: %s', (value) => {
    const { value: read, rest } = readMeiliLiteral(`${quoteFilterValue(value)} AND year >= 2010`);
    expect(read).toBe(value);
    expect(rest).toBe(' AND year >= 2010');
  });
});

describe('filterExpression', () => {
  it('is undefined when nothing is filtered (empty lists filter nothing)', () => {
    expect(filterExpression({})).toBeUndefined();
    expect(filterExpression({ issuer: [], level: [], docType: [] })).toBeUndefined();
  });

  it('joins every filter with AND, years as number comparisons', () => {
    expect(
      filterExpression({
        yearFrom: 2013,
        yearTo: 2018,
        issuer: ['深圳市人民政府', '福田区人民政府办公室'],
        level: ['市'],
        docType: ['实施方案'],
        docId: 'szf-2015-54',
      }),
    ).toBe(
      'year >= 2013 AND year <= 2018 AND issuer IN ["深圳市人民政府", "福田区人民政府办公室"] AND level IN ["市"] ' +
        'AND docType IN ["实施方案"] AND docId = "szf-2015-54"',
    );
  });

  it('leaves out one facet’s own filter for its disjunctive counts, but never the document filter', () => {
    const filters = { yearFrom: 2015, issuer: ['深圳市人民政府'], level: ['市' as const], docId: 'szf-2015-54' };
    expect(filterExpression(filters, 'year')).toBe('issuer IN ["深圳市人民政府"] AND level IN ["市"] AND docId = "szf-2015-54"');
    expect(filterExpression(filters, 'issuer')).toBe('year >= 2015 AND level IN ["市"] AND docId = "szf-2015-54"');
    expect(filterExpression(filters, 'level')).toBe('year >= 2015 AND issuer IN ["深圳市人民政府"] AND docId = "szf-2015-54"');
  });

  it('rejects a year that is not an integer instead of writing it into the expression', () => {
    expect(() => filterExpression({ yearFrom: 2015.5 })).toThrow('yearFrom must be an integer');
    expect(() => filterExpression({ yearTo: Number.NaN })).toThrow('yearTo must be an integer');
  });

  it('knows which facets a request filters', () => {
    const filters = { yearTo: 2015, level: ['区' as const], issuer: [] };
    expect(['year', 'issuer', 'level', 'docType'].filter((f) => filtersFacet(filters, f as never))).toEqual(['year', 'level']);
  });

  it('andAll skips missing parts', () => {
    expect(andAll([undefined, 'docId != "a"', '', 'year >= 2010'])).toBe('docId != "a" AND year >= 2010');
    expect(andAll([undefined])).toBeUndefined();
  });
});
