/**
 * The web app served from this process on an ephemeral loopback port, for `npm run eval` and
 * `npm run load` when no `--url` is given. Built like `npm start` builds it (same config, runtime and
 * staleness check), with the overrides the caller passes (e.g. a raised rate limit for the load test).
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { loadConfig } from '../../core/config.js';
import type { Config } from '../../core/config.js';
import { openRuntime } from '../../core/runtime.js';
import type { QueryCachedEmbedder } from '../../core/embedder/query-vector-cache.js';
import { indexIfStale } from '../../server/startup-index.js';

export interface ServedApp {
  /** http://127.0.0.1:PORT */
  url: string;
  config: Config;
  /** The query vector cache's counters since start (core/embedder/query-vector-cache.ts), if the embedder has one. */
  queryVectorCache(): { hits: number; misses: number; size: number } | null;
  close(): Promise<void>;
}

/** High enough that one client IP (all load connections come from 127.0.0.1) is never limited during a run. */
export const LOAD_RATE_LIMIT = '100000000';

/** Loopback host names a benchmark may send traffic to. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Throws unless `url` is an http URL on this machine's loopback interface. */
export function requireLoopback(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--url ${url} is not a URL; expected e.g. http://127.0.0.1:3000`);
  }
  if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new Error(`--url must be http on 127.0.0.1 (or localhost / [::1]); refusing to send load to ${parsed.host}`);
  }
  return parsed;
}

/**
 * Opens the runtime for the configuration in `env` plus `overrides`, makes sure the index is current
 * (as `npm start` does: builds it in DATA_DIR when missing or stale), and serves the app on 127.0.0.1:0.
 */
export async function serveInProcess(env: Record<string, string | undefined>, overrides: Record<string, string>): Promise<ServedApp> {
  const config = loadConfig({ ...env, ...overrides, HOST: '127.0.0.1', PORT: '0' });
  const log = pino({ level: config.logLevel });
  const runtime = await openRuntime(config, { role: config.engine.kind === 'sqlite' ? 'admin' : 'search', log });
  try {
    await indexIfStale(config, runtime, log);
    // Imported late: only the entry points that serve need the web app.
    const { createApp } = await import('../../server/app.js');
    const app = createApp({ config, engine: runtime.engine, embedder: runtime.embedder, logger: log });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      config,
      queryVectorCache: () => {
        const embedder = runtime.embedder as Partial<QueryCachedEmbedder>;
        return typeof embedder.queryStats === 'function' ? embedder.queryStats() : null;
      },
      async close() {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
