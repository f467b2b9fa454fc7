/**
 * The server as `npm start` runs it, minus the socket and the model: a temporary SEEDS_DIR indexed by the real
 * pipeline (jieba tokens, hash-embedder vectors) into a real SQLite index, the real `reindexNow` behind the
 * sync queue, optionally the folder watcher, and the real Express app. Tests change the folder or upload
 * through the app and look at what search shows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { loadConfig, type Config } from '../../core/config.js';
import { createSqliteEngine } from '../../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../../core/engine/types.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import type { Runtime } from '../../core/runtime.js';
import type { Embedder, Tokenizer } from '../../core/types.js';
import { createApp } from '../../server/app.js';
import { createSeedsSync, type SeedsSync } from '../../server/seeds/seeds-sync.js';
import { watchSeeds, type SeedsChange, type SeedsWatcher } from '../../server/seeds/seeds-watcher.js';
import { reindexNow, stopBackground, syncStatus } from '../../server/startup-index.js';
import { createHashEmbedder } from './hash-embedder.js';

let tokenizer: Tokenizer | null = null;
const sharedTokenizer = () => (tokenizer ??= createJiebaTokenizer());

export interface LiveApp {
  app: Express;
  config: Config;
  seedsDir: string;
  engine: SearchEngine;
  sync: SeedsSync;
  watcher: SeedsWatcher | null;
  /** Every batch the watcher synced, in order. */
  batches: SeedsChange[][];
  /** Resolves once every stored clause has its vector (the background computation caught up). */
  vectorsIn(): Promise<void>;
  close(): Promise<void>;
}

export interface LiveAppOptions {
  /** A fresh folder (from useTempDirs) that gets `seeds/` and `data/`. */
  root: string;
  /** Source files to start with: name → text or bytes. */
  files: Record<string, string | Buffer>;
  env?: Record<string, string>;
  /** Start the folder watcher with this debounce (ms); no watcher when absent. */
  watchDebounceMs?: number;
  /** awaitWriteFinish's stability threshold for the watcher (ms). */
  stabilityMs?: number;
  logger?: pino.Logger;
  /** Defaults to the hash embedder; a test may hold vectors back with a gated one. */
  embedder?: Embedder;
}

export async function createLiveApp(opts: LiveAppOptions): Promise<LiveApp> {
  const seedsDir = path.join(opts.root, 'seeds');
  const dataDir = path.join(opts.root, 'data');
  mkdirSync(seedsDir);
  mkdirSync(dataDir);
  for (const [name, content] of Object.entries(opts.files)) writeFileSync(path.join(seedsDir, name), content);
  const config = loadConfig({ SEEDS_DIR: seedsDir, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...opts.env });
  if (config.engine.kind !== 'sqlite') throw new Error('live tests run on the embedded engine');
  const logger = opts.logger ?? pino({ level: 'silent' });
  const engine = await createSqliteEngine({ file: config.engine.file, tokenizer: sharedTokenizer() });
  const runtime: Runtime = {
    tokenizer: sharedTokenizer(),
    embedder: opts.embedder ?? createHashEmbedder(),
    cacheStats: () => ({ hits: 0, misses: 0 }),
    knownVectors: (texts) => texts.map(() => undefined),
    engine,
    close: () => engine.close(),
  };
  const sync = createSeedsSync(() => reindexNow(config, runtime, logger), logger);
  await sync.sync('start');
  const batches: SeedsChange[][] = [];
  const watcher =
    opts.watchDebounceMs === undefined
      ? null
      : await watchSeeds({
          dir: seedsDir,
          debounceMs: opts.watchDebounceMs,
          ...(opts.stabilityMs !== undefined && { stabilityMs: opts.stabilityMs }),
          log: logger,
          onBatch: (changes) => {
            batches.push(changes);
            return sync.sync('watch');
          },
        });
  const app = createApp({
    config,
    engine,
    embedder: runtime.embedder,
    logger,
    onReindex: () => sync.sync('reindex'),
    seeds: { dir: seedsDir, sync },
    syncStatus: () => syncStatus(config, runtime, logger),
  });
  return {
    app,
    config,
    seedsDir,
    engine,
    sync,
    watcher,
    batches,
    async vectorsIn() {
      await eventually(async () => {
        const coverage = await engine.coverage();
        if (coverage.embedded < coverage.clauses) throw new Error(`vectors ${coverage.embedded} / ${coverage.clauses}`);
      });
    },
    async close() {
      await watcher?.close();
      while (sync.busy()) await new Promise((r) => setTimeout(r, 20));
      await stopBackground(runtime);
      await runtime.close();
    },
  };
}

/** Retries `check` until it passes or `timeoutMs` runs out (then throws its last failure). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
