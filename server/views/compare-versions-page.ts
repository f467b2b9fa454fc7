/**
 * Two versions of one work, article by article: older left, newer right, each pair marked 未变 / 修改 /
 * 新增 / 删除, changed pairs with the character diff of clause compare, the summary line on top.
 */
import type { PolicyDocument } from '../../core/types.js';
import type { VersionCompareData, VersionPairView } from '../data/versions.js';
import { urls } from '../urls.js';
import { validityOf } from '../../core/versions/validity.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { diffSide } from './compare-page.js';
import { showsNumberSeparately, validityBadge } from './parts.js';

const KIND_LABEL: Record<VersionPairView['kind'], string> = { unchanged: '未变', changed: '修改', added: '新增', deleted: '删除' };

function versionHead(label: string, doc: PolicyDocument): SafeHtml {
  return html`<div class="version-head">
<span class="side-label">${label}</span>
<a class="side-title" href="${urls.document(doc.id)}">${doc.title}</a>
<span class="muted">${formatDate(doc.date) || '日期不详'} · 第 ${validityOf(doc).version} 版</span>
${validityBadge({ id: doc.id, validity: { ...validityOf(doc), inForceId: null } })}
</div>`;
}

function cell(pair: VersionPairView, which: 'a' | 'b'): SafeHtml {
  const clause = which === 'a' ? pair.a : pair.b;
  if (clause === null) return html`<td class="empty"><span class="muted">${which === 'a' ? '（原无此条）' : '（已删除）'}</span></td>`;
  const text = pair.diff ? diffSide(pair.diff, which) : clause.text;
  // The article's text begins with its number (第六十三条 …): the number is the link, the rest follows it.
  const label = clause.number && !showsNumberSeparately(clause) ? clause.number : null;
  const body = label && !pair.diff ? clause.text.slice(clause.text.indexOf(label) + label.length).trimStart() : text;
  return html`<td><p class="clause-text diff-text">${label && !pair.diff ? html`<a class="article-number" href="${urls.clause(clause.id)}">${label}</a> ` : html`<a class="article-number" href="${urls.clause(clause.id)}" title="本条永久链接">¶</a> `}${body}</p></td>`;
}

function row(pair: VersionPairView): SafeHtml {
  const moved =
    pair.renumbered && pair.a && pair.b
      ? html` <span class="renumbered" title="${pair.moved ? '条文位置移动' : '条文序号变化'}">${pair.a.number} → ${pair.b.number}${pair.moved ? '（移动）' : ''}</span>`
      : '';
  return html`<tr class="pair pair-${pair.kind}">
<th scope="row"><span class="kind kind-${pair.kind}">${KIND_LABEL[pair.kind]}</span>${moved}</th>
${cell(pair, 'a')}
${cell(pair, 'b')}
</tr>`;
}

/** Shortest run of unchanged articles folded into one row, so the changes are what one reads. */
const FOLD_RUN = 3;

/** Rows: changes one by one, runs of unchanged articles folded under one line that opens them. */
function rows(pairs: readonly VersionPairView[]): SafeHtml[] {
  const out: SafeHtml[] = [];
  for (let k = 0; k < pairs.length; ) {
    let end = k;
    while (end < pairs.length && pairs[end]?.kind === 'unchanged') end++;
    if (end - k >= FOLD_RUN) {
      const run = pairs.slice(k, end);
      const first = run[0] as VersionPairView;
      const last = run[run.length - 1] as VersionPairView;
      const span = (c: 'a' | 'b') => `${first[c]?.number ?? ''}—${last[c]?.number ?? ''}`;
      const moved = run.some((p) => p.renumbered) ? ` → ${span('b')}` : '';
      out.push(html`<tr class="unchanged-run"><td colspan="3"><details><summary>${span('a')}${moved} 未变（${run.length} 条）</summary>
<table class="version-table"><tbody>${run.map(row)}</tbody></table></details></td></tr>`);
      k = end;
    } else {
      out.push(row(pairs[k] as VersionPairView));
      k++;
    }
  }
  return out;
}

export function compareVersionsPage(data: VersionCompareData, opts: PageOptions = {}): SafeHtml {
  const { a, b, summary } = data;
  const others = data.versions.filter((v) => v.id !== a.document.id && v.id !== b.document.id);
  const body = html`<article class="compare-versions">
<nav class="breadcrumb" aria-label="位置"><a href="${urls.home()}">检索</a> › <a href="${urls.document(b.document.id)}">${b.document.title}</a> › <span>版本比较</span></nav>
<header class="compare-head">
  <h1>版本比较</h1>
  <p class="version-summary" role="status"><strong>${data.summaryLine}</strong>
  <span class="muted">（未变 ${summary.unchanged} 条${summary.renumbered ? `，其中 ${summary.renumbered} 条序号变化` : ''}）</span></p>
  <div class="version-heads">${versionHead('旧', a.document)}${versionHead('新', b.document)}</div>
  ${
    others.length
      ? html`<p class="other-versions">其他版本：${others.map(
          (v) => html`<a class="chip" href="${validityOf(v).version < validityOf(b.document).version ? urls.compareVersions(v.id, b.document.id) : urls.compareVersions(b.document.id, v.id)}">${formatDate(v.date) || v.id}</a> `,
        )}</p>`
      : ''
  }
  <p class="legend muted"><del>删去的文字</del>只在左边，<ins>新增的文字</ins>只在右边。</p>
</header>
<table class="version-table">
<thead><tr><th scope="col">变化</th><th scope="col">${formatDate(a.document.date) || '旧版本'}</th><th scope="col">${formatDate(b.document.date) || '新版本'}</th></tr></thead>
<tbody>${rows(data.pairs)}</tbody>
</table>
</article>`;
  return layout({ title: `版本比较 · ${b.document.title}`, body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, headerSearch: true, pageClass: 'page-compare-versions' });
}
