/**
 * The Meilisearch adapter: the one place the app talks to Meilisearch. Requires Meilisearch ≥ v1.25
 * (its Chinese segmentation fixes; also `swap-indexes` with `rename`, granular filterable attributes).
 *
 * Two live indexes, `<prefix>_clauses` and `<prefix>_documents`. `replaceAll` builds fresh ones next to
 * them and swaps both in one task, so readers see the old index or the new one, never half of one.
 * Every request has a timeout; an unreachable or slow server becomes EngineUnavailableError (503) and the
 * next request simply tries again, so the app recovers by itself when Meilisearch comes back.
 */
import {
  Meilisearch,
  type EnqueuedTaskPromise,
  type Hit,
  type MultiSearchParams,
  type RecordAny,
  type Settings,
  type Task,
} from 'meilisearch';
import type { Logger } from 'pino';
import { readPolicyTerms } from '../../tokenizer/jieba-tokenizer.js';
import type { IndexedDocument, PolicyDocument, Tokenizer } from '../../types.js';
import type { Config } from '../../config.js';
import { EngineRequestError, EngineUnavailableError } from '../../errors.js';
import { compareDocuments } from '../result-sets.js';
import { type DocumentValidity, validityOf } from '../../versions/validity.js';
import type {
  ClauseVector,
  EngineHealth,
  EngineStats,
  PendingClause,
  SearchEngine,
  SearchRequest,
  SearchResult,
  SimilarOptions,
  SimilarResult,
  StoredClause,
  StoredSource,
  VectorCoverage,
} from '../types.js';
import {
  type ClauseRecord,
  type DocumentRecord,
  EMBEDDER,
  META_ID,
  type MetaRecord,
  clauseFromRecord,
  cosine,
  documentFromRecord,
  encodeMeiliId,
  retrievedVector,
  toRecords,
  vectorToJson,
} from './documents.js';
import { engineCall, errorBody, isBrokenConnection, meiliErrorCode, toEngineError } from './errors.js';
import { andAll, filterExpression, quoteFilterValue } from './filters.js';
import { toSearchHit } from './hits.js';
import { findOrCreateReadOnlyKey } from './keys.js';
import { PAGE_FIELDS, assembleSearch, planHybridPage, planSearch } from './search-plan.js';
import { clauseIndexSettings, documentIndexSettings } from './settings.js';

export type MeiliConfig = Extract<Config['engine'], { kind: 'meilisearch' }>;

export interface MeiliEngineDeps {
  /** Part of every engine's dependencies; clause tokens arrive already computed, so this adapter does not use it. */
  tokenizer: Tokenizer;
  /** `search`: the web server, read-only key. `admin`: the indexer, master key. */
  role: 'search' | 'admin';
  log?: Logger;
}

/** Oldest Meilisearch this adapter supports. */
export const MIN_MEILI_VERSION: readonly [number, number] = [1, 25];

/**
 * Records per add request. A clause record is ~13 kB for a 300-character clause (vector ~6 kB, encoded
 * characters ~7 kB), so ~3 MB per request: well inside MEILI_TIMEOUT_MS and Meilisearch's payload limit.
 */
const BATCH_SIZE = 250;

/** Page size when reading documents back. */
const READ_PAGE = 1000;

/** How long to wait for one task (indexing a large corpus takes minutes); polling requests still time out on their own. */
const TASK_WAIT_MS = 30 * 60_000;
const TASK_POLL_MS = 100;

/** `similar()` returns 10 clauses unless asked, at most 100 (as the embedded engine does). */
const SIMILAR_DEFAULT = 10;
const SIMILAR_MAX = 100;

/** Names of temporary indexes a previous, interrupted `replaceAll` may have left behind. */
function isTemporaryIndex(prefix: string, uid: string): boolean {
  return uid.startsWith(`${prefix}_`) && /^(clauses|documents)_\d+$/.test(uid.slice(prefix.length + 1));
}

