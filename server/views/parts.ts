/** Small pieces several pages share: a clause's actions, matched-signal badges, a document's meta line. */
import type { Clause, PolicyDocument } from '../../core/types.js';
import type { DocumentSummary, Signal } from '../../core/engine/types.js';
import { formatCitation, type Pinpoint } from '../../core/citation.js';
import { type ValidityStatus, citationStatus, validityOf } from '../../core/versions/validity.js';
import { urls } from '../urls.js';
import { formatDate, formatPath, LEVEL_CLASSES, SIGNAL_LABELS } from './format.js';
import { html, type SafeHtml } from './html.js';

/** The id of the slot the similar panel is loaded into; the route recognises it in `HX-Target`. */
export const similarSlotId = (clauseId: string) => `similar-${clauseId}`;
export const SIMILAR_SLOT_PREFIX = 'similar-';

/**
 * 相似条款 · 复制链接 · 复制引用. Without JavaScript the first two are plain links. With a pinpoint (a hit inside
 * one 款 or 项 of an article) link and citation point at that paragraph or item.
 */
export function clauseActions(
  clause: Pick<Clause, 'id' | 'path' | 'number'> & Partial<Pick<Clause, 'kind'>>,
  document: Pick<PolicyDocument, 'title' | 'docNumber' | 'proposalNumber' | 'validity'>,
  opts: { similar?: boolean; pinpoint?: Pinpoint | null } = {},
): SafeHtml {
  const point = opts.pinpoint ?? null;
  const citation = formatCitation(document, clause, point) + citationStatus(document.validity);
  const link = urls.clause(clause.id, point);
  return html`<div class="actions">
${
  opts.similar === false
    ? ''
    : html`<a class="act" href="${urls.similar(clause.id)}" hx-get="${urls.similar(clause.id)}" hx-target="next .similar-slot" hx-swap="innerHTML" hx-push-url="false" hx-indicator="this">相似条款</a>`
}
<a class="act" href="${link}" data-copy="link" title="复制本条的永久链接">复制链接</a>
<button type="button" class="act js-only" data-copy="citation" data-citation="${citation}" data-url="${link}" title="${citation}">复制引用</button>
</div>`;
}

export function similarSlot(clauseId: string): SafeHtml {
  return html`<div class="similar-slot" id="${similarSlotId(clauseId)}"></div>`;
}

export function signalBadges(matched: readonly Signal[]): SafeHtml {
  return html`<span class="badges">${matched.map(
    (s) => html`<span class="badge badge-${s}" title="${s === 'keyword' ? '包含检索词' : '意思相近'}">${SIGNAL_LABELS[s]}</span>`,
  )}</span>`;
}

/** 文号 · date · level, for result lists. */
export function documentMeta(doc: Pick<DocumentSummary, 'docNumber' | 'date' | 'year' | 'level' | 'issuer'>): SafeHtml {
  const parts = [
    doc.docNumber ? html`<span class="doc-number">${doc.docNumber}</span>` : null,
    doc.date ? html`<time datetime="${doc.date}">${formatDate(doc.date)}</time>` : doc.year ? html`<span>${doc.year}年</span>` : null,
    doc.level ? html`<span class="level level-${LEVEL_CLASSES[doc.level]}">${doc.level}级</span>` : null,
  ].filter((p) => p !== null);
  return html`<span class="doc-meta">${parts}</span>`;
}

/**
 * The heading path and number of a clause: `四、主要任务及分工 › （三）优化… › 81.`; with a pinpoint, the 款 or
 * 项 the hit lies in follows the article number: `第三章 公共数据 › 第二十条第二款第（三）项`.
 */
export function clausePosition(clause: Pick<Clause, 'path' | 'number'>, point: Pinpoint | null = null): SafeHtml {
  const path = formatPath(clause.path);
  const number = clause.number?.trim() ?? '';
  if (!path && !number) return html``;
  const pinpointed = number && point ? html`<strong>${number}</strong><strong class="pinpoint-label">${point.label}</strong>` : null;
  return html`<span class="position">${path}${path && number ? ' › ' : ''}${pinpointed ?? (number ? html`<strong>${number}</strong>` : '')}</span>`;
}

/** True when the clause text does not already begin with its own label (then the view prints it). */
export function showsNumberSeparately(clause: Pick<Clause, 'number' | 'text'>): boolean {
  const number = clause.number?.trim();
  return !!number && !clause.text.trimStart().startsWith(number);
}

/** CSS class of each 时效性 status's badge. */
const STATUS_CLASS: Record<ValidityStatus, string> = {
  现行有效: 'in-force',
  尚未生效: 'pending',
  已被修改: 'amended',
  已废止: 'repealed',
};

/**
 * The 时效性 badge. Every hit, clause page and document page shows it; a text not in force also links to the
 * same article in the version in force (or to the text that replaced it).
 */
export function validityBadge(document: Pick<PolicyDocument, 'id' | 'validity'>, opts: { clauseId?: string } = {}): SafeHtml {
  const v = validityOf(document);
  const title = v.versions > 1 ? `第 ${v.version} 版，共 ${v.versions} 版` : '';
  const badge = html`<span class="status status-${STATUS_CLASS[v.status]}"${title ? html` title="${title}"` : ''}>${v.status}</span>`;
  if (v.inForceId === null) return badge;
  const href = opts.clauseId ? urls.inForce(opts.clauseId) : urls.document(v.inForceId);
  return html`${badge} <a class="in-force-link" href="${href}">${opts.clauseId ? '查看现行版本中的本条' : '查看现行版本'}</a>`;
}
