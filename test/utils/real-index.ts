/**
 * The real corpus index built once by global-setup: real parser, jieba, bge-small-zh, embedded engine.
 * Use it for tests that assert what a user sees on the real texts.
 */
import pino from 'pino';
import { inject } from 'vitest';
import { loadConfig } from '../../core/config.js';
import type { Config } from '../../core/config.js';
import { openRuntime } from '../../core/runtime.js';
import type { Runtime } from '../../core/runtime.js';

let opened: Promise<{ config: Config; runtime: Runtime }> | null = null;

/** Opens (once per test file) the shared real index with the real model for query embeddings. */
export function openRealIndex(): Promise<{ config: Config; runtime: Runtime }> {
  opened ??= (async () => {
    const dataDir = inject('realIndexDataDir');
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config, { role: 'search', log: pino({ level: 'silent' }) });
    return { config, runtime };
  })();
  return opened;
}
