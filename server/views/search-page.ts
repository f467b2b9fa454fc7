/**
 * The search page: a GET form that works without JavaScript, enhanced by htmx so typing, switching
 * mode or ticking a filter swaps `#results` in place and pushes the URL.
 */
import type { SearchMode } from '../../core/engine/types.js';
import type { SearchData } from '../data/search.js';
import { urls } from '../urls.js';
import { MODE_HINTS, MODE_LABELS, MODES, formatCoverage } from './format.js';
import { html, raw, type SafeHtml } from './html.js';
import { layout, type PageOptions } from './layout.js';
import { errorState, resultList, type SearchError } from './result-list.js';

/** What the form shows: the validated params, or on a 400 whatever the user typed. */
export interface SearchFormState {
  q: string;
  mode: SearchMode;
}

export interface SearchView {
  form: SearchFormState;
  data: SearchData | null;
  error: SearchError | null;
}

/** The document title for a search (also sent with htmx fragments so history entries read well). */
export function searchTitle(view: SearchView): string {
  return view.form.q ? `“${view.form.q}”的检索结果` : '';
}

/** The inside of `#results`: the results, or the error state. */
export function resultsFragment(view: SearchView): SafeHtml {
  if (view.error || !view.data) return errorState(view.error ?? { status: 500, code: 'internal_error', message: '未知错误' });
  return resultList(view.data);
}

function modeSwitch(current: SearchMode): SafeHtml {
  return html`<fieldset class="modes">
<legend class="sr-only">检索方式</legend>
${MODES.map(
  (mode) => html`<label class="mode" title="${MODE_HINTS[mode]}"><input type="radio" name="mode" value="${mode}"${mode === current ? html` checked` : ''}><span>${MODE_LABELS[mode]}</span></label>`,
)}
</fieldset>`;
}

/** While vectors are being computed: how far along, and how long it will still take. */
function coverageLine(view: SearchView): SafeHtml {
  const coverage = view.data?.coverage;
  if (!coverage || coverage.complete) return html``;
  return html`<p class="coverage" role="status">${formatCoverage(coverage)}</p>`;
}

export function searchPage(view: SearchView, opts: PageOptions = {}): SafeHtml {
  const home = urls.home();
  const body = html`<form id="search-form" class="search" action="${home}" method="get" role="search"
  hx-get="${home}" hx-trigger="submit, change" hx-target="#results" hx-push-url="true" hx-sync="this:replace" hx-indicator="#results">
<div class="searchbar">
  <label for="q" class="sr-only">检索词</label>
  <input id="q" type="search" name="q" value="${view.form.q}" maxlength="200" autocomplete="off"${view.form.q ? '' : raw(' data-autofocus')}
    placeholder="输入政策提法，如：知识产权质押、人才住房、产业用地"
    hx-get="${home}" hx-include="closest form" hx-trigger="input changed delay:250ms, search" hx-sync="closest form:queue last">
  <button type="submit" class="primary">检索</button>
</div>
${modeSwitch(view.form.mode)}
${coverageLine(view)}
<div id="results">
${resultsFragment(view)}
</div>
</form>`;
  return layout({ title: searchTitle(view), body, jsonHref: opts.jsonHref, subtitle: opts.subtitle, pageClass: 'page-search' });
}
