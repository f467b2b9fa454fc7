/**
 * The benchmark record: one JSON document for machines and the Markdown tables for people, both written
 * to test/bench/results/latest.{json,md}. `npm run bench` writes the measurements; `npm run load` and
 * `npm run eval` add their sections to the same record, so one file tells the whole story of a machine.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, machineInfo, type MachineInfo } from './machine.js';
import type { LatencySummary } from './stats.js';

export { describeMachine, machineInfo, type MachineInfo } from './machine.js';

/** Where the latest results are kept (committed, so the README can show them). */
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** A target from issue 6: a figure must stay at most (`<=`) or at least (`>=`) a value. */
export interface Target {
  op: '<=' | '>=';
  value: number;
}

/** A single measured figure (throughput, a duration, a size). */
export interface ScalarMetric {
  corpus: string;
  engine: string;
  name: string;
  /** Null when it could not be measured; `note` says why. */
  value: number | null;
  unit: string;
  target?: Target;
  note?: string;
}

/** One search mode measured over the query list, with the floor measured in the same run. */
export interface LatencyRow {
  corpus: string;
  engine: string;
  mode: string;
  latency: LatencySummary;
  floor: LatencySummary | null;
  /** What the floor is (brute-force cosine scan, substring scan …). */
  floorName: string | null;
  /** Target on p95, in ms. */
  target?: Target;
  note?: string;
}

/** Latency of one mode split by query shape (test/bench/queries.ts): where the time goes. */
export interface ShapeRow {
  corpus: string;
  engine: string;
  mode: string;
  /** Per shape: median and slowest sample, ms. */
  cells: Record<string, { count: number; p50: number; max: number }>;
}

export interface LoadRun {
  at: string;
  url: string;
  /** Where the server ran and how it was configured (rate limit raised, engine, corpus). */
  setup: string;
  connections: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** The machine the load ran on (a load run may be newer than the bench record it is added to). */
  machine?: MachineInfo;
  /** 1-minute load average before and after: above ~0.5 on 2 cores, something else was competing. */
  loadAverage?: { start: number; end: number };
  /** The server's query vector cache over the run (semantic and hybrid requests embed through it). */
  queryVectorCache?: { hits: number; misses: number; hitRate: number };
}

export interface EvalModeScores {
  queries: number;
  ndcg10: number;
  recall10: number;
  recall50: number;
  mrr: number;
  /** Mean number of the top 10 that nobody judged (counted as 0). */
  unjudged10?: number;
  /** Keyword mode only: mean share of the clauses containing every term that came back (the promise: 1). */
  exactTermRecall?: number;
}

export interface EvalRun {
  at: string;
  url: string;
  queryInstruction: 'on' | 'off';
  judgedQueries: number;
  modes: Record<string, EvalModeScores>;
}

export interface BenchRecord {
  generatedAt: string;
  command: string;
  machine: MachineInfo;
  /** How to read the figures (what is synthetic, what "server-side" includes). */
  notes: string[];
  /** "skipped (MEILI_URL not set)" or where it was measured. */
  meilisearch: string;
  metrics: ScalarMetric[];
  latency: LatencyRow[];
  shapes: ShapeRow[];
  /** Figures that could not be measured in this run, and why. */
  gaps: string[];
  load: LoadRun[];
  eval: Partial<Record<'on' | 'off', EvalRun>>;
}

/** How many load runs the record keeps (newest first). */
const LOAD_RUNS_KEPT = 5;

/** ✓ when the target is met; otherwise ✗ and by how much. */
export function checkTarget(value: number | null, target: Target | undefined): string {
  if (!target) return '';
  if (value === null) return '✗ not measured';
  if (target.op === '<=') {
    if (value <= target.value) return '✓';
    return `✗ ${formatNumber(value / target.value)}× the target (+${formatNumber(value - target.value)})`;
  }
  if (value >= target.value) return '✓';
  return `✗ ${Math.round((1 - value / target.value) * 100)} % short (−${formatNumber(target.value - value)})`;
}

