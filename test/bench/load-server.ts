/**
 * The app for `npm run load`, in a process of its own: the load generator runs in the parent, so what
 * the run measures is the server, not autocannon competing with it inside one event loop. Serves like
 * `npm start` (same config, runtime and staleness check) with the rate limit raised, on 127.0.0.1:0,
 * then prints one JSON line `{"url": …, "engine": …}` on stdout for the parent, and when told to stop a
 * second one with the query vector cache's counters (`{"queryVectorCache": {hits, misses, size}}`).
 *
 * It exits when told to (SIGTERM/SIGINT) and when its stdin closes, so a parent that dies never leaves
 * a server behind. An entry point: import only its types (importing it would start a server).
 */
import { LOAD_RATE_LIMIT, serveInProcess } from './serve-in-process.js';

/** The first line the server prints: where it listens and what it serves. */
export interface LoadServerReady {
  url: string;
  engine: string;
  pid: number;
}

/** The last line the server prints, as it stops. */
export interface LoadServerStats {
  queryVectorCache: { hits: number; misses: number; size: number } | null;
}

async function main(): Promise<void> {
  const served = await serveInProcess(process.env, { RATE_LIMIT_PER_MINUTE: LOAD_RATE_LIMIT, LOG_LEVEL: 'warn' });
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    const stats: LoadServerStats = { queryVectorCache: served.queryVectorCache() };
    process.stdout.write(`${JSON.stringify(stats)}\n`);
    await served.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.once('end', stop);
  process.stdin.once('close', stop);
  process.stdin.resume();
  const ready: LoadServerReady = { url: served.url, engine: served.config.engine.kind, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
