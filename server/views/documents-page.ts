/**
 * The document list `/d`: every indexed document as a table, with the search's filters beside it, a sort
 * switch and pages. A GET form that works without JavaScript; htmx swaps `#doc-results` and pushes the URL.
 */
import type { PolicyDocument } from '../../core/types.js';
import type { DocumentListData } from '../data/document-list.js';
import { DOCUMENT_SORTS, type DocumentListParams, type DocumentSort } from '../params.js';
import { filterFields, urls, type DocumentLink, type FilterLink } from '../urls.js';
import { activeFilters, filtersPanel, pagination, resultsLink } from './filters.js';
import { formatCount, formatDate, LEVEL_CLASSES } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { validityBadge } from './parts.js';

/** The element htmx swaps; the route answers a request for it with the fragment alone. */
export const DOCUMENT_RESULTS_ID = 'doc-results';

/** Issuers, types and years beyond this many values are cut from the panel (a ticked value always stays). */
const FACET_VALUES_SHOWN = 30;

export const SORT_LABELS: Record<DocumentSort, string> = { newest: '日期从新到旧', oldest: '日期从旧到新', title: '按标题' };

export const DOCUMENTS_TITLE = '收录文件';

const linkParams = (p: DocumentListParams): DocumentLink => ({ ...filterFields(p), sort: p.sort });

/** The list's URL with some filters changed; a changed filter goes back to page 1. */
const listWith = (p: DocumentListParams) => (patch: FilterLink) => urls.documents({ ...linkParams(p), ...patch });

function sortSwitch(params: DocumentListParams): SafeHtml {
  return html`<p class="sort-switch" role="group" aria-label="排序">排序：${DOCUMENT_SORTS.map((sort) =>
    sort === params.sort
      ? html`<span class="chip selected" aria-current="true">${SORT_LABELS[sort]}</span> `
      : html`${resultsLink(urls.documents({ ...linkParams(params), sort }), SORT_LABELS[sort], { class: 'chip' })} `,
  )}</p>`;
}

function documentRow(d: PolicyDocument): SafeHtml {
  return html`<tr>
<td class="doc-title"><a href="${urls.document(d.id)}">${d.title}</a></td>
<td class="doc-number">${d.docNumber ?? d.proposalNumber ?? ''}</td>
<td class="doc-issuer">${d.issuer ?? ''}</td>
<td class="doc-date">${d.date ? html`<time datetime="${d.date}">${formatDate(d.date)}</time>` : d.year ? `${d.year}年` : ''}</td>
<td class="doc-level">${d.level ? html`<span class="level level-${LEVEL_CLASSES[d.level]}">${d.level}级</span>` : ''}</td>
<td class="doc-type">${d.docType ?? ''}</td>
<td class="num">${formatCount(d.clauseCount)}</td>
<td class="doc-validity">${validityBadge(d)}</td>
</tr>`;
}

function summary(data: DocumentListData): SafeHtml {
  const { params } = data;
  const shown = data.documents.length ? html`，当前第 ${params.offset + 1}–${params.offset + data.documents.length} 件` : '';
  const of = data.total === data.corpusTotal ? '' : html`（共收录 ${formatCount(data.corpusTotal)} 件）`;
  return html`<div class="summary">
<p role="status">符合条件的文件 <strong>${formatCount(data.total)}</strong> 件${of}${shown}</p>
<p class="exports"><a class="to-facets" href="#facets">筛选</a><a href="${urls.documentsCsv(linkParams(params))}" download>导出 CSV</a> · <a href="${urls.api.documents({ ...linkParams(params), offset: params.offset })}">JSON</a></p>
</div>`;
}

/** The inside of `#doc-results`: filters, summary, sort, the table and pages. */
export function documentListFragment(data: DocumentListData): SafeHtml {
  const { params } = data;
  const pages = Math.ceil(data.total / params.limit);
  // The sort rides along when a filter changes; it sits inside the swapped part so it follows the sort links.
  return html`${params.sort === 'newest' ? '' : html`<input type="hidden" name="sort" value="${params.sort}">`}
<div class="results-layout">
${filtersPanel(params, data.facets, listWith(params), { clearHref: urls.documents({ sort: params.sort }), maxValues: FACET_VALUES_SHOWN })}
<section class="results-main" aria-label="文件列表">
${summary(data)}
${activeFilters(params, listWith(params))}
${sortSwitch(params)}
${
  data.documents.length
    ? html`<table class="doc-table">
<thead><tr><th scope="col">标题</th><th scope="col">文号</th><th scope="col" class="doc-issuer">发文机关</th><th scope="col">日期</th><th scope="col">层级</th><th scope="col" class="doc-type">类型</th><th scope="col" class="num">条款数</th><th scope="col">时效性</th></tr></thead>
<tbody>${data.documents.map(documentRow)}</tbody>
</table>`
    : html`<div class="empty-state"><h2>没有符合条件的文件</h2><ul><li>${resultsLink(urls.documents(), '去掉全部筛选条件')}，查看全部收录文件。</li></ul></div>`
}
${pagination(params.page, pages, (page) => urls.documents({ ...linkParams(params), page }))}
</section>
</div>`;
}

export function documentsPage(data: DocumentListData, opts: PageOptions = {}): SafeHtml {
  const self = urls.documents();
  const body = html`<h1 class="page-title">${DOCUMENTS_TITLE}</h1>
<form id="documents-form" class="documents" action="${self}" method="get"
  hx-get="${self}" hx-trigger="change" hx-target="#${DOCUMENT_RESULTS_ID}" hx-push-url="true" hx-sync="this:replace" hx-indicator="#${DOCUMENT_RESULTS_ID}">
<div id="${DOCUMENT_RESULTS_ID}">
${documentListFragment(data)}
</div>
</form>`;
  return layout({ title: DOCUMENTS_TITLE, body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, headerSearch: true, pageClass: 'page-documents' });
}
