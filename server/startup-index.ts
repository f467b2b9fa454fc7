/**
 * Keeps the index in step with SEEDS_DIR while the server serves: `npm start` synchronises it in the
 * background (only changed files are read again), and every later change — the admin endpoint, the watcher,
 * an upload — goes through {@link reindexNow}, the one entry point. For the embedded engine the server also
 * computes the vectors clauses still lack, in the background ({@link VectorBackfill}): a new document is
 * keyword-searchable as soon as it is written and joins semantic search when its vectors are in.
 */
import type { Logger } from 'pino';
import { VectorBackfill, corpusFingerprint, readSeeds, runIndex } from '../indexer/pipeline.js';
import type { BackfillStatus, IndexReport } from '../indexer/pipeline.js';
import type { Config } from '../core/config.js';
import type { Runtime } from '../core/runtime.js';

/** What the server knows about keeping its index current, for `/api/health`, the pages and the admin page. */
export interface SyncStatus {
  /** True while an indexing run is on (the first build included). */
  syncing: boolean;
  /** The report of the last finished run of this process: each file's state; null before the first. */
  lastReport: IndexReport | null;
  /** When the last run finished (ISO time). */
  lastRunAt: string | null;
  /** The background vector computation; null when this process does not write the index (Meilisearch). */
  vectors: BackfillStatus | null;
}

interface SyncState {
  running: Promise<IndexReport> | null;
  /** The start-up check is on (it reads every file before it knows whether a run is needed). */
  checking: boolean;
  /** A run asked for while one was on: it starts when that one ends, for every caller that asked meanwhile. */
  queued: Promise<IndexReport> | null;
  lastReport: IndexReport | null;
  lastRunAt: string | null;
  backfill: VectorBackfill | null;
}

const states = new WeakMap<Runtime, SyncState>();

function stateOf(config: Config, runtime: Runtime, log: Logger): SyncState {
  let state = states.get(runtime);
  if (state === undefined) {
    // Only the embedded engine is written by the server; Meilisearch's vectors come from the indexer service.
    const backfill = config.engine.kind === 'sqlite' ? new VectorBackfill({ engine: runtime.engine, embedder: runtime.embedder, log }) : null;
    state = { running: null, checking: false, queued: null, lastReport: null, lastRunAt: null, backfill };
    states.set(runtime, state);
  }
  return state;
}

/**
 * Synchronises the index with SEEDS_DIR now and returns the run's report. Runs one at a time: asked while a
 * run is on, it waits for that run and then runs again (once, however many asked meanwhile), so a change
 * made during a run is never missed. Vectors are left to the background computation, which it wakes.
 */
export function reindexNow(config: Config, runtime: Runtime, log: Logger): Promise<IndexReport> {
  const state = stateOf(config, runtime, log);
  if (state.running !== null) {
    state.queued ??= state.running.catch(() => undefined).then(() => {
      state.queued = null;
      return reindexNow(config, runtime, log);
    });
    return state.queued;
  }
  const run = async (): Promise<IndexReport> => {
    const files = await readSeeds(config.seedsDir);
    return runIndex(files, config.seedsDir, { ...runtime, vectors: state.backfill ? 'later' : 'now' });
  };
  state.running = (async () => {
    try {
      const report = state.backfill ? await state.backfill.exclusive(run) : await run();
      state.lastReport = report;
      state.lastRunAt = new Date().toISOString();
      const counts: Record<string, number> = {};
      for (const f of report.files) counts[f.status] = (counts[f.status] ?? 0) + 1;
      log.info(
        { mode: report.mode, documents: report.documents, clauses: report.clauses, files: counts, durationMs: report.durationMs, vectors: report.vectors },
        'index synchronised',
      );
      for (const f of report.files) {
        if (f.status === 'failed' || f.status === 'kept-previous') log.warn({ file: f.file, status: f.status, error: f.error }, 'source file not indexed');
      }
      state.backfill?.start();
      return report;
    } finally {
      state.running = null;
    }
  })();
  return state.running;
}

/**
 * At start-up: synchronises the index when it is missing or was built from other files (or another model,
 * or an older index format), and resumes computing the vectors a previous process did not finish. Only
 * meaningful for an engine this process may write.
 */
export async function indexIfStale(config: Config, runtime: Runtime, log: Logger): Promise<void> {
  const state = stateOf(config, runtime, log);
  state.checking = true;
  try {
    await bringUpToDate(config, runtime, log, state);
  } finally {
    state.checking = false;
  }
}

async function bringUpToDate(config: Config, runtime: Runtime, log: Logger, state: SyncState): Promise<void> {
  const files = await readSeeds(config.seedsDir);
  const wanted = corpusFingerprint(files, runtime.embedder.modelId);
  const stats = await runtime.engine.stats().catch(() => null);
  if (stats?.fingerprint === wanted) {
    log.info({ documents: stats.documents, clauses: stats.clauses, builtAt: stats.builtAt }, 'index is current');
    // A previous process may have been stopped before every vector was in: carry on where it stopped.
    state.backfill?.start();
    return;
  }
  if (config.engine.kind !== 'sqlite') {
    log.warn(
      { indexFingerprint: stats?.fingerprint ?? null, seedsFingerprint: wanted },
      'the Meilisearch index does not match SEEDS_DIR; run the indexer service (npm run index) to rebuild it',
    );
    return;
  }
  log.info({ seedsDir: config.seedsDir, reason: stats?.fingerprint ? 'seeds, model or format changed' : 'no index yet' }, 'indexing');
  const report = await reindexNow(config, runtime, log);
  if (!report.ok) throw new Error(`nothing could be indexed from ${config.seedsDir}; see the warnings above`);
}

/** What this process knows about its index's synchronisation (see {@link SyncStatus}). */
export async function syncStatus(config: Config, runtime: Runtime, log: Logger): Promise<SyncStatus> {
  const state = stateOf(config, runtime, log);
  return {
    syncing: state.running !== null || state.checking,
    lastReport: state.lastReport,
    lastRunAt: state.lastRunAt,
    vectors: state.backfill ? await state.backfill.status() : null,
  };
}

/** Stops the background vector computation after its batch in flight (on shutdown). */
export async function stopBackground(runtime: Runtime): Promise<void> {
  await states.get(runtime)?.backfill?.stop();
}
