/**
 * The admin page `/admin`: sign-in with the admin token, then upload documents, replace or remove one, and
 * the state of every source file (indexed, indexed with warnings — listed —, waiting, or refused with the
 * reason). Plain forms that work without JavaScript.
 */
import { SOURCE_EXTENSIONS } from '../../indexer/pipeline.js';
import { STATE_LABELS, type AdminState, type SourceRow, type SourceState, type UploadResult } from '../data/admin.js';
import { ACCEPTED_EXTENSIONS } from '../seeds/seeds-store.js';
import { ADMIN_PAGE_SIZE } from '../params.js';
import { urls } from '../urls.js';
import { formatCount } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export const ADMIN_TITLE = '文件管理';

const STATE_CLASS: Record<SourceState, string> = {
  indexed: 'in-force',
  'indexed-with-warnings': 'pending',
  'waiting-for-vectors': 'amended',
  refused: 'repealed',
  pending: 'amended',
};

export function loginPage(opts: { error?: string | undefined } = {}): SafeHtml {
  const body = html`<h1 class="page-title">${ADMIN_TITLE} · 登录</h1>
${opts.error ? html`<p class="error-state" role="alert">${opts.error}</p>` : ''}
<form class="admin-login" action="${urls.admin.login()}" method="post">
<label for="token">管理令牌（ADMIN_TOKEN）</label>
<input id="token" type="password" name="token" autocomplete="current-password" required>
<button type="submit" class="primary">登录</button>
</form>
<p class="muted">登录后 8 小时内有效。脚本请用 <code>Authorization: Bearer &lt;ADMIN_TOKEN&gt;</code> 调用 <code>${urls.api.adminDocuments()}</code>。</p>`;
  return layout({ title: `${ADMIN_TITLE} · 登录`, body, headerSearch: true, pageClass: 'page-admin' });
}

function uploadResults(results: readonly UploadResult[]): SafeHtml {
  return html`<section class="upload-results" aria-label="上传结果" role="status">
<h2>上传结果</h2>
<ul>${results.map((r) =>
    r.accepted
      ? html`<li class="accepted"><strong>${r.upload}</strong>：${r.action === 'replaced' ? `已替换“${r.file}”` : '已收录'}${r.document ? html`，<a href="${r.document.url}">${r.document.title}</a>（${r.document.clauses} 条）` : ''}${
          r.warnings.length ? html`<ul class="warnings">${r.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ''
        }</li>`
      : html`<li class="refused">${r.upload ? html`<strong>${r.upload}</strong>：` : ''}未收录。${r.error}</li>`,
  )}</ul>
</section>`;
}

function row(f: SourceRow, i: number): SafeHtml {
  const details =
    f.state === 'refused'
      ? html`<p class="reason">${f.error}</p>`
      : f.state === 'waiting-for-vectors'
        ? html`<p class="reason-vectors">语义向量 ${formatCount(f.embedded)} / ${formatCount(f.clauses)} 条；关键词检索已可找到本文件</p>`
        : '';
  const warnings = f.warnings.length ? html`<ul class="warnings">${f.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : '';
  return html`<tr>
<td class="doc-number">${f.file}</td>
<td class="doc-title">${f.docId && f.title ? html`<a href="${urls.document(f.docId)}">${f.title}</a>` : ''}</td>
<td class="num">${f.clauses ? formatCount(f.clauses) : ''}</td>
<td><span class="status status-${STATE_CLASS[f.state]}">${STATE_LABELS[f.state]}</span>${details}${warnings}</td>
<td class="admin-actions">
<form action="${urls.admin.upload()}" method="post" enctype="multipart/form-data">
<input type="hidden" name="target" value="${f.file}">
<label class="sr-only" for="replace-${i}">替换 ${f.file}</label>
<input id="replace-${i}" type="file" name="file" accept="${SOURCE_EXTENSIONS.join(',')}" required>
<button type="submit">替换</button>
</form>
<form action="${urls.admin.remove()}" method="post">
<input type="hidden" name="file" value="${f.file}">
<button type="submit" class="danger">删除</button>
</form>
</td>
</tr>`;
}

/** 上一页 · 第 2 / 34 页 · 下一页, as plain links (the admin page has no htmx target). */
function pager(page: number, pages: number): SafeHtml {
  if (pages <= 1) return html``;
  return html`<nav class="pagination" aria-label="翻页">
${page > 1 ? html`<a class="pg prev" rel="prev" href="${urls.admin.page(page - 1)}">上一页</a>` : html`<span class="pg prev disabled">上一页</span>`}
<span class="pg current" aria-current="page">第 ${page} / ${pages} 页</span>
${page < pages ? html`<a class="pg next" rel="next" href="${urls.admin.page(page + 1)}">下一页</a>` : html`<span class="pg next disabled">下一页</span>`}
</nav>`;
}

export interface AdminView {
  /** 1-based page of the state table (ADMIN_PAGE_SIZE files each, refused first). */
  page: number;
  state: AdminState;
  results?: readonly UploadResult[] | undefined;
  removed?: string | undefined;
  maxMb: number;
}

export function adminPage(view: AdminView, opts: { jsonHref?: string } = {}): SafeHtml {
  const { state } = view;
  const c = state.counts;
  const pages = Math.max(1, Math.ceil(state.files.length / ADMIN_PAGE_SIZE));
  const page = Math.min(view.page, pages);
  const shown = state.files.slice((page - 1) * ADMIN_PAGE_SIZE, page * ADMIN_PAGE_SIZE);
  const body = html`<h1 class="page-title">${ADMIN_TITLE}</h1>
<form class="admin-logout" action="${urls.admin.logout()}" method="post"><button type="submit">退出登录</button></form>
${view.results ? uploadResults(view.results) : ''}
${view.removed ? html`<p class="upload-results" role="status">已删除“${view.removed}”，其文件已从索引中移除。</p>` : ''}
<form class="admin-upload" action="${urls.admin.upload()}" method="post" enctype="multipart/form-data">
<h2>上传文件</h2>
<p>可上传 ${ACCEPTED_EXTENSIONS} 文件，每个不超过 ${view.maxMb} MB，一次最多 20 个。文件先经解析检查，无法收录的文件不会保存。</p>
<input type="file" name="file" multiple accept="${SOURCE_EXTENSIONS.join(',')}" required aria-label="选择文件">
<label><input type="checkbox" name="replace" value="1"> 替换同名文件</label>
<button type="submit" class="primary">上传</button>
</form>
<section aria-labelledby="files-title">
<h2 id="files-title">收录状态</h2>
<p role="status">共 ${formatCount(state.files.length)} 个文件：已索引 ${formatCount(c.indexed)} · 有提示 ${formatCount(c['indexed-with-warnings'])} · 等待语义向量 ${formatCount(c['waiting-for-vectors'])} · 等待索引 ${formatCount(c.pending)} · 未收录 ${formatCount(c.refused)}${state.syncing ? ' · 正在同步索引…' : ''}</p>
<table class="doc-table admin-table">
<thead><tr><th scope="col">文件</th><th scope="col">标题</th><th scope="col" class="num">条款数</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
<tbody>${shown.map((f, i) => row(f, i))}</tbody>
</table>
${pager(page, pages)}
</section>`;
  return layout({ title: ADMIN_TITLE, body, jsonHref: opts.jsonHref, headerSearch: true, pageClass: 'page-admin' });
}
