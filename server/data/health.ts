/** Data for `/api/health`: is the engine answering, which model, how much is indexed, how much has its vectors. */
import type { EngineHealth, EngineStats } from '../../core/engine/types.js';
import type { AppDeps } from './deps.js';
import { vectorCoverage, type VectorCoverageData } from './coverage.js';

export interface HealthData {
  /** True when the engine answers and holds an index: the app can serve searches. */
  ok: boolean;
  engine: EngineHealth;
  model: { id: string; dimensions: number };
  counts: { documents: number; clauses: number } | null;
  builtAt: string | null;
  fingerprint: string | null;
  /** Keeping the index current: whether a run is on, and what the last one did (null when this process does not index). */
  indexing: {
    running: boolean;
    lastRunAt: string | null;
    /** Files of the last run by status (indexed, unchanged, removed, kept-previous, failed). */
    lastRun: { mode: 'full' | 'incremental'; durationMs: number; files: Record<string, number> } | null;
  } | null;
  /** How many clauses semantic search can see, and when the rest will be in; null when the engine cannot tell. */
  vectors: VectorCoverageData | null;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Shown while the first index is being built (the server answers meanwhile). */
export const BUILDING_INDEX_MESSAGE = '索引正在建立，请稍候（the index is being built）';

export async function getHealthData(deps: AppDeps): Promise<HealthData> {
  const model = { id: deps.embedder.modelId, dimensions: deps.embedder.dimensions };
  const sync = deps.syncStatus ? await deps.syncStatus().catch(() => null) : null;
  let engine: EngineHealth;
  try {
    engine = await deps.engine.health();
  } catch (error) {
    engine = { ok: false, engine: deps.engine.name, message: reason(error) };
  }
  let stats: EngineStats | null = null;
  if (engine.ok) {
    try {
      stats = await deps.engine.stats();
    } catch (error) {
      engine = { ok: false, engine: deps.engine.name, message: reason(error) };
    }
  }
  // A missing (or outdated) embedded index during a run is the first build, not a fault.
  if (sync?.syncing && !engine.ok) {
    engine = { ...engine, message: BUILDING_INDEX_MESSAGE };
  }
  if (stats && stats.clauses === 0) {
    const empty = sync?.syncing ? BUILDING_INDEX_MESSAGE : '索引为空，请先运行 `npm run index`（the index is empty; run `npm run index`）';
    engine = { ...engine, ok: false, message: engine.message ?? empty };
  }
  let lastRun: NonNullable<HealthData['indexing']>['lastRun'] = null;
  if (sync?.lastReport) {
    const files: Record<string, number> = {};
    for (const f of sync.lastReport.files) files[f.status] = (files[f.status] ?? 0) + 1;
    lastRun = { mode: sync.lastReport.mode, durationMs: sync.lastReport.durationMs, files };
  }
  return {
    ok: engine.ok,
    engine,
    model,
    counts: stats ? { documents: stats.documents, clauses: stats.clauses } : null,
    builtAt: stats?.builtAt ?? null,
    fingerprint: stats?.fingerprint ?? null,
    indexing: sync ? { running: sync.syncing, lastRunAt: sync.lastRunAt, lastRun } : null,
    vectors: engine.ok || sync ? await vectorCoverage(deps).catch(() => null) : null,
  };
}