/** Three significant figures at most, no exponent: 0.0123, 1.23, 12.3, 123, 12345. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100) return String(Math.round(value));
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  if (abs === 0) return '0';
  return value.toPrecision(2);
}

function formatTarget(target: Target | undefined, unit: string): string {
  return target ? `${target.op === '<=' ? '≤' : '≥'} ${formatNumber(target.value)} ${unit}` : '';
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/** The record as Markdown: machine, notes, one table per kind of figure, then load and eval sections. */
export function renderMarkdown(record: BenchRecord): string {
  const m = record.machine;
  const lines: string[] = [
    '# Tiaowen benchmarks',
    '',
    // A partial run replaces only its corpora's rows (merge.ts): the section notes say when each was measured.
    `Last written ${record.generatedAt} by \`${record.command}\` on ${describeMachine(m)}. Each corpus's note below says when and under which load its rows were measured.`,
    '',
    ...record.notes.map((n) => `- ${n}`),
    `- Meilisearch: ${record.meilisearch}.`,
    '',
  ];
  if (record.metrics.length) {
    lines.push('## Indexing, start-up and size', '');
    lines.push(
      ...table(
        ['corpus', 'engine', 'measure', 'value', 'target', ''],
        record.metrics.map((x) => [
          x.corpus,
          x.engine,
          x.note ? `${x.name} (${x.note})` : x.name,
          x.value === null ? '—' : `${formatNumber(x.value)} ${x.unit}`,
          formatTarget(x.target, x.unit),
          checkTarget(x.value, x.target),
        ]),
      ),
      '',
    );
  }
  if (record.latency.length) {
    lines.push('## Search latency, server-side (ms)', '');
    lines.push(
      ...table(
        ['corpus', 'engine', 'mode', 'n', 'p50', 'p95', 'p99', 'floor p50', 'floor p95', '× floor (p95)', 'target p95', ''],
        record.latency.map((r) => [
          r.corpus,
          r.engine,
          r.note ? `${r.mode} (${r.note})` : r.mode,
          String(r.latency.count),
          formatNumber(r.latency.p50),
          formatNumber(r.latency.p95),
          formatNumber(r.latency.p99),
          r.floor ? formatNumber(r.floor.p50) : '',
          r.floor ? formatNumber(r.floor.p95) : '',
          r.floor ? `${formatNumber(r.latency.p95 / r.floor.p95)}×` : '',
          formatTarget(r.target, 'ms'),
          checkTarget(r.latency.p95, r.target),
        ]),
      ),
      '',
    );
    const floors = [...new Set(record.latency.map((r) => r.floorName).filter((f): f is string => f !== null))];
    if (floors.length) lines.push(`Floors, measured in the same process on the same data: ${floors.join('; ')}.`, '');
  }
  if (record.shapes?.length) {
    const shapes = [...new Set(record.shapes.flatMap((r) => Object.keys(r.cells)))];
    lines.push('## Where the time goes: engine latency by query shape, p50 / max (ms)', '');
    lines.push(
      ...table(
        ['corpus', 'engine', 'mode', ...shapes],
        record.shapes.map((r) => [
          r.corpus,
          r.engine,
          r.mode,
          ...shapes.map((s) => {
            const c = r.cells[s];
            return c ? `${formatNumber(c.p50)} / ${formatNumber(c.max)}` : '';
          }),
        ]),
      ),
      '',
    );
  }
  if (record.gaps.length) lines.push('## Not measured', '', ...record.gaps.map((g) => `- ${g}`), '');
  if (record.load.length) {
    lines.push('## Load (`npm run load`)', '');
    lines.push(
      ...table(
        ['at', 'machine', 'setup', 'connections', 'duration', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'non-2xx', 'query vectors from cache'],
        record.load.map((l) => [
          l.at,
          l.machine ? describeMachine(l.machine) + (l.loadAverage ? `; load average ${l.loadAverage.start.toFixed(2)} → ${l.loadAverage.end.toFixed(2)}` : '') : 'not recorded',
          l.setup,
          String(l.connections),
          `${l.durationS} s`,
          String(l.requests),
          formatNumber(l.requestsPerSecond),
          formatNumber(l.latencyMs.p50),
          formatNumber(l.latencyMs.p95),
          formatNumber(l.latencyMs.p99),
          String(l.errors + l.timeouts),
          String(l.non2xx),
          l.queryVectorCache ? `${formatNumber(100 * l.queryVectorCache.hitRate)} % (${l.queryVectorCache.hits} hits, ${l.queryVectorCache.misses} misses)` : 'not recorded',
        ]),
      ),
      '',
    );
  }
  const evalRuns = (['on', 'off'] as const).map((k) => record.eval[k]).filter((r): r is EvalRun => r !== undefined);
  if (evalRuns.length) {
    lines.push('## Relevance (`npm run eval`)', '');
    const rows: string[][] = [];
    for (const run of evalRuns) {
      for (const [mode, s] of Object.entries(run.modes)) {
        rows.push([
          run.queryInstruction,
          mode,
          String(s.queries),
          s.ndcg10.toFixed(3),
          s.recall10.toFixed(3),
          s.recall50.toFixed(3),
          s.mrr.toFixed(3),
          s.exactTermRecall === undefined ? '' : s.exactTermRecall.toFixed(3),
          run.at,
        ]);
      }
    }
    lines.push(...table(['query instruction', 'split/mode', 'queries', 'nDCG@10', 'recall@10', 'recall@50', 'MRR', 'exact-term recall', 'at'], rows), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The record on disk, or null when there is none yet. */
export async function readRecord(dir = RESULTS_DIR): Promise<BenchRecord | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'latest.json'), 'utf8')) as BenchRecord;
  } catch {
    return null;
  }
}

/** Writes latest.json and latest.md together. */
export async function writeRecord(record: BenchRecord, dir = RESULTS_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify(record, null, 2)}\n`);
  await writeFile(path.join(dir, 'latest.md'), renderMarkdown(record));
}

/** An empty record for this machine, for `load`/`eval` runs made before any `bench` run. */
export function emptyRecord(command: string): BenchRecord {
  return {
    generatedAt: new Date().toISOString(),
    command,
    machine: machineInfo(),
    notes: [],
    meilisearch: 'not measured in this record',
    metrics: [],
    latency: [],
    shapes: [],
    gaps: [],
    load: [],
    eval: {},
  };
}

/** Adds a load run to the record on disk (newest first, the last few kept). */
export async function appendLoadRun(run: LoadRun, dir = RESULTS_DIR): Promise<void> {
  const record = (await readRecord(dir)) ?? emptyRecord('npm run load');
  record.load = [run, ...(record.load ?? [])].slice(0, LOAD_RUNS_KEPT);
  await writeRecord(record, dir);
}

/** Stores an eval run in the record on disk (one per query-instruction setting, the latest). */
export async function storeEvalRun(run: EvalRun, dir = RESULTS_DIR): Promise<void> {
  const record = (await readRecord(dir)) ?? emptyRecord('npm run eval');
  record.eval = { ...(record.eval ?? {}), [run.queryInstruction]: run };
  await writeRecord(record, dir);
}
