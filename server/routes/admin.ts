/**
 * Admin endpoints. They exist only when ADMIN_TOKEN is configured and every call must carry it as a
 * Bearer token, compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { AppError } from '../../core/errors.js';

/** Constant-time equality of two secrets (hashing first makes the lengths equal). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function requireToken(token: string): RequestHandler {
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = header.match(/^Bearer\s+(\S+)\s*$/i);
    if (match && tokensMatch(match[1] as string, token)) next();
    else next(new AppError('unauthorized', '需要有效的管理令牌：Authorization: Bearer <ADMIN_TOKEN>（a valid admin bearer token is required）', 401));
  };
}

export function adminRoutes(token: string, onReindex: (() => Promise<unknown>) | undefined): Router {
  const router = Router();
  let running: Promise<unknown> | null = null;
  router.use(requireToken(token));

  router.post('/reindex', async (req, res) => {
    if (!onReindex) throw new AppError('not_implemented', '本服务不支持在线重建索引；请运行 `npm run index`（reindex is not available in this process）', 501);
    if (running) throw new AppError('reindex_running', '索引正在重建，请等待完成（a reindex is already running）', 409);
    const started = performance.now();
    running = onReindex();
    try {
      const result = await running.catch((error: unknown) => {
        if (error instanceof AppError) throw error;
        throw new AppError('reindex_failed', `重建索引失败，原索引继续服务（reindex failed; the previous index keeps serving）`, 500, { cause: error });
      });
      req.log.info({ ms: Math.round(performance.now() - started) }, 'reindex finished');
      res.json({ ok: true, result: result ?? null, durationMs: Math.round(performance.now() - started) });
    } finally {
      running = null;
    }
  });
  return router;
}
