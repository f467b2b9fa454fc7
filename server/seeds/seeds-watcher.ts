/**
 * Watches SEEDS_DIR and syncs the index when documents are added, changed or removed there: a file copied in
 * by hand, an archive unpacked into the folder, or an upload from the admin page. Changes are debounced into
 * batches (an archive of a thousand files is one sync), and a file is only reported once its size has stopped
 * changing (chokidar's awaitWriteFinish), so a document still being copied is never read half-way.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { Logger } from 'pino';
import { isSourceFile } from '../../indexer/pipeline.js';

/** Ending of the metadata file beside a source (`004_x.txt` → `004_x.meta.json`, see indexer/versions/sidecar.ts). */
const SIDECAR_SUFFIX = '.meta.json';

/**
 * True for a name whose change matters to the index: a source file the indexer reads, or a metadata file
 * (which changes its source's metadata). Hidden files are never documents: editors' swap files, macOS
 * `._` files, and the admin upload's temporary files are all hidden.
 */
export function isWatchedName(name: string): boolean {
  if (name.startsWith('.')) return false;
  return isSourceFile(name) || name.toLowerCase().endsWith(SIDECAR_SUFFIX);
}

export interface SeedsWatcherOptions {
  dir: string;
  /** Called once per settled batch with the names that changed (add, change or unlink). */
  onBatch: (changes: SeedsChange[]) => Promise<unknown>;
  log: Logger;
  /** Quiet time after the last event before the batch is synced. */
  debounceMs: number;
  /** How long a file's size must stay the same before it counts as written (default 300 ms). */
  stabilityMs?: number;
}

export interface SeedsChange {
  event: 'add' | 'change' | 'unlink';
  file: string;
}

export interface SeedsWatcher {
  /** Resolves when no batch is waiting or being synced (for tests and shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function watchSeeds(opts: SeedsWatcherOptions): Promise<SeedsWatcher> {
  const stabilityMs = opts.stabilityMs ?? 300;
  let pending = new Map<string, SeedsChange>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let closed = false;
  const idleWaiters: Array<() => void> = [];

  const isIdle = () => timer === null && running === null && pending.size === 0;
  const notifyIdle = () => {
    if (isIdle()) for (const resolve of idleWaiters.splice(0)) resolve();
  };

  const flush = () => {
    timer = null;
    if (running || closed) return; // the running batch schedules the next one when it ends
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length === 0) return notifyIdle();
    opts.log.info({ changes: batch.length, files: batch.slice(0, 20).map((c) => `${c.event} ${c.file}`) }, 'SEEDS_DIR changed; syncing the index');
    running = opts
      .onBatch(batch)
      .then(
        () => undefined,
        (error: unknown) => opts.log.error({ err: error }, 'sync after a change in SEEDS_DIR failed; the previous index keeps serving'),
      )
      .finally(() => {
        running = null;
        if (pending.size > 0) schedule();
        else notifyIdle();
      });
  };

  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, opts.debounceMs);
  };

  const watcher: FSWatcher = watch(opts.dir, {
    ignoreInitial: true,
    depth: 0,
    // Polls the size until it holds still: a large document being copied is not read half-way.
    awaitWriteFinish: { stabilityThreshold: stabilityMs, pollInterval: Math.max(20, Math.round(stabilityMs / 4)) },
    ignored: (file, stats) => file !== opts.dir && (path.basename(file).startsWith('.') || (stats?.isFile() === true && !isWatchedName(path.basename(file)))),
  });
  watcher.on('all', (event, file) => {
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    if (path.dirname(file) !== opts.dir || !isWatchedName(path.basename(file))) return;
    pending.set(path.basename(file), { event, file: path.basename(file) });
    schedule();
  });
  watcher.on('error', (error) => opts.log.error({ err: error, dir: opts.dir }, 'watching SEEDS_DIR failed'));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  opts.log.info({ dir: opts.dir, debounceMs: opts.debounceMs }, 'watching SEEDS_DIR for changes');

  return {
    idle: () => (isIdle() ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await watcher.close();
      await running;
    },
  };
}