/** `1.25.0` → true when at least the minimum version. */
export function isSupportedVersion(pkgVersion: string): boolean {
  const [major = 0, minor = 0] = pkgVersion.split(/[.-]/).map((n) => Number.parseInt(n, 10));
  return major > MIN_MEILI_VERSION[0] || (major === MIN_MEILI_VERSION[0] && minor >= MIN_MEILI_VERSION[1]);
}

/** Resolves once, retrying after a failure (Meilisearch may be down at start-up and come back later). */
function retryingOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    pending ??= make().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** Waits for an enqueued task; a task that did not succeed is an error (the client returns it, it does not throw). */
async function succeeded(enqueued: EnqueuedTaskPromise | Promise<Task>, what: string): Promise<Task> {
  const task = 'waitTask' in enqueued ? await enqueued.waitTask() : await enqueued;
  if (task.status !== 'succeeded') {
    const reason = task.error ? `${task.error.code}：${task.error.message}` : task.status;
    throw new EngineRequestError(`Meilisearch 任务失败（${what}）：${reason}`, { cause: task.error ?? { status: task.status, uid: task.uid } });
  }
  return task;
}

/** Like `succeeded`, but an index that does not exist counts as done (deleting from nothing is a no-op). */
async function succeededUnlessNoIndex(enqueued: EnqueuedTaskPromise, what: string): Promise<void> {
  const task = await enqueued.waitTask();
  if (task.status === 'failed' && task.error?.code === 'index_not_found') return;
  await succeeded(Promise.resolve(task), what);
}

/**
 * Creates the Meilisearch engine. Does not contact Meilisearch: the first request does, so the web server
 * starts (and reports the engine as down) while Meilisearch is still starting or unreachable.
 */
