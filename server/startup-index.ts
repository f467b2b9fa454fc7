/**
 * Keeps the index in step with SEEDS_DIR: `npm start` indexes when the index is missing or was built from
 * other files (or another model, or an older index format), and the admin endpoint re-indexes on demand.
 */
import type { Logger } from 'pino';
import { corpusFingerprint, readSeeds, runIndex } from '../indexer/pipeline.js';
import type { IndexReport } from '../indexer/pipeline.js';
import type { Config } from '../core/config.js';
import type { Runtime } from '../core/runtime.js';

/** Re-indexing is serialised: a second request while one runs waits for the same run. */
let running: Promise<IndexReport> | null = null;

export function reindexNow(config: Config, runtime: Runtime, log: Logger): Promise<IndexReport> {
  running ??= (async () => {
    try {
      const files = await readSeeds(config.seedsDir);
      const report = await runIndex(files, config.seedsDir, runtime);
      const failed = report.files.filter((f) => f.status !== 'indexed');
      log.info(
        { documents: report.documents, clauses: report.clauses, durationMs: report.durationMs, embeddings: report.embeddings },
        'index built',
      );
      for (const f of failed) log.warn({ file: f.file, status: f.status, error: f.error }, 'source file not indexed');
      return report;
    } finally {
      running = null;
    }
  })();
  return running;
}

/** Builds the index when it is missing or stale. Only meaningful for an engine this process may write. */
export async function indexIfStale(config: Config, runtime: Runtime, log: Logger): Promise<void> {
  const files = await readSeeds(config.seedsDir);
  const wanted = corpusFingerprint(files, runtime.embedder.modelId);
  const stats = await runtime.engine.stats().catch(() => null);
  if (stats?.fingerprint === wanted) {
    log.info({ documents: stats.documents, clauses: stats.clauses, builtAt: stats.builtAt }, 'index is current');
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
