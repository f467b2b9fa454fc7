/**
 * "Term over time": matching clauses per year as stacked bars (市 below, 区 above), server-rendered SVG.
 * Each bar is a link that filters the search to that year; the first and last year the term appears
 * are marked under the axis. Pure: data in, markup out.
 */
import { html, join, type SafeHtml } from './html.js';

/** The corpus years; the axis always shows them so charts of different terms line up. */
export const CHART_FIRST_YEAR = 2010;
export const CHART_LAST_YEAR = 2020;

export interface YearBar {
  year: number;
  city: number;
  district: number;
  /** Clauses of documents whose level is unknown. */
  other: number;
  total: number;
  /** Inside the current year filter (all bars are when there is none). */
  inFilter: boolean;
}

export interface YearChartModel {
  bars: YearBar[];
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
}

/** 1, 2, 5, 10, 20, 50 … : the smallest such number ≥ n. */
export function niceCeiling(n: number): number {
  if (n <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

/** Counts per year over 2010–2020, widened to any other year present in the data. */
export function yearChartModel(input: YearChartInput): YearChartModel {
  const dataYears = Object.keys(input.yearByLevel)
    .map(Number)
    .filter((y) => Number.isInteger(y) && y >= 1900 && y <= 2100);
  const from = Math.min(CHART_FIRST_YEAR, ...dataYears);
  const to = Math.max(CHART_LAST_YEAR, ...dataYears);
  const bars: YearBar[] = [];
  for (let year = from; year <= to; year++) {
    const counts = input.yearByLevel[String(year)] ?? {};
    let city = 0;
    let district = 0;
    let other = 0;
    for (const [level, n] of Object.entries(counts)) {
      const count = Number.isFinite(n) && n > 0 ? n : 0;
      if (level === '市') city += count;
      else if (level === '区') district += count;
      else other += count;
    }
    const inFilter = (input.yearFrom === undefined || year >= input.yearFrom) && (input.yearTo === undefined || year <= input.yearTo);
    bars.push({ year, city, district, other, total: city + district + other, inFilter });
  }
  const present = bars.filter((b) => b.total > 0);
  return {
    bars,
    axisMax: niceCeiling(Math.max(0, ...bars.map((b) => b.total))),
    total: present.reduce((sum, b) => sum + b.total, 0),
    firstYear: present[0]?.year ?? null,
    lastYear: present[present.length - 1]?.year ?? null,
  };
}

/** Plain-language description of one bar, used for the tooltip and the link's accessible name. */
export function describeBar(bar: YearBar): string {
  if (bar.total === 0) return `${bar.year}年：无匹配条款`;
  const parts = [`市级 ${bar.city} 条`, `区级 ${bar.district} 条`];
  if (bar.other) parts.push(`其他 ${bar.other} 条`);
  return `${bar.year}年：共 ${bar.total} 条（${parts.join('，')}）`;
}

const WIDTH = 760;
const HEIGHT = 190;
// The bottom margin holds the year labels and the first/last markers under them.
const M = { top: 24, right: 8, bottom: 50, left: 36 };

/**
 * The chart as an inline SVG. `hrefFor(year)` gives each bar's link (the caller decides what clicking
 * a year does, e.g. filter to it or clear the filter when it is already the only year).
 */
export function yearChart(model: YearChartModel, hrefFor: (year: number) => string, opts: { caption: string }): SafeHtml {
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
    const segments = (
      [
        ['bar-other', bar.other],
        ['bar-district', bar.district],
        ['bar-city', bar.city],
      ] as const
    )
      .filter(([, n]) => n > 0)
      .map(([cls, n]) => {
        const top = y(base);
        base -= n;
        return html`<rect class="${cls}" x="${r(x)}" y="${r(top)}" width="${r(barW)}" height="${r(y(base) - top)}"></rect>`;
      });
    const marks = [
      bar.year === model.firstYear ? '首现' : null,
      bar.year === model.lastYear && model.lastYear !== model.firstYear ? '最近' : null,
    ].filter((m) => m !== null);
    const label = describeBar(bar) + (marks.length ? `，${marks.join('、')}年份` : '') + '。点击只看这一年';
    const classes = ['bar', bar.inFilter ? 'in-filter' : 'out-of-filter', bar.total ? '' : 'empty'].filter(Boolean).join(' ');
    const href = hrefFor(bar.year);
    // hx-get: inside the results htmx swaps the results in place; without JavaScript the href works alone.
    return html`<a class="${classes}" href="${href}" hx-get="${href}" aria-label="${label}" data-year="${bar.year}">
<title>${describeBar(bar)}</title>
<rect class="hit-area" x="${r(M.left + i * slot)}" y="${M.top}" width="${r(slot)}" height="${plotH + 20}"></rect>
${segments}
${bar.total ? html`<text class="count" x="${cx}" y="${r(y(bar.total) - 5)}" text-anchor="middle">${bar.total}</text>` : ''}
<text class="year" x="${cx}" y="${M.top + plotH + 15}" text-anchor="middle"><tspan class="century">${String(bar.year).slice(0, 2)}</tspan>${String(bar.year).slice(2)}</text>
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
