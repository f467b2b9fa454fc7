/**
 * The vectors clauses are still waiting for, computed batch by batch after their documents were written
 * (keyword search does not wait for the model: on 2 cores it embeds about 16 clauses/s, hours for a large
 * corpus). Every batch is stored as soon as it is computed: the embedding cache keeps each vector the model
 * returns (core/embedder/embedding-cache.ts) and the engine stores the batch in one write, so a killed
 * process loses at most the batch in flight, whose vectors the cache already holds, and the next run starts
 * with the clauses still missing. No vector is ever computed twice.
 */
import type { Logger } from 'pino';
import type { SearchEngine, VectorCoverage } from '../core/engine/types.js';
import type { Embedder } from '../core/types.js';

/** Clauses per batch: small enough that one batch takes about 2 s of the model on 2 cores. */
export const VECTOR_BATCH = 32;

/** Batches the rate is measured over. */
const RATE_WINDOW = 20;

/** After a failed batch (engine down, say), wait this long before trying again. */
const RETRY_MS = 5000;

/** Batches in a row that store nothing (their clauses changed meanwhile) before a fill gives up for now. */
const MAX_EMPTY_BATCHES = 3;

export interface VectorFillDeps {
  engine: SearchEngine;
  /** Passages go through it; with the embedding cache in front, a vector the model computed once is found again. */
  embedder: Embedder;
  batchSize?: number;
}

interface BatchResult {
  /** Clauses fetched and embedded. */
  texts: number;
  /** Vectors the engine stored (fewer when clauses changed meanwhile). */
  stored: number;
  ms: number;
}

/** One batch: the next clauses without vectors, embedded, stored. Null when none is waiting. */
async function fillBatch(
  deps: VectorFillDeps,
  store: (write: () => Promise<number>) => Promise<number> = (write) => write(),
): Promise<BatchResult | null> {
  const started = performance.now();
  const pending = await deps.engine.clausesWithoutVectors(deps.batchSize ?? VECTOR_BATCH);
  if (pending.length === 0) return null;
  const vectors = await deps.embedder.embed(pending.map((c) => c.text));
  if (vectors.length !== pending.length) throw new Error(`embedder returned ${vectors.length} vectors for ${pending.length} clauses`);
  const stored = await store(() =>
    deps.engine.setVectors(pending.map((c, i) => ({ clauseId: c.id, text: c.text, vector: vectors[i] as Float32Array }))),
  );
  return { texts: pending.length, stored, ms: performance.now() - started };
}

/** Computes every missing vector (or the first `maxClauses`), in batches, before returning (`npm run index`). */
export async function fillVectors(
  deps: VectorFillDeps,
  opts: { onProgress?: (p: { done: number; total: number }) => void; maxClauses?: number } = {},
): Promise<{ stored: number }> {
  const start = await deps.engine.coverage();
  const total = Math.min(start.clauses - start.embedded, opts.maxClauses ?? Infinity);
  let stored = 0;
  let empty = 0;
  if (total > 0) opts.onProgress?.({ done: 0, total });
  for (;;) {
    if (stored >= total) break;
    const batch = await fillBatch({ ...deps, batchSize: Math.min(deps.batchSize ?? VECTOR_BATCH, total - stored) });
    if (batch === null) break;
    stored += batch.stored;
    empty = batch.stored === 0 ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_BATCHES) break;
    opts.onProgress?.({ done: Math.min(total, stored), total });
  }
  return { stored };
}

/** What the background computation is doing, for `/api/health` and the pages. */
export interface BackfillStatus {
  /** `working`: computing; `idle`: nothing waiting; `paused`: an indexing run is writing; `failed`: the last batch failed (retrying). */
  state: 'working' | 'idle' | 'paused' | 'failed' | 'stopped';
  coverage: VectorCoverage;
  /** Clauses per second over the last batches, as measured; null before the first batch. */
  ratePerSecond: number | null;
  /** Seconds until every clause has its vector at that rate; null when unknown, 0 when complete. */
  etaSeconds: number | null;
  /** Why the last batch failed (state `failed`). */
  error?: string;
}

/**
 * The background computation in the server: runs while clauses wait for vectors, sleeps when none do, and
 * wakes when an indexing run wrote new clauses. An indexing run goes through {@link exclusive}: no batch is
 * stored while it writes, and no new batch starts until it is done (the model would slow the run down).
 */
export class VectorBackfill {
  private state: BackfillStatus['state'] = 'idle';
  private error: string | undefined;
  private readonly recent: BatchResult[] = [];
  private holds = 0;
  private writes: Promise<unknown> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: VectorFillDeps & { log?: Pick<Logger, 'info' | 'warn'> }) {}

  /** Starts the loop (once). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Asks the loop to look for waiting clauses again. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Runs `fn` (an indexing run) with no vectors written meanwhile, then wakes the loop. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.holds++;
    try {
      return await this.serialised(fn);
    } finally {
      this.holds--;
      this.wake();
    }
  }

  /** Stops after the batch in flight; its vectors are stored (or, if the process dies first, cached). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    this.state = 'stopped';
  }

  async status(): Promise<BackfillStatus> {
    const coverage = await this.deps.engine.coverage();
    const rate = this.rate();
    const missing = coverage.clauses - coverage.embedded;
    return {
      state: this.holds > 0 ? 'paused' : this.state,
      coverage,
      ratePerSecond: rate,
      etaSeconds: missing === 0 ? 0 : rate === null ? null : Math.round(missing / rate),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  private rate(): number | null {
    const texts = this.recent.reduce((n, b) => n + b.texts, 0);
    const ms = this.recent.reduce((n, b) => n + b.ms, 0);
    return texts === 0 || ms === 0 ? null : texts / (ms / 1000);
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }

  private sleep(ms: number | null): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === null ? null : setTimeout(done, ms);
      function done() {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }

  private async loop(): Promise<void> {
    let empty = 0;
    while (!this.stopped) {
      if (this.holds > 0) {
        // An indexing run is on: wait for it (exclusive() wakes us when it ends).
        await this.sleep(1000);
        continue;
      }
      let batch: BatchResult | null;
      try {
        this.state = 'working';
        batch = await fillBatch(this.deps, (write) => this.serialised(write));
        this.error = undefined;
      } catch (error) {
        this.state = 'failed';
        this.error = error instanceof Error ? error.message : String(error);
        this.deps.log?.warn({ err: error }, 'computing clause vectors failed; trying again shortly');
        await this.sleep(RETRY_MS);
        continue;
      }
      empty = batch === null || batch.stored > 0 ? 0 : empty + 1;
      if (batch === null || empty >= MAX_EMPTY_BATCHES) {
        this.state = 'idle';
        empty = 0;
        await this.sleep(null);
        continue;
      }
      this.recent.push(batch);
      if (this.recent.length > RATE_WINDOW) this.recent.shift();
    }
  }
}
