import type pino from 'pino';
import type { Embedder } from '../../core/types.js';
import type { Config } from '../../core/config.js';
import type { SearchEngine } from '../../core/engine/types.js';
import type { SeedsSync } from '../seeds/seeds-sync.js';
import type { SyncStatus } from '../startup-index.js';

/** What the web app is built from; `createApp(deps)` takes these, tests pass their own. */
export interface AppDeps {
  config: Config;
  engine: SearchEngine;
  embedder: Embedder;
  logger: pino.Logger;
  /** Rebuilds the index; the admin endpoint exists only when this and `config.adminToken` are set. */
  onReindex?: (() => Promise<unknown>) | undefined;
  /**
   * The folder this process indexes and the one way to sync it, when the index is written here (embedded
   * engine). The admin page stores uploads in the folder and syncs; without it the page cannot change documents.
   */
  seeds?: { dir: string; sync: SeedsSync } | undefined;
  /** How the index is kept current (runs, vectors); absent when nothing in this process writes the index. */
  syncStatus?: (() => Promise<SyncStatus>) | undefined;
}
