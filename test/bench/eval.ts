/**
 * `npm run eval [-- --query-instruction on|off|both] [--url URL] [--verbose]`: how good the ranking is.
 * Runs the judged query set (test/fixtures/relevance.json) through the HTTP API and prints nDCG@10,
 * recall@10, recall@50 and MRR per mode (keyword, semantic, hybrid for search queries; similar for
 * similar-clause queries), overall and per kind of query. Results are stored in
 * test/bench/results/latest.{json,md}, one run per query-instruction setting.
 *
 * Without --url the app is served from this process on an ephemeral loopback port, built like
 * `npm start` (DATA_DIR's index, built there when missing or stale), once per instruction setting.
 * With --url the server's own QUERY_INSTRUCTION applies; say which with --query-instruction.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOptions } from '../../indexer/command-line.js';
import { ROOT_DIR } from '../../core/config.js';
import { mean, ndcgAt, recallAt, reciprocalRank } from './metrics.js';
import type { Judgments } from './metrics.js';
import { storeEvalRun } from './report.js';
import type { EvalModeScores, EvalRun } from './report.js';
import { serveInProcess } from './serve-in-process.js';

const USAGE = `Usage: npm run eval [-- --query-instruction on|off|both] [--url http://HOST:PORT] [--fixture FILE] [--verbose] [--no-save]

  --query-instruction  embed queries with the bge retrieval instruction (on), without (off), or compare both
                       (default both; with --url: the setting the server runs with, default on)
  --url                evaluate a running server instead of serving the app from this process
  --verbose            print every query's scores
  --no-save            do not store the run in test/bench/results/latest.*`;

const DEFAULT_FIXTURE = path.join(ROOT_DIR, 'test/fixtures/relevance.json');
/** Results fetched per query: enough for recall@50. The API allows up to 100 for search, 50 for similar. */
const FETCH = 50;

/** What a judged query asks and which clauses answer it. */
interface JudgedQuery {
  id: string;
  /** keyword: the words a user would type; question: natural language; similar: clauses like `source`. */
  kind: 'keyword' | 'question' | 'similar';
  q?: string;
  source?: string;
  /** Why these clauses were judged relevant. */
  note: string;
  judgments: Array<{ id: string; grade: number; note?: string }>;
}

interface RelevanceSet {
  about: string;
  grades: Record<string, string>;
  queries: JudgedQuery[];
}

const SEARCH_MODES = ['keyword', 'semantic', 'hybrid'] as const;

interface QueryScore {
  query: JudgedQuery;
  mode: string;
  ndcg10: number;
  recall10: number;
  recall50: number;
  rr: number;
  returned: number;
}

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body);
}

/** Ranked clause ids for one query in one mode, as the API returns them. */
async function ranked(base: string, query: JudgedQuery, mode: string): Promise<string[]> {
  if (mode === 'similar') {
    const body = (await getJson(`${base}/api/clauses/${encodeURIComponent(query.source ?? '')}/similar?limit=${FETCH}`)) as {
      hits: Array<{ id: string; score: number }>;
    };
    // The API lists similar clauses oldest first (a lineage); the ranking is by similarity.
    return [...body.hits].sort((a, b) => b.score - a.score).map((h) => h.id);
  }
  const body = (await getJson(`${base}/api/search?q=${encodeURIComponent(query.q ?? '')}&mode=${mode}&limit=${FETCH}`)) as {
    hits: Array<{ id: string }>;
  };
  return body.hits.map((h) => h.id);
}

async function evaluate(base: string, set: RelevanceSet): Promise<QueryScore[]> {
  const scores: QueryScore[] = [];
  for (const query of set.queries) {
    const judgments: Judgments = new Map(query.judgments.map((j) => [j.id, j.grade]));
    const modes = query.kind === 'similar' ? ['similar'] : SEARCH_MODES;
    for (const mode of modes) {
      const ids = await ranked(base, query, mode);
      scores.push({
        query,
        mode,
        ndcg10: ndcgAt(ids, judgments, 10),
        recall10: recallAt(ids, judgments, 10),
        recall50: recallAt(ids, judgments, 50),
        rr: reciprocalRank(ids, judgments),
        returned: ids.length,
      });
    }
  }
  return scores;
}

function aggregate(scores: QueryScore[]): EvalModeScores {
  return {
    queries: scores.length,
    ndcg10: mean(scores.map((s) => s.ndcg10)),
    recall10: mean(scores.map((s) => s.recall10)),
    recall50: mean(scores.map((s) => s.recall50)),
    mrr: mean(scores.map((s) => s.rr)),
  };
}

