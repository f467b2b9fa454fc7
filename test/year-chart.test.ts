import { describe, expect, it } from 'vitest';
import { describeBar, niceCeiling, yearChart, yearChartModel } from '../server/views/year-chart.js';

/** "知识产权质押" style data: a city text in 2010 and 2015, a district text in 2013. */
const yearByLevel = { '2010': { 市: 1 }, '2013': { 区: 2 }, '2015': { 市: 3, 区: 1 } };

describe('yearChartModel', () => {
  const model = yearChartModel({ yearByLevel });

  it('spans the corpus years 2010–2020 even where the term is absent', () => {
    expect(model.bars.map((b) => b.year)).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
  });

  it('splits each year into 市 and 区', () => {
    expect(model.bars.find((b) => b.year === 2015)).toMatchObject({ city: 3, district: 1, other: 0, total: 4 });
    expect(model.bars.find((b) => b.year === 2011)).toMatchObject({ total: 0 });
  });

  it('finds the first and last year the term appears', () => {
    expect([model.firstYear, model.lastYear, model.total]).toEqual([2010, 2015, 7]);
  });

  it('rounds the axis up to a readable number', () => {
    expect(model.axisMax).toBe(5);
    expect([0, 1, 3, 7, 12, 180, 1000].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 200, 1000]);
  });

  it('widens the axis to a year outside 2010–2020 and counts unknown levels as other', () => {
    const wide = yearChartModel({ yearByLevel: { '2008': { unknown: 2 }, '2021': { 区: 1 } } });
    expect(wide.bars[0]).toMatchObject({ year: 2008, other: 2 });
    expect(wide.bars.at(-1)?.year).toBe(2021);
  });

  it('marks the bars inside the year filter', () => {
    const filtered = yearChartModel({ yearByLevel, yearFrom: 2013, yearTo: 2014 });
    expect(filtered.bars.filter((b) => b.inFilter).map((b) => b.year)).toEqual([2013, 2014]);
  });

  it('has no first or last year when nothing matches', () => {
    const empty = yearChartModel({ yearByLevel: {} });
    expect([empty.firstYear, empty.lastYear, empty.total, empty.axisMax]).toEqual([null, null, 0, 1]);
  });
});

describe('yearChart', () => {
  const svg = yearChart(yearChartModel({ yearByLevel }), (y) => `/?q=ip&yearFrom=${y}&yearTo=${y}`, { caption: '“知识产权质押”各年份匹配条款数' }).value;

  it('is an SVG with one link per year that filters to that year', () => {
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<a /g)).toHaveLength(11);
    expect(svg).toContain('href="/?q=ip&amp;yearFrom=2013&amp;yearTo=2013"');
  });

  it('gives each bar a tooltip and an accessible label in Chinese', () => {
    expect(svg).toContain('<title>2015年：共 4 条（市级 3 条，区级 1 条）</title>');
    expect(svg).toContain('aria-label="2010年：共 1 条（市级 1 条，区级 0 条），首现年份。点击只看这一年"');
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
    const hostile = yearChart(yearChartModel({ yearByLevel }), () => '/', { caption: '<script>x</script>' }).value;
    expect(hostile).not.toContain('<script>');
  });

  it('describes an empty year plainly', () => {
    expect(describeBar({ year: 2012, city: 0, district: 0, other: 0, total: 0, inFilter: true })).toBe('2012年：无匹配条款');
  });
});
