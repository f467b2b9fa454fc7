/** Two clauses side by side with a character-level diff: deletions marked on the left, insertions on the right. */
import type { ComparedClause, CompareData, DiffOp } from '../data/compare.js';
import { urls } from '../urls.js';
import { formatPercent } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { clauseActions, clausePosition, documentMeta } from './parts.js';

/** One side of the diff: shared text plain, the side's own changes marked. */
export function diffSide(ops: readonly DiffOp[], side: 'a' | 'b'): SafeHtml {
  const own = side === 'a' ? 'delete' : 'insert';
  return html`${ops.map((o) =>
    o.op === 'equal' ? o.text : o.op === own ? (side === 'a' ? html`<del>${o.text}</del>` : html`<ins>${o.text}</ins>`) : '',
  )}`;
}

function side(label: string, c: ComparedClause, ops: readonly DiffOp[], which: 'a' | 'b'): SafeHtml {
  return html`<section class="compare-side side-${which}" aria-label="${label}">
<header>
  <span class="side-label">${label}</span>
  <a class="side-title" href="${urls.clause(c.clause.id)}">${c.document.title}</a>
  <div>${documentMeta(c.document)}</div>
  <div class="hit-position">${clausePosition(c.clause)}</div>
</header>
<p class="clause-text diff-text">${diffSide(ops, which)}</p>
<footer><cite class="citation">${c.citation}</cite>${clauseActions(c.clause, c.document, { similar: false })}</footer>
</section>`;
}

export function comparePage(data: CompareData, opts: PageOptions = {}): SafeHtml {
  const { a, b, stats } = data;
  const body = html`<article class="compare">
<nav class="breadcrumb" aria-label="位置"><a href="${urls.home()}">检索</a> › <span>条款比较</span></nav>
<header class="compare-head">
  <h1>条款比较</h1>
  <p class="compare-stats"><span>相同 <strong>${formatPercent(stats.sameRatio)}</strong></span>
  <span class="stat-del">删去 ${stats.deleted} 字</span>
  <span class="stat-ins">新增 ${stats.inserted} 字</span>
  <a class="act" href="${urls.compare(b.clause.id, a.clause.id)}">⇄ 交换左右</a></p>
  <p class="legend muted"><del>删去的文字</del>只在左边，<ins>新增的文字</ins>只在右边。</p>
</header>
<div class="compare-grid">
${side(`A · ${a.document.year ?? ''}`, a, data.diff, 'a')}
${side(`B · ${b.document.year ?? ''}`, b, data.diff, 'b')}
</div>
${
  data.alternatives.length
    ? html`<section class="alternatives">
<h2>与其他相似条款比较</h2>
<ul>${data.alternatives.map(
        (h) => html`<li><a href="${urls.compare(a.clause.id, h.clause.id)}">${h.document.year ?? ''} · ${h.document.title}</a> <span class="muted">${clausePosition(h.clause)} · 相似度 ${formatPercent(h.score)}</span></li>`,
      )}</ul>
</section>`
    : ''
}
</article>`;
  return layout({ title: '条款比较', body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, headerSearch: true, pageClass: 'page-compare' });
}
