/**
 * Structured logs: one pino logger for the process, and per-request logs with an id and a timing.
 * At info level a request line carries method, path, status and duration — no query text beyond the
 * URL, no document text, no headers (so never an Authorization token or a Meilisearch key).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { Config } from '../core/config.js';

/** Paths of the secrets a log object might carry by mistake; pino replaces them. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'masterKey',
  'searchKey',
  'adminKey',
  'apiKey',
  'adminToken',
  '*.masterKey',
  '*.searchKey',
  '*.apiKey',
  '*.adminToken',
];

/** The process logger, at the configured level. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    base: { app: 'tiaowen' },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A request id from a trusted-looking `X-Request-Id` header (so ids follow a request through a proxy), else new. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** pino-http middleware: `req.log` for handlers, one line per response with `responseTime` in ms. */
export function httpLogger(logger: pino.Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: requestId,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: (req, res, ms) => `${req.method} ${res.statusCode} ${Math.round(ms)}ms`,
    customErrorMessage: (req, res) => `${req.method} ${res.statusCode} failed`,
    serializers: {
      // Only what an operator needs; headers stay out of the log.
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.length > 300 ? `${req.url.slice(0, 300)}…` : req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
