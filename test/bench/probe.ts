/**
 * The latency probe: a fresh process that opens an existing index the way the server does (jieba, the
 * bge model, the engine) and times every kind of search over the fixed query list. `run.ts` starts one
 * per corpus and engine, so the figures (and the resident memory) are those of a server-like process,
 * not of the benchmark process that holds a million generated clauses and their reference tables.
 *
 * Usage (by run.ts): tsx test/bench/probe.ts <request.json> <result.json>
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createTransformersEmbedder } from '../../core/embedder/transformers-embedder.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import { loadConfig } from '../../core/config.js';
import { createEngine } from '../../core/engine/create-engine.js';
import type { SearchMode, SearchRequest } from '../../core/engine/types.js';
import type { BenchQuery } from './queries.js';

export interface ProbeRequest {
  /** Environment for loadConfig: DATA_DIR, ENGINE, MEILI_* … (the probe reads nothing else). */
  env: Record<string, string>;
  queries: readonly BenchQuery[];
  /** Clause ids of the index to ask `similar` for. */
  similarIds: string[];
  /** Timed iterations per mode; the query list is cycled. */
  iterations: number;
  /** Page size of every search (the web page's 20). */
  limit: number;
  similarLimit: number;
  /** Also time the HTML search page through createApp (when server/app.ts exists). */
  page: boolean;
}

/** Raw samples in ms; run.ts summarises them. */
export interface ProbeResult {
  /** Model + tokenizer + engine opened, ms. */
  openMs: number;
  /** The first hybrid search after opening (cold caches), ms. */
  firstQueryMs: number;
  samples: {
    keyword: number[];
    semantic: number[];
    semanticEngine: number[];
    hybrid: number[];
    hybridEngine: number[];
    similar: number[];
    embedding: number[];
    page: number[] | null;
  };
  /** Why the page could not be timed, when it could not. */
  pageGap: string | null;
  /** Keyword `total` per query, to check exact-term recall against the substring floor. */
  keywordTotals: Record<string, number>;
  rssBytes: number;
  heapUsedBytes: number;
}

/** Keeps the engine's answers alive so no engine call can be optimised away, and gives a checksum. */
let sink = 0;

async function main(): Promise<void> {
  const [requestFile, resultFile] = process.argv.slice(2);
  if (!requestFile || !resultFile) throw new Error('usage: probe.ts <request.json> <result.json>');
  const req = JSON.parse(await readFile(requestFile, 'utf8')) as ProbeRequest;
  const config = loadConfig({ ...req.env, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000000' });
  const log = pino({ level: 'silent' });

  const opened = performance.now();
  const tokenizer = createJiebaTokenizer();
  // The model without the embedding cache: every query is embedded, as a query nobody asked before would be.
  const embedder = await createTransformersEmbedder({
    modelDir: config.model.dir,
    allowRemote: config.model.allowRemote,
    queryInstruction: config.model.queryInstruction,
  });
  const engine = await createEngine(config.engine, { tokenizer, role: 'search', log });
  const openMs = performance.now() - opened;

  const request = (q: string, mode: SearchMode, vector?: Float32Array): SearchRequest => ({
    q,
    mode,
    filters: {},
    limit: req.limit,
    offset: 0,
    ...(vector && { vector }),
  });
  const first = req.queries[0] as BenchQuery;
  const t0 = performance.now();
  sink += (await engine.search(request(first.q, 'hybrid', await embedder.embedQuery(first.q)))).total;
  const firstQueryMs = performance.now() - t0;

  const nth = (i: number) => req.queries[i % req.queries.length] as BenchQuery;
  const samples: ProbeResult['samples'] = {
    keyword: [],
    semantic: [],
    semanticEngine: [],
    hybrid: [],
    hybridEngine: [],
    similar: [],
    embedding: [],
    page: null,
  };

  // Warm-up: every query once in every mode, so the timed runs see warm caches and compiled code.
  const keywordTotals: Record<string, number> = {};
  for (const { q } of req.queries) {
    const vector = await embedder.embedQuery(q);
    keywordTotals[q] = (await engine.search(request(q, 'keyword'))).total;
    sink += (await engine.search(request(q, 'semantic', vector))).total;
    sink += (await engine.search(request(q, 'hybrid', vector))).total;
  }
  for (const id of req.similarIds.slice(0, 10)) sink += (await engine.similar(id, { limit: req.similarLimit }))?.hits.length ?? 0;

  for (let i = 0; i < req.iterations; i++) {
    const s = performance.now();
    sink += (await engine.search(request(nth(i).q, 'keyword'))).total;
    samples.keyword.push(performance.now() - s);
  }
  for (const mode of ['semantic', 'hybrid'] as const) {
    for (let i = 0; i < req.iterations; i++) {
      const s = performance.now();
      const vector = await embedder.embedQuery(nth(i).q);
      const e = performance.now();
      sink += (await engine.search(request(nth(i).q, mode, vector))).total;
      const done = performance.now();
      samples.embedding.push(e - s);
      samples[mode].push(done - s);
      samples[mode === 'semantic' ? 'semanticEngine' : 'hybridEngine'].push(done - e);
    }
  }
  for (let i = 0; i < req.iterations; i++) {
    const id = req.similarIds[i % req.similarIds.length] as string;
    const s = performance.now();
    const result = await engine.similar(id, { limit: req.similarLimit });
    samples.similar.push(performance.now() - s);
    if (!result) throw new Error(`similar(${id}) found no such clause: the probe was given ids the index does not hold`);
    sink += result.hits.length;
  }

  let pageGap: string | null = null;
  if (req.page) {
    try {
      samples.page = await timePages(req, { config, engine, embedder, log });
    } catch (error) {
      pageGap = `search page not timed: ${(error as Error).message}`;
    }
  }

  const memory = process.memoryUsage();
  await engine.close();
  await embedder.dispose();
  const result: ProbeResult = {
    openMs,
    firstQueryMs,
    samples,
    pageGap,
    keywordTotals,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  };
  await writeFile(resultFile, JSON.stringify(result));
  process.stderr.write(`probe done (checksum ${sink})\n`);
}

/**
 * Times the HTML search page (`/?q=…&mode=hybrid`): the app built by createApp, served on an ephemeral
 * loopback port, fetched with keep-alive, so what is timed is the server's work plus one loopback hop.
 */
async function timePages(
  req: ProbeRequest,
  deps: {
    config: ReturnType<typeof loadConfig>;
    engine: Awaited<ReturnType<typeof createEngine>>;
    embedder: Awaited<ReturnType<typeof createTransformersEmbedder>>;
    log: pino.Logger;
  },
): Promise<number[]> {
  // Imported here so a missing or broken app is a reported gap, not a failed benchmark.
  const { createApp } = await import('../../server/app.js');
  const app = createApp({ config: deps.config, engine: deps.engine, embedder: deps.embedder, logger: deps.log });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = (q: string) => `http://127.0.0.1:${port}/?q=${encodeURIComponent(q)}&mode=hybrid`;
  try {
    const fetchPage = async (q: string) => {
      const res = await fetch(url(q));
      const body = await res.text();
      if (!res.ok) throw new Error(`GET ${url(q)} answered ${res.status}: ${body.slice(0, 200)}`);
      sink += body.length;
    };
    for (const { q } of req.queries) await fetchPage(q);
    const times: number[] = [];
    for (let i = 0; i < req.iterations; i++) {
      const s = performance.now();
      await fetchPage((req.queries[i % req.queries.length] as BenchQuery).q);
      times.push(performance.now() - s);
    }
    return times;
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`probe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
