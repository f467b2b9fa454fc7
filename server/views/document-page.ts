/**
 * A document in full: metadata, an outline built from the clause paths, every clause with an anchor.
 * The clause deep link `/c/:id` is this page with one clause in focus: marked, with its citation and
 * actions open, and scrolled to (app.js; without JavaScript a skip link leads there).
 */
import type { Clause, PolicyDocument } from '../../core/types.js';
import type { ClauseData, DocumentData } from '../data/documents.js';
import { sectionOf, type OutlineNode } from '../data/outline.js';
import { urls } from '../urls.js';
import { formatDate } from './format.js';
import { escapeHtml, html, raw, safeExternalUrl, SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { clauseActions, showsNumberSeparately, similarSlot, validityBadge } from './parts.js';
import { validityOf } from '../../core/versions/validity.js';

/** 版本: every version of the work, this one marked, each with its status and a compare link. */
function versionList(data: DocumentData): SafeHtml {
  if (data.versions.length <= 1) return html``;
  const doc = data.document;
  return html`<section class="versions" aria-labelledby="versions-title">
<h2 id="versions-title">版本（${data.versions.length} 个）</h2>
<ol class="version-list">${data.versions.map((v) => {
    const self = v.id === doc.id;
    return html`<li${self ? html` class="current" aria-current="true"` : ''}>
<span class="version-date">${formatDate(v.date) || '日期不详'}</span>
${self ? html`<strong>本版本</strong>` : html`<a href="${urls.document(v.id)}">${v.title}</a>`}
${validityBadge({ id: v.id, validity: { ...validityOf(v), inForceId: null } })}
${self ? '' : html`<a class="act" href="${validityOf(v).version < validityOf(doc).version ? urls.compareVersions(v.id, doc.id) : urls.compareVersions(doc.id, v.id)}">与本版本比较</a>`}
</li>`;
  })}</ol>
</section>`;
}

/** On a clause of a text not in force: where the same article stands in the version in force. */
function inForceNote(focus: ClauseData): SafeHtml {
  const link = focus.inForce;
  if (link === null) return html``;
  const status = validityOf(focus.document).status;
  if (link.clause === null) {
    return html`<p class="in-force-note">本文件${status}。${link.kind === 'deleted' ? '现行版本已删去本条。' : ''}<a href="${urls.document(link.document.id)}">查看现行文本《${link.document.title}》</a></p>`;
  }
  const what = link.kind === 'unchanged' ? '内容未变' : '内容有修改';
  return html`<p class="in-force-note">本文件${status}。现行版本中的本条：<a href="${urls.clause(link.clause.id)}">${link.clause.number ?? '对应条款'}</a>（${what}）</p>`;
}

/** 沿革: the promulgation history of a law, one act per line (`2019年6月27日 通过 郑州市人民代表大会常务委员会`). */
function historyList(doc: PolicyDocument): SafeHtml {
  if (doc.history.length === 0) return html``;
  return html`<section class="history" aria-labelledby="history-title">
<h2 id="history-title">沿革</h2>
<ol class="history-list">${doc.history.map(
    (event) => html`<li><span class="history-date">${formatDate(event.date) || '日期不详'}</span> <strong class="history-action">${event.action}</strong>${event.body ? html` <span class="history-body">${event.body}</span>` : ''}<p class="history-text">${event.text}</p></li>`,
  )}</ol>
</section>`;
}

function metaList(doc: PolicyDocument): SafeHtml {
  const source = safeExternalUrl(doc.sourceUrl);
  const legislation = doc.history.length > 0;
  const rows: Array<[string, SafeHtml | string | null]> = [
    ['文号', doc.docNumber],
    ['令号', doc.orderNumber],
    ['提案编号', doc.docNumber ? null : doc.proposalNumber],
    [legislation ? '制定机关' : '发文机关', doc.issuer],
    [legislation ? (doc.history.some((h) => h.action === '修正' || h.action === '修订') ? '最近修改' : '通过日期') : '成文日期', formatDate(doc.date) || null],
    ['施行日期', formatDate(doc.effectiveDate) || null],
    ['发布日期', formatDate(doc.publishedDate) || null],
    ['层级', doc.level ? `${doc.level}级` : null],
    ['文件类型', doc.docType],
    ['条款数', `${doc.clauseCount} 条`],
    ['原文', source ? html`<a href="${source}" rel="noopener noreferrer" target="_blank">政府网站原文</a>` : null],
  ];
  return html`<dl class="doc-meta-list">${rows
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`;
}

function outlineList(nodes: readonly OutlineNode[], current: ReadonlySet<string>): SafeHtml {
  return html`<ol>${nodes.map(
    (n) => html`<li${current.has(n.id) ? html` class="current"` : ''}><a href="#${n.id}">${n.title.replace(/^[#\s\u3000]+/, '')}</a>${n.children.length ? outlineList(n.children, current) : ''}</li>`,
  )}</ol>`;
}

/** The clause text, with the pinpointed 款 or 项 of a deep link (`?k=2`) marked. */
function clauseText(clause: Clause, focus: ClauseData | null): SafeHtml {
  const point = focus?.clause.id === clause.id ? focus.pinpoint : null;
  if (point === null) return html`${clause.text}`;
  const { text } = clause;
  return new SafeHtml(
    `${escapeHtml(text.slice(0, point.start))}<mark class="pinpoint" id="${escapeHtml(`${clause.id}-k${point.paragraph}${point.item === null ? '' : `-x${point.item}`}`)}">${escapeHtml(text.slice(point.start, point.end))}</mark>${escapeHtml(text.slice(point.end))}`,
  );
}

function clauseBlock(clause: Clause, doc: PolicyDocument, focus: ClauseData | null): SafeHtml {
  const isFocus = focus?.clause.id === clause.id;
  const number = clause.number?.trim();
  return html`<section class="clause clause-${clause.kind}${isFocus ? ' focus' : ''}" id="${clause.id}"${isFocus ? html` aria-current="true" tabindex="-1"` : ''}>
${isFocus ? html`<p class="focus-label">当前条款</p>` : ''}
<div class="clause-body">
  <a class="permalink" href="${urls.clause(clause.id)}" title="本条永久链接">${number && showsNumberSeparately(clause) ? number : '¶'}</a>
  <p class="clause-text">${clauseText(clause, focus)}</p>
</div>
${
  isFocus && focus
    ? html`${inForceNote(focus)}<div class="citation-box"><span class="citation-label">引用</span><cite class="citation">${focus.citation}</cite></div>
${focus.clause.keywords.length ? html`<p class="keywords"><span class="citation-label">关键词</span> ${focus.clause.keywords.map((k) => html`<span class="keyword">${k}</span>`)}</p>` : ''}`
    : ''
}
${clauseActions(clause, doc, { pinpoint: isFocus ? focus?.pinpoint ?? null : null })}
${similarSlot(clause.id)}
</section>`;
}

function headingBlock(id: string, title: string, depth: number): SafeHtml {
  const text = title.replace(/^[#\s\u3000]+/, '');
  const level = Math.min(6, depth + 2);
  // Heading levels are dynamic; the tag name is ours, never from the text.
  const open = `h${level}`;
  return html`${raw(`<${open} class="doc-heading depth-${depth}" id="`)}${id}${raw('">')}${text}${raw(`</${open}>`)}`;
}

export function documentPage(data: DocumentData, focus: ClauseData | null = null, opts: PageOptions = {}): SafeHtml {
  const doc = data.document;
  const current = new Set(focus ? sectionOf(data.blocks, focus.clause.id) : []);
  const body = html`<article class="document">
<nav class="breadcrumb" aria-label="位置"><a href="${urls.home()}">检索</a> › <span>文件</span></nav>
<header class="doc-head">
  <h1>${doc.title}</h1>
  <p class="doc-status">${validityBadge(doc)}</p>
  ${doc.noticeTitle && doc.noticeTitle !== doc.title ? html`<p class="notice-title">${doc.noticeTitle}</p>` : ''}
  ${metaList(doc)}
  ${historyList(doc)}
  ${versionList(data)}
  ${focus ? html`<p class="jump"><a href="#${focus.clause.id}">跳到当前条款 ${focus.clause.number ?? ''}</a></p>` : ''}
</header>
<div class="doc-layout">
  <nav class="outline" aria-label="目录">
    <details open><summary>目录</summary>
    ${data.outline.length ? outlineList(data.outline, current) : html`<p class="muted">本文件没有分级标题。</p>`}
    </details>
  </nav>
  <div class="doc-body">
  ${data.blocks.map((block) =>
    block.type === 'heading' ? headingBlock(block.id, block.title, block.depth) : clauseBlock(block.clause, doc, focus),
  )}
  </div>
</div>
</article>`;
  const title = focus ? `${focus.citation}` : doc.title;
  return layout({ title, body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, headerSearch: true, pageClass: focus ? 'page-clause' : 'page-document' });
}
