/**
 * One error shape for the app. JSON paths get `{ ok: false, error: { code, message } }`; pages get a
 * readable Chinese page (or, for an htmx request, just the error fragment). Never a stack trace.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../../core/errors.js';
import { errorState } from '../views/result-list.js';
import { errorFragment, errorPage } from '../views/error-page.js';
import { isApiRequest, sendHtml, wantsFragment } from './negotiate.js';

export interface ErrorInfo {
  status: number;
  code: string;
  message: string;
}

/** Status and code for errors raised by Express itself and its body parser. */
function frameworkError(error: { status?: unknown; statusCode?: unknown; type?: unknown }): ErrorInfo | null {
  const status = Number(error.status ?? error.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return null;
  if (error.type === 'entity.too.large') {
    return { status: 413, code: 'payload_too_large', message: '请求体过大（request body too large）' };
  }
  if (error.type === 'entity.parse.failed') {
    return { status: 400, code: 'invalid_json', message: '请求体不是有效的 JSON（request body is not valid JSON）' };
  }
  if (error instanceof URIError || /decode/i.test(String((error as Error).message))) {
    return { status: 400, code: 'invalid_encoding', message: '网址中含有无效的编码（the URL contains invalid percent-encoding）' };
  }
  return { status, code: 'bad_request', message: '请求有误（bad request）' };
}

/** Maps any thrown value to what the user is told. Unknown errors become a plain 500. */
export function describeError(error: unknown): ErrorInfo {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  if (error && typeof error === 'object') {
    const known = frameworkError(error as Record<string, unknown>);
    if (known) return known;
  }
  return { status: 500, code: 'internal_error', message: '服务器内部错误，请稍后重试（internal server error）' };
}

/** `subtitle` names the corpus in the page header as every other page does, without asking the engine. */
export function errorHandler(opts: { subtitle?: () => string } = {}): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const info = describeError(error);
    // Expected client errors are routine; anything else is logged with its cause and stack (never sent).
    if (info.status >= 500) req.log?.error({ err: error, code: info.code }, 'request failed');
    else req.log?.debug({ code: info.code, message: info.message }, 'request rejected');

    if (info.status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (isApiRequest(req)) {
      res.status(info.status).json({ ok: false, error: { code: info.code, message: info.message } });
      return;
    }
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    if (wantsFragment(req, 'results')) sendHtml(res, errorState(info), info.status);
    else if (req.get('HX-Request') === 'true' && req.get('HX-Target')) sendHtml(res, errorFragment({ ...info, requestId }), info.status);
    else sendHtml(res, errorPage({ ...info, requestId }, { subtitle: opts.subtitle?.() }), info.status);
  };
}

/** The 404 for any path no route matched. */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    next(new AppError('not_found', `没有这个地址：${req.path.slice(0, 100)}（no such path）`, 404));
  };
}
