/**
 * `npm run bench [-- --sizes seeds,100k,1m] [--quick]`: how fast indexing and every kind of search are on
 * the seeds and on synthetic corpora of 100k and 1M clauses, each figure next to its target (issue 6) and
 * next to a floor measured in the same run. Merges into test/bench/results/latest.{json,md}: the corpora a run
 * measured replace their rows, every other section stays as it was measured (merge.ts).
 *
 * Latency is measured by probe.ts in a fresh process per corpus and engine (a server-like process: model,
 * jieba, engine), so a million generated clauses held here never inflate its memory or its GC pauses.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import Database from 'better-sqlite3';
import pino from 'pino';
import { enrich, parseSources, readSeeds, runIndex } from '../../indexer/pipeline.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import type { IndexedDocument } from '../../core/types.js';
import { ROOT_DIR, loadConfig } from '../../core/config.js';
import type { Config } from '../../core/config.js';
import { createEngine } from '../../core/engine/create-engine.js';
import { openRuntime } from '../../core/runtime.js';
import { indexIfStale } from '../../server/startup-index.js';
import type { ProbeRequest, ProbeResult } from './probe.js';
import { BENCH_QUERIES } from './queries.js';
import { VectorTable, literalTerms, substringScan } from './reference.js';
import { RESULTS_DIR, describeMachine, emptyRecord, machineInfo, readRecord, renderMarkdown, writeRecord } from './report.js';
import { mergeRecord, sectionMeasuredAt } from './merge.js';
import type { BenchRecord, LatencyRow, ScalarMetric, ShapeRow, Target } from './report.js';
import { measureParse, parseMetrics } from './parse-throughput.js';
import { measureLiveCorpus } from './live-corpus.js';
import { summarize } from './stats.js';
import type { LatencySummary } from './stats.js';
import { createRng, generateSyntheticCorpus } from './synthetic-corpus.js';
import { freePort } from '../utils/free-port.js';

const USAGE = `Usage: npm run bench [-- --sizes seeds,parse,live,100k,1m] [--quick] [--keep] [--reuse DIR]

  --sizes   which corpora to measure (default: seeds,parse,live,100k,1m); parse = the parser alone on the
            3,335 texts of ../shared/legislation; live = those texts indexed as the server does (keyword
            first, vectors in the background: time to searchable, embedding throughput against the raw
            model, latency with partial vectors, one text added). Any subset updates only the rows of
            the corpora it measured: the record keeps every other section, each with its own note
  --quick   40 timed iterations per mode instead of 200 (a developer's check, not a record)
  --keep    keep the temporary index folders (printed) instead of deleting them
  --reuse   a folder kept by --keep (tiaowen-bench-sqlite-<size>-…) whose index is the same synthetic
            corpus (same size and seed, checked by its fingerprint and clause count): searched as is,
            without the ingest (its rows are carried over from the last record, marked as such)
  --no-save print the tables but do not overwrite test/bench/results/latest.*

Meilisearch is measured side by side when MEILI_URL (and MEILI_MASTER_KEY) are set.`;

const SIZES = { seeds: 0, parse: 0, live: 0, '100k': 100_000, '1m': 1_000_000 } as const;
/** Sections that measure the legislation texts, not an engine on the seeds or a synthetic corpus. */
const ROW_SECTIONS: readonly SizeName[] = ['parse', 'live'];
type SizeName = keyof typeof SIZES;
/** The corpus name a size's rows carry in the record (parse-throughput.ts and live-corpus.ts name theirs). */
const CORPUS_OF: Record<SizeName, string> = { seeds: 'seeds', parse: 'legislation', live: 'legislation (live)', '100k': '100k', '1m': '1m' };

/** Page size of every search: the web page's. */
const LIMIT = 20;
const SIMILAR_LIMIT = 10;
const SIMILAR_IDS = 50;
const SYNTHETIC_SEED = 20_240_601;
/** The 1M corpus is ≈ 1.5 GB of JS objects before the engine copies it; V8's default 4 GB heap is too tight. */
const HEAP_NEEDED_MB = 16_384;
const SEEDS_DIR = path.join(ROOT_DIR, 'seeds');
const TSX = path.join(ROOT_DIR, 'node_modules', '.bin', 'tsx');

