/**
 * `npm start`: validates the configuration, makes sure the model exists, serves, and (for the embedded
 * engine) brings the index up to date in the background: the server answers from the first second, with a
 * 503 that says the index is being built until there is one, keyword search as soon as documents are
 * written, and semantic search as their vectors come in. The only file that listens or exits; everything
 * else is built by `createApp` so tests can drive it without a socket.
 */
import type { Server } from 'node:http';
import { loadConfigOrExit } from '../core/config.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { openRuntime } from '../core/runtime.js';
import { createSeedsSync } from './seeds/seeds-sync.js';
import { watchSeeds } from './seeds/seeds-watcher.js';
import { indexIfStale, reindexNow, stopBackground, syncStatus } from './startup-index.js';

/** How long in-flight requests may take to finish after SIGTERM before we exit anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config);
  // The embedded engine is written by this process; Meilisearch is written only by the indexer service.
  const runtime = await openRuntime(config, { role: config.engine.kind === 'sqlite' ? 'admin' : 'search', log: logger });

  // Only the embedded engine is written by this process; Meilisearch is re-indexed by the indexer service
  // (docker compose run --rm indexer), since the web server holds only a read-only key.
  const writable = config.engine.kind === 'sqlite';
  const seeds = writable ? createSeedsSync(() => reindexNow(config, runtime, logger), logger) : null;
  const watcher =
    seeds && config.watch.enabled
      ? await watchSeeds({ dir: config.seedsDir, debounceMs: config.watch.debounceMs, log: logger, onBatch: () => seeds.sync('watch') })
      : null;

  const app = createApp({
    config,
    engine: runtime.engine,
    embedder: runtime.embedder,
    logger,
    onReindex: config.adminToken && seeds ? () => seeds.sync('reindex') : undefined,
    seeds: seeds ? { dir: config.seedsDir, sync: seeds } : undefined,
    syncStatus: () => syncStatus(config, runtime, logger),
  });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info({ url: `http://${config.host}:${config.port}/`, engine: runtime.engine.name }, 'Tiaowen is serving');
    // After listening: a first build of a large corpus takes a while, and the server answers meanwhile.
    indexIfStale(config, runtime, logger).catch((error: unknown) => {
      logger.error({ err: error }, 'the index could not be brought up to date; serving what there is');
    });
  });
  server.on('error', (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: no new connections, finishing in-flight requests');
    const force = setTimeout(() => {
      logger.warn('in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(async () => {
      await watcher?.close();
      await stopBackground(runtime);
      await runtime.close();
      logger.info('stopped');
      process.exit(0);
    });
    // Keep-alive connections would otherwise hold server.close() open until they time out.
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Tiaowen could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