/** Per mode over all its queries, then per mode and kind of query (keys like `hybrid/question`). */
function byMode(scores: QueryScore[]): Record<string, EvalModeScores> {
  const out: Record<string, EvalModeScores> = {};
  for (const mode of [...SEARCH_MODES, 'similar']) {
    const own = scores.filter((s) => s.mode === mode);
    if (own.length === 0) continue;
    out[mode] = aggregate(own);
  }
  for (const mode of SEARCH_MODES) {
    for (const kind of ['keyword', 'question'] as const) {
      const own = scores.filter((s) => s.mode === mode && s.query.kind === kind);
      if (own.length) out[`${mode}/${kind}`] = aggregate(own);
    }
  }
  return out;
}

function printTable(label: string, modes: Record<string, EvalModeScores>): void {
  const lines = [
    `\n${label}`,
    `${'mode'.padEnd(18)}${'queries'.padStart(8)}${'nDCG@10'.padStart(10)}${'R@10'.padStart(8)}${'R@50'.padStart(8)}${'MRR'.padStart(8)}`,
  ];
  for (const [mode, s] of Object.entries(modes)) {
    lines.push(
      `${mode.padEnd(18)}${String(s.queries).padStart(8)}${s.ndcg10.toFixed(3).padStart(10)}${s.recall10.toFixed(3).padStart(8)}` +
        `${s.recall50.toFixed(3).padStart(8)}${s.mrr.toFixed(3).padStart(8)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printQueries(scores: QueryScore[]): void {
  for (const s of scores) {
    const what = s.query.kind === 'similar' ? `similar(${s.query.source})` : s.query.q;
    process.stdout.write(
      `  ${s.mode.padEnd(8)} ${s.query.id.padEnd(28)} nDCG@10 ${s.ndcg10.toFixed(3)}  R@10 ${s.recall10.toFixed(2)}  R@50 ${s.recall50.toFixed(2)}  ` +
        `RR ${s.rr.toFixed(2)}  (${s.returned} returned)  ${what}\n`,
    );
  }
}

/** Every judged id must name a clause of the index, or the fixture is out of date with the parser. */
async function unknownIds(base: string, set: RelevanceSet): Promise<string[]> {
  const ids = new Set(set.queries.flatMap((q) => [...q.judgments.map((j) => j.id), ...(q.source ? [q.source] : [])]));
  const missing: string[] = [];
  for (const id of ids) {
    const res = await fetch(`${base}/api/clauses/${encodeURIComponent(id)}`);
    await res.arrayBuffer();
    if (res.status === 404) missing.push(id);
    else if (!res.ok) throw new Error(`GET /api/clauses/${id} answered ${res.status}`);
  }
  return missing;
}

async function main(): Promise<number> {
  const parsed = parseOptions(
    {
      'query-instruction': { type: 'string' },
      url: { type: 'string' },
      fixture: { type: 'string', default: DEFAULT_FIXTURE },
      verbose: { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values } = parsed;
  const setting = values['query-instruction'] ?? (values.url ? 'on' : 'both');
  if (!['on', 'off', 'both'].includes(setting) || (values.url && setting === 'both')) {
    process.stderr.write(`--query-instruction must be on or off${values.url ? '' : ' or both'}\n\n${USAGE}\n`);
    return 2;
  }
  const set = JSON.parse(await readFile(values.fixture, 'utf8')) as RelevanceSet;
  const settings = (setting === 'both' ? ['on', 'off'] : [setting]) as Array<'on' | 'off'>;
  process.stdout.write(`${set.queries.length} judged queries from ${path.relative(ROOT_DIR, values.fixture)}\n`);

  for (const instruction of settings) {
    let base = values.url?.replace(/\/$/u, '') ?? '';
    let close = async () => {};
    if (!values.url) {
      const served = await serveInProcess(process.env, {
        QUERY_INSTRUCTION: instruction === 'on' ? 'true' : 'false',
        RATE_LIMIT_PER_MINUTE: '100000000',
        LOG_LEVEL: 'warn',
      });
      base = served.url;
      close = served.close;
    }
    try {
      const missing = await unknownIds(base, set);
      if (missing.length) {
        process.stderr.write(
          `the relevance set names ${missing.length} clause ids the index does not hold (parser changed?): ${missing.slice(0, 10).join(', ')}\n` +
            'update test/fixtures/relevance.json before trusting these numbers\n',
        );
      }
      const scores = await evaluate(base, set);
      if (values.verbose) printQueries(scores);
      const modes = byMode(scores);
      printTable(`query instruction ${instruction} (${base})`, modes);
      const run: EvalRun = {
        at: new Date().toISOString(),
        url: values.url ? base : 'in-process app on 127.0.0.1',
        queryInstruction: instruction,
        judgedQueries: set.queries.length,
        modes,
      };
      if (!values['no-save']) await storeEvalRun(run);
    } finally {
      await close();
    }
  }
  if (!values['no-save']) process.stderr.write('stored in test/bench/results/latest.json and latest.md\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