/** Targets from issue 6 (p95 latency in ms; throughput in clauses/s; durations in s). */
const TARGETS = {
  seeds: { keyword: 10, semantic: 20, hybrid: 30, similar: 5 },
  large: { keyword: 50, semantic: 60, hybrid: 100, similar: 50 },
  indexingRate: 100,
  unchangedReindexS: 2,
  coldStartS: 2,
} as const;

const le = (value: number): Target => ({ op: '<=', value });
const ge = (value: number): Target => ({ op: '>=', value });
const silent = pino({ level: 'silent' });

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * Bytes of the files in `dir` whose names start with `prefix`: the SQLite file, its -wal/-shm, and the
 * generation files the live path links to. Links themselves are skipped so nothing is counted twice.
 */
function filesSize(dir: string, prefix: string): number {
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .map((f) => lstatSync(path.join(dir, f)))
    .filter((s) => s.isFile())
    .reduce((n, s) => n + s.size, 0);
}

const MiB = 2 ** 20;

/** Runs probe.ts in a fresh process and returns what it measured. */
async function probe(request: ProbeRequest, label: string): Promise<ProbeResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-probe-'));
  const requestFile = path.join(dir, 'request.json');
  const resultFile = path.join(dir, 'result.json');
  await writeFile(requestFile, JSON.stringify(request));
  progress(`${label}: timing ${request.iterations} iterations per mode in a fresh process`);
  const child = spawn(TSX, [path.join(ROOT_DIR, 'test/bench/probe.ts'), requestFile, resultFile], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    if (code !== 0) throw new Error(`${label}: the probe process failed (exit code ${code}); see its message above`);
    return JSON.parse(await readFile(resultFile, 'utf8')) as ProbeResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The in-process reference data of a corpus: its texts and its vectors, row i = clause i. */
interface Reference {
  texts: string[];
  vectors: VectorTable;
  rowOf: Map<string, number>;
}

function referenceOf(docs: Iterable<IndexedDocument>, capacity: number, dimensions: number): Reference {
  const ref: Reference = { texts: [], vectors: new VectorTable(dimensions, capacity), rowOf: new Map() };
  for (const doc of docs) addToReference(ref, doc);
  return ref;
}

function addToReference(ref: Reference, doc: IndexedDocument): void {
  for (const clause of doc.clauses) {
    ref.rowOf.set(clause.id, ref.texts.length);
    ref.texts.push(clause.text);
    ref.vectors.add(clause.vector as Float32Array);
  }
}

/** Floor timings: substring scan, brute-force cosine scan, both (hybrid's floor), and similar's scan. */
function measureFloors(
  ref: Reference,
  queryVectors: Map<string, Float32Array>,
  similarIds: string[],
  iterations: number,
): { keyword: number[]; semantic: number[]; hybrid: number[]; similar: number[]; substringTotals: Record<string, number> } {
  const out = { keyword: [] as number[], semantic: [] as number[], hybrid: [] as number[], similar: [] as number[] };
  const substringTotals: Record<string, number> = {};
  for (let i = 0; i < iterations; i++) {
    const { q } = BENCH_QUERIES[i % BENCH_QUERIES.length] as { q: string };
    const vector = queryVectors.get(q) as Float32Array;
    const t0 = performance.now();
    const found = substringScan(ref.texts, literalTerms(q), LIMIT);
    const t1 = performance.now();
    ref.vectors.nearest(vector, LIMIT);
    const t2 = performance.now();
    substringTotals[q] = found.total;
    out.keyword.push(t1 - t0);
    out.semantic.push(t2 - t1);
    out.hybrid.push(t2 - t0);
  }
  for (let i = 0; i < iterations; i++) {
    const id = similarIds[i % similarIds.length] as string;
    const t0 = performance.now();
    ref.vectors.nearest(ref.vectors.row(ref.rowOf.get(id) as number), SIMILAR_LIMIT + 1);
    out.similar.push(performance.now() - t0);
  }
  return { ...out, substringTotals };
}

/** What the probe and the floors give for one corpus and engine, as report rows. */
function latencyRows(
  corpus: string,
  engine: string,
  result: ProbeResult,
  floors: ReturnType<typeof measureFloors>,
  targets: { keyword: number; semantic: number; hybrid: number; similar: number },
): LatencyRow[] {
  const s = result.samples;
  const substring = 'keyword: String.includes scan over all clause texts';
  const brute = 'semantic/similar: brute-force cosine scan over one Float32Array of all vectors';
  const row = (
    mode: string,
    samples: number[],
    floor: number[] | null,
    floorName: string | null,
    target?: number,
    note?: string,
  ): LatencyRow => ({
    corpus,
    engine,
    mode,
    latency: summarize(samples),
    floor: floor ? summarize(floor) : null,
    floorName,
    ...(target !== undefined && { target: le(target) }),
    ...(note && { note }),
  });
  const rows = [
    row('keyword', s.keyword, floors.keyword, substring, targets.keyword),
    row('semantic', s.semantic, null, null, targets.semantic, 'incl. query embedding'),
    row('semantic', s.semanticEngine, floors.semantic, brute, undefined, 'engine only'),
    row('hybrid', s.hybrid, null, null, targets.hybrid, 'incl. query embedding'),
    row('hybrid', s.hybridEngine, floors.hybrid, `hybrid: both scans`, undefined, 'engine only'),
    row('similar', s.similar, floors.similar, brute, targets.similar),
    row('query embedding', s.embedding, null, null, undefined, 'bge-small-zh q8, uncached'),
  ];
  if (s.page) rows.push(row('search page', s.page, null, null, undefined, 'GET /?q=…&mode=hybrid, createApp over loopback'));
  return rows;
}

/** Engine-only latency per query shape: sample i of a mode was query i mod n of the list. */
function shapeRows(corpus: string, engine: string, result: ProbeResult): ShapeRow[] {
  const series = { keyword: result.samples.keyword, 'semantic (engine only)': result.samples.semanticEngine, 'hybrid (engine only)': result.samples.hybridEngine };
  return Object.entries(series).map(([mode, samples]) => {
    const byShape = new Map<string, number[]>();
    samples.forEach((ms, i) => {
      const { shape } = BENCH_QUERIES[i % BENCH_QUERIES.length] as { shape: string };
      byShape.set(shape, [...(byShape.get(shape) ?? []), ms]);
    });
    const cells: ShapeRow['cells'] = {};
    for (const [shape, values] of byShape) {
      const s = summarize(values);
      cells[shape] = { count: s.count, p50: s.p50, max: s.max };
    }
    return { corpus, engine, mode, cells };
  });
}

/** Exact-term recall check: for single literal terms the engine's keyword total must reach the substring count. */
function recallGaps(corpus: string, engine: string, result: ProbeResult, substringTotals: Record<string, number>): string[] {
  const gaps: string[] = [];
  for (const { q, shape } of BENCH_QUERIES) {
    if (shape === 'question' || shape === 'multi') continue; // words matched separately by design
    const engineTotal = result.keywordTotals[q];
    const literal = substringTotals[q];
    if (engineTotal !== undefined && literal !== undefined && engineTotal < literal) {
      gaps.push(`${corpus}/${engine}: keyword "${q}" returned a total of ${engineTotal} clauses, but ${literal} contain it`);
    }
  }
  return gaps;
}

function envFor(engine: 'sqlite' | 'meilisearch', dataDir: string, meiliPrefix: string): Record<string, string> {
  const env: Record<string, string> = { DATA_DIR: dataDir, SEEDS_DIR, ENGINE: engine };
  if (engine === 'meilisearch') {
    for (const name of ['MEILI_URL', 'MEILI_MASTER_KEY', 'MEILI_SEARCH_KEY', 'MEILI_TIMEOUT_MS'] as const) {
      const value = process.env[name];
      if (value) env[name] = value;
    }
    env.MEILI_INDEX_PREFIX = meiliPrefix;
  }
  return env;
}

/** Meilisearch's own database size (GET /stats), or null when it cannot be read. */
async function meiliDatabaseSize(config: Config): Promise<number | null> {
  if (config.engine.kind !== 'meilisearch') return null;
  try {
    const headers: Record<string, string> = config.engine.masterKey ? { Authorization: `Bearer ${config.engine.masterKey}` } : {};
    const res = await fetch(new URL('/stats', config.engine.url), { headers });
    return res.ok ? ((await res.json()) as { databaseSize: number }).databaseSize : null;
  } catch {
    return null;
  }
}

/**
 * Resident memory of a process and all its descendants (tsx runs the server in a child node process),
 * from /proc; null where there is no /proc.
 */
async function treeRss(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    let total = Number(/VmRSS:\s+(\d+) kB/u.exec(status)?.[1] ?? 0) * 1024;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = (await readFile(`/proc/${pid}/task/${task}/children`, 'utf8')).trim();
      for (const child of children ? children.split(/\s+/u) : []) total += (await treeRss(Number(child))) ?? 0;
    }
    return total;
  } catch {
    return null;
  }
}

