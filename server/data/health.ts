/** Data for `/api/health`: is the engine answering, which model, how much is indexed. */
import type { EngineHealth, EngineStats } from '../../core/engine/types.js';
import type { AppDeps } from './deps.js';

export interface HealthData {
  /** True when the engine answers and holds an index: the app can serve searches. */
  ok: boolean;
  engine: EngineHealth;
  model: { id: string; dimensions: number };
  counts: { documents: number; clauses: number } | null;
  builtAt: string | null;
  fingerprint: string | null;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function getHealthData(deps: AppDeps): Promise<HealthData> {
  const model = { id: deps.embedder.modelId, dimensions: deps.embedder.dimensions };
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
  if (stats && stats.clauses === 0) {
    engine = { ...engine, ok: false, message: engine.message ?? '索引为空，请先运行 `npm run index`（the index is empty; run `npm run index`）' };
  }
  return {
    ok: engine.ok,
    engine,
    model,
    counts: stats ? { documents: stats.documents, clauses: stats.clauses } : null,
    builtAt: stats?.builtAt ?? null,
    fingerprint: stats?.fingerprint ?? null,
  };
}
