/**
 * Worker threads that read, parse and tokenise source files (parse-worker.ts), so a large batch — an archive
 * dropped in at once, a first build — uses every core while this thread stays free to answer requests. Files
 * go out a few at a time to whichever worker is free, and results come back by position, so the outcome is
 * the one a single thread would give.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../core/worker-thread.js';
import type { TokenizerRecipe } from '../core/types.js';
import type { ParsedFile, SourceFile } from './parse-sources.js';

/** Files per message: enough to keep the messaging cheap, few enough to share the tail out evenly. */
const FILES_PER_JOB = 8;

export interface PoolOptions {
  workers: number;
  /** The tokenizer each worker builds for the clauses' words; null for parsing alone. */
  tokenizer: TokenizerRecipe | null;
  /** Called as each file's result arrives (in no fixed order). */
  onParsed?: (file: string) => void;
}

export interface WorkerSetup {
  tokenizer: TokenizerRecipe | null;
}
export interface WorkerJob {
  id: number;
  files: SourceFile[];
}
export type WorkerReply = { id: number; results: ParsedFile[] } | { id: number; error: string };

/** Parses `files` in `workers` threads; rejects (and stops them all) if one fails. */
export async function parseInWorkers(files: readonly SourceFile[], options: PoolOptions): Promise<ParsedFile[]> {
  const results: ParsedFile[] = new Array(files.length);
  const jobs: Array<{ start: number; files: SourceFile[] }> = [];
  for (let start = 0; start < files.length; start += FILES_PER_JOB) jobs.push({ start, files: files.slice(start, start + FILES_PER_JOB) });
  const workers = Array.from({ length: Math.max(1, Math.min(options.workers, jobs.length)) }, () =>
    startWorker({ tokenizer: options.tokenizer }),
  );
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              const job = next < jobs.length ? next++ : null;
              if (job === null) return resolve();
              worker.postMessage({ id: job, files: (jobs[job] as (typeof jobs)[number]).files } satisfies WorkerJob);
            };
            worker.on('message', (reply: WorkerReply) => {
              if ('error' in reply) return reject(new Error(`parse worker: ${reply.error}`));
              const { start, files: sent } = jobs[reply.id] as (typeof jobs)[number];
              reply.results.forEach((result, i) => {
                results[start + i] = result;
                options.onParsed?.((sent[i] as SourceFile).name);
              });
              give();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new Error(`parse worker exited with code ${code} before its work was done`)));
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** A worker on parse-worker.ts. */
function startWorker(setup: WorkerSetup): Worker {
  return startModuleWorker(import.meta.url, './parse-worker.js', setup);
}
