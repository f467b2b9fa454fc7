/**
 * The part of the search page htmx swaps (`#results`): filters with facet counts, the year chart, the
 * hits and pagination — or the start screen, the empty state or the error state.
 */
import { LEVELS, type PolicyDocument } from '../../core/types.js';
import type { SearchHit } from '../../core/engine/types.js';
import { type SearchData, semanticCoverage } from '../data/search.js';
import { isBlankSearch, MAX_OFFSET, type SearchParams } from '../params.js';
import { filterFields, urls, type FilterLink, type SearchLink } from '../urls.js';
import { pinpoint } from '../../core/citation.js';
import { formatCount, formatCoverage, formatDate, LEVEL_LABELS, MODE_LABELS } from './format.js';
import { activeFilters, filtersPanel, hasFacetFilters, pagination, resultsLink } from './filters.js';
import { highlight, html, type SafeHtml } from './html.js';
import { clauseActions, clausePosition, documentMeta, signalBadges, similarSlot, validityBadge } from './parts.js';
import { makeSnippet } from './snippet.js';
import { LEVEL_CLASSES, yearChart, yearChartModel } from './year-chart.js';

/** Queries offered on the start screen and in the empty state: real phrases from the corpus. */
export const EXAMPLE_QUERIES = ['知识产权质押', '战略性新兴产业', '人才引进', '科技成果转化', '创新载体', '产业用房'];

export interface SearchError {
  status: number;
  code: string;
  message: string;
}

const linkParams = (p: SearchParams): SearchLink => ({
  q: p.q,
  mode: p.mode,
  ...filterFields(p),
});

/** The search's URL with some filters changed. */
const searchWith = (params: SearchParams) => (patch: FilterLink) => urls.search({ ...linkParams(params), ...patch });

function facetsPanel(data: SearchData): SafeHtml {
  const { params } = data;
  return filtersPanel(params, data.result.facets, searchWith(params), { clearHref: urls.search({ q: params.q, mode: params.mode }) });
}

function chartBlock(data: SearchData): SafeHtml {
  const { params } = data;
  const model = yearChartModel({ yearByLevel: data.timeline.yearByLevel, yearFrom: params.yearFrom, yearTo: params.yearTo, corpusYears: data.corpusYears });
  if (model.total === 0) return html``;
  const caption = params.q ? `含“${params.q}”的条款数（按年份）` : '各年份条款数';
  const hrefFor = (yearFrom: number, yearTo: number) => {
    const only = params.yearFrom === yearFrom && params.yearTo === yearTo;
    return urls.search({ ...linkParams(params), yearFrom: only ? undefined : yearFrom, yearTo: only ? undefined : yearTo });
  };
  // The legend names the levels the chart draws, in the order they stack (国家 at the bottom).
  const drawn = LEVELS.filter((level) => model.bars.some((bar) => bar.levels[level] > 0));
  const grouping = model.yearsPerBar > 1 ? `每柱 ${model.yearsPerBar} 年` : '';
  const span =
    model.firstYear === null
      ? ''
      : model.firstYear === model.lastYear
        ? `仅见于 ${model.firstYear} 年`
        : `首现 ${model.firstYear} 年 · 最近 ${model.lastYear} 年`;
  return html`<figure class="chart">
<figcaption><span class="chart-title">${caption}</span> <span class="chart-span">${span}</span>
${grouping ? html`<span class="chart-grouping">${grouping}</span>` : ''}
<span class="legend">${drawn.map((level) => html`<span class="key key-${LEVEL_CLASSES[level].slice(4)}"></span>${LEVEL_LABELS[level]} `)}</span></figcaption>
${yearChart(model, hrefFor, { caption: `${caption}：${span}。${grouping ? `${grouping}，点击某一柱只看这几年。` : '点击某一年只看该年。'}` })}
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

function searchPagination(data: SearchData): SafeHtml {
  const { params, result } = data;
  const reachable = Math.min(result.total, MAX_OFFSET + params.limit);
  return pagination(params.page, Math.ceil(reachable / params.limit), (page) => urls.search({ ...linkParams(params), page }));
}

function emptyState(data: SearchData): SafeHtml {
  const { params } = data;
  const base = linkParams(params);
  const hasFilters = hasFacetFilters(params);
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

/** The start screen lists the newest documents; the whole corpus, with filters, is on /d. */
const START_SCREEN_DOCUMENTS = 20;

function documentList(documents: readonly PolicyDocument[]): SafeHtml {
  const more = documents.length > START_SCREEN_DOCUMENTS;
  return html`<section class="corpus" aria-labelledby="corpus-title">
<h2 id="corpus-title">收录文件（${formatCount(documents.length)} 件）</h2>
<p class="corpus-more"><a href="${urls.documents()}">${more ? `最新 ${START_SCREEN_DOCUMENTS} 件；查看全部 ${formatCount(documents.length)} 件，按机关、层级、年份筛选` : '按机关、层级、年份筛选全部文件'}</a></p>
<ol class="doc-list">${documents.slice(0, START_SCREEN_DOCUMENTS).map(
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

/** Said with a semantic or hybrid answer while some clauses still wait for their vectors. */
function coverageNote(data: SearchData): SafeHtml {
  const coverage = semanticCoverage(data);
  if (!coverage?.partial) return html``;
  return html`<p class="coverage-note" role="note">${formatCoverage(coverage)}：尚未算出语义向量的条文暂不在语义结果中，可用关键词检索找到</p>`;
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
${coverageNote(data)}
${activeFilters(params, searchWith(params))}
${chartBlock(data)}
${
  result.hits.length
    ? html`<ol class="hits" start="${params.offset + 1}">${result.hits.map((hit, i) => hitItem(hit, params.offset + i + 1))}</ol>`
    : emptyState(data)
}
${searchPagination(data)}
</section>
</div>`;
}
