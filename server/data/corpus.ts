/**
 * What the pages say about the corpus as a whole: how many documents, which years. The subtitle under the
 * site name and the year chart's axis come from it, so the site describes whatever SEEDS_DIR holds rather
 * than one district's policies. Listed from the engine once per index build (listing 3,335 documents on every
 * page would cost more than the search), keyed by the index's fingerprint and build time; whether the index
 * changed is asked at most once every {@link SUMMARY_RECHECK_MS} (on Meilisearch every `stats()` is an HTTP
 * request, and a corpus that changes weekly may show yesterday's count for a few seconds).
 */
import type { SearchEngine } from '../../core/engine/types.js';
import type { AppDeps } from './deps.js';

export interface CorpusSummary {
  documents: number;
  /** First and last year of the documents that have one; null when none has. */
  years: { first: number; last: number } | null;
}

/** The subtitle when the index cannot be read (an error page while the engine is down). */
export const FALLBACK_SUBTITLE = '政策与法规条款检索';

/** How long a corpus summary is shown before the engine is asked again whether the index changed. */
export const SUMMARY_RECHECK_MS = 5_000;

const cache = new WeakMap<SearchEngine, { key: string; summary: CorpusSummary; checkedAt: number }>();

/** The corpus summary of the current index; null when the engine cannot be read. */
export async function getCorpusSummary(deps: Pick<AppDeps, 'engine'>, now: () => number = Date.now): Promise<CorpusSummary | null> {
  const cached = cache.get(deps.engine);
  if (cached && now() - cached.checkedAt < SUMMARY_RECHECK_MS) return cached.summary;
  try {
    const stats = await deps.engine.stats();
    const key = `${stats.fingerprint}|${stats.builtAt}|${stats.documents}|${stats.clauses}`;
    if (cached?.key === key) {
      cached.checkedAt = now();
      return cached.summary;
    }
    const years = (await deps.engine.listDocuments()).map((d) => d.year).filter((y): y is number => typeof y === 'number');
    const summary: CorpusSummary = {
      documents: stats.documents,
      years: years.length > 0 ? { first: Math.min(...years), last: Math.max(...years) } : null,
    };
    cache.set(deps.engine, { key, summary, checkedAt: now() });
    return summary;
  } catch {
    // The page itself reports an unreachable engine; its header must not fail with it.
    return null;
  }
}

/** The site's subtitle: the configured one, else `3,335 份文件 · 1979–2023` for the corpus. */
export function siteSubtitle(configured: string | undefined, corpus: CorpusSummary | null): string {
  if (configured) return configured;
  if (!corpus || corpus.documents === 0) return FALLBACK_SUBTITLE;
  const count = `${corpus.documents.toLocaleString('en-US')} 份文件`;
  if (!corpus.years) return count;
  const { first, last } = corpus.years;
  return `${count} · ${first === last ? first : `${first}–${last}`}`;
}

/**
 * The subtitle from the last summary read, without asking the engine: for error pages, which must render
 * when the engine is what failed.
 */
export function lastKnownSubtitle(deps: Pick<AppDeps, 'engine' | 'config'>): string {
  return siteSubtitle(deps.config.siteSubtitle, cache.get(deps.engine)?.summary ?? null);
}

/** Both at once, for a page route. */
export async function getSite(deps: Pick<AppDeps, 'engine' | 'config'>): Promise<{ corpus: CorpusSummary | null; subtitle: string }> {
  const corpus = await getCorpusSummary(deps);
  return { corpus, subtitle: siteSubtitle(deps.config.siteSubtitle, corpus) };
}
