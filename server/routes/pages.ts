/**
 * HTML routes. Each one parses its params, calls its data function and renders a view; htmx requests
 * for a fragment get only the fragment. The JSON twin is advertised in a Link header.
 */
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../data/deps.js';
import { getClauseData, getDocumentData } from '../data/documents.js';
import { getCompareData } from '../data/compare.js';
import { getSearchData } from '../data/search.js';
import { getSimilarData } from '../data/similar.js';
import { AppError } from '../../core/errors.js';
import { linkAlternate, sendHtml, serverTiming, wantsFragment } from '../http/negotiate.js';
import { MAX_QUERY_LENGTH, parseCompareParams, parseSearchPageParams, parseSimilarParams } from '../params.js';
import { urls } from '../urls.js';
import { comparePage } from '../views/compare-page.js';
import { documentPage } from '../views/document-page.js';
import { html } from '../views/html.js';
import { pageTitle } from '../views/layout.js';
import { resultsFragment, searchPage, searchTitle, type SearchView } from '../views/search-page.js';
import { SIMILAR_SLOT_PREFIX } from '../views/parts.js';
import { similarPage, similarPanel } from '../views/similar-panel.js';

/** The results element htmx targets on the search page. */
const RESULTS_TARGET = 'results';

/** What the form shows when the params were rejected: the user's own text, bounded. */
function rawFormState(query: Request['query']): SearchView['form'] {
  const q = Array.isArray(query.q) ? query.q[0] : query.q;
  const mode = Array.isArray(query.mode) ? query.mode[0] : query.mode;
  return {
    q: typeof q === 'string' ? [...q].slice(0, MAX_QUERY_LENGTH).join('') : '',
    mode: mode === 'keyword' || mode === 'semantic' ? mode : 'hybrid',
  };
}

async function searchRoute(deps: AppDeps, req: Request, res: Response): Promise<void> {
  const started = performance.now();
  let view: SearchView;
  let status = 200;
  try {
    const params = parseSearchPageParams(req.query);
    linkAlternate(res, urls.api.search({ ...params, offset: params.offset }));
    const data = await getSearchData(deps, params);
    serverTiming(res, { embed: data.timings.embedMs, search: data.timings.searchMs, total: performance.now() - started });
    view = { form: { q: params.q, mode: params.mode }, data, error: null };
  } catch (error) {
    // Bad params and an unavailable engine are shown in the page, where the user can fix or retry.
    if (!(error instanceof AppError)) throw error;
    if (error.status >= 500) req.log.error({ err: error, code: error.code }, 'search failed');
    status = error.status;
    view = { form: rawFormState(req.query), data: null, error: { status: error.status, code: error.code, message: error.message } };
  }
  if (wantsFragment(req, RESULTS_TARGET)) {
    // The address bar shows the canonical URL (no empty form fields), built where every URL is built.
    if (view.data) res.set('HX-Push-Url', urls.search(view.data.params));
    // A root-level <title> in a fragment is taken by htmx as the new document title.
    sendHtml(res, html`<title>${pageTitle(searchTitle(view))}</title>\n${resultsFragment(view)}`, status);
  } else {
    sendHtml(res, searchPage(view, { jsonHref: view.data ? urls.api.search({ ...view.data.params, offset: view.data.params.offset }) : undefined }), status);
  }
}

export function pageRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/', (req, res) => searchRoute(deps, req, res));

  router.get('/c/:clauseId', async (req, res) => {
    const data = await getClauseData(deps, req.params.clauseId);
    const jsonHref = urls.api.clause(data.clause.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, documentPage(data.context, data, { jsonHref }));
  });

  router.get('/c/:clauseId/similar', async (req, res) => {
    const params = parseSimilarParams(req.query);
    const data = await getSimilarData(deps, req.params.clauseId, params);
    const jsonHref = urls.api.similar(data.source.id, params);
    linkAlternate(res, jsonHref);
    if (wantsFragment(req, SIMILAR_SLOT_PREFIX)) sendHtml(res, similarPanel(data));
    else sendHtml(res, similarPage(data, { jsonHref }));
  });

  router.get('/d/:docId', async (req, res) => {
    const data = await getDocumentData(deps, req.params.docId);
    const jsonHref = urls.api.document(data.document.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, documentPage(data, null, { jsonHref }));
  });

  router.get('/compare', async (req, res) => {
    const params = parseCompareParams(req.query);
    const data = await getCompareData(deps, params);
    const jsonHref = urls.api.compare(data.a.clause.id, data.b.clause.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, comparePage(data, { jsonHref }));
  });

  return router;
}
