/**
 * The part of the search page htmx swaps (`#results`): filters with facet counts, the year chart, the
 * hits and pagination — or the start screen, the empty state or the error state.
 */
import type { Level, PolicyDocument } from '../../core/types.js';
import type { SearchHit } from '../../core/engine/types.js';
import type { SearchData } from '../data/search.js';
import { isBlankSearch, MAX_OFFSET, type SearchParams } from '../params.js';
import { urls, type SearchLink } from '../urls.js';
import { pinpoint } from '../../core/citation.js';
import { formatCount, formatDate, LEVEL_LABELS, MODE_LABELS } from './format.js';
import { highlight, html, type HtmlValue, type SafeHtml } from './html.js';
import { clauseActions, clausePosition, documentMeta, signalBadges, similarSlot, validityBadge } from './parts.js';
import { VALIDITY_STATUSES } from '../../core/versions/validity.js';
import { makeSnippet } from './snippet.js';
import { yearChart, yearChartModel } from './year-chart.js';

/** Queries offered on the start screen and in the empty state: real phrases from the corpus. */
export const EXAMPLE_QUERIES = ['知识产权质押', '战略性新兴产业', '人才引进', '科技成果转化', '创新载体', '产业用房'];

export interface SearchError {
  status: number;
  code: string;
  message: string;
}

/** A link that htmx follows into `#results` (target and push-url are inherited from the wrapper). */
function resultsLink(href: string, content: HtmlValue, attrs: { class?: string; rel?: string; current?: boolean; label?: string } = {}): SafeHtml {
  return html`<a href="${href}" hx-get="${href}"${attrs.class ? html` class="${attrs.class}"` : ''}${attrs.rel ? html` rel="${attrs.rel}"` : ''}${attrs.current ? html` aria-current="page"` : ''}${attrs.label ? html` aria-label="${attrs.label}"` : ''}>${content}</a>`;
}

const linkParams = (p: SearchParams): SearchLink => ({
  q: p.q,
  mode: p.mode,
  yearFrom: p.yearFrom,
  yearTo: p.yearTo,
  issuer: p.issuer,
  level: p.level,
  docType: p.docType,
  validity: p.validity,
});

function toggle<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
}

