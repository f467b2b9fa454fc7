/**
 * Serialises index syncs from every source of change (the folder watcher, the admin page, the reindex API).
 * A caller always gets a sync that *started after* its call: a change made while a sync is running is picked
 * up by the next one, never lost in the one already reading the folder. Callers that arrive while a sync runs
 * share the single sync queued behind it.
 */
import type { Logger } from 'pino';
import type { IndexReport } from '../../indexer/pipeline.js';

export interface SeedsSync {
  /** A sync that starts after this call; `reason` is logged (`watch`, `upload`, `reindex`). */
  sync(reason: string): Promise<IndexReport>;
  /** The report of the last finished sync, null before the first. */
  lastReport(): IndexReport | null;
  /** True while a sync runs or waits to run. */
  busy(): boolean;
}

export function createSeedsSync(run: () => Promise<IndexReport>, log: Logger): SeedsSync {
  let inFlight: Promise<IndexReport> | null = null;
  let queued: Promise<IndexReport> | null = null;
  let queuedReasons: string[] = [];
  let last: IndexReport | null = null;

  const start = (reasons: string[]): Promise<IndexReport> => {
    const started = performance.now();
    let current: Promise<IndexReport> | null = null;
    current = (async () => {
      try {
        const report = await run();
        last = report;
        // `unchanged` and `removed` files are fine; only these leave a file without its current document.
        const refused = report.files.filter((f) => f.status === 'failed' || f.status === 'kept-previous');
        log.info(
          { reasons, documents: report.documents, clauses: report.clauses, refused: refused.length, ms: Math.round(performance.now() - started) },
          'seeds synced',
        );
        return report;
      } catch (error) {
        log.error({ err: error, reasons }, 'seeds sync failed; the previous index keeps serving');
        throw error;
      } finally {
        if (inFlight === current) inFlight = null;
      }
    })();
    inFlight = current;
    return current;
  };

  return {
    sync(reason) {
      if (!inFlight) return start([reason]);
      queuedReasons.push(reason);
      queued ??= inFlight
        .catch(() => undefined)
        .then(() => {
          const reasons = queuedReasons;
          queued = null;
          queuedReasons = [];
          return inFlight ?? start(reasons);
        });
      return queued;
    },
    lastReport: () => last,
    busy: () => inFlight !== null || queued !== null,
  };
}
