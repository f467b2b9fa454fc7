/**
 * `npm run load [-- --connections 50 --duration 30] [--url http://127.0.0.1:PORT]`: many users at once.
 * autocannon sends a rotating mix of searches (keyword, semantic, hybrid over the fixed query list, similar
 * clauses, the HTML search page) to the app and reports requests/s, p95 latency, errors and non-2xx answers;
 * the run is added to test/bench/results/latest.{json,md}.
 *
 * Without --url the app is started in a child process of its own (test/bench/load-server.ts) on an
 * ephemeral loopback port with the rate limit raised (RATE_LIMIT_PER_MINUTE would otherwise turn most of
 * the load into 429s); autocannon runs here, so the generator never shares the server's event loop. With
 * --url the target must be on the loopback interface: this tool never sends load to another machine.
 * Every run records the machine (CPU model, vector features) and the load average around it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { parseOptions } from '../../indexer/command-line.js';
import autocannon from 'autocannon';
import { BENCH_QUERIES } from './queries.js';
import { describeMachine, machineInfo } from './machine.js';
import { appendLoadRun } from './report.js';
import type { LoadRun } from './report.js';
import type { LoadServerReady, LoadServerStats } from './load-server.js';
import { LOAD_RATE_LIMIT, requireLoopback } from './serve-in-process.js';
import { summarize } from './stats.js';

const USAGE = `Usage: npm run load [-- --connections 50] [--duration 30] [--url http://127.0.0.1:PORT] [--no-save]

Without --url, starts the app in a child process (DATA_DIR's index, built if missing) on 127.0.0.1 with
RATE_LIMIT_PER_MINUTE raised so the limiter does not answer the load with 429s; the load generator runs
in this process.`;

/** How long the child may take to open the model and index (and build the index when it is stale). */
const SERVER_START_TIMEOUT_MS = 10 * 60_000;

/** A running server process and how to stop it. */
interface ChildServer {
  ready: LoadServerReady;
  /** Stops the server and returns what it printed last (its query vector cache counters). */
  stop(): Promise<LoadServerStats | null>;
}

/** Starts test/bench/load-server.ts under tsx in its own process and waits for its ready line. */
function startServerProcess(): Promise<ChildServer> {
  const script = fileURLToPath(new URL('./load-server.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    env: process.env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  let lastLine: string | null = null;
  lines.on('line', (line) => (lastLine = line));
  // Its last line may be read after the exit event: wait for the end of its output too.
  const outputEnded = new Promise<void>((resolve) => lines.once('close', () => resolve()));
  const stop = async (): Promise<LoadServerStats | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all([exited, outputEnded]);
    try {
      return lastLine === null ? null : (JSON.parse(lastLine) as LoadServerStats);
    } catch {
      return null;
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the server process did not start within ${SERVER_START_TIMEOUT_MS / 1000} s`));
    }, SERVER_START_TIMEOUT_MS);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ ready: JSON.parse(line) as LoadServerReady, stop });
      } catch {
        void stop();
        reject(new Error(`the server process printed ${JSON.stringify(line)} instead of its address`));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server process exited (${signal ?? `code ${code}`}) before it was ready`));
    });
  });
}

