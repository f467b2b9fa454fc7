/**
 * The filter panel, the active-filter chips and the pagination that the search page and the document list
 * share. Each page passes its counts and a function that builds its own URL for a changed filter, so the
 * markup and the toggling logic live here once.
 */
import { LEVELS, type Level } from '../../core/types.js';
import { DEFAULT_VALIDITY, VALIDITY_STATUSES, type ValidityStatus } from '../../core/versions/validity.js';
import type { FilterLink } from '../urls.js';
import { formatCount, LEVEL_LABELS } from './format.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** The filters a page currently applies. */
export interface FilterState {
  yearFrom?: number | undefined;
  yearTo?: number | undefined;
  issuer: readonly string[];
  level: readonly Level[];
  docType: readonly string[];
  /** null: every version. */
  validity: readonly ValidityStatus[] | null;
}

/** Counts per value of each facet (clauses for search, documents for the list). */
export interface FacetCounts {
  year: Record<string, number>;
  issuer: Record<string, number>;
  level: Record<string, number>;
  docType: Record<string, number>;
  validity: Record<string, number>;
}

/** Builds the page's URL with some filters changed (a patch over the current state). */
export type FilterHref = (patch: FilterLink) => string;

/** A link that htmx follows into the page's results element (target and push-url are inherited from the wrapper). */
export function resultsLink(href: string, content: HtmlValue, attrs: { class?: string; rel?: string; current?: boolean; label?: string } = {}): SafeHtml {
  return html`<a href="${href}" hx-get="${href}"${attrs.class ? html` class="${attrs.class}"` : ''}${attrs.rel ? html` rel="${attrs.rel}"` : ''}${attrs.current ? html` aria-current="page"` : ''}${attrs.label ? html` aria-label="${attrs.label}"` : ''}>${content}</a>`;
}

function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/** True when any facet but 时效性 narrows the list. */
export function hasFacetFilters(f: FilterState): boolean {
  return f.yearFrom !== undefined || f.yearTo !== undefined || f.issuer.length + f.level.length + f.docType.length > 0;
}

/**
 * Facet entries sorted by count (or in a fixed order, such as the levels 国家 › 省 › 市 › 区), selected values
 * always listed (a disjunctive facet may count them 0).
 */
function facetEntries(counts: Record<string, number>, selected: readonly string[], max: number, order?: readonly string[]): Array<[string, number]> {
  const entries = new Map(Object.entries(counts).filter(([k]) => k !== ''));
  for (const s of selected) if (!entries.has(s)) entries.set(s, 0);
  const rank = (value: string) => (order?.includes(value) ? order.indexOf(value) : Infinity);
  const sorted = [...entries].sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
  if (sorted.length <= max) return sorted;
  // A long tail (hundreds of issuers in a national corpus) is cut, never a value the user has ticked.
  return sorted.filter(([value], i) => i < max || selected.includes(value));
}

function checkboxFacet(
  name: 'issuer' | 'level' | 'docType',
  legend: string,
  counts: Record<string, number>,
  selected: readonly string[],
  opts: { label?: (value: string) => string; max?: number; order?: readonly string[] } = {},
): SafeHtml {
  const label = opts.label ?? ((v: string) => v);
  const entries = facetEntries(counts, selected, opts.max ?? Infinity, opts.order);
  if (!entries.length) return html``;
  return html`<fieldset class="facet">
<legend>${legend}</legend>
<ul>${entries.map(
    ([value, count]) => html`<li><label><input type="checkbox" name="${name}" value="${value}"${selected.includes(value) ? html` checked` : ''}> <span class="facet-label">${label(value)}</span> <span class="count">${formatCount(count)}</span></label></li>`,
  )}</ul>
</fieldset>`;
}

/**
 * 时效性: one click between the texts in force and every version (`validity=all`), or pick statuses.
 * Checked when shown: every status while history is included.
 */
function validityFacet(state: FilterState, counts: Record<string, number>, hrefWith: FilterHref): SafeHtml {
  const all = state.validity === null;
  const selected: readonly string[] = state.validity ?? VALIDITY_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  const entries = VALIDITY_STATUSES.filter((s) => (counts[s] ?? 0) > 0 || selected.includes(s));
  const toggleHref = hrefWith({ validity: all ? [...DEFAULT_VALIDITY] : null });
  return html`<fieldset class="facet facet-validity">
<legend>时效性</legend>
<p class="history-toggle">${resultsLink(toggleHref, all ? '只看现行有效' : '含历史版本', { class: 'chip' })}</p>
<ul>${entries.map(
    (value) =>
      html`<li><label><input type="checkbox" name="validity" value="${value}"${selected.includes(value) ? html` checked` : ''}> <span class="facet-label">${value}</span> <span class="count">${formatCount(counts[value] ?? 0)}</span></label></li>`,
  )}</ul>
</fieldset>`;
}

