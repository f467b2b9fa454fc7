/**
 * `npm start`: validates the configuration, listens, makes sure the model exists, serves, and (for the
 * embedded engine) brings the index up to date and starts watching SEEDS_DIR in the background. The socket
 * opens before the model and jieba are loaded (requests meanwhile wait at the start-up gate; `/api/health`
 * says 503 starting); then a 503 that says the index is being built until there is one, keyword search as
 * soon as documents are written, and semantic search as their vectors come in. The only file that listens or exits; everything
 * else is built by `createApp` so tests can drive it without a socket.
 */
import { createServer } from 'node:http';
import { loadConfigOrExit } from '../core/config.js';
import type { Runtime } from '../core/runtime.js';
import { createStartupGate } from './http/startup-gate.js';
import { createLogger } from './logger.js';
import type { SeedsWatcher } from './seeds/seeds-watcher.js';

/** How long in-flight requests may take to finish after SIGTERM before we exit anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

const mark = (started: number) => Math.round(performance.now() - started);

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config);

  // Listen first: the app's modules, the model and jieba take seconds to load (jieba alone ≈ 1.5 s on the
  // benchmark machine), and meanwhile a request waits at the gate instead of meeting a refused connection.
  const gate = createStartupGate();
  const server = createServer(gate.handle);
  server.on('error', (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });
  const listening = new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));

  let runtime: Runtime | null = null;
  let watcher: SeedsWatcher | null = null;
  let stopBackground: ((r: Runtime) => Promise<void>) | null = null;
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
      if (runtime) {
        await stopBackground?.(runtime);
        await runtime.close();
      }
      logger.info('stopped');
      process.exit(0);
    });
    // Keep-alive connections would otherwise hold server.close() open until they time out.
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  // Heavy modules load only now, so the socket opens after config and logger alone (≈ 0.8 s after spawn).
  // The app's modules are asked for before the runtime opens, so tsx's loader thread can work on them while
  // jieba and the ONNX session hold this one; on the seeds that overlap measured within noise (2026-12-02):
  // module loading ≈ 1.2 s, jieba ≈ 1.5 s and the ONNX session ≈ 0.35 s all run on this thread.
  const modules = Promise.all([import('./app.js'), import('./seeds/seeds-sync.js'), import('./seeds/seeds-watcher.js'), import('./startup-index.js')]);
  modules.catch(() => undefined); // awaited below; a failure there is reported there
  listening.then(() => logger.info({ url: `http://${config.host}:${config.port}/`, ms: mark(started) }, 'listening; opening the model, jieba and the index'));
  const { openRuntime } = await import('../core/runtime.js');
  try {
    // The embedded engine is written by this process; Meilisearch is written only by the indexer service.
    runtime = await openRuntime(config, { role: config.engine.kind === 'sqlite' ? 'admin' : 'search', log: logger });
  } catch (error) {
    gate.fail();
    throw error;
  }
  const [{ createApp }, { createSeedsSync }, { watchSeeds }, startup] = await modules;
  stopBackground = startup.stopBackground;
  const opened = runtime;

  // Only the embedded engine is written by this process; Meilisearch is re-indexed by the indexer service
  // (docker compose run --rm indexer), since the web server holds only a read-only key.
  const writable = config.engine.kind === 'sqlite';
  const seeds = writable ? createSeedsSync(() => startup.reindexNow(config, opened, logger), logger) : null;
  const app = createApp({
    config,
    engine: opened.engine,
    embedder: opened.embedder,
    logger,
    onReindex: config.adminToken && seeds ? () => seeds.sync('reindex') : undefined,
    seeds: seeds ? { dir: config.seedsDir, sync: seeds } : undefined,
    syncStatus: () => startup.syncStatus(config, opened, logger),
  });
  gate.open(app);
  logger.info({ url: `http://${config.host}:${config.port}/`, engine: opened.engine.name, ms: mark(started) }, 'Tiaowen is serving');

  // After serving: a first build of a large corpus takes a while, and the server answers meanwhile.
  startup.indexIfStale(config, opened, logger).catch((error: unknown) => {
    logger.error({ err: error }, 'the index could not be brought up to date; serving what there is');
  });
  if (seeds && config.watch.enabled && !stopping) {
    watcher = await watchSeeds({ dir: config.seedsDir, debounceMs: config.watch.debounceMs, log: logger, onBatch: () => seeds.sync('watch') });
    if (stopping) await watcher.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Tiaowen could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
