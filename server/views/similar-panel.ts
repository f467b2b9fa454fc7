/**
 * Similar clauses as a lineage: the most similar clauses from other documents, ordered by year, with the
 * current clause placed in the timeline, so one sees how a provision's wording evolved.
 */
import type { SimilarData } from '../data/similar.js';
import { urls } from '../urls.js';
import { formatPercent } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { clausePosition, documentMeta, validityBadge } from './parts.js';
import { validityOf } from '../../core/versions/validity.js';
import { formatDate } from './format.js';

const VERSION_KIND: Record<string, string> = { unchanged: '内容未变', changed: '内容有修改' };

/** The same article in the other versions of the work: listed first, marked as such. */
function versionItems(data: SimilarData): SafeHtml {
  if (data.versions.length === 0) return html``;
  const mine = validityOf(data.sourceDocument).version;
  return html`<h4 class="versions-head">本条在其他版本中</h4>
<ol class="lineage same-article">${data.versions.map((v) => {
    const preview = makeSnippet(v.clause.text, [], PREVIEW_LENGTH);
    const older = validityOf(v.document).version < mine;
    return html`<li class="lineage-item is-version">
<span class="lineage-year">${v.document.year ?? '—'}</span>
<div class="lineage-body">
  <div class="lineage-head"><span class="badge badge-version">同一条文 · 其他版本</span> <a href="${urls.clause(v.clause.id)}">${formatDate(v.document.date) || v.document.title}版 ${v.clause.number ?? ''}</a> ${validityBadge({ id: v.document.id, validity: { ...validityOf(v.document), inForceId: null } })}</div>
  <p class="lineage-text">${preview.text}${preview.clippedEnd ? '…' : ''}</p>
  <div class="lineage-foot">
    <span class="muted">${VERSION_KIND[v.kind] ?? ''}</span>
    <a class="act" href="${older ? urls.compare(v.clause.id, data.source.id) : urls.compare(data.source.id, v.clause.id)}">比较</a>
    <a class="act" href="${older ? urls.compareVersions(v.document.id, data.sourceDocument.id) : urls.compareVersions(data.sourceDocument.id, v.document.id)}">全文版本比较</a>
  </div>
</div>
</li>`;
  })}</ol>
<h4 class="versions-head">其他文件中的相似条款</h4>`;
}
import { makeSnippet } from './snippet.js';

const PREVIEW_LENGTH = 120;

/** The panel; `inSlot` when it is the htmx fragment loaded into a clause's similar slot. */
export function similarPanel(data: SimilarData, opts: { inSlot?: boolean } = {}): SafeHtml {
  const source = data.source;
  const sourceYear = data.sourceDocument.year;
  type Entry = { kind: 'source' } | { kind: 'hit'; index: number };
  const entries: Entry[] = data.hits.map((_, index) => ({ kind: 'hit', index }));
  // The current clause sits where its year falls in the lineage.
  const at = entries.findIndex((e) => e.kind === 'hit' && (data.hits[e.index]?.document.year ?? Infinity) > (sourceYear ?? Infinity));
  entries.splice(at === -1 ? entries.length : at, 0, { kind: 'source' });

  const items = entries.map((entry) => {
    if (entry.kind === 'source') {
      const preview = makeSnippet(source.text, [], PREVIEW_LENGTH);
      return html`<li class="lineage-item is-source">
<span class="lineage-year">${sourceYear ?? '—'}</span>
<div class="lineage-body">
  <div class="lineage-head"><strong>当前条款</strong> <span class="muted">${data.sourceDocument.title}</span></div>
  <p class="lineage-text">${preview.text}${preview.clippedEnd ? '…' : ''}</p>
</div>
</li>`;
    }
    const hit = data.hits[entry.index];
    if (!hit) return html``;
    const preview = makeSnippet(hit.clause.text, [], PREVIEW_LENGTH);
    return html`<li class="lineage-item">
<span class="lineage-year">${hit.document.year ?? '—'}</span>
<div class="lineage-body">
  <div class="lineage-head"><a href="${urls.clause(hit.clause.id)}">${hit.document.title}</a> ${documentMeta(hit.document)} ${validityBadge(hit.document, { clauseId: hit.clause.id })}</div>
  <div class="hit-position">${clausePosition(hit.clause)}</div>
  <p class="lineage-text">${preview.text}${preview.clippedEnd ? '…' : ''}</p>
  <div class="lineage-foot">
    <span class="similarity" title="语义相似度">相似度 <strong>${formatPercent(hit.score)}</strong></span>
    <a class="act" href="${compareOlderFirst(source.id, data.sourceDocument.year, hit.clause.id, hit.document.year)}">比较</a>
    <a class="act" href="${urls.clause(hit.clause.id)}">查看原文</a>
  </div>
</div>
</li>`;
  });

  return html`<section class="similar-panel" aria-label="相似条款">
<header class="panel-head">
  <h3>相似条款 <small>${data.params.otherDocsOnly ? '来自其他文件，' : ''}按年份排列</small></h3>
  ${historyToggle(data, opts.inSlot ?? false)}
  <button type="button" class="act js-only" data-close-panel>收起</button>
</header>
${versionItems(data)}
${
  data.hits.length
    ? html`<ol class="lineage">${items}</ol>`
    : html`<p class="muted">其他文件中没有找到相似的条款。</p>`
}
</section>`;
}

/**
 * 只看现行有效 / 含历史版本 for the other works' clauses. Inside a clause page the panel is an htmx fragment, so the
 * toggle swaps the panel in place; without JavaScript it opens the panel as a page.
 */
function historyToggle(data: SimilarData, inSlot: boolean): SafeHtml {
  const history = data.params.validity === null;
  const href = urls.similar(data.source.id, history ? {} : { validity: null });
  const label = history ? '只看现行有效' : '含历史版本';
  if (!inSlot) return html`<a class="act similar-history" href="${href}">${label}</a>`;
  return html`<a class="act similar-history" href="${href}" hx-get="${href}" hx-target="closest .similar-slot" hx-swap="innerHTML" hx-push-url="false">${label}</a>`;
}

/** The panel as a page of its own, for links opened without htmx. */
export function similarPage(data: SimilarData, opts: PageOptions = {}): SafeHtml {
  const body = html`<article class="similar-page">
<nav class="breadcrumb" aria-label="位置"><a href="${urls.home()}">检索</a> › <a href="${urls.clause(data.source.id)}">${data.sourceDocument.title}</a> › <span>相似条款</span></nav>
<h1>相似条款</h1>
<div class="source-clause">
  <div class="hit-position">${clausePosition(data.source)}</div>
  <p class="clause-text">${data.source.text}</p>
</div>
${similarPanel(data)}
</article>`;
  return layout({ title: `相似条款 · ${data.sourceDocument.title}`, body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, headerSearch: true, pageClass: 'page-similar' });
}

/**
 * The compare link puts the older clause on the left, so 删去/新增 read as how the wording changed over time.
 * Equal or unknown years keep the current clause on the left.
 */
function compareOlderFirst(sourceId: string, sourceYear: number | null, otherId: string, otherYear: number | null): string {
  const otherIsOlder = sourceYear !== null && otherYear !== null && otherYear < sourceYear;
  return otherIsOlder ? urls.compare(otherId, sourceId) : urls.compare(sourceId, otherId);
}
