/**
 * A full build's trigram index, built beside the main database by a worker thread. The trigram index is the
 * largest part of a first build's serial SQLite work (on the 3,331 legislation texts about 15 s of 35, with
 * one core idle meanwhile): the worker indexes the clause texts as the build writes them, into a side
 * database with the same table definition, and the build copies the finished index's four shadow tables into
 * the generation file — half a second — instead of running FTS5's 'rebuild' itself. The copy is what SQLite
 * itself would have written (same library, same definition, same rowids); a test runs FTS5's own
 * integrity check against the clause texts after it. If the worker fails, the build falls back to 'rebuild'.
 */
import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { startModuleWorker } from '../../worker-thread.js';

/** The trigram table's shadow tables: everything FTS5 stores for an external-content table. */
const SHADOW_TABLES = ['data', 'idx', 'docsize', 'config'].map((s) => `clause_trigrams_${s}`);

/** Below this many clauses a worker's start-up (about a second under tsx) costs more than it saves. */
export const SIDE_TRIGRAMS_MIN_CLAUSES = 20_000;

export type TrigramWorkerMessage = { kind: 'rows'; rowids: number[]; texts: string[] } | { kind: 'finish' };
export type TrigramWorkerReply = { kind: 'done' } | { kind: 'error'; message: string };

/** The side database's file for a generation (removed with it, see index-builder.ts). */
export const sideTrigramFile = (generation: string): string => `${generation}-trigrams`;

export class SideTrigramBuild {
  private failure: Error | null = null;
  private readonly finished: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly file: string,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: TrigramWorkerReply) => {
        if (reply.kind === 'done') resolve();
        else reject(new Error(`trigram worker: ${reply.message}`));
      });
      worker.once('error', (error) => reject(new Error(`trigram worker: ${error.message}`, { cause: error })));
      worker.once('exit', (code) => reject(new Error(`trigram worker exited with code ${code} before it finished`)));
    });
    // Remembered for copyInto; until then a failure only stops rows being sent.
    this.finished.catch((error: Error) => {
      this.failure = error;
    });
  }

  static start(generation: string): SideTrigramBuild {
    const file = sideTrigramFile(generation);
    fs.rmSync(file, { force: true });
    return new SideTrigramBuild(startModuleWorker(import.meta.url, './trigram-build-worker.js', { file }), file);
  }

  /** Clause texts just written to the main database, with their rowids. */
  add(rowids: number[], texts: string[]): void {
    if (this.failure === null) this.worker.postMessage({ kind: 'rows', rowids, texts } satisfies TrigramWorkerMessage);
  }

  /**
   * Waits for the worker's index and copies it into `db`'s (empty) trigram table. Throws if the worker
   * failed; the side database is removed either way.
   */
  async copyInto(db: Database.Database): Promise<void> {
    try {
      this.worker.postMessage({ kind: 'finish' } satisfies TrigramWorkerMessage);
      await this.finished;
      db.prepare('attach database ? as side').run(this.file);
      try {
        // Shadow tables are read-only to SQL in defensive mode, which better-sqlite3 turns on by default.
        db.unsafeMode(true);
        try {
          for (const table of SHADOW_TABLES) db.exec(`delete from main.${table}; insert into main.${table} select * from side.${table};`);
        } finally {
          db.unsafeMode(false);
        }
      } finally {
        db.exec('detach database side');
      }
    } finally {
      await this.abandon();
    }
  }

  /** Stops the worker and removes the side database. */
  async abandon(): Promise<void> {
    await this.worker.terminate();
    fs.rmSync(this.file, { force: true });
  }
}