/** Facet entries sorted by count, selected values always listed (a disjunctive facet may count them 0). */
function facetEntries(counts: Record<string, number>, selected: readonly string[]): Array<[string, number]> {
  const entries = new Map(Object.entries(counts).filter(([k]) => k !== ''));
  for (const s of selected) if (!entries.has(s)) entries.set(s, 0);
  return [...entries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'));
}

function checkboxFacet(
  name: 'issuer' | 'level' | 'docType',
  legend: string,
  counts: Record<string, number>,
  selected: readonly string[],
  label: (value: string) => string = (v) => v,
): SafeHtml {
  const entries = facetEntries(counts, selected);
  if (!entries.length) return html``;
  return html`<fieldset class="facet">
<legend>${legend}</legend>
<ul>${entries.map(
    ([value, count]) => html`<li><label><input type="checkbox" name="${name}" value="${value}"${selected.includes(value) ? html` checked` : ''}> <span class="facet-label">${label(value)}</span> <span class="count">${formatCount(count)}</span></label></li>`,
  )}</ul>
</fieldset>`;
}

/**
 * 时效性: the texts in force by default, one click for every version (`validity=all`), or pick statuses.
 * Checked when shown: every status while history is included.
 */
function validityFacet(params: SearchParams, counts: Record<string, number>): SafeHtml {
  const all = params.validity === null;
  const selected: readonly string[] = params.validity ?? VALIDITY_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  const entries = VALIDITY_STATUSES.filter((s) => (counts[s] ?? 0) > 0 || selected.includes(s));
  const toggleHref = urls.search({ ...linkParams(params), validity: all ? undefined : null });
  return html`<fieldset class="facet facet-validity">
<legend>时效性</legend>
<p class="history-toggle">${resultsLink(toggleHref, all ? '只看现行有效' : '含历史版本', { class: 'chip' })}</p>
<ul>${entries.map(
    (value) =>
      html`<li><label><input type="checkbox" name="validity" value="${value}"${selected.includes(value) ? html` checked` : ''}> <span class="facet-label">${value}</span> <span class="count">${formatCount(counts[value] ?? 0)}</span></label></li>`,
  )}</ul>
</fieldset>`;
}

function yearFacet(params: SearchParams, counts: Record<string, number>): SafeHtml {
  return html`<fieldset class="facet facet-years">
<legend>年份</legend>
<div class="year-range">
  <label><span class="sr-only">起始年份</span><input type="number" name="yearFrom" inputmode="numeric" min="1900" max="2100" placeholder="起" value="${params.yearFrom ?? ''}"></label>
  <span aria-hidden="true">—</span>
  <label><span class="sr-only">结束年份</span><input type="number" name="yearTo" inputmode="numeric" min="1900" max="2100" placeholder="止" value="${params.yearTo ?? ''}"></label>
</div>
<ul class="year-list">${Object.entries(counts)
    .filter(([y]) => /^\d{4}$/.test(y))
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([year, count]) => {
      const y = Number(year);
      const only = params.yearFrom === y && params.yearTo === y;
      const href = urls.search({ ...linkParams(params), yearFrom: only ? undefined : y, yearTo: only ? undefined : y });
      return html`<li>${resultsLink(href, html`${year} <span class="count">${formatCount(count)}</span>`, { class: only ? 'chip selected' : 'chip', current: only })}</li>`;
    })}</ul>
</fieldset>`;
}

function facetsPanel(data: SearchData): SafeHtml {
  const { params, result } = data;
  const hasFilters = params.yearFrom !== undefined || params.yearTo !== undefined || params.issuer.length + params.level.length + params.docType.length > 0;
  return html`<aside class="facets" id="facets" aria-label="筛选">
<div class="facets-head"><h2>筛选</h2>${hasFilters ? resultsLink(urls.search({ q: params.q, mode: params.mode }), '清除全部', { class: 'clear' }) : ''}</div>
${validityFacet(params, result.facets.validity)}
${yearFacet(params, result.facets.year)}
${checkboxFacet('level', '层级', result.facets.level, params.level, (v) => LEVEL_LABELS[v as Level] ?? v)}
${checkboxFacet('issuer', '发文机关', result.facets.issuer, params.issuer)}
${checkboxFacet('docType', '文件类型', result.facets.docType, params.docType)}
<button type="submit" class="apply no-js-only">应用筛选</button>
</aside>`;
}

/** Chips for the active filters, each with a link that removes it. */
function activeFilters(params: SearchParams): SafeHtml {
  const base = linkParams(params);
  const chips: SafeHtml[] = [];
  if (params.yearFrom !== undefined || params.yearTo !== undefined) {
    const label =
      params.yearTo === undefined
        ? `${params.yearFrom}年起`
        : params.yearFrom === undefined
          ? `至${params.yearTo}年`
          : params.yearFrom === params.yearTo
            ? `${params.yearFrom}年`
            : `${params.yearFrom}—${params.yearTo}年`;
    chips.push(resultsLink(urls.search({ ...base, yearFrom: undefined, yearTo: undefined }), html`${label} <span aria-hidden="true">×</span>`, { class: 'chip removable', label: `去掉年份筛选 ${label}` }));
  }
  for (const [name, values, show] of [
    ['level', params.level, (v: string) => LEVEL_LABELS[v as Level] ?? v],
    ['issuer', params.issuer, (v: string) => v],
    ['docType', params.docType, (v: string) => v],
  ] as const) {
    for (const v of values) {
      const href = urls.search({ ...base, [name]: toggle(values as readonly string[], v) });
      chips.push(resultsLink(href, html`${show(v)} <span aria-hidden="true">×</span>`, { class: 'chip removable', label: `去掉筛选 ${show(v)}` }));
    }
  }
  return chips.length ? html`<div class="active-filters" aria-label="已选筛选条件">${chips}</div>` : html``;
}

function chartBlock(data: SearchData): SafeHtml {
  const { params } = data;
  const model = yearChartModel({ yearByLevel: data.timeline.yearByLevel, yearFrom: params.yearFrom, yearTo: params.yearTo });
  if (model.total === 0) return html``;
  const caption = params.q ? `含“${params.q}”的条款数（按年份）` : '各年份条款数';
  const hrefFor = (year: number) => {
    const only = params.yearFrom === year && params.yearTo === year;
    return urls.search({ ...linkParams(params), yearFrom: only ? undefined : year, yearTo: only ? undefined : year });
  };
  const span =
    model.firstYear === null
      ? ''
      : model.firstYear === model.lastYear
        ? `仅见于 ${model.firstYear} 年`
        : `首现 ${model.firstYear} 年 · 最近 ${model.lastYear} 年`;
  return html`<figure class="chart">
<figcaption><span class="chart-title">${caption}</span> <span class="chart-span">${span}</span>
<span class="legend"><span class="key key-city"></span>市级 <span class="key key-district"></span>区级</span></figcaption>
${yearChart(model, hrefFor, { caption: `${caption}：${span}。点击某一年只看该年。` })}
</figure>`;
}

function hitItem(hit: SearchHit, index: number): SafeHtml {
  const { clause, document } = hit;
  const snippet = makeSnippet(clause.text, hit.highlights);
  // A keyword hit inside one 款 or 项 of an article links and cites down to it.
  const point = pinpoint(clause, hit.highlights);
  return html`<li class="hit" value="${index}">
<div class="hit-head">
  <a class="hit-title" href="${urls.clause(clause.id, point)}">${document.title}</a>
  ${documentMeta(document)}
  ${validityBadge(document, { clauseId: clause.id })}
</div>
<div class="hit-position">${clausePosition(clause, point)}</div>
<p class="snippet">${snippet.clippedStart ? '…' : ''}${highlight(snippet.text, snippet.highlights)}${snippet.clippedEnd ? '…' : ''}</p>
<div class="hit-foot">
  ${signalBadges(hit.matched)}
  ${clauseActions(clause, { title: document.title, docNumber: document.docNumber, proposalNumber: document.proposalNumber, validity: document.validity }, { pinpoint: point })}
</div>
${similarSlot(clause.id)}
</li>`;
}

function pagination(data: SearchData): SafeHtml {
  const { params, result } = data;
  const reachable = Math.min(result.total, MAX_OFFSET + params.limit);
  const pages = Math.ceil(reachable / params.limit);
  if (pages <= 1) return html``;
  const current = params.page;
  const href = (page: number) => urls.search({ ...linkParams(params), page });
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

function emptyState(data: SearchData): SafeHtml {
  const { params } = data;
  const base = linkParams(params);
  const hasFilters = params.yearFrom !== undefined || params.yearTo !== undefined || params.issuer.length + params.level.length + params.docType.length > 0;
  const tips: SafeHtml[] = [];
  if (params.q && params.mode === 'keyword') {
    tips.push(html`<li>改用${resultsLink(urls.search({ ...base, mode: 'semantic' }), '语义检索')}：措辞不同、意思相近的条款也能找到。</li>`);
  }
  if (hasFilters) {
    tips.push(html`<li>${resultsLink(urls.search({ q: params.q, mode: params.mode }), '去掉全部筛选条件')}，在所有年份和机关中查找。</li>`);
  }
  if (params.q.length > 6) tips.push(html`<li>缩短检索词，只保留最关键的两三个词。</li>`);
  tips.push(html`<li>试试这些检索词：${EXAMPLE_QUERIES.map((q) => html`${resultsLink(urls.search({ q, mode: params.mode }), q, { class: 'chip' })} `)}</li>`);
  return html`<div class="empty-state">
<h2>没有找到${params.q ? html`与“<span class="q">${params.q}</span>”相关的` : '符合条件的'}条款</h2>
<ul>${tips}</ul>
</div>`;
}

function documentList(documents: readonly PolicyDocument[]): SafeHtml {
  return html`<section class="corpus" aria-labelledby="corpus-title">
<h2 id="corpus-title">收录文件（${documents.length} 件）</h2>
<ol class="doc-list">${documents.map(
    (d) => html`<li><a href="${urls.document(d.id)}">${d.title}</a>
<span class="doc-list-meta">${[d.docNumber ?? d.proposalNumber, d.issuer, formatDate(d.date), `${d.clauseCount} 条`].filter(Boolean).join(' · ')}</span></li>`,
  )}</ol>
</section>`;
}

function startScreen(data: SearchData): SafeHtml {
  return html`<div class="start">
<section class="intro">
<h2>从条款开始找政策</h2>
<p>输入一个提法，看它在哪些文件、哪一年、哪一条出现过；比较不同年份的写法，复制正式引用。</p>
<p class="examples">试试：${EXAMPLE_QUERIES.map((q) => html`${resultsLink(urls.search({ q }), q, { class: 'chip' })} `)}</p>
</section>
${chartBlock(data)}
${data.documents ? documentList(data.documents) : ''}
</div>`;
}

/** The summary line: how many, which mode, what is shown, and the export links. */
function summary(data: SearchData): SafeHtml {
  const { params, result } = data;
  const from = params.offset + 1;
  const to = params.offset + result.hits.length;
  return html`<div class="summary">
<p role="status">共 <strong>${formatCount(result.total)}</strong> 条${params.q ? html`，${MODE_LABELS[data.effectiveMode]}检索` : ''}${result.hits.length ? html`，当前第 ${from}–${to} 条` : ''}</p>
<p class="exports"><a class="to-facets" href="#facets">筛选</a><a href="${urls.exportCsv(linkParams(params))}" download>导出 CSV</a> · <a href="${urls.api.search({ ...linkParams(params), offset: params.offset })}">JSON</a></p>
</div>`;
}

export function errorState(error: SearchError): SafeHtml {
  const title = error.status === 400 ? '检索条件有误' : error.status === 429 ? '请求过于频繁' : error.status >= 500 ? '检索服务暂时不可用' : '无法完成检索';
  return html`<div class="error-state" role="alert">
<h2>${title}</h2>
<p>${error.message}</p>
${error.status >= 500 ? html`<p>请稍后重试；如果问题持续，请联系系统管理员（错误代码 <code>${error.code}</code>）。</p>` : ''}
</div>`;
}

/** The swapped fragment. */
export function resultList(data: SearchData): SafeHtml {
  if (isBlankSearch(data.params)) {
    return html`<div class="results-layout">${facetsPanel(data)}<section class="results-main">${startScreen(data)}</section></div>`;
  }
  const { result, params } = data;
  return html`<div class="results-layout">
${facetsPanel(data)}
<section class="results-main" aria-label="检索结果">
${summary(data)}
${activeFilters(params)}
${chartBlock(data)}
${
  result.hits.length
    ? html`<ol class="hits" start="${params.offset + 1}">${result.hits.map((hit, i) => hitItem(hit, params.offset + i + 1))}</ol>`
    : emptyState(data)
}
${pagination(data)}
</section>
</div>`;
}
