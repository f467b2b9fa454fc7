/**
 * Builds the Express app from its parts. Nothing here listens, connects or exits: `server/index.ts`
 * does that, and tests drive `createApp` with supertest.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import express from 'express';
import { ROOT_DIR } from '../core/config.js';
import { lastKnownSubtitle } from './data/corpus.js';
import type { AppDeps } from './data/deps.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { parseQueryString, rejectInvalidEncoding } from './http/query-string.js';
import { apiRateLimit, securityHeaders } from './http/security.js';
import { httpLogger } from './logger.js';
import { apiRoutes } from './routes/api.js';
import { pageRoutes } from './routes/pages.js';

export type { AppDeps } from './data/deps.js';

/** Request bodies are only ever tiny admin calls. */
const BODY_LIMIT = '16kb';
const PUBLIC_DIR = path.join(ROOT_DIR, 'public');

/** htmx ships with the app (the intranet has no CDN). */
function htmxFile(): string {
  return createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', parseQueryString);
  app.set('etag', 'weak');

  app.use(httpLogger(deps.logger));
  app.use(securityHeaders());
  app.use(rejectInvalidEncoding);
  app.use('/api', apiRateLimit(deps.config.rateLimitPerMinute, deps.logger));
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ limit: BODY_LIMIT, extended: false }));

  const htmx = htmxFile();
  app.get('/static/htmx.min.js', (_req, res) => {
    res.sendFile(htmx, { maxAge: '1d' });
  });
  app.use('/static', express.static(PUBLIC_DIR, { index: false, maxAge: '1h', fallthrough: true }));

  app.use('/api', apiRoutes(deps));
  app.use(pageRoutes(deps));

  app.use(notFoundHandler());
  app.use(errorHandler({ subtitle: () => lastKnownSubtitle(deps) }));
  return app;
}