/**
 * `npm start` on an existing index, timed from spawn to the first answered hybrid search.
 * Includes tsx compiling the server, loading jieba and the model, the staleness check and opening the index.
 */
async function coldStart(dataDir: string): Promise<{ ms: number; rssBytes: number | null } | { error: string }> {
  progress('cold start: npm start on the existing seed index until /api/search answers');
  if (!existsSync(path.join(ROOT_DIR, 'server/app.ts'))) return { error: 'server/app.ts does not exist yet' };
  const port = await freePort();
  const started = performance.now();
  const child = spawn(TSX, [path.join(ROOT_DIR, 'server/index.ts')], {
    cwd: ROOT_DIR,
    env: { ...process.env, DATA_DIR: dataDir, SEEDS_DIR, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ENGINE: 'sqlite' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}/api/search?q=${encodeURIComponent('知识产权质押')}&mode=hybrid`;
  try {
    while (performance.now() - started < 60_000) {
      if (exited) return { error: `the server exited before answering: ${stderr.trim().slice(0, 300)}` };
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.ok) {
          const ms = performance.now() - started;
          return { ms, rssBytes: await treeRss(child.pid as number) };
        }
        return { error: `the server answered ${res.status}` };
      } catch {
        await new Promise((r) => setTimeout(r, 20)); // not listening yet
      }
    }
    return { error: 'no answer within 60 s' };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (exited ? r(null) : child.once('exit', r)));
  }
}

interface Options {
  sizes: SizeName[];
  iterations: number;
  keep: boolean;
  save: boolean;
  /** Kept index folders to search instead of ingesting again, by size. */
  reuse: Map<string, string>;
}

/** The fingerprint a synthetic corpus's index is built with: size and seed, so a reused index can be checked. */
const syntheticFingerprint = (size: string) => `synthetic-${size}-seed-${SYNTHETIC_SEED + SIZES[size as SizeName]}`;

/** The size a kept folder holds an index of, if it holds the synthetic corpus of that size (else an error). */
function reusedSize(dir: string): string {
  const file = path.join(dir, 'tiaowen.sqlite');
  if (!existsSync(file)) throw new Error(`--reuse ${dir}: no tiaowen.sqlite there (keep one with --keep)`);
  const db = new Database(file, { readonly: true });
  try {
    const fingerprint = db.prepare("select value from meta where key = 'fingerprint'").pluck().get() as string | undefined;
    const clauses = db.prepare('select count(*) from clauses').pluck().get() as number;
    // `synthetic-<size>`: how indexes were marked before the seed was part of the mark; the seed has not changed.
    const size = Object.keys(SIZES).find((s) => SIZES[s as SizeName] > 0 && (fingerprint === syntheticFingerprint(s) || fingerprint === `synthetic-${s}`));
    if (size === undefined || clauses !== SIZES[size as SizeName]) {
      throw new Error(`--reuse ${dir}: its index (fingerprint ${fingerprint ?? 'none'}, ${clauses} clauses) is not a synthetic corpus this script builds`);
    }
    return size;
  } finally {
    db.close();
  }
}

function parseOptions(): Options | null {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: 'seeds,parse,live,100k,1m' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      reuse: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const reuse = new Map(values.reuse.map((dir) => [reusedSize(dir), dir] as const));
  if (values.help) return null;
  const sizes = values.sizes.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const s of sizes) if (!(s in SIZES)) throw new Error(`unknown size "${s}"; choose from ${Object.keys(SIZES).join(', ')}`);
  return { sizes: sizes as SizeName[], iterations: values.quick ? 40 : 200, keep: values.keep, save: !values['no-save'], reuse };
}

/** Re-runs this script with a bigger V8 heap when the 1M corpus is asked for and the heap is the default. */
async function ensureHeap(opts: Options): Promise<boolean> {
  if (!opts.sizes.includes('1m') || v8.getHeapStatistics().heap_size_limit >= (HEAP_NEEDED_MB / 2) * MiB) return false;
  progress(`restarting with --max-old-space-size=${HEAP_NEEDED_MB} for the 1M corpus`);
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_NEEDED_MB}`, ...process.argv.slice(1)], {
    stdio: 'inherit',
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  process.exitCode = code ?? 1;
  return true;
}

async function main(): Promise<void> {
  const opts = parseOptions();
  if (!opts) return void process.stdout.write(`${USAGE}\n`);
  if (await ensureHeap(opts)) return;
  const meiliUrl = process.env.MEILI_URL;
  const engines: Array<'sqlite' | 'meilisearch'> = meiliUrl ? ['sqlite', 'meilisearch'] : ['sqlite'];
  if (!meiliUrl) progress('Meilisearch: skipped (MEILI_URL not set)');
  const temps: string[] = [];
  const temp = (label: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `tiaowen-bench-${label}-`));
    temps.push(dir);
    return dir;
  };
  const metrics: ScalarMetric[] = [];
  const latency: LatencyRow[] = [];
  const shapes: ShapeRow[] = [];
  const gaps: string[] = [];
  const metric = (m: ScalarMetric) => {
    metrics.push(m);
    progress(`${m.corpus}/${m.engine}: ${m.name} = ${m.value === null ? '—' : m.value.toFixed(2)} ${m.unit}${m.note ? ` (${m.note})` : ''}`);
  };
  const startedAt = new Date().toISOString();
  const previousRecord = await readRecord();
  // The machine may be shared (other test runs): the load average says how much to trust small differences.
  const loadAtStart = os.loadavg()[0] as number;
  progress(`machine: ${describeMachine(machineInfo())}; 1-minute load average ${loadAtStart.toFixed(2)}`);

  // ---- The parser alone on the legislation collection (issue 9). ----
  if (opts.sizes.includes('parse')) {
    progress('parsing the 3,335 legislation texts');
    for (const m of parseMetrics(measureParse())) metric(m);
  }
  // ---- The legislation indexed as the server indexes it (issue 10). ----
  if (opts.sizes.includes('live')) {
    for (const m of await measureLiveCorpus(progress)) metric(m);
  }
  const command = `npm run bench -- --sizes ${opts.sizes.join(',')}${opts.iterations === 40 ? ' --quick' : ''}${[...opts.reuse.keys()].map((s) => ` --reuse <kept ${s} index>`).join('')}`;
  const save = async (meilisearch: string, notes: string[]) => {
    const run: BenchRecord = { ...emptyRecord(command), generatedAt: startedAt, notes, meilisearch, metrics, latency, shapes, gaps };
    const measure = { at: startedAt, command, machine: run.machine, loadAverage: { start: loadAtStart, end: os.loadavg()[0] as number } };
    const record = mergeRecord(previousRecord, run, opts.sizes.map((s) => CORPUS_OF[s]), measure);
    process.stdout.write(renderMarkdown(record));
    if (opts.save) {
      await writeRecord(record);
      progress(`written: ${path.relative(ROOT_DIR, RESULTS_DIR)}/latest.json and latest.md (rows of ${opts.sizes.join(', ')} replaced, the rest kept)`);
    }
  };
  if (opts.sizes.every((s) => ROW_SECTIONS.includes(s))) return save(previousRecord?.meilisearch ?? `skipped (${opts.sizes.join(', ')} only)`, []);

  try {
    // ---- The seeds through the real pipeline: cold cache, warm cache, unchanged. ----
    const files = await readSeeds(SEEDS_DIR);
    const coldDir = temp('cold');
    const seedConfig = (dataDir: string) => loadConfig({ DATA_DIR: dataDir, SEEDS_DIR, ENGINE: 'sqlite', LOG_LEVEL: 'silent' });
    progress(`indexing ${files.length} seed files with a cold embedding cache`);
    let t = performance.now();
    let runtime = await openRuntime(seedConfig(coldDir), { role: 'admin', log: silent });
    const openMs = performance.now() - t;
    const cold = await runIndex(files, SEEDS_DIR, runtime);
    await runtime.close();
    const clauseCount = cold.clauses;
    metric({ corpus: 'seeds', engine: 'sqlite', name: 'open model, tokenizer and engine', value: openMs / 1000, unit: 's' });
    metric({
      corpus: 'seeds',
      engine: 'sqlite',
      name: 'indexing, cold embedding cache',
      value: clauseCount / (cold.durationMs / 1000),
      unit: 'clauses/s',
      target: ge(TARGETS.indexingRate),
      note: `${cold.documents} documents, ${clauseCount} clauses in ${(cold.durationMs / 1000).toFixed(1)} s, ${cold.embeddings.embedded} embedded`,
    });

    const warmDir = temp('warm');
    for (const f of readdirSync(coldDir).filter((n) => n.startsWith('embeddings.sqlite'))) {
      copyFileSync(path.join(coldDir, f), path.join(warmDir, f));
    }
    const warmConfig = seedConfig(warmDir);
    runtime = await openRuntime(warmConfig, { role: 'admin', log: silent });
    const warm = await runIndex(files, SEEDS_DIR, runtime);
    metric({
      corpus: 'seeds',
      engine: 'sqlite',
      name: 'indexing, warm embedding cache (fresh index)',
      value: clauseCount / (warm.durationMs / 1000),
      unit: 'clauses/s',
      target: ge(TARGETS.indexingRate),
      note: `${(warm.durationMs / 1000).toFixed(2)} s, ${warm.embeddings.cached} from cache`,
    });
    const again = await runIndex(files, SEEDS_DIR, runtime);
    metric({
      corpus: 'seeds',
      engine: 'sqlite',
      name: 're-index of an unchanged corpus (npm run index)',
      value: again.durationMs / 1000,
      unit: 's',
      target: le(TARGETS.unchangedReindexS),
    });
    t = performance.now();
    await indexIfStale(warmConfig, runtime, silent);
    metric({
      corpus: 'seeds',
      engine: 'sqlite',
      name: 'start-up staleness check, unchanged corpus (npm start)',
      value: (performance.now() - t) / 1000,
      unit: 's',
    });
    // The enriched seeds (all embeddings from the cache now): the floors' data and the synthetic corpora's source.
    const seedDocs = await enrich((await parseSources(files)).parsed, runtime);
    const queryVectors = new Map<string, Float32Array>();
    for (const { q } of BENCH_QUERIES) queryVectors.set(q, await runtime.embedder.embedQuery(q));
    await runtime.close();
    const dimensions = seedDocs[0]?.clauses[0]?.vector?.length ?? 512;
    metric({ corpus: 'seeds', engine: 'sqlite', name: 'database size', value: filesSize(warmDir, 'tiaowen.sqlite') / MiB, unit: 'MiB' });
    metric({ corpus: 'seeds', engine: 'sqlite', name: 'embedding cache size', value: filesSize(warmDir, 'embeddings.sqlite') / MiB, unit: 'MiB' });

    const seedRef = referenceOf(seedDocs, clauseCount, dimensions);
    const pickIds = (ids: string[], seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: Math.min(SIMILAR_IDS, ids.length) }, () => ids[Math.floor(rng() * ids.length)] as string);
    };
    const seedIds = [...seedRef.rowOf.keys()];

    const seedEngines = opts.sizes.includes('seeds') ? engines : [];
    for (const engine of seedEngines) {
      let dataDir = warmDir;
      if (engine === 'meilisearch') {
        dataDir = temp('meili-seeds');
        const config = loadConfig({ ...envFor('meilisearch', dataDir, 'tiaowen_bench_seeds'), LOG_LEVEL: 'silent' });
        const meili = await createEngine(config.engine, { tokenizer: createJiebaTokenizer(), role: 'admin', log: silent });
        t = performance.now();
        await meili.replaceAll(seedDocs, { fingerprint: 'bench-seeds' });
        metric({ corpus: 'seeds', engine, name: 'engine ingest (replaceAll)', value: clauseCount / ((performance.now() - t) / 1000), unit: 'clauses/s' });
        await meili.close();
        const size = await meiliDatabaseSize(config);
        metric({ corpus: 'seeds', engine, name: 'database size (whole instance)', value: size === null ? null : size / MiB, unit: 'MiB' });
      }
      const result = await probe(
        {
          env: envFor(engine, dataDir, 'tiaowen_bench_seeds'),
          queries: BENCH_QUERIES,
          similarIds: pickIds(seedIds, 1),
          iterations: opts.iterations,
          limit: LIMIT,
          similarLimit: SIMILAR_LIMIT,
          page: true,
        },
        `seeds/${engine}`,
      );
      const floors = measureFloors(seedRef, queryVectors, pickIds(seedIds, 1), opts.iterations);
      latency.push(...latencyRows('seeds', engine, result, floors, TARGETS.seeds));
      shapes.push(...shapeRows('seeds', engine, result));
      gaps.push(...recallGaps('seeds', engine, result, floors.substringTotals));
      if (result.pageGap) gaps.push(`seeds/${engine}: ${result.pageGap}`);
      metric({ corpus: 'seeds', engine, name: 'resident memory of the probe after queries', value: result.rssBytes / MiB, unit: 'MiB' });
      metric({ corpus: 'seeds', engine, name: 'open + first hybrid search, in-process', value: (result.openMs + result.firstQueryMs) / 1000, unit: 's' });
    }

    const start = opts.sizes.includes('seeds') ? await coldStart(warmDir) : null;
    if (start === null) {
      // --sizes without seeds: the seeds were indexed only as the synthetic corpora's source
    } else if ('error' in start) {
      gaps.push(`seeds/sqlite: cold start (npm start → first answer) not measured: ${start.error}`);
      metric({ corpus: 'seeds', engine: 'sqlite', name: 'cold start to first answer (npm start)', value: null, unit: 's', target: le(TARGETS.coldStartS), note: start.error });
    } else {
      metric({
        corpus: 'seeds',
        engine: 'sqlite',
        name: 'cold start to first answer (spawn tsx server/index.ts → GET /api/search?mode=hybrid → 200)',
        value: start.ms / 1000,
        unit: 's',
        target: le(TARGETS.coldStartS),
      });
      if (start.rssBytes !== null) metric({ corpus: 'seeds', engine: 'sqlite', name: 'server resident memory after first answer (tsx wrapper + server process)', value: start.rssBytes / MiB, unit: 'MiB' });
    }

    // ---- Synthetic corpora. ----
    const sources = seedDocs.flatMap((d) => d.clauses.map((c) => ({ text: c.text, vector: c.vector as Float32Array })));
    const tokenizer = createJiebaTokenizer();
    for (const size of opts.sizes.filter((s) => s !== 'seeds' && !ROW_SECTIONS.includes(s))) {
      const n = SIZES[size];
      progress(`${size}: generating ${n} synthetic clauses`);
      t = performance.now();
      let docs: IndexedDocument[] | null = [];
      const ref: Reference = { texts: [], vectors: new VectorTable(dimensions, n), rowOf: new Map() };
      let nextReport = 50_000;
      for (const doc of generateSyntheticCorpus(sources, { clauses: n, seed: SYNTHETIC_SEED + n, tokenizer })) {
        docs.push(doc);
        addToReference(ref, doc);
        if (ref.texts.length >= nextReport) {
          progress(`${size}: generated ${ref.texts.length} clauses`);
          nextReport += 50_000;
        }
      }
      metric({ corpus: size, engine: '—', name: 'generate synthetic corpus (incl. jieba)', value: (performance.now() - t) / 1000, unit: 's', note: `${docs.length} documents` });
      const ids = [...ref.rowOf.keys()];
      const similarIds = pickIds(ids, n);
      const dirs = new Map<string, string>();
      const reused = opts.reuse.get(size);
      if (reused !== undefined) {
        dirs.set('sqlite', reused);
        progress(`${size}/sqlite: searching the kept index in ${reused} (no ingest)`);
        for (const m of previousRecord?.metrics ?? []) {
          if (m.corpus === size && m.engine === 'sqlite' && (m.name === 'engine ingest (replaceAll)' || m.name === 'database size')) {
            // A figure carried over from a run that itself reused the index already says which run measured it.
            const carried = m.note?.includes('not re-measured') === true;
            // The run that measured it is the one that last measured this corpus, not the record's last writer.
            const measuredAt = (previousRecord && sectionMeasuredAt(previousRecord.notes, size)) ?? previousRecord?.generatedAt ?? '';
            metric({ ...m, note: carried ? m.note : `${m.note ? `${m.note}; ` : ''}not re-measured: index reused, figure of the ${measuredAt.slice(0, 10)} run` });
          }
        }
      }
      for (const engine of engines) {
        if (engine === 'sqlite' && reused !== undefined) continue;
        const dataDir = temp(`${engine}-${size}`);
        dirs.set(engine, dataDir);
        const config = loadConfig({ ...envFor(engine, dataDir, `tiaowen_bench_${size}`), LOG_LEVEL: 'silent' });
        const writer = await createEngine(config.engine, { tokenizer, role: 'admin', log: silent });
        progress(`${size}/${engine}: replaceAll of ${n} clauses`);
        t = performance.now();
        await writer.replaceAll(docs, { fingerprint: syntheticFingerprint(size) });
        const ingestS = (performance.now() - t) / 1000;
        await writer.close();
        metric({ corpus: size, engine, name: 'engine ingest (replaceAll)', value: n / ingestS, unit: 'clauses/s', note: `${ingestS.toFixed(1)} s` });
        const bytes = engine === 'sqlite' ? filesSize(dataDir, 'tiaowen.sqlite') : await meiliDatabaseSize(config);
        metric({ corpus: size, engine, name: engine === 'sqlite' ? 'database size' : 'database size (whole instance)', value: bytes === null ? null : bytes / MiB, unit: 'MiB' });
      }
      docs = null; // the engines hold the corpus now; only the reference tables stay in this process
      for (const engine of engines) {
        const result = await probe(
          {
            env: envFor(engine, dirs.get(engine) as string, `tiaowen_bench_${size}`),
            queries: BENCH_QUERIES,
            similarIds,
            iterations: opts.iterations,
            limit: LIMIT,
            similarLimit: SIMILAR_LIMIT,
            page: true,
          },
          `${size}/${engine}`,
        );
        // A brute-force scan of 1M vectors takes a large fraction of a second: one pass over the queries is enough.
        const floorIterations = Math.min(opts.iterations, BENCH_QUERIES.length * 2);
        progress(`${size}: floors (${floorIterations} iterations)`);
        const floors = measureFloors(ref, queryVectors, similarIds, floorIterations);
        latency.push(...latencyRows(size, engine, result, floors, TARGETS.large));
        shapes.push(...shapeRows(size, engine, result));
        gaps.push(...recallGaps(size, engine, result, floors.substringTotals));
        if (result.pageGap) gaps.push(`${size}/${engine}: ${result.pageGap}`);
        metric({ corpus: size, engine, name: 'resident memory of the probe after queries', value: result.rssBytes / MiB, unit: 'MiB' });
        metric({
          corpus: size,
          engine,
          name: 'open + first hybrid search, in-process',
          value: (result.openMs + result.firstQueryMs) / 1000,
          unit: 's',
          note: `first search ${(result.firstQueryMs / 1000).toFixed(2)} s`,
        });
      }
    }
  } finally {
    if (opts.keep) progress(`kept: ${temps.join(' ')}`);
    else for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  }

  await save(meiliUrl ? `measured side by side at ${new URL(meiliUrl).host}` : 'skipped (MEILI_URL not set)', [
    'Latency is server-side: measured inside a fresh process that opened the index as the server does (model, jieba, engine); no HTTP except the search page row.',
    '"incl. query embedding" rows embed every query with the model, uncached (a query nobody asked before); "engine only" rows time engine.search alone.',
    `Each mode cycles through ${BENCH_QUERIES.length} fixed queries (test/bench/queries.ts: common and rare terms, 1–2 character terms, phrases, several words, a term in no document, long questions), after one warm-up pass; ${LIMIT} hits per search, ${SIMILAR_LIMIT} per similar.`,
    'Synthetic corpora (100k, 1m) are real sentences recombined with varied numbers and years (test/bench/synthetic-corpus.ts); their vectors are real clause vectors perturbed with gaussian noise and re-normalised — embedding a million texts on 2 cores would take hours, and latency depends on the number and spread of vectors, not on which texts produced them.',
    'Floors are measured in the benchmark process on the same texts and vectors; × floor < 1 means the engine beats a full scan.',
    'Resident memory is the probe process (model + jieba + engine, after all queries), not this benchmark process.',
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
