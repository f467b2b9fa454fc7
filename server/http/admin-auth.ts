/**
 * Who may use the admin page and API. Scripts send `Authorization: Bearer <ADMIN_TOKEN>`; a browser signs in
 * once with the token and then carries a session cookie: HttpOnly (no script reads it), SameSite=Strict (no
 * other site's page sends it), valid for SESSION_HOURS. The cookie is an HMAC of its issue time keyed by the
 * token, so nothing is stored server-side and changing ADMIN_TOKEN ends every session. A state-changing
 * request carried by the cookie must also come from our own origin (Origin or Referer header), a second
 * CSRF defence behind SameSite.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { AppError } from '../../core/errors.js';

export const SESSION_COOKIE = 'tiaowen_admin';
const SESSION_HOURS = 8;
const SESSION_MS = SESSION_HOURS * 3600_000;

/** Constant-time equality of two secrets (hashing first makes the lengths equal). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const sign = (token: string, issuedAt: number) => createHmac('sha256', token).update(`tiaowen-admin-session:${issuedAt}`).digest('base64url');

/** A session cookie value issued now: `<issued ms>.<hmac>`. */
export function issueSession(token: string, now = Date.now()): string {
  return `${now}.${sign(token, now)}`;
}

/** True for a session value issued with this token within the last SESSION_HOURS. */
export function validSession(value: string, token: string, now = Date.now()): boolean {
  const m = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value);
  if (!m) return false;
  const issuedAt = Number(m[1]);
  if (issuedAt > now + 60_000 || now - issuedAt > SESSION_MS) return false;
  return tokensMatch(m[2] as string, sign(token, issuedAt));
}

/** One cookie's value from the Cookie header (no cookie parser needed for the one cookie we set). */
export function readCookie(req: Request, name: string): string | null {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, issueSession(token), { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', maxAge: SESSION_MS });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** How the request proved it is the admin, or null. */
export function adminCredential(req: Request, token: string): 'bearer' | 'session' | null {
  const bearer = (req.get('authorization') ?? '').match(/^Bearer\s+(\S+)\s*$/i);
  if (bearer && tokensMatch(bearer[1] as string, token)) return 'bearer';
  const session = readCookie(req, SESSION_COOKIE);
  return session !== null && validSession(session, token) ? 'session' : null;
}

/** True when Origin (or, without it, Referer) names this server. */
export function sameOrigin(req: Request): boolean {
  const own = `${req.protocol}://${req.get('host') ?? ''}`;
  const origin = req.get('origin');
  if (origin !== undefined) return origin === own;
  const referer = req.get('referer');
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin === own;
  } catch {
    return false;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Lets the admin through: a Bearer token, or a session cookie (then an unsafe method must come from our
 * origin). `onMissing` decides what an unauthenticated request gets (the API: 401; a page: the login form).
 */
export function requireAdmin(token: string, onMissing?: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const credential = adminCredential(req, token);
    if (credential === 'session' && UNSAFE.has(req.method) && !sameOrigin(req)) {
      next(new AppError('cross_origin', '拒绝跨站请求：管理操作只能从本站页面提交（cross-origin admin request refused）', 403));
      return;
    }
    if (credential) next();
    else if (onMissing) onMissing(req, res, next);
    else next(new AppError('unauthorized', '需要有效的管理令牌：Authorization: Bearer <ADMIN_TOKEN>，或在 /admin 登录（a valid admin token is required）', 401));
  };
}

/** The admin routes' own limit per IP, far below the API's: they write files and rebuild the index. */
export function adminRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', `管理操作过于频繁：每分钟最多 ${perMinute} 次（too many admin requests）`, 429)),
  });
}

/** Wrong tokens per IP before sign-in is refused for a quarter of an hour (a token cannot be guessed by trying). */
export function loginRateLimit(failures = 10): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: failures,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('rate_limited', '登录失败次数过多，请 15 分钟后再试（too many failed sign-ins; retry in 15 minutes）', 429)),
  });
}