export async function createMeiliEngine(config: MeiliConfig, deps: MeiliEngineDeps): Promise<SearchEngine> {
  const live = { clauses: `${config.indexPrefix}_clauses`, documents: `${config.indexPrefix}_documents` };
  const log = deps.log;
  const clientWith = (apiKey: string | undefined) =>
    new Meilisearch({
      host: config.url,
      apiKey,
      timeout: config.timeoutMs,
      defaultWaitOptions: { timeout: TASK_WAIT_MS, interval: TASK_POLL_MS },
    });

  let api: () => Promise<Meilisearch>;
  if (deps.role === 'admin') {
    if (!config.masterKey) {
      throw new Error('The indexer writes to Meilisearch and needs MEILI_MASTER_KEY (the web server alone can run with MEILI_SEARCH_KEY).');
    }
    const admin = clientWith(config.masterKey);
    api = async () => admin;
  } else if (config.searchKey) {
    const reader = clientWith(config.searchKey);
    api = async () => reader;
  } else if (config.masterKey) {
    // The master key is used for one thing here: finding (or creating) the read-only key queries use.
    const keyAdmin = clientWith(config.masterKey);
    api = retryingOnce(async () => clientWith(await engineCall(() => findOrCreateReadOnlyKey(keyAdmin, [live.clauses, live.documents]))));
  } else {
    throw new Error('ENGINE=meilisearch needs MEILI_MASTER_KEY or MEILI_SEARCH_KEY.');
  }

  /**
   * Runs a call with a ready client, mapping every failure to the app's engine errors. Reads are sent
   * once more when the connection broke before an answer (see isBrokenConnection); writes never are,
   * since a repeated swap or delete would not be harmless.
   */
  const call = async <T>(fn: (client: Meilisearch) => Promise<T>, kind: 'read' | 'write' = 'read'): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(await api());
      } catch (error) {
        if (kind === 'read' && attempt === 1 && isBrokenConnection(error)) continue;
        throw toEngineError(error);
      }
    }
  };

  let versionChecked = false;
  const requireVersion = async (client: Meilisearch): Promise<void> => {
    if (versionChecked) return;
    const { pkgVersion } = await client.getVersion();
    if (!isSupportedVersion(pkgVersion)) {
      throw new EngineRequestError(
        `Meilisearch v${pkgVersion} 版本过旧：条文需要 v${MIN_MEILI_VERSION.join('.')} 或更新版本（中文分词修正）`,
        { cause: { pkgVersion } },
      );
    }
    versionChecked = true;
  };

  const requireAdmin = (what: string): void => {
    if (deps.role !== 'admin') throw new Error(`${what} writes to Meilisearch; only the indexer (role "admin") may do that.`);
  };

  /** A document by id, or null when Meilisearch says there is none. */
  const getOrNull = async <T>(fn: (client: Meilisearch) => Promise<T>): Promise<T | null> => {
    try {
      return await call(fn);
    } catch (error) {
      if (error instanceof EngineRequestError && errorBody(error.cause)?.code === 'document_not_found') return null;
      throw error;
    }
  };

  /** Every record of an index matching a filter, page by page. */
  const readAll = async <T extends Record<string, unknown>>(uid: string, filter: string): Promise<T[]> => {
    const out: T[] = [];
    for (let offset = 0; ; offset += READ_PAGE) {
      const page = await call((c) => c.index<T>(uid).getDocuments({ filter, limit: READ_PAGE, offset }));
      out.push(...page.results);
      if (page.results.length < READ_PAGE || out.length >= page.total) return out;
    }
  };

  /** Creates an index with our primary key and settings, unless it exists. */
  const ensureIndex = async (client: Meilisearch, uid: string, settings: Settings): Promise<void> => {
    try {
      await client.getRawIndex(uid);
      return;
    } catch (error) {
      if (meiliErrorCode(error) !== 'index_not_found') throw error;
    }
    await succeeded(client.createIndex(uid, { primaryKey: 'id' }), `创建索引 ${uid}`);
    await succeeded(client.index(uid).updateSettings(settings), `设置索引 ${uid}`);
  };

  const ensureLiveIndexes = async (client: Meilisearch): Promise<void> => {
    await ensureIndex(client, live.clauses, clauseIndexSettings(readPolicyTerms()));
    await ensureIndex(client, live.documents, documentIndexSettings());
  };

  /** Adds records in batches: enqueues one batch after another, then waits for every task. */
  const addAll = async (client: Meilisearch, uid: string, records: readonly RecordAny[]): Promise<void> => {
    const tasks: number[] = [];
    for (let i = 0; i < records.length; i += BATCH_SIZE) {
      tasks.push((await client.index(uid).addDocuments(records.slice(i, i + BATCH_SIZE), { primaryKey: 'id' })).taskUid);
    }
    for (const taskUid of tasks) await succeeded(client.tasks.waitForTask(taskUid), `写入文档（任务 ${taskUid}）`);
  };

  /** Partial updates in batches (`updateDocuments` merges the fields given into the stored records). */
  const updateAll = async (client: Meilisearch, uid: string, records: readonly RecordAny[]): Promise<void> => {
    const tasks: number[] = [];
    for (let i = 0; i < records.length; i += BATCH_SIZE) {
      tasks.push((await client.index(uid).updateDocuments(records.slice(i, i + BATCH_SIZE), { primaryKey: 'id' })).taskUid);
    }
    for (const taskUid of tasks) await succeeded(client.tasks.waitForTask(taskUid), `部分更新（任务 ${taskUid}）`);
  };

  /** Deletes indexes, waiting; failures are logged, not thrown (used for clean-up only). */
  const dropIndexes = async (client: Meilisearch, uids: string[]): Promise<void> => {
    for (const uid of uids) {
      try {
        await succeededUnlessNoIndex(client.deleteIndex(uid), `删除索引 ${uid}`);
      } catch (error) {
        log?.warn({ index: uid, err: toEngineError(error) }, 'could not delete a temporary Meilisearch index');
      }
    }
  };

  const leftoverIndexes = async (client: Meilisearch): Promise<string[]> => {
    const found: string[] = [];
    for (let offset = 0; ; offset += READ_PAGE) {
      const page = await client.getRawIndexes({ limit: READ_PAGE, offset });
      found.push(...page.results.map((i) => i.uid).filter((uid) => isTemporaryIndex(config.indexPrefix, uid)));
      if (page.results.length < READ_PAGE) return found;
    }
  };

  const engine: SearchEngine = {
    name: 'meilisearch',

    async replaceAll(docs: IndexedDocument[], meta: { fingerprint: string }): Promise<void> {
      requireAdmin('replaceAll');
      await call(async (client) => {
        await requireVersion(client);
        // A killed indexer leaves its temporary indexes behind; they are never live, so they can go
        // (one indexer runs at a time: compose runs it as a one-shot service).
        await dropIndexes(client, await leftoverIndexes(client));

        const stamp = Date.now();
        const fresh = { clauses: `${live.clauses}_${stamp}`, documents: `${live.documents}_${stamp}` };
        const { documents, clauses } = toRecords(docs);
        const metaRecord: MetaRecord = {
          id: META_ID,
          recordType: 'meta',
          fingerprint: meta.fingerprint,
          builtAt: new Date().toISOString(),
          documents: documents.length,
          clauses: clauses.length,
        };
        log?.info({ clauses: clauses.length, documents: documents.length, index: fresh.clauses }, 'building Meilisearch indexes');
        try {
          await succeeded(client.createIndex(fresh.clauses, { primaryKey: 'id' }), `创建索引 ${fresh.clauses}`);
          await succeeded(client.createIndex(fresh.documents, { primaryKey: 'id' }), `创建索引 ${fresh.documents}`);
          // Settings before documents: documents are then indexed once, already with the right tokenisation.
          await succeeded(client.index(fresh.clauses).updateSettings(clauseIndexSettings(readPolicyTerms())), '设置条文索引');
          await succeeded(client.index(fresh.documents).updateSettings(documentIndexSettings()), '设置文件索引');
          await addAll(client, fresh.clauses, clauses);
          await addAll(client, fresh.documents, [...documents, metaRecord]);
          // Swapping needs both sides to exist; on the very first run the live names are created empty.
          await ensureLiveIndexes(client);
          await succeeded(
            client.swapIndexes([
              { indexes: [live.clauses, fresh.clauses], rename: false },
              { indexes: [live.documents, fresh.documents], rename: false },
            ]),
            '切换到新索引',
          );
        } catch (error) {
          // The live indexes were not touched (the swap is one atomic task): drop the half-built ones.
          await dropIndexes(client, [fresh.clauses, fresh.documents]);
          throw error;
        }
        // After the swap the fresh names hold the previous index.
        await dropIndexes(client, [fresh.clauses, fresh.documents]);
        log?.info({ clauses: clauses.length, documents: documents.length }, 'Meilisearch indexes swapped in');
      }, 'write');
    },

    async upsert(doc: IndexedDocument): Promise<void> {
      requireAdmin('upsert');
      await call(async (client) => {
        await ensureLiveIndexes(client);
        const before = await readAll<{ id: string }>(live.clauses, `docId = ${quoteFilterValue(doc.document.id)}`);
        const { documents, clauses } = toRecords([doc]);
        await addAll(client, live.clauses, clauses);
        await addAll(client, live.documents, documents);
        // Clauses the new version no longer has go last, so readers never miss a clause that still exists.
        const kept = new Set(clauses.map((c) => c.id));
        const gone = before.map((r) => r.id).filter((id) => !kept.has(id));
        if (gone.length > 0) await succeeded(client.index(live.clauses).deleteDocuments(gone), '删除旧条文');
      }, 'write');
    },

    async remove(docId: string): Promise<void> {
      requireAdmin('remove');
      await call(async (client) => {
        await succeededUnlessNoIndex(
          client.index(live.clauses).deleteDocuments({ filter: `docId = ${quoteFilterValue(docId)}` }),
          '删除条文',
        );
        await succeededUnlessNoIndex(client.index(live.documents).deleteDocument(encodeMeiliId(docId)), '删除文件');
      }, 'write');
    },

    async setValidity(entries): Promise<void> {
      requireAdmin('setValidity');
      if (entries.length === 0) return;
      await call(async (client) => {
        const documents = [];
        const clauses = [];
        for (const { docId, validity } of entries) {
          const exists = await getOrNull((c) => c.index<DocumentRecord>(live.documents).getDocument(encodeMeiliId(docId), { fields: ['id'] }));
          if (exists === null) continue;
          documents.push(validityPatch(encodeMeiliId(docId), validity));
          const ids = await readAll<{ id: string }>(live.clauses, `docId = ${quoteFilterValue(docId)}`);
          clauses.push(...ids.map((r) => ({ ...validityPatch(r.id, validity), status: validity.status })));
        }
        // Partial updates: only these fields change; text, grams and vectors stay as stored.
        await updateAll(client, live.documents, documents);
        await updateAll(client, live.clauses, clauses);
      }, 'write');
    },

    async setFingerprint(fingerprint: string): Promise<void> {
      requireAdmin('setFingerprint');
      await call(async (client) => {
        await ensureLiveIndexes(client);
        const [clauses, documents] = await Promise.all([client.index(live.clauses).getStats(), client.index(live.documents).getStats()]);
        const existing = await getOrNull((c) => c.index<MetaRecord>(live.documents).getDocument(META_ID));
        const metaRecord: MetaRecord = {
          id: META_ID,
          recordType: 'meta',
          fingerprint,
          builtAt: existing?.builtAt ?? new Date().toISOString(),
          documents: documents.numberOfDocuments - (existing === null ? 0 : 1),
          clauses: clauses.numberOfDocuments,
        };
        await succeeded(client.index(live.documents).addDocuments([metaRecord], { primaryKey: 'id' }), '记录索引来源');
      }, 'write');
    },

    async sources(): Promise<StoredSource[]> {
      try {
        const records = await readAll<DocumentRecord & Record<string, unknown>>(live.documents, 'recordType = "document"');
        return records.map((r) => ({
          docId: r.docId,
          sourceFile: r.sourceFile,
          sourceHash: r.sourceHash ?? null,
          warnings: r.sourceWarnings ?? [],
          metadata: r.sourceMetadata ?? null,
          clauses: r.clauseCount,
          embedded: r.embeddedClauses ?? 0,
        }));
      } catch (error) {
        if (isNoIndex(error)) return [];
        throw error;
      }
    },

    async coverage(): Promise<VectorCoverage> {
      // Per-document counts summed: a filtered count would stop being exact at MAX_TOTAL_HITS.
      const all = await engine.sources();
      return { clauses: all.reduce((n, s) => n + s.clauses, 0), embedded: all.reduce((n, s) => n + s.embedded, 0) };
    },

    async clausesWithoutVectors(limit: number): Promise<PendingClause[]> {
      if (limit <= 0) return [];
      try {
        const page = await call((c) =>
          c.index<ClauseRecord>(live.clauses).getDocuments({ filter: 'hasVector = false', fields: ['clauseId', 'text'], limit: Math.floor(limit) }),
        );
        return page.results.map((r) => ({ id: r.clauseId, text: r.text }));
      } catch (error) {
        if (isNoIndex(error)) return [];
        throw error;
      }
    },

    async setVectors(entries: readonly ClauseVector[]): Promise<number> {
      requireAdmin('setVectors');
      if (entries.length === 0) return 0;
      return call(async (client) => {
        // Only clauses still stored with the same text: a partial update of a missing id would create a stray record.
        const ids = entries.map((e) => encodeMeiliId(e.clauseId));
        const stored = await client
          .index<ClauseRecord>(live.clauses)
          .getDocuments({ filter: `id IN [${ids.map(quoteFilterValue).join(', ')}]`, fields: ['id', 'docId', 'text'], limit: ids.length });
        const current = new Map(stored.results.map((r) => [r.id, r]));
        const patches = [];
        const touched = new Set<string>();
        for (const entry of entries) {
          const id = encodeMeiliId(entry.clauseId);
          const record = current.get(id);
          if (record === undefined || record.text !== entry.text) continue;
          patches.push({ id, hasVector: true, _vectors: { [EMBEDDER]: vectorToJson(entry.vector) } });
          touched.add(record.docId);
        }
        await updateAll(client, live.clauses, patches);
        // Each touched document's count of embedded clauses, recounted rather than incremented (a retried batch counts once).
        const counts = [];
        for (const docId of touched) {
          const found = await client
            .index(live.clauses)
            .search('', { filter: `docId = ${quoteFilterValue(docId)} AND hasVector = true`, limit: 0 });
          counts.push({ id: encodeMeiliId(docId), embeddedClauses: found.estimatedTotalHits ?? 0 });
        }
        await updateAll(client, live.documents, counts);
        return patches.length;
      }, 'write');
    },

    async search(req: SearchRequest): Promise<SearchResult> {
      const plan = planSearch(req, live.clauses);
      const search = (queries: MultiSearchParams['queries']) =>
        call((c) => c.multiSearch<MultiSearchParams, ClauseRecord>({ queries }));
      const first = await search(plan.queries);
      const pageQuery = planHybridPage(plan, first.results);
      const page = pageQuery === null ? undefined : (await search([pageQuery])).results[0];
      return assembleSearch(plan, first.results, page);
    },

    async similar(clauseId: string, opts: SimilarOptions = {}): Promise<SimilarResult | null> {
      const id = safeEncode(clauseId);
      if (id === null) return null;
      const found = await call((c) => c.index<ClauseRecord>(live.clauses).getDocuments({ ids: [id], retrieveVectors: true, limit: 1 }));
      const source = found.results[0];
      if (source === undefined) return null;
      const sourceVector = retrievedVector(source);
      // A clause whose vector is not computed yet has no neighbours to show (yet).
      if (sourceVector === null) return { source: clauseFromRecord(source), hits: [] };
      const limit = Math.min(SIMILAR_MAX, Math.max(0, Math.floor(opts.limit ?? SIMILAR_DEFAULT)));
      const otherDocsOnly = opts.otherDocsOnly ?? true;
      const params = {
        id,
        embedder: EMBEDDER,
        filter: andAll([otherDocsOnly ? `docId != ${quoteFilterValue(source.docId)}` : undefined, filterExpression(opts.filters ?? {})]),
        limit,
        attributesToRetrieve: PAGE_FIELDS,
        // Scores are cosines computed from the vectors (Meilisearch's own scale depends on its vector store).
        retrieveVectors: true,
      };
      const similar = limit === 0 ? { hits: [] as Array<Hit<ClauseRecord>> } : await call((c) => c.index<ClauseRecord>(live.clauses).searchSimilarDocuments<ClauseRecord>(params));
      const hits = similar.hits
        .map((hit) => {
          const vector = retrievedVector(hit);
          if (vector === null) throw new Error(`Meilisearch returned clause ${hit.id} without its vector although retrieveVectors was set`);
          return toSearchHit(hit, { score: cosine(sourceVector, vector), matched: ['semantic'] }, []);
        })
        .sort((a, b) => b.score - a.score);
      return { source: clauseFromRecord(source), hits };
    },

    async getClause(id: string): Promise<{ clause: StoredClause; document: PolicyDocument } | null> {
      const encoded = safeEncode(id);
      if (encoded === null) return null;
      const record = await getOrNull((c) => c.index<ClauseRecord>(live.clauses).getDocument(encoded));
      if (record === null) return null;
      const doc = await getOrNull((c) => c.index<DocumentRecord>(live.documents).getDocument(encodeMeiliId(record.docId)));
      return doc === null ? null : { clause: clauseFromRecord(record), document: documentFromRecord(doc) };
    },

    async getDocument(id: string): Promise<{ document: PolicyDocument; clauses: StoredClause[] } | null> {
      const encoded = safeEncode(id);
      if (encoded === null) return null;
      const doc = await getOrNull((c) => c.index<DocumentRecord>(live.documents).getDocument(encoded));
      if (doc === null || doc.recordType !== 'document') return null;
      const records = await readAll<ClauseRecord & Record<string, unknown>>(live.clauses, `docId = ${quoteFilterValue(id)}`);
      const clauses = records.map(clauseFromRecord).sort((a, b) => a.ordinal - b.ordinal);
      return { document: documentFromRecord(doc), clauses };
    },

    async listDocuments(): Promise<PolicyDocument[]> {
      const records = await readAll<DocumentRecord & Record<string, unknown>>(live.documents, 'recordType = "document"');
      return records.map(documentFromRecord).sort(compareDocuments);
    },

    async versionsOf(workId: string): Promise<PolicyDocument[]> {
      const records = await readAll<DocumentRecord & Record<string, unknown>>(
        live.documents,
        `recordType = "document" AND workId = ${quoteFilterValue(workId)}`,
      );
      return records.map(documentFromRecord).sort(byVersion);
    },

    async health(): Promise<EngineHealth> {
      try {
        await call(async (client) => {
          await client.health();
          await requireVersion(client);
          // The clauses index must exist (index_not_found becomes "run the indexer").
          await client.index(live.clauses).getStats();
        });
        return { ok: true, engine: 'meilisearch' };
      } catch (error) {
        const mapped = toEngineError(error);
        return { ok: false, engine: 'meilisearch', message: mapped instanceof Error ? mapped.message : String(mapped) };
      }
    },

    async stats(): Promise<EngineStats> {
      try {
        return await call(async (client) => {
          const [clauses, documents] = await Promise.all([
            client.index(live.clauses).getStats(),
            client.index(live.documents).getStats(),
          ]);
          let meta: MetaRecord | null = null;
          try {
            meta = await client.index(live.documents).getDocument<MetaRecord>(META_ID);
          } catch (error) {
            if (meiliErrorCode(error) !== 'document_not_found') throw error;
          }
          return {
            documents: documents.numberOfDocuments - (meta === null ? 0 : 1),
            clauses: clauses.numberOfDocuments,
            builtAt: meta?.builtAt ?? null,
            fingerprint: meta?.fingerprint ?? null,
          };
        });
      } catch (error) {
        // No index yet is an empty index, not a failure (the indexer has not run).
        if (isNoIndex(error)) return { documents: 0, clauses: 0, builtAt: null, fingerprint: null };
        throw error;
      }
    },

    async close(): Promise<void> {
      // Nothing to release: every request is a fetch of its own, and none outlives its timeout.
    },
  };
  return engine;
}

/** The fields of a record that carry a document's validity (see documents.ts). */
export function validityPatch(id: string, validity: DocumentValidity): { id: string; validity: DocumentValidity; workId: string } {
  return { id, validity, workId: validity.workId };
}

/** Oldest version first. */
function byVersion(a: PolicyDocument, b: PolicyDocument): number {
  return validityOf(a).version - validityOf(b).version;
}

/** True for the mapped error of a missing index (its cause is Meilisearch's error body). */
function isNoIndex(error: unknown): boolean {
  return error instanceof EngineUnavailableError && errorBody(error.cause)?.code === 'index_not_found';
}

/** Encoded id, or null for a string no clause or document can have (then the answer is "not found"). */
function safeEncode(id: string): string | null {
  try {
    return encodeMeiliId(id);
  } catch {
    return null;
  }
}
