/**
 * HTML routes. Each one parses its params, calls its data function and renders a view; htmx requests
 * for a fragment get only the fragment. The JSON twin is advertised in a Link header.
 */
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../data/deps.js';
import { getClauseData, getDocumentData } from '../data/documents.js';
import { getDocumentListData } from '../data/document-list.js';
import { getCompareData } from '../data/compare.js';
import { getSearchData } from '../data/search.js';
import { getSite } from '../data/corpus.js';
import { getSimilarData } from '../data/similar.js';
import { adminPageRoutes } from './admin.js';
import { AppError } from '../../core/errors.js';
import { linkAlternate, sendHtml, serverTiming, wantsFragment } from '../http/negotiate.js';
import { MAX_QUERY_LENGTH, parseCompareParams, parseDocumentListPageParams, parsePinpointParams, parseSearchPageParams, parseSimilarParams } from '../params.js';
import { urls } from '../urls.js';
import { comparePage } from '../views/compare-page.js';
import { documentPage } from '../views/document-page.js';
import { DOCUMENT_RESULTS_ID, DOCUMENTS_TITLE, documentListFragment, documentsPage } from '../views/documents-page.js';
import { html } from '../views/html.js';
import { pageTitle } from '../views/layout.js';
import { resultsFragment, searchPage, searchTitle, type SearchView } from '../views/search-page.js';
import { SIMILAR_SLOT_PREFIX } from '../views/parts.js';
import { similarPage, similarPanel } from '../views/similar-panel.js';
import { compareVersionsPage } from '../views/compare-versions-page.js';
import { getVersionCompareData, inForceCounterpart } from '../data/versions.js';
import { notFound } from '../../core/errors.js';
import { isPlausibleId } from '../params.js';

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
  const { subtitle } = await getSite(deps);
  if (wantsFragment(req, RESULTS_TARGET)) {
    // The address bar shows the canonical URL (no empty form fields), built where every URL is built.
    if (view.data) res.set('HX-Push-Url', urls.search(view.data.params));
    // A root-level <title> in a fragment is taken by htmx as the new document title.
    sendHtml(res, html`<title>${pageTitle(searchTitle(view), subtitle)}</title>\n${resultsFragment(view)}`, status);
  } else {
    sendHtml(res, searchPage(view, { jsonHref: view.data ? urls.api.search({ ...view.data.params, offset: view.data.params.offset }) : undefined, subtitle }), status);
  }
}

export function pageRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/', (req, res) => searchRoute(deps, req, res));

  router.get('/c/:clauseId', async (req, res) => {
    const data = await getClauseData(deps, req.params.clauseId, parsePinpointParams(req.query));
    const jsonHref = urls.api.clause(data.clause.id, data.pinpoint);
    linkAlternate(res, jsonHref);
    sendHtml(res, documentPage(data.context, data, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  // The same article in the version in force: a stable link for hits and clause pages of superseded texts.
  router.get('/c/:clauseId/in-force', async (req, res) => {
    const id = req.params.clauseId;
    const found = isPlausibleId(id) ? await deps.engine.getClause(id) : null;
    if (!found) throw notFound(`找不到条款“${id.slice(0, 60)}”（No clause with id ${id.slice(0, 60)}）`);
    const link = await inForceCounterpart(deps, found.clause, found.document);
    const target = link === null ? urls.clause(found.clause.id) : link.clause ? urls.clause(link.clause.id) : urls.document(link.document.id);
    res.redirect(302, target);
  });

  router.get('/c/:clauseId/similar', async (req, res) => {
    const params = parseSimilarParams(req.query);
    const data = await getSimilarData(deps, req.params.clauseId, params);
    const jsonHref = urls.api.similar(data.source.id, params);
    linkAlternate(res, jsonHref);
    if (wantsFragment(req, SIMILAR_SLOT_PREFIX)) sendHtml(res, similarPanel(data, { inSlot: true }));
    else sendHtml(res, similarPage(data, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  router.get('/d', async (req, res) => {
    const params = parseDocumentListPageParams(req.query);
    const data = await getDocumentListData(deps, params);
    const jsonHref = urls.api.documents(params);
    linkAlternate(res, jsonHref);
    if (wantsFragment(req, DOCUMENT_RESULTS_ID)) {
      res.set('HX-Push-Url', urls.documents(params));
      sendHtml(res, html`<title>${pageTitle(DOCUMENTS_TITLE)}</title>\n${documentListFragment(data)}`);
    } else sendHtml(res, documentsPage(data, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  router.get('/d/:docId', async (req, res) => {
    const data = await getDocumentData(deps, req.params.docId);
    const jsonHref = urls.api.document(data.document.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, documentPage(data, null, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  if (deps.config.adminToken) router.use('/admin', adminPageRoutes(deps, deps.config.adminToken));

  router.get('/compare/versions', async (req, res) => {
    const params = parseCompareParams(req.query);
    const data = await getVersionCompareData(deps, params);
    const jsonHref = urls.api.compareVersions(data.a.document.id, data.b.document.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, compareVersionsPage(data, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  router.get('/compare', async (req, res) => {
    const params = parseCompareParams(req.query);
    const data = await getCompareData(deps, params);
    const jsonHref = urls.api.compare(data.a.clause.id, data.b.clause.id);
    linkAlternate(res, jsonHref);
    sendHtml(res, comparePage(data, { jsonHref, subtitle: (await getSite(deps)).subtitle }));
  });

  return router;
}
