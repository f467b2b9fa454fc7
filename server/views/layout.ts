/** The page shell: head, header with the site name and a compact search box, footer. */
import { FALLBACK_SUBTITLE } from '../data/corpus.js';
import { urls } from '../urls.js';
import { escapeHtml, html, raw, type HtmlValue, type SafeHtml } from './html.js';

export const SITE_NAME = '条文';

/**
 * htmx settings, read by htmx from a meta tag (no inline script under our CSP):
 * swap 4xx/5xx responses too, so errors appear where the results were; no eval, no script tags in
 * swapped content; indicator styles live in app.css.
 */
const HTMX_CONFIG = {
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  historyCacheSize: 20,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
};

export interface LayoutOptions {
  /** Page title without the site name. */
  title: string;
  body: HtmlValue;
  /** The page's JSON twin, advertised in the head (and by the route in a Link header). */
  jsonHref?: string | undefined;
  /** Shows the compact search box in the header (every page but the search page). */
  headerSearch?: boolean;
  /** Prefills the header search box. */
  q?: string;
  pageClass?: string;
  /** The subtitle under the site name (configured, or a description of the corpus: server/data/corpus.ts). */
  subtitle?: string | undefined;
}

/** What every page view takes besides its data: its JSON twin and the site's subtitle. */
export interface PageOptions {
  jsonHref?: string | undefined;
  subtitle?: string | undefined;
}

export function pageTitle(title: string, subtitle: string = FALLBACK_SUBTITLE): string {
  return title ? `${title} · ${SITE_NAME}` : `${SITE_NAME} · ${subtitle}`;
}

export function layout(opts: LayoutOptions): SafeHtml {
  return html`<!doctype html>
<html lang="zh-CN" class="no-js">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pageTitle(opts.title, opts.subtitle)}</title>
<meta name="htmx-config" content="${raw(escapeHtml(JSON.stringify(HTMX_CONFIG)))}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${urls.static('app.css')}">
${opts.jsonHref ? html`<link rel="alternate" type="application/json" href="${opts.jsonHref}">` : ''}
<script src="${urls.static('htmx.min.js')}" defer></script>
<script src="${urls.static('app.js')}" defer></script>
</head>
<body class="${opts.pageClass ?? ''}">
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
  <div class="site-header-inner">
    <a class="brand" href="${urls.home()}"><span class="brand-mark" aria-hidden="true">条</span><span class="brand-text"><strong>${SITE_NAME}</strong><small>${opts.subtitle ?? FALLBACK_SUBTITLE}</small></span></a>
    <nav class="site-nav" aria-label="栏目"><a href="${urls.home()}">检索</a><a href="${urls.documents()}">文件</a></nav>
    ${
      opts.headerSearch
        ? html`<form class="header-search" action="${urls.home()}" method="get" role="search">
      <input type="search" name="q" value="${opts.q ?? ''}" maxlength="200" placeholder="检索条款，如：知识产权质押" aria-label="检索词">
      <button type="submit">检索</button>
    </form>`
        : ''
    }
  </div>
</header>
<main id="main" class="page">
${opts.body}
</main>
<footer class="site-footer">
  <p>条文按条款检索、比较与引用政策和法规原文。引用前请核对原文。</p>
  <p><a href="${urls.api.openapi()}">JSON API 说明（OpenAPI）</a>${opts.jsonHref ? html` · <a href="${opts.jsonHref}">本页 JSON</a>` : ''}</p>
</footer>
<div class="toast" role="status" aria-live="polite"></div>
</body>
</html>`;
}
