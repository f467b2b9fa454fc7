/**
 * Query-string parsing. Node's parser silently turns invalid percent-encoding into U+FFFD; we would
 * rather say so: a query string that is not valid UTF-8 is a 400, never a garbled search or a 500.
 */
import type { NextFunction, Request, Response } from 'express';
import { badRequest } from '../../core/errors.js';

/** The raw query string of a request URL (without `?`), or ''. */
export function rawQueryString(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}

/** True when every `name=value` component decodes as UTF-8. */
export function isValidQueryEncoding(query: string): boolean {
  if (query === '') return true;
  for (const part of query.split(/[&;]/)) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Parses a query string into `{ name: value | value[] }` (repeated names become arrays, as the
 * params module expects). Only called after `rejectInvalidEncoding`, so decoding cannot fail here.
 */
export function parseQueryString(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (!query) return out;
  let pairs = 0;
  for (const part of query.split('&')) {
    if (!part) continue;
    // Bound the work a hostile query string can cause.
    if (++pairs > 1000) break;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    const name = decode(eq === -1 ? part : part.slice(0, eq));
    const value = decode(eq === -1 ? '' : part.slice(eq + 1));
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

/** Middleware: 400 for a query string with invalid percent-encoding or invalid UTF-8. */
export function rejectInvalidEncoding(req: Request, _res: Response, next: NextFunction): void {
  if (isValidQueryEncoding(rawQueryString(req.originalUrl))) next();
  else next(badRequest('查询参数不是有效的 UTF-8 编码（the query string is not valid UTF-8 percent-encoding）', 'invalid_encoding'));
}
