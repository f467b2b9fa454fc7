/**
 * The JSON API under /api. Same data functions as the pages; the shapes are documented in openapi.ts.
 */
import { Router, type Request } from 'express';
import type { AppDeps } from '../data/deps.js';
import { getCompareData, compareJson } from '../data/compare.js';
import { clauseJson, documentJson, getClauseData, getDocumentData } from '../data/documents.js';
import { documentListJson, getDocumentListData, getDocumentRows } from '../data/document-list.js';
import { getHealthData } from '../data/health.js';
import { getExportHits, getSearchData, searchJson } from '../data/search.js';
import { getSimilarData, similarJson } from '../data/similar.js';
import { getVersionCompareData, versionCompareJson } from '../data/versions.js';
import { serverTiming } from '../http/negotiate.js';
import { buildOpenApi } from '../openapi.js';
import { parseCompareParams, parseDocumentListApiParams, parsePinpointParams, parseSearchApiParams, parseSimilarParams } from '../params.js';
import { csvFileName, searchCsv } from '../views/search-csv.js';
import { documentsCsv, documentsCsvFileName } from '../views/documents-csv.js';
import { adminApiRoutes } from './admin.js';

/** `http://host:port` for absolute links in the CSV; empty (relative links) if the Host header looks odd. */
function origin(req: Request): string {
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.\-[\]:]{1,255}$/.test(host) ? `${req.protocol}://${host}` : '';
}

export function apiRoutes(deps: AppDeps): Router {
  const router = Router();
  const openapi = buildOpenApi({ admin: Boolean(deps.config.adminToken) });

  router.get('/search', async (req, res) => {
    const started = performance.now();
    const data = await getSearchData(deps, parseSearchApiParams(req.query));
    serverTiming(res, { embed: data.timings.embedMs, search: data.timings.searchMs, total: performance.now() - started });
    res.json(searchJson(data));
  });

  router.get('/search.csv', async (req, res) => {
    const params = parseSearchApiParams(req.query);
    const hits = await getExportHits(deps, params);
    res.attachment(csvFileName(params.q, new Date()));
    res.type('text/csv; charset=utf-8').send(searchCsv(hits, origin(req)));
  });

  router.get('/clauses/:id', async (req, res) => {
    res.json(clauseJson(await getClauseData(deps, req.params.id, parsePinpointParams(req.query))));
  });

  router.get('/clauses/:id/similar', async (req, res) => {
    res.json(similarJson(await getSimilarData(deps, req.params.id, parseSimilarParams(req.query))));
  });

  router.get('/documents', async (req, res) => {
    res.json(documentListJson(await getDocumentListData(deps, parseDocumentListApiParams(req.query))));
  });

  router.get('/documents.csv', async (req, res) => {
    const rows = await getDocumentRows(deps, parseDocumentListApiParams(req.query));
    res.attachment(documentsCsvFileName(new Date()));
    res.type('text/csv; charset=utf-8').send(documentsCsv(rows, origin(req)));
  });

  router.get('/documents/:id', async (req, res) => {
    res.json(documentJson(await getDocumentData(deps, req.params.id)));
  });

  router.get('/compare/versions', async (req, res) => {
    res.json(versionCompareJson(await getVersionCompareData(deps, parseCompareParams(req.query))));
  });

  router.get('/compare', async (req, res) => {
    res.json(compareJson(await getCompareData(deps, parseCompareParams(req.query))));
  });

  router.get('/health', async (_req, res) => {
    const health = await getHealthData(deps);
    res.status(health.ok ? 200 : 503).set('Cache-Control', 'no-store').json(health);
  });

  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  if (deps.config.adminToken) router.use('/admin', adminApiRoutes(deps, deps.config.adminToken));

  return router;
}