/** Clause ids for the similar requests, taken from a real search so they exist in the served index. */
async function sampleClauseIds(base: string): Promise<string[]> {
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent('知识产权')}&mode=keyword&limit=20`);
  if (!res.ok) throw new Error(`GET /api/search answered ${res.status}; is ${base} a Tiaowen server?`);
  const body = (await res.json()) as { hits: Array<{ id: string }> };
  return body.hits.map((h) => h.id);
}

/** The rotating request mix: each query in each search mode, similar for a few clauses, and the HTML page. */
function loadPaths(clauseIds: readonly string[]): string[] {
  const paths: string[] = [];
  for (const { q } of BENCH_QUERIES) {
    for (const mode of ['keyword', 'semantic', 'hybrid']) paths.push(`/api/search?q=${encodeURIComponent(q)}&mode=${mode}`);
  }
  for (const id of clauseIds.slice(0, 8)) paths.push(`/api/clauses/${encodeURIComponent(id)}/similar`);
  for (const { q } of BENCH_QUERIES.filter((_, i) => i % 4 === 0)) paths.push(`/?q=${encodeURIComponent(q)}&mode=hybrid`);
  return paths;
}

async function main(): Promise<number> {
  const parsed = parseOptions(
    {
      connections: { type: 'string', default: '50' },
      duration: { type: 'string', default: '30' },
      url: { type: 'string' },
      'no-save': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values } = parsed;
  const connections = Number(values.connections);
  const duration = Number(values.duration);
  if (!Number.isInteger(connections) || connections < 1 || !Number.isFinite(duration) || duration <= 0) {
    process.stderr.write(`--connections must be a whole number ≥ 1 and --duration a number of seconds > 0\n`);
    return 2;
  }
  let served: ChildServer | null = null;
  let base: string;
  let setup: string;
  if (values.url) {
    try {
      base = requireLoopback(values.url).origin;
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    setup = `server at ${base} (its own configuration and rate limit)`;
  } else {
    process.stderr.write('starting the app in a child process…\n');
    served = await startServerProcess();
    base = served.ready.url;
    setup = `app in its own process (pid ${served.ready.pid}), load generator in another; ${served.ready.engine}, RATE_LIMIT_PER_MINUTE=${LOAD_RATE_LIMIT} (raised for the test)`;
  }
  try {
    const machine = machineInfo();
    const loadAtStart = os.loadavg()[0] as number;
    process.stderr.write(`machine: ${describeMachine(machine)}; 1-minute load average ${loadAtStart.toFixed(2)}\n`);
    const paths = loadPaths(await sampleClauseIds(base));
    let next = 0;
    const latencies: number[] = [];
    process.stderr.write(`${connections} connections for ${duration} s against ${base}, rotating ${paths.length} URLs…\n`);
    const instance = autocannon({
      url: base,
      connections,
      duration,
      requests: [
        {
          method: 'GET',
          // One shared counter: consecutive requests, whichever connection sends them, take the next URL.
          setupRequest: (request: Record<string, unknown>) => ({ ...request, path: paths[next++ % paths.length] }),
        },
      ],
    });
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
    const result = await instance;
    const summary = latencies.length ? summarize(latencies) : null;
    const run: LoadRun = {
      at: new Date().toISOString(),
      url: base,
      setup: `${setup}; ${paths.length} URLs: ${BENCH_QUERIES.length} queries × keyword/semantic/hybrid, similar, HTML page`,
      connections,
      durationS: result.duration,
      requests: result.requests.total,
      requestsPerSecond: result.requests.total / result.duration,
      latencyMs: { p50: summary?.p50 ?? 0, p95: summary?.p95 ?? 0, p99: summary?.p99 ?? 0, max: summary?.max ?? 0 },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      machine,
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] as number },
    };
    process.stdout.write(
      `${run.requests} requests in ${run.durationS.toFixed(1)} s: ${run.requestsPerSecond.toFixed(1)} req/s, ` +
        `latency p50 ${run.latencyMs.p50.toFixed(1)} ms, p95 ${run.latencyMs.p95.toFixed(1)} ms, p99 ${run.latencyMs.p99.toFixed(1)} ms; ` +
        `errors ${run.errors}, timeouts ${run.timeouts}, non-2xx ${run.non2xx}\n`,
    );
    // The server's query vector cache: how many semantic/hybrid requests were answered without the model.
    const stats = served === null ? null : await served.stop();
    served = null;
    if (stats?.queryVectorCache) {
      const { hits, misses } = stats.queryVectorCache;
      run.queryVectorCache = { hits, misses, hitRate: hits + misses === 0 ? 0 : hits / (hits + misses) };
      process.stdout.write(`query vector cache: ${hits} hits, ${misses} misses (${(100 * run.queryVectorCache.hitRate).toFixed(1)} % answered from memory)\n`);
    }
    if (!values['no-save']) {
      await appendLoadRun(run);
      process.stderr.write('added to test/bench/results/latest.json and latest.md\n');
    }
    return run.errors + run.timeouts + run.non2xx === 0 ? 0 : 1;
  } finally {
    await served?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`load test failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
