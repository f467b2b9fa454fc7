/** The readable error page (and the fragment htmx swaps in): a title in plain Chinese, the message, a way back. */
import { urls } from '../urls.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export interface ErrorView {
  status: number;
  code: string;
  message: string;
  requestId?: string | undefined;
}

export function errorTitle(status: number): string {
  if (status === 404) return '找不到这个页面';
  if (status === 400) return '请求有误';
  if (status === 429) return '请求过于频繁';
  if (status === 503) return '检索服务暂时不可用';
  if (status >= 500) return '服务器出错了';
  return '无法完成请求';
}

export function errorFragment(view: ErrorView): SafeHtml {
  return html`<section class="error-state" role="alert">
<h1>${errorTitle(view.status)}</h1>
<p>${view.message}</p>
${view.status >= 500 ? html`<p>请稍后重试；如果问题持续，请把下面的编号告诉系统管理员。</p>` : ''}
<p class="muted">错误代码 <code>${view.code}</code>${view.requestId ? html` · 请求编号 <code>${view.requestId}</code>` : ''} · HTTP ${view.status}</p>
<p><a class="act" href="${urls.home()}">返回检索首页</a></p>
</section>`;
}

export function errorPage(view: ErrorView, opts: { subtitle?: string | undefined } = {}): SafeHtml {
  return layout({ title: errorTitle(view.status), body: errorFragment(view), headerSearch: true, pageClass: 'page-error', subtitle: opts.subtitle });
}
