/**
 * The socket is open before the app exists: `server/index.ts` listens first and builds the app while the
 * model and jieba load (≈ 2 s on 2 cores, most of it nodejieba reading its dictionaries). Meanwhile a request
 * waits at this gate and is handed to the app once it is built, so a user who opens the page during start-up
 * gets it a moment later instead of "connection refused"; `/api/health` answers at once with a 503 saying
 * the server is starting, so a health check never hangs.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** Shown by `/api/health`, and to requests that cannot wait, while the server starts. */
export const STARTING_MESSAGE = '服务正在启动，请稍候（the server is starting）';

/** Requests held beyond this many are answered 503 at once: a burst during start-up must not pile up. */
const MAX_WAITING = 500;

export interface StartupGate {
  /** The server's request listener: the app once open, the gate before. */
  handle: RequestListener;
  /** Hands every waiting request, and every later one, to `app`. */
  open(app: RequestListener): void;
  /** Start-up failed: waiting requests get a 503 (the process is about to exit). */
  fail(): void;
}

function unavailable(req: IncomingMessage, res: ServerResponse): void {
  const body = JSON.stringify({ ok: false, error: { code: 'starting', message: STARTING_MESSAGE } });
  res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '2', 'Cache-Control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

const isHealth = (url: string | undefined) => url === '/api/health' || url?.startsWith('/api/health?') === true;

export function createStartupGate(): StartupGate {
  let app: RequestListener | null = null;
  let failed = false;
  let waiting: Array<[IncomingMessage, ServerResponse]> = [];
  return {
    handle(req, res) {
      if (app) return void app(req, res);
      if (failed || isHealth(req.url) || waiting.length >= MAX_WAITING) return unavailable(req, res);
      waiting.push([req, res]);
      // A client that gives up while it waits is simply dropped from the queue.
      res.once('close', () => (waiting = waiting.filter(([, r]) => r !== res)));
    },
    open(listener) {
      app = listener;
      for (const [req, res] of waiting.splice(0)) if (!res.destroyed) listener(req, res);
    },
    fail() {
      failed = true;
      for (const [req, res] of waiting.splice(0)) if (!res.destroyed) unavailable(req, res);
    },
  };
}
