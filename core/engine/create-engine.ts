import type { Logger } from 'pino';
import type { Tokenizer } from '../types.js';
import type { Config } from '../config.js';
import { createMeiliEngine } from './meili/meili-engine.js';
import { createSqliteEngine } from './sqlite/sqlite-engine.js';
import type { SearchEngine } from './types.js';

/** Engine names a deployment can choose from (the ENGINE setting). */
export const ENGINE_NAMES = ['sqlite', 'meilisearch'] as const;

export class UnknownEngineError extends Error {
  constructor(name: string) {
    super(`Unknown search engine "${name}". Choose one of: ${ENGINE_NAMES.join(', ')}.`);
    this.name = 'UnknownEngineError';
  }
}

/**
 * The one place the engine is chosen. `role` says who is asking: the web server only searches
 * (Meilisearch: a search-only key), the indexer writes (Meilisearch: the master key, server-side only).
 */
export async function createEngine(
  config: Config['engine'],
  deps: { tokenizer: Tokenizer; role: 'search' | 'admin'; log?: Logger },
): Promise<SearchEngine> {
  switch (config.kind) {
    case 'sqlite':
      return createSqliteEngine({ file: config.file, tokenizer: deps.tokenizer, log: deps.log });
    case 'meilisearch':
      return createMeiliEngine(config, deps);
    default:
      throw new UnknownEngineError((config as { kind: string }).kind);
  }
}
