/**
 * How much of the index semantic search can see: clauses with vectors out of all clauses, and an estimate of
 * when the rest will be in, at the rate the running embedder is measured at. Shown by `/api/health`, on every
 * page while it is partial (`语义索引 12,340 / 320,512 条 · 约 5 小时`) and with every semantic or hybrid answer.
 */
import type { AppDeps } from './deps.js';

export interface VectorCoverageData {
  clauses: number;
  embedded: number;
  /** False while some clauses wait for their vector: semantic and hybrid answers leave those out. */
  complete: boolean;
  /** `working`, `idle`, `paused`, `failed`, `stopped`; null when this process does not compute vectors. */
  state: string | null;
  /** Clauses per second the embedder is measured at; null when unknown. */
  ratePerSecond: number | null;
  /** Seconds until every clause has its vector; null when unknown. */
  etaSeconds: number | null;
}

/** Coverage from the engine, with the rate and estimate of the background computation when there is one. */
export async function vectorCoverage(deps: AppDeps): Promise<VectorCoverageData> {
  const sync = deps.syncStatus ? await deps.syncStatus().catch(() => null) : null;
  const background = sync?.vectors ?? null;
  const coverage = background?.coverage ?? (await deps.engine.coverage());
  const rate = background?.ratePerSecond ?? null;
  return {
    clauses: coverage.clauses,
    embedded: coverage.embedded,
    complete: coverage.embedded >= coverage.clauses,
    state: background?.state ?? null,
    ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
    etaSeconds: background?.etaSeconds ?? null,
  };
}
