/**
 * Admin routes, which exist only when ADMIN_TOKEN is configured: the JSON API under /api/admin (Bearer token,
 * or the page's session cookie) and the page /admin (sign-in form, then uploads, replacements, removals).
 * Both are rate-limited per IP. Uploads are held in memory up to UPLOAD_MAX_MB, checked, and only then
 * written to SEEDS_DIR; nothing here ever serves an uploaded file back.
 */
import { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import { AppError } from '../../core/errors.js';
import type { AppDeps } from '../data/deps.js';
import { adminStateJson, getAdminState, removeDocument, uploadDocuments, type Upload, type UploadResult } from '../data/admin.js';
import {
  adminRateLimit,
  clearSessionCookie,
  loginRateLimit,
  requireAdmin,
  setSessionCookie,
  tokensMatch,
} from '../http/admin-auth.js';
import { linkAlternate, sendHtml } from '../http/negotiate.js';
import { parseAdminPageParams } from '../params.js';
import { urls } from '../urls.js';
import { adminPage, loginPage } from '../views/admin-page.js';

export { tokensMatch };

/** Admin requests per minute per IP: plenty for a person, a brake on a runaway script. */
const ADMIN_PER_MINUTE = 60;
const MAX_FILES = 20;

/** Reads a multipart upload into memory; multer's errors become AppErrors that say what to fix. */
function receiveUpload(maxBytes: number): (req: Request, res: Response) => Promise<void> {
  const middleware = multer({
    storage: multer.memoryStorage(),
    // preservePath: we want to see `../x.txt` as sent, to refuse it, not a silently shortened name.
    preservePath: true,
    defParamCharset: 'utf8',
    limits: { fileSize: maxBytes, files: MAX_FILES, fields: 10, fieldSize: 1024, parts: MAX_FILES + 10 },
  }).array('file', MAX_FILES);
  const mb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;
  return (req, res) =>
    new Promise((resolve, reject) => {
      middleware(req, res, (error?: unknown) => {
        if (!error) return resolve();
        if (error instanceof multer.MulterError) {
          if (error.code === 'LIMIT_FILE_SIZE') {
            return reject(new AppError('upload_too_large', `文件超过 ${mb} MB 的上限，未保存任何文件（the file is larger than ${mb} MB; nothing was stored）`, 413));
          }
          if (error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE') {
            return reject(new AppError('too_many_files', `一次最多上传 ${MAX_FILES} 个文件，字段名须为 file（at most ${MAX_FILES} files, in the field "file"）`, 400));
          }
          return reject(new AppError('bad_upload', `上传内容有误：${error.message}（malformed upload）`, 400));
        }
        reject(new AppError('bad_upload', '上传内容有误，无法读取（malformed multipart body）', 400, { cause: error }));
      });
    });
}

function uploadsOf(req: Request): Upload[] {
  const files = (req.files ?? []) as Express.Multer.File[];
  return files.map((f) => ({ name: f.originalname, bytes: f.buffer }));
}

function fieldOf(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first.trim() !== '' ? first.trim() : undefined;
}

/** The status of an upload as a whole: 200 when any file was stored, else the first refusal's. */
const uploadStatus = (results: readonly UploadResult[]) => (results.some((r) => r.accepted) ? 200 : (results[0]?.status ?? 400));

export function adminApiRoutes(deps: AppDeps, token: string): Router {
  const router = Router();
  const receive = receiveUpload(deps.config.uploadMaxBytes);
  let running: Promise<unknown> | null = null;
  router.use(adminRateLimit(ADMIN_PER_MINUTE));
  router.use(requireAdmin(token));

  router.post('/reindex', async (req, res) => {
    const onReindex = deps.onReindex;
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

  router.get('/documents', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(adminStateJson(await getAdminState(deps)));
  });

  router.post('/documents', async (req, res) => {
    await receive(req, res);
    const replace = ['1', 'true', 'on'].includes(fieldOf(req, 'replace') ?? '');
    const results = await uploadDocuments(deps, uploadsOf(req), { replace, target: fieldOf(req, 'target') });
    const status = uploadStatus(results);
    const refused = results.find((r) => !r.accepted);
    res.status(status).json(
      status === 200
        ? { ok: true, results }
        : { ok: false, error: { code: refused?.code ?? 'refused', message: refused?.error ?? '未收录' }, results },
    );
  });

  router.delete('/documents/:file', async (req, res) => {
    res.json({ ok: true, ...(await removeDocument(deps, req.params.file)) });
  });

  return router;
}

export function adminPageRoutes(deps: AppDeps, token: string): Router {
  const router = Router();
  const receive = receiveUpload(deps.config.uploadMaxBytes);
  const maxMb = Math.round((deps.config.uploadMaxBytes / 1024 / 1024) * 10) / 10;
  const jsonHref = urls.api.adminDocuments();
  // A page asked for without a session goes to the sign-in form; a form posted without one gets the form with 401.
  const toLogin: RequestHandler = (_req, res) => res.redirect(303, urls.admin.login());
  const showLogin: RequestHandler = (_req, res) => sendHtml(res, loginPage(), 401);
  router.use(adminRateLimit(ADMIN_PER_MINUTE));
  // Nothing admin is ever cached, by the browser or a proxy.
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/login', (_req, res) => {
    sendHtml(res, loginPage());
  });

  router.post('/login', loginRateLimit(), (req, res) => {
    const given = fieldOf(req, 'token') ?? '';
    if (!tokensMatch(given, token)) {
      req.log.warn('admin sign-in with a wrong token');
      sendHtml(res, loginPage({ error: '管理令牌不正确（wrong admin token）' }), 401);
      return;
    }
    setSessionCookie(req, res, token);
    req.log.info('admin signed in');
    res.redirect(303, urls.admin.page());
  });

  router.post('/logout', (req, res) => {
    clearSessionCookie(req, res);
    res.redirect(303, urls.admin.page());
  });

  const render = async (res: Response, view: { results?: UploadResult[]; removed?: string; page?: number }, status = 200) => {
    linkAlternate(res, jsonHref);
    sendHtml(res, adminPage({ state: await getAdminState(deps), maxMb, page: 1, ...view }, { jsonHref }), status);
  };

  router.get('/', requireAdmin(token, toLogin), async (req, res) => {
    await render(res, { page: parseAdminPageParams(req.query).page });
  });

  router.post('/upload', requireAdmin(token, showLogin), async (req, res) => {
    let results: UploadResult[];
    try {
      await receive(req, res);
      const replace = ['1', 'true', 'on'].includes(fieldOf(req, 'replace') ?? '');
      results = await uploadDocuments(deps, uploadsOf(req), { replace, target: fieldOf(req, 'target') });
    } catch (error) {
      // A refused upload is shown on the page with its reason, where the user can try again.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      results = [{ upload: '', file: null, accepted: false, action: null, status: error.status, code: error.code, error: error.message, document: null, warnings: [] }];
    }
    await render(res, { results }, uploadStatus(results));
  });

  router.post('/remove', requireAdmin(token, showLogin), async (req, res) => {
    const file = fieldOf(req, 'file');
    if (!file) throw new AppError('invalid_parameter', '缺少要删除的文件名（file is required）', 400);
    const removed = await removeDocument(deps, file);
    await render(res, { removed: removed.file });
  });

  return router;
}
