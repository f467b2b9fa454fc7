/**
 * A dead, hanging or recovering Meilisearch, played by local servers on 127.0.0.1 (no Meilisearch needed;
 * runs in every test run). One engine instance lives through all of it, as the web server would.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { createMeiliEngine } from '../core/engine/meili/meili-engine.js';
import { readOnlyKeySpec } from '../core/engine/meili/keys.js';
import type { SearchEngine, SearchRequest } from '../core/engine/types.js';
import { EngineUnavailableError } from '../core/errors.js';
import { freePort } from './utils/free-port.js';

/** MEILI_TIMEOUT_MS for these tests: short, so a hanging server costs a fraction of a second. */
const TIMEOUT_MS = 300;
/** Scheduling slack on a busy 2-core machine; a hang without the timeout would take minutes. */
const SLACK_MS = 1500;
const MASTER_KEY = 'master-key-used-only-for-keys-0001';
const SEARCH_KEY = 'read-only-key-derived-by-meilisearch';
const PREFIX = 'faults';

const request: SearchRequest = { q: '知识产权质押', mode: 'keyword', filters: { level: ['市'] }, limit: 10, offset: 0 };

/** A TCP server whose sockets are all destroyed on close, so the port is free again right away. */
async function tcpServer(port: number, onSocket: (socket: net.Socket) => void): Promise<() => Promise<void>> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
}

/** Rejection and how long it took. */
async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}

describe('Meilisearch unreachable, slow, then back', () => {
  let port: number;
  let engine: SearchEngine;

  beforeAll(async () => {
    port = await freePort();
    engine = await createMeiliEngine(
      { kind: 'meilisearch', url: `http://127.0.0.1:${port}`, masterKey: MASTER_KEY, searchKey: undefined, indexPrefix: PREFIX, timeoutMs: TIMEOUT_MS },
      { tokenizer: createJiebaTokenizer(), role: 'search' },
    );
  });

  it('starts without Meilisearch: creating the engine contacts nobody', () => {
    expect(engine.name).toBe('meilisearch');
  });

  it('connection refused: search fails at once with 503 搜索服务暂时不可用 and the reason', async () => {
    const { error, ms } = await timed(engine.search(request));
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as EngineUnavailableError).status).toBe(503);
    expect((error as Error).message).toBe('搜索服务暂时不可用，请稍后再试（连接被拒绝，ECONNREFUSED）');
    expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
  });

  it('connection refused: health reports the engine down and does not throw', async () => {
    await expect(engine.health()).resolves.toEqual({
      ok: false,
      engine: 'meilisearch',
      message: '搜索服务暂时不可用，请稍后再试（连接被拒绝，ECONNREFUSED）',
    });
  });

  it('connections closed as soon as they open: 503, within MEILI_TIMEOUT_MS', async () => {
    const close = await tcpServer(port, (socket) => socket.destroy());
    try {
      const { error, ms } = await timed(engine.getClause('szf-2015-54.6'));
      expect(error).toBeInstanceOf(EngineUnavailableError);
      // What the client sees depends on timing (the closed socket, a reset, or its retry timing out); the
      // user sees the same sentence with that reason.
      expect((error as Error).message).toMatch(/^搜索服务暂时不可用，请稍后再试（(连接被对方关闭|连接被重置|连接已断开|等待 \d+ 毫秒仍无响应)/);
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect((await engine.health()).ok).toBe(false);
    } finally {
      await close();
    }
  });

  it('a server that accepts and never answers: search and health give up after MEILI_TIMEOUT_MS', async () => {
    const close = await tcpServer(port, () => {});
    try {
      const { error, ms } = await timed(engine.search(request));
      expect(error).toBeInstanceOf(EngineUnavailableError);
      expect((error as Error).message).toBe(`搜索服务暂时不可用，请稍后再试（等待 ${TIMEOUT_MS} 毫秒仍无响应）`);
      expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
      expect(ms).toBeLessThan(TIMEOUT_MS + SLACK_MS);

      const started = performance.now();
      const health = await engine.health();
      expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + SLACK_MS);
      expect(health).toEqual({ ok: false, engine: 'meilisearch', message: `搜索服务暂时不可用，请稍后再试（等待 ${TIMEOUT_MS} 毫秒仍无响应）` });
    } finally {
      await close();
    }
  });

  describe('Meilisearch comes back', () => {
    const seen: Array<{ path: string; auth: string | undefined }> = [];
    let server: http.Server;

    beforeAll(async () => {
      const keyUid = readOnlyKeySpec([`${PREFIX}_clauses`, `${PREFIX}_documents`]).uid;
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          const path = req.url ?? '';
          seen.push({ path, auth: req.headers.authorization });
          const json = (status: number, value: unknown) => {
            res.writeHead(status, { 'content-type': 'application/json' });
            res.end(JSON.stringify(value));
          };
          const auth = req.headers.authorization;
          if (path === '/health') return json(200, { status: 'available' });
          if (path === `/keys/${keyUid}` && auth === `Bearer ${MASTER_KEY}`) {
            return json(200, { uid: keyUid, key: SEARCH_KEY, actions: [], indexes: [], name: null, description: '' });
          }
          if (auth !== `Bearer ${SEARCH_KEY}`) {
            return json(403, { message: 'The provided API key is invalid.', code: 'invalid_api_key', type: 'auth', link: '' });
          }
          if (path === '/version') return json(200, { pkgVersion: '1.25.0', commitSha: 'x', commitDate: 'x' });
          if (path === `/indexes/${PREFIX}_clauses/stats`) return json(200, { numberOfDocuments: 31, isIndexing: false, fieldDistribution: {} });
          if (path === '/multi-search' && req.method === 'POST') {
            const { queries } = JSON.parse(body) as { queries: Array<{ indexUid: string; q: string; hitsPerPage?: number; page?: number }> };
            return json(200, {
              results: queries.map((q) => ({
                indexUid: q.indexUid,
                hits: [],
                query: q.q,
                processingTimeMs: 0,
                hitsPerPage: q.hitsPerPage,
                page: q.page,
                totalPages: 0,
                totalHits: 0,
                facetDistribution: {},
              })),
            });
          }
          return json(404, { message: `no route ${path}`, code: 'not_found', type: 'invalid_request', link: '' });
        });
      });
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('the same engine answers again, without a restart', async () => {
      await expect(engine.health()).resolves.toEqual({ ok: true, engine: 'meilisearch' });
      await expect(engine.search(request)).resolves.toEqual({
        total: 0,
        hits: [],
        facets: { year: {}, issuer: {}, level: {}, docType: {}, validity: {}, yearByLevel: {} },
      });
    });

    it('queried with the read-only key: the master key was only ever sent to ask for that key', () => {
      const withMaster = seen.filter((r) => r.auth === `Bearer ${MASTER_KEY}`).map((r) => r.path);
      expect(new Set(withMaster)).toEqual(new Set([`/keys/${readOnlyKeySpec([`${PREFIX}_clauses`, `${PREFIX}_documents`]).uid}`]));
      expect(seen.filter((r) => r.path === '/multi-search').every((r) => r.auth === `Bearer ${SEARCH_KEY}`)).toBe(true);
    });
  });
});
