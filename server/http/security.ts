/** Security headers and the API rate limit. */
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type pino from 'pino';

/**
 * helmet with a strict Content-Security-Policy: scripts and styles only from our own /static files
 * (no inline script or handler, no eval: htmx reads its settings from a meta tag), no framing.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // No upgrade-insecure-requests: intranet deployments are often plain http.
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS is for the TLS terminator to decide; sent from an intranet http app it would do harm or nothing.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
  });
}

/** Per-IP limit on /api with a JSON 429 in the app's error shape. Health checks are never limited. */
export function apiRateLimit(perMinute: number, logger: pino.Logger): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    skip: (req) => req.path === '/health',
    handler: (req, res, _next, options) => {
      const retryAfter = Math.ceil(options.windowMs / 1000);
      req.log?.warn({ limit: perMinute }, 'rate limit reached');
      res.status(options.statusCode).json({
        ok: false,
        error: {
          code: 'rate_limited',
          message: `请求过于频繁：每分钟最多 ${perMinute} 次，请稍后再试（too many requests: at most ${perMinute} per minute; retry in up to ${retryAfter} s）`,
        },
      });
    },
    // express-rate-limit reports misconfiguration (e.g. an unexpected X-Forwarded-For) through this.
    logger: {
      warn: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limiter warning'),
      error: (error: unknown, message?: string) => logger.error({ err: error }, message ?? 'rate limiter error'),
    },
  });
}
