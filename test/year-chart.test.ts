import { describe, expect, it } from 'vitest';
import { describeBar, niceCeiling, yearChart, yearChartModel, yearsPerBar } from '../server/views/year-chart.js';

/** "知识产权质押" style data: a city text in 2010 and 2015, a district text in 2013. */
const yearByLevel = { '2010': { 市: 1 }, '2013': { 区: 2 }, '2015': { 市: 3, 区: 1 } };
/** The years of the five seed texts. */
const SEEDS = { first: 2010, last: 2020 };

describe('yearChartModel', () => {
  const model = yearChartModel({ yearByLevel, corpusYears: SEEDS });

  it('spans the corpus years 2010–2020 even where the term is absent', () => {
    expect(model.bars.map((b) => b.year)).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
  });

  it('splits each year into the four levels', () => {
    expect(model.bars.find((b) => b.year === 2015)).toMatchObject({ levels: { 国家: 0, 省: 0, 市: 3, 区: 1 }, other: 0, total: 4, yearTo: 2015 });
    expect(model.bars.find((b) => b.year === 2011)).toMatchObject({ total: 0 });
  });

  it('finds the first and last year the term appears', () => {
    expect([model.firstYear, model.lastYear, model.total]).toEqual([2010, 2015, 7]);
  });

  it('rounds the axis up to a readable number', () => {
    expect(model.axisMax).toBe(5);
    expect([0, 1, 3, 7, 12, 180, 1000].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 200, 1000]);
  });

  it('widens the axis to a year outside the corpus years and counts unknown levels as other', () => {
    const wide = yearChartModel({ yearByLevel: { '2008': { unknown: 2 }, '2021': { 区: 1 } }, corpusYears: SEEDS });
    expect(wide.bars[0]).toMatchObject({ year: 2008, other: 2 });
    expect(wide.bars.at(-1)?.year).toBe(2021);
  });

  it('marks the bars inside the year filter', () => {
    const filtered = yearChartModel({ yearByLevel, yearFrom: 2013, yearTo: 2014, corpusYears: SEEDS });
    expect(filtered.bars.filter((b) => b.inFilter).map((b) => b.year)).toEqual([2013, 2014]);
  });

  it('has no first or last year when nothing matches', () => {
    const empty = yearChartModel({ yearByLevel: {}, corpusYears: SEEDS });
    expect([empty.firstYear, empty.lastYear, empty.total, empty.axisMax]).toEqual([null, null, 0, 1]);
    expect(empty.bars).toHaveLength(11);
  });
});

describe('yearChartModel on a corpus of many years', () => {
  /** Legislation from 1979 to 2023: national laws throughout, provincial and city rules later, one county rule. */
  const laws = { '1979': { 国家: 1 }, '1980': { 国家: 2 }, '1986': { 省: 1 }, '2010': { 市: 2, 国家: 1 }, '2019': { 区: 1 }, '2023': { 国家: 4 } };
  const model = yearChartModel({ yearByLevel: laws, corpusYears: { first: 1979, last: 2023 } });

  it('groups 45 years into ten five-year bars aligned on multiples of five', () => {
    expect(model.yearsPerBar).toBe(5);
    expect(model.bars.map((b) => [b.year, b.yearTo])).toEqual([
      [1975, 1979], [1980, 1984], [1985, 1989], [1990, 1994], [1995, 1999], [2000, 2004], [2005, 2009], [2010, 2014], [2015, 2019], [2020, 2024],
    ]);
  });

  it('adds up each group by level, and keeps the first and last year exact', () => {
    expect(model.bars[1]).toMatchObject({ year: 1980, levels: { 国家: 2, 省: 0, 市: 0, 区: 0 }, total: 2 });
    expect(model.bars[7]).toMatchObject({ year: 2010, levels: { 国家: 1, 省: 0, 市: 2, 区: 0 }, total: 3 });
    expect([model.firstYear, model.lastYear, model.total]).toEqual([1979, 2023, 12]);
  });

  it('picks the group size by span: one bar a year up to 24 years, then 5, 10, 20 years', () => {
    expect([yearsPerBar(2010, 2020), yearsPerBar(2000, 2023), yearsPerBar(1979, 2023), yearsPerBar(1900, 2023), yearsPerBar(1900, 2100)]).toEqual([1, 1, 5, 10, 10]);
    expect(yearsPerBar(1800, 2300)).toBe(50);
  });

  it('describes a group by its years and levels, and links it to its years', () => {
    expect(describeBar(model.bars[7]!)).toBe('2010–2014年：共 3 条（国家级 1 条，市级 2 条）');
    const svg = yearChart(model, (from, to) => `/?yearFrom=${from}&yearTo=${to}`, { caption: '各年份条款数' }).value;
    expect(svg.match(/<a /g)).toHaveLength(10);
    expect(svg).toContain('href="/?yearFrom=1980&amp;yearTo=1984"');
    expect(svg).toContain('data-year="1980" data-year-to="1984"');
    expect(svg).toContain('aria-label="1975–1979年：共 1 条（国家级 1 条），首现年份。点击只看这几年"');
    expect(svg).toContain('>1980</text>');
  });

  it('stacks 国家 at the bottom, then 省, 市 and 区', () => {
    const svg = yearChart(model, () => '/', { caption: 'x' }).value;
    const bar2010 = svg.slice(svg.indexOf('data-year="2010"'), svg.indexOf('data-year="2015"'));
    const y = (cls: string) => Number(new RegExp(`class="${cls}" x="[^"]+" y="([^"]+)"`).exec(bar2010)?.[1]);
    expect(y('bar-national')).toBeGreaterThan(y('bar-city'));
  });
});

describe('yearChart', () => {
  const svg = yearChart(yearChartModel({ yearByLevel, corpusYears: SEEDS }), (from, to) => `/?q=ip&yearFrom=${from}&yearTo=${to}`, { caption: '“知识产权质押”各年份匹配条款数' }).value;

  it('is an SVG with one link per year that filters to that year', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<a /g)).toHaveLength(11);
    expect(svg).toContain('href="/?q=ip&amp;yearFrom=2013&amp;yearTo=2013"');
  });

  it('gives each bar a tooltip and an accessible label in Chinese', () => {
    expect(svg).toContain('<title>2015年：共 4 条（市级 3 条，区级 1 条）</title>');
    expect(svg).toContain('aria-label="2010年：共 1 条（市级 1 条），首现年份。点击只看这一年"');
    expect(svg).toContain('aria-label="2015年：共 4 条（市级 3 条，区级 1 条），最近年份。点击只看这一年"');
  });

  it('draws stacked segments only for levels that have clauses', () => {
    const bar2015 = svg.slice(svg.indexOf('data-year="2015"'), svg.indexOf('data-year="2016"'));
    expect(bar2015.match(/class="bar-city"/g)).toHaveLength(1);
    expect(bar2015.match(/class="bar-district"/g)).toHaveLength(1);
    expect(bar2015).not.toContain('bar-other');
  });

  it('marks the first and last year under the axis', () => {
    expect(svg).toContain('>▲首现</text>');
    expect(svg).toContain('>▲最近</text>');
  });

  it('escapes the caption', () => {
    const hostile = yearChart(yearChartModel({ yearByLevel, corpusYears: SEEDS }), () => '/', { caption: '<script>x</script>' }).value;
    expect(hostile).not.toContain('<script>');
  });

  it('describes an empty year plainly', () => {
    expect(describeBar({ year: 2012, yearTo: 2012, levels: { 国家: 0, 省: 0, 市: 0, 区: 0 }, other: 0, total: 0, inFilter: true })).toBe('2012年：无匹配条款');
  });
});