/** The year range inputs and one chip per year; a chip selects that year alone, a second click clears it. */
function yearFacet(state: FilterState, counts: Record<string, number>, hrefWith: FilterHref): SafeHtml {
  return html`<fieldset class="facet facet-years">
<legend>年份</legend>
<div class="year-range">
  <label><span class="sr-only">起始年份</span><input type="number" name="yearFrom" inputmode="numeric" min="1900" max="2100" placeholder="起" value="${state.yearFrom ?? ''}"></label>
  <span aria-hidden="true">—</span>
  <label><span class="sr-only">结束年份</span><input type="number" name="yearTo" inputmode="numeric" min="1900" max="2100" placeholder="止" value="${state.yearTo ?? ''}"></label>
</div>
<ul class="year-list">${Object.entries(counts)
    .filter(([y]) => /^\d{4}$/.test(y))
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([year, count]) => {
      const y = Number(year);
      const only = state.yearFrom === y && state.yearTo === y;
      const href = hrefWith({ yearFrom: only ? undefined : y, yearTo: only ? undefined : y });
      return html`<li>${resultsLink(href, html`${year} <span class="count">${formatCount(count)}</span>`, { class: only ? 'chip selected' : 'chip', current: only })}</li>`;
    })}</ul>
</fieldset>`;
}

/**
 * The filter panel: 时效性, years, level, issuer, type, each with counts, and a submit button for browsers
 * without JavaScript. `clearHref` removes every facet filter.
 */
export function filtersPanel(
  state: FilterState,
  counts: FacetCounts,
  hrefWith: FilterHref,
  opts: { clearHref: string; maxValues?: number },
): SafeHtml {
  const max = opts.maxValues === undefined ? {} : { max: opts.maxValues };
  return html`<aside class="facets" id="facets" aria-label="筛选">
<div class="facets-head"><h2>筛选</h2>${hasFacetFilters(state) ? resultsLink(opts.clearHref, '清除全部', { class: 'clear' }) : ''}</div>
${validityFacet(state, counts.validity, hrefWith)}
${yearFacet(state, counts.year, hrefWith)}
${checkboxFacet('level', '层级', counts.level, state.level, { label: (v) => LEVEL_LABELS[v as Level] ?? v, order: LEVELS, ...max })}
${checkboxFacet('issuer', '发文机关', counts.issuer, state.issuer, max)}
${checkboxFacet('docType', '文件类型', counts.docType, state.docType, max)}
<button type="submit" class="apply no-js-only">应用筛选</button>
</aside>`;
}

/** Chips for the active filters, each with a link that removes it. */
export function activeFilters(state: FilterState, hrefWith: FilterHref): SafeHtml {
  const chips: SafeHtml[] = [];
  if (state.yearFrom !== undefined || state.yearTo !== undefined) {
    const label =
      state.yearTo === undefined
        ? `${state.yearFrom}年起`
        : state.yearFrom === undefined
          ? `至${state.yearTo}年`
          : state.yearFrom === state.yearTo
            ? `${state.yearFrom}年`
            : `${state.yearFrom}—${state.yearTo}年`;
    chips.push(resultsLink(hrefWith({ yearFrom: undefined, yearTo: undefined }), html`${label} <span aria-hidden="true">×</span>`, { class: 'chip removable', label: `去掉年份筛选 ${label}` }));
  }
  for (const [name, values, show] of [
    ['level', state.level, (v: string) => LEVEL_LABELS[v as Level] ?? v],
    ['issuer', state.issuer, (v: string) => v],
    ['docType', state.docType, (v: string) => v],
  ] as const) {
    for (const v of values) {
      const href = hrefWith({ [name]: toggle(values as readonly string[], v) });
      chips.push(resultsLink(href, html`${show(v)} <span aria-hidden="true">×</span>`, { class: 'chip removable', label: `去掉筛选 ${show(v)}` }));
    }
  }
  return chips.length ? html`<div class="active-filters" aria-label="已选筛选条件">${chips}</div>` : html``;
}

/** 上一页 · 1 … 4 5 [6] 7 8 … 20 · 下一页; nothing for a single page. */
export function pagination(current: number, pages: number, href: (page: number) => string): SafeHtml {
  if (pages <= 1) return html``;
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const items: SafeHtml[] = [];
  shown.forEach((page, i) => {
    if (i > 0 && page - (shown[i - 1] as number) > 1) items.push(html`<li class="gap" aria-hidden="true">…</li>`);
    items.push(html`<li>${page === current ? html`<span class="pg current" aria-current="page">${page}</span>` : resultsLink(href(page), page, { class: 'pg', label: `第 ${page} 页` })}</li>`);
  });
  return html`<nav class="pagination" aria-label="翻页">
${current > 1 ? resultsLink(href(current - 1), '上一页', { class: 'pg prev', rel: 'prev' }) : html`<span class="pg prev disabled">上一页</span>`}
<ol>${items}</ol>
${current < pages ? resultsLink(href(current + 1), '下一页', { class: 'pg next', rel: 'next' }) : html`<span class="pg next disabled">下一页</span>`}
</nav>`;
}
