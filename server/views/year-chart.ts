/**
 * "Term over time": matching clauses per year as stacked bars (国家, 省, 市, 区 from the bottom up),
 * server-rendered SVG. The axis spans the years of the corpus, so charts of different terms line up; a corpus
 * of many years (1979–2023) gets one bar per five or ten years instead of forty-five unreadable ones. Each bar
 * is a link that filters the search to its years; the first and last year the term appears are marked under
 * the axis. Pure: data in, markup out.
 */
import { LEVELS, type Level } from '../../core/types.js';
import { LEVEL_LABELS } from './format.js';
import { html, join, type SafeHtml } from './html.js';

/** Most bars the chart draws; a longer span is grouped into 5, 10, 20 or 50 years a bar. */
export const MAX_BARS = 24;
const GROUP_SIZES = [5, 10, 20, 50] as const;

export interface YearBar {
  /** First year of the bar; the only one when the bar is a single year. */
  year: number;
  /** Last year of the bar (equal to `year` for a single year). */
  yearTo: number;
  /** Clauses per level of government. */
  levels: Record<Level, number>;
  /** Clauses of documents whose level is unknown. */
  other: number;
  total: number;
  /** Inside the current year filter (all bars are when there is none). */
  inFilter: boolean;
}

export interface YearChartModel {
  bars: YearBar[];
  /** Years per bar: 1, or 5, 10 … for a long span. */
  yearsPerBar: number;
  /** Tallest bar, rounded up to a readable axis maximum (at least 1). */
  axisMax: number;
  total: number;
  firstYear: number | null;
  lastYear: number | null;
}

export interface YearChartInput {
  yearByLevel: Record<string, Record<string, number>>;
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  /** The first and last year of the corpus; the axis spans them (and any other year the data has). */
  corpusYears?: { first: number; last: number } | null | undefined;
}

/** 1, 2, 5, 10, 20, 50 … : the smallest such number ≥ n. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

/** Years per bar for a span: 1 while the bars fit, else the smallest group (aligned to multiples of it) that fits. */
export function yearsPerBar(from: number, to: number): number {
  if (to - from + 1 <= MAX_BARS) return 1;
  return GROUP_SIZES.find((size) => Math.floor(to / size) - Math.floor(from / size) + 1 <= MAX_BARS) ?? (GROUP_SIZES.at(-1) as number);
}

const isYear = (y: number) => Number.isInteger(y) && y >= 1900 && y <= 2100;

/** Counts per bar over the corpus years (see the module comment). */
export function yearChartModel(input: YearChartInput): YearChartModel {
  const dataYears = Object.keys(input.yearByLevel).map(Number).filter(isYear);
  const corpus = input.corpusYears && isYear(input.corpusYears.first) && isYear(input.corpusYears.last) ? [input.corpusYears.first, input.corpusYears.last] : [];
  const years = [...corpus, ...dataYears];
  if (years.length === 0) return { bars: [], yearsPerBar: 1, axisMax: 1, total: 0, firstYear: null, lastYear: null };
  const from = Math.min(...years);
  const to = Math.max(...years);
  const size = yearsPerBar(from, to);
  const bars: YearBar[] = [];
  for (let start = size === 1 ? from : Math.floor(from / size) * size; start <= to; start += size) {
    const bar: YearBar = { year: start, yearTo: start + size - 1, levels: { 国家: 0, 省: 0, 市: 0, 区: 0 }, other: 0, total: 0, inFilter: false };
    for (let year = start; year <= bar.yearTo; year++) {
      for (const [level, n] of Object.entries(input.yearByLevel[String(year)] ?? {})) {
        const count = Number.isFinite(n) && n > 0 ? n : 0;
        if ((LEVELS as readonly string[]).includes(level)) bar.levels[level as Level] += count;
        else bar.other += count;
        bar.total += count;
      }
    }
    // A bar is inside the filter when its years overlap the filter's.
    bar.inFilter = (input.yearFrom === undefined || bar.yearTo >= input.yearFrom) && (input.yearTo === undefined || bar.year <= input.yearTo);
    bars.push(bar);
  }
  const present = dataYears.filter((y) => Object.values(input.yearByLevel[String(y)] ?? {}).some((n) => Number.isFinite(n) && n > 0)).sort((a, b) => a - b);
  return {
    bars,
    yearsPerBar: size,
    axisMax: niceCeiling(Math.max(0, ...bars.map((b) => b.total))),
    total: bars.reduce((sum, b) => sum + b.total, 0),
    firstYear: present[0] ?? null,
    lastYear: present.at(-1) ?? null,
  };
}

/** `2015年` or `1980–1984年`. */
export function barYears(bar: Pick<YearBar, 'year' | 'yearTo'>): string {
  return bar.year === bar.yearTo ? `${bar.year}年` : `${bar.year}–${bar.yearTo}年`;
}

