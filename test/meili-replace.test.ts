/**
 * Rebuilding the Meilisearch index without downtime, against a fake Meilisearch on 127.0.0.1 that keeps
 * indexes and tasks the way the real one reports them (the real one runs in CI's contract suite).
 * What matters: settings before documents, every task waited for, a failed task an error, one atomic
 * swap, and a failure that leaves the live index as it was.
 */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import type { IndexedDocument } from '../core/types.js';
import { createMeiliEngine, isSupportedVersion } from '../core/engine/meili/meili-engine.js';
import { EngineRequestError } from '../core/errors.js';
import { indexFixture } from './utils/fixture-corpus.js';
import { createHashEmbedder } from './utils/hash-embedder.js';

const MASTER_KEY = 'fake-master-key-for-the-tests';
const PREFIX = 'rebuild';
const tokenizer = createJiebaTokenizer();

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** The parts of Meilisearch that index management uses. */
function fakeMeilisearch() {
  const state = {
    version: '1.25.0',
    indexes: new Set<string>(),
    /** Document additions to an index whose name matches fail like a wrong-sized vector does. */
    failDocumentsFor: null as RegExp | null,
    calls: [] as Call[],
  };
  const tasks = new Map<number, Record<string, unknown>>();
  const task = (indexUid: string | null, type: string, error: { code: string; message: string } | null) => {
    const uid = tasks.size + 1;
    const status = error ? 'failed' : 'succeeded';
    tasks.set(uid, { uid, batchUid: uid, indexUid, status, type, canceledBy: null, details: {}, error: error && { ...error, type: 'invalid_request', link: '' }, duration: 'PT0S', enqueuedAt: '', startedAt: '', finishedAt: '' });
    return { taskUid: uid, indexUid, status: 'enqueued', type, enqueuedAt: new Date().toISOString() };
  };
  const noIndex = (uid: string) => ({ code: 'index_not_found', message: `Index \`${uid}\` not found.` });

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = raw ? JSON.parse(raw) : undefined;
      state.calls.push({ method: req.method ?? '', path: url.pathname, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${MASTER_KEY}`) return send(403, { message: 'invalid key', code: 'invalid_api_key', type: 'auth', link: '' });
      const [, first, uid, sub] = url.pathname.split('/');
      if (req.method === 'GET' && first === 'version') return send(200, { pkgVersion: state.version, commitSha: '', commitDate: '' });
      if (req.method === 'GET' && first === 'tasks' && uid) return send(200, tasks.get(Number(uid)));
      if (first === 'swap-indexes' && req.method === 'POST') {
        const missing = (body as Array<{ indexes: string[] }>).flatMap((s) => s.indexes).find((i) => !state.indexes.has(i));
        return send(202, task(null, 'indexSwap', missing ? noIndex(missing) : null));
      }
      if (first !== 'indexes') return send(404, { message: 'no route', code: 'not_found', type: 'invalid_request', link: '' });
      if (!uid && req.method === 'GET') {
        const results = [...state.indexes].map((i) => ({ uid: i, primaryKey: 'id', createdAt: '', updatedAt: '' }));
        return send(200, { results, offset: 0, limit: 1000, total: results.length });
      }
      if (!uid && req.method === 'POST') {
        const { uid: created } = body as { uid: string };
        const exists = state.indexes.has(created);
        state.indexes.add(created);
        return send(202, task(created, 'indexCreation', exists ? { code: 'index_already_exists', message: 'exists' } : null));
      }
      const index = uid as string;
      if (!sub && req.method === 'GET') {
        return state.indexes.has(index) ? send(200, { uid: index, primaryKey: 'id', createdAt: '', updatedAt: '' }) : send(404, { ...noIndex(index), type: 'invalid_request', link: '' });
      }
      if (!sub && req.method === 'DELETE') {
        const existed = state.indexes.delete(index);
        return send(202, task(index, 'indexDeletion', existed ? null : noIndex(index)));
      }
      if (sub === 'settings' && req.method === 'PATCH') return send(202, task(index, 'settingsUpdate', state.indexes.has(index) ? null : noIndex(index)));
      if (sub === 'documents' && req.method === 'POST') {
        const failing = state.failDocumentsFor?.test(index);
        const error = !state.indexes.has(index) ? noIndex(index) : failing ? { code: 'invalid_vector_dimensions', message: 'Expected 512 dimensions, got 3.' } : null;
        return send(202, task(index, 'documentAdditionOrUpdate', error));
      }
      return send(404, { message: `no route ${req.method} ${url.pathname}`, code: 'not_found', type: 'invalid_request', link: '' });
    });
  });
  return { state, server };
}

describe('replaceAll on Meilisearch', () => {
  const fake = fakeMeilisearch();
  let url: string;
  let corpus: IndexedDocument[];

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(fake.server.address() as net.AddressInfo).port}`;
    corpus = await indexFixture({ tokenizer, embedder: createHashEmbedder() });
  });
  afterAll(async () => {
    fake.server.closeAllConnections();
    await new Promise((resolve) => fake.server.close(resolve));
  });
  beforeEach(() => {
    fake.state.calls.length = 0;
    fake.state.failDocumentsFor = null;
    fake.state.version = '1.25.0';
  });

  const engine = (role: 'admin' | 'search' = 'admin') =>
    createMeiliEngine(
      { kind: 'meilisearch', url, masterKey: MASTER_KEY, searchKey: role === 'search' ? 'read-only' : undefined, indexPrefix: PREFIX, timeoutMs: 2000 },
      { tokenizer, role },
    );
  const writes = () => fake.state.calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.path}`);

  it('builds fresh indexes (settings first, then documents), swaps them in with one task, drops the old ones', async () => {
    await (await engine()).replaceAll(corpus, { fingerprint: 'fixture-v1' });

    const fresh = (fake.state.calls.find((c) => c.method === 'POST' && c.path === '/indexes')?.body as { uid: string }).uid;
    expect(fresh).toMatch(/^rebuild_clauses_\d+$/);
    const stamp = fresh.slice('rebuild_clauses_'.length);
    const freshDocs = `rebuild_documents_${stamp}`;
    expect(writes()).toEqual([
      'POST /indexes',
      'POST /indexes',
      `PATCH /indexes/${fresh}/settings`,
      `PATCH /indexes/${freshDocs}/settings`,
      `POST /indexes/${fresh}/documents`,
      `POST /indexes/${freshDocs}/documents`,
      // First run: the live names are created (with settings) so there is something to swap with.
      'POST /indexes',
      'PATCH /indexes/rebuild_clauses/settings',
      'POST /indexes',
      'PATCH /indexes/rebuild_documents/settings',
      'POST /swap-indexes',
      `DELETE /indexes/${fresh}`,
      `DELETE /indexes/${freshDocs}`,
    ]);
    const swap = fake.state.calls.find((c) => c.path === '/swap-indexes')?.body;
    expect(swap).toEqual([
      { indexes: ['rebuild_clauses', fresh], rename: false },
      { indexes: ['rebuild_documents', freshDocs], rename: false },
    ]);
    expect([...fake.state.indexes].sort()).toEqual(['rebuild_clauses', 'rebuild_documents']);

    const clauseBatch = fake.state.calls.find((c) => c.path === `/indexes/${fresh}/documents`)?.body as Array<Record<string, unknown>>;
    expect(clauseBatch).toHaveLength(31);
    expect(clauseBatch[0]).toMatchObject({ id: 'szfb-2010-98__0', clauseId: 'szfb-2010-98.0', yearLevel: '2010|市' });
    expect((clauseBatch[0]?._vectors as { default: number[] }).default).toHaveLength(512);
    const docBatch = fake.state.calls.find((c) => c.path === `/indexes/${freshDocs}/documents`)?.body as Array<Record<string, unknown>>;
    expect(docBatch.map((d) => d.id)).toEqual(['szfb-2010-98', 'ffb-2013-20', 'szf-2015-54', 'szf-2018-84', '_meta']);
    expect(docBatch.at(-1)).toMatchObject({ recordType: 'meta', fingerprint: 'fixture-v1', documents: 4, clauses: 31 });
    const settings = fake.state.calls.find((c) => c.path === `/indexes/${fresh}/settings`)?.body as Record<string, unknown>;
    expect(settings.embedders).toEqual({ default: { source: 'userProvided', dimensions: 512 } });
    expect(settings.dictionary).toContain('知识产权质押');
  });

  it('a failed task stops the rebuild: the error keeps Meilisearch’s reason, the live index is not swapped', async () => {
    fake.state.failDocumentsFor = /^rebuild_clauses_\d+$/;
    const error = await (await engine()).replaceAll(corpus, { fingerprint: 'broken' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineRequestError);
    if (!(error instanceof EngineRequestError)) return;
    expect(error.message).toMatch(/^Meilisearch 任务失败（写入文档（任务 \d+））：invalid_vector_dimensions：Expected 512 dimensions, got 3\.$/);
    expect(error.cause).toMatchObject({ code: 'invalid_vector_dimensions', message: 'Expected 512 dimensions, got 3.' });
    expect(writes()).not.toContain('POST /swap-indexes');
    // The half-built indexes are gone; the live ones from the previous test are still there.
    expect([...fake.state.indexes].sort()).toEqual(['rebuild_clauses', 'rebuild_documents']);
  });

  it('clears away the temporary indexes a killed indexer left behind', async () => {
    fake.state.indexes.add('rebuild_clauses_1700000000000');
    fake.state.indexes.add('rebuild_documents_1700000000000');
    fake.state.indexes.add('other_clauses_1700000000000');
    await (await engine()).replaceAll(corpus, { fingerprint: 'fixture-v2' });
    expect(writes().slice(0, 2)).toEqual(['DELETE /indexes/rebuild_clauses_1700000000000', 'DELETE /indexes/rebuild_documents_1700000000000']);
    expect([...fake.state.indexes].sort()).toEqual(['other_clauses_1700000000000', 'rebuild_clauses', 'rebuild_documents']);
  });

  it('refuses a Meilisearch older than v1.25 before touching anything', async () => {
    fake.state.version = '1.24.0';
    await expect((await engine()).replaceAll(corpus, { fingerprint: 'x' })).rejects.toThrow(
      'Meilisearch v1.24.0 版本过旧：条文需要 v1.25 或更新版本（中文分词修正）',
    );
    expect(writes()).toEqual([]);
  });

  it('the web server’s engine cannot write', async () => {
    await expect((await engine('search')).replaceAll(corpus, { fingerprint: 'x' })).rejects.toThrow('only the indexer (role "admin") may do that');
    await expect((await engine('search')).remove('szf-2015-54')).rejects.toThrow('only the indexer');
    expect(fake.state.calls).toEqual([]);
  });
});

describe('supported Meilisearch versions', () => {
  it.each([
    ['1.25.0', true],
    ['1.29.1', true],
    ['2.0.0', true],
    ['1.24.3', false],
    ['1.9.0', false],
    ['0.30.0', false],
  ])('%s → %s', (version, supported) => {
    expect(isSupportedVersion(version)).toBe(supported);
  });
});