/** Plain-language description of one bar, used for the tooltip and the link's accessible name. */
export function describeBar(bar: YearBar): string {
  if (bar.total === 0) return `${barYears(bar)}：无匹配条款`;
  const parts = LEVELS.filter((level) => bar.levels[level] > 0).map((level) => `${LEVEL_LABELS[level]} ${bar.levels[level]} 条`);
  if (bar.other) parts.push(`其他 ${bar.other} 条`);
  return `${barYears(bar)}：共 ${bar.total} 条（${parts.join('，')}）`;
}

/** CSS class of each level's segment, bottom of the stack first. */
export const LEVEL_CLASSES: Record<Level, string> = { 国家: 'bar-national', 省: 'bar-province', 市: 'bar-city', 区: 'bar-district' };

const WIDTH = 760;
const HEIGHT = 190;
// The bottom margin holds the year labels and the first/last markers under them.
const M = { top: 24, right: 8, bottom: 50, left: 36 };

/**
 * The chart as an inline SVG. `hrefFor(year)` gives each bar's link (the caller decides what clicking
 * a year does, e.g. filter to it or clear the filter when it is already the only year).
 */
export function yearChart(model: YearChartModel, hrefFor: (yearFrom: number, yearTo: number) => string, opts: { caption: string }): SafeHtml {
  const plotW = WIDTH - M.left - M.right;
  const plotH = HEIGHT - M.top - M.bottom;
  const slot = plotW / model.bars.length;
  const barW = Math.min(36, slot * 0.64);
  const y = (n: number) => M.top + plotH - (n / model.axisMax) * plotH;
  const r = (n: number) => Math.round(n * 10) / 10;

  const grid = [0, model.axisMax / 2, model.axisMax]
    .filter((t, i, all) => Number.isInteger(t) && all.indexOf(t) === i)
    .map(
      (t) => html`<g class="tick"><line x1="${M.left}" x2="${WIDTH - M.right}" y1="${r(y(t))}" y2="${r(y(t))}"></line><text x="${M.left - 6}" y="${r(y(t) + 4)}" text-anchor="end">${t}</text></g>`,
    );

  const bars = model.bars.map((bar, i) => {
    const x = M.left + i * slot + (slot - barW) / 2;
    const cx = r(M.left + i * slot + slot / 2);
    let base = bar.total;
    // Stack from the top down so each segment's y is where the previous one ended.
    const segments = ([['bar-other', bar.other], ...[...LEVELS].reverse().map((level) => [LEVEL_CLASSES[level], bar.levels[level]])] as Array<[string, number]>)
      .filter(([, n]) => n > 0)
      .map(([cls, n]) => {
        const top = y(base);
        base -= n;
        return html`<rect class="${cls}" x="${r(x)}" y="${r(top)}" width="${r(barW)}" height="${r(y(base) - top)}"></rect>`;
      });
    const holds = (year: number | null) => year !== null && year >= bar.year && year <= bar.yearTo;
    const marks = [holds(model.firstYear) ? '首现' : null, holds(model.lastYear) && !holds(model.firstYear) ? '最近' : null].filter((m) => m !== null);
    const single = bar.year === bar.yearTo;
    const label = describeBar(bar) + (marks.length ? `，${marks.join('、')}年份` : '') + (single ? '。点击只看这一年' : '。点击只看这几年');
    const classes = ['bar', bar.inFilter ? 'in-filter' : 'out-of-filter', bar.total ? '' : 'empty'].filter(Boolean).join(' ');
    const href = hrefFor(bar.year, bar.yearTo);
    // One year: `2015` with the century small; a group: its first year, `1980–84` where there is room.
    const yearLabel = single
      ? html`<tspan class="century">${String(bar.year).slice(0, 2)}</tspan>${String(bar.year).slice(2)}`
      : html`${String(bar.year)}`;
    // hx-get: inside the results htmx swaps the results in place; without JavaScript the href works alone.
    return html`<a class="${classes}" href="${href}" hx-get="${href}" aria-label="${label}" data-year="${bar.year}"${single ? '' : html` data-year-to="${bar.yearTo}"`}>
<title>${describeBar(bar)}</title>
<rect class="hit-area" x="${r(M.left + i * slot)}" y="${M.top}" width="${r(slot)}" height="${plotH + 20}"></rect>
${segments}
${bar.total ? html`<text class="count" x="${cx}" y="${r(y(bar.total) - 5)}" text-anchor="middle">${bar.total}</text>` : ''}
<text class="year" x="${cx}" y="${M.top + plotH + 15}" text-anchor="middle">${yearLabel}</text>
${marks.length ? html`<text class="marker" x="${cx}" y="${M.top + plotH + 33}" text-anchor="middle">▲${marks.join('·')}</text>` : ''}
</a>`;
  });

  return html`<svg class="year-chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" preserveAspectRatio="xMidYMid meet" aria-labelledby="year-chart-title" focusable="false">
<title id="year-chart-title">${opts.caption}</title>
<g class="grid">${grid}</g>
<line class="axis" x1="${M.left}" x2="${WIDTH - M.right}" y1="${M.top + plotH}" y2="${M.top + plotH}"></line>
${join(bars, '\n')}
</svg>`;
}
