/**
 * `npm run eval [-- --query-instruction on|off|both] [--set seeds|legislation|all] [--url URL] [--verbose] [--pool FILE]`:
 * how good the ranking is. Runs the judged query sets through the HTTP API: the seeds set
 * (test/fixtures/relevance.json) and the legislation set (test/fixtures/relevance-legislation.json: questions
 * about laws, judged over an index of the texts it lists, copied from ../shared/legislation into
 * DATA_DIR/eval-legislation and indexed there once; the embedding cache beside it keeps re-runs fast). Prints, for
 * the dev half and the test half separately, nDCG@10, recall@10, recall@50 and MRR per mode (keyword,
 * semantic, hybrid for search queries; similar for similar-clause queries), overall and per kind of query,
 * and keyword mode's exact-term recall (every clause containing every term must come back, and only those).
 * Results are stored in test/bench/results/latest.{json,md}, one run per query-instruction setting.
 *
 * Unjudged results count as 0, so a ranking change can look worse only because it surfaces clauses nobody
 * judged: the run prints how many of each mode's top 10 are unjudged, and `--pool FILE` writes every
 * unjudged clause of each query's top 20 (all modes) with its text, to be judged before trusting the figures.
 *
 * Without --url the app is served from this process on an ephemeral loopback port, built like
 * `npm start` (DATA_DIR's index, built there when missing or stale), once per instruction setting.
 * With --url the server's own QUERY_INSTRUCTION applies; say which with --query-instruction.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOptions } from '../../indexer/command-line.js';
import { ROOT_DIR, loadConfig } from '../../core/config.js';
import { parseQuery } from '../../core/engine/query-syntax.js';
import { RELEVANT_GRADE, mean, ndcgAt, recallAt, reciprocalRank } from './metrics.js';
import type { Judgments } from './metrics.js';
import { storeEvalRun } from './report.js';
import type { EvalModeScores, EvalRun } from './report.js';
import type { Split } from './relevance-split.js';
import { serveInProcess } from './serve-in-process.js';
import { vectorsComplete } from './wait-for-vectors.js';
import { legislationDir } from '../utils/legislation.js';

const USAGE = `Usage: npm run eval [-- --query-instruction on|off|both] [--set seeds|legislation|all] [--url http://HOST:PORT] [--fixture FILE] [--verbose] [--pool FILE] [--no-save]

  --query-instruction  embed queries with the bge retrieval instruction (on), without (off), or compare both
                       (default off, the server's default; with --url: the setting the server runs with)
  --set                which judged set: the five seeds, the legislation subset, or both (default all; --url and
                       --fixture: the one set the server holds)
  --pool               write the unjudged clauses of every query's top 20 (all modes) to FILE, as JSON
  --url                evaluate a running server instead of serving the app from this process
  --verbose            print every query's scores
  --no-save            do not store the run in test/bench/results/latest.*`;

const DEFAULT_FIXTURE = path.join(ROOT_DIR, 'test/fixtures/relevance.json');
const LEGISLATION_FIXTURE = path.join(ROOT_DIR, 'test/fixtures/relevance-legislation.json');
/** Results fetched per query: enough for recall@50. The API allows up to 100 for search, 50 for similar. */
const FETCH = 50;
/** Depth of the judging pool: every clause a mode ranks this high must be judged. */
const POOL_DEPTH = 20;
/** Page size when reading a keyword result set whole (the API's maximum). */
const PAGE = 100;

/** What a judged query asks and which clauses answer it. */
interface JudgedQuery {
  id: string;
  /** keyword: the words a user would type; question: natural language; similar: clauses like `source`. */
  kind: 'keyword' | 'question' | 'similar';
  /** Tune on dev only; test measures whether a change holds on questions it was not tuned on. */
  split: Split;
  q?: string;
  source?: string;
  /** Why these clauses were judged relevant. */
  note: string;
  judgments: Array<{ id: string; grade: number; note?: string }>;
}

interface RelevanceSet {
  about: string;
  grades: Record<string, string>;
  /** Queries written and judged before the split (by reading every clause): always dev, never re-pooled. */
  tunedBeforeSplit?: string[];
  /** The legislation set: the texts its index holds, relative to ../shared/legislation. */
  texts?: string[];
  queries: JudgedQuery[];
}

const SEARCH_MODES = ['keyword', 'semantic', 'hybrid'] as const;
const SPLITS: readonly Split[] = ['dev', 'test'];

interface QueryScore {
  query: JudgedQuery;
  mode: string;
  ids: string[];
  ndcg10: number;
  recall10: number;
  recall50: number;
  rr: number;
  returned: number;
  /** How many of the top 10 nobody judged (they count as 0; the first queries' judges read every clause). */
  unjudged10: number;
}

/** Keyword mode against the exact-term promise, for one query. */
interface TermCheck {
  query: JudgedQuery;
  /** Clauses whose text contains every term. */
  expected: number;
  /** Of those, how many keyword mode returned. */
  found: number;
  /** Clauses keyword mode returned that do not contain every term. */
  extra: number;
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
      hits: Array<{ id: string; rank: number }>;
    };
    // The API lists similar clauses oldest first (a lineage); `rank` is their place in the similarity ranking.
    return [...body.hits].sort((a, b) => a.rank - b.rank).map((h) => h.id);
  }
  const body = (await getJson(`${base}/api/search?q=${encodeURIComponent(query.q ?? '')}&mode=${mode}&limit=${FETCH}`)) as {
    hits: Array<{ id: string }>;
  };
  return body.hits.map((h) => h.id);
}

/** A query some clause answers (grade ≥ 1); a question the texts do not answer has no ideal ranking. */
function answerable(query: JudgedQuery): boolean {
  return query.judgments.some((j) => j.grade >= RELEVANT_GRADE);
}

async function evaluate(base: string, set: RelevanceSet): Promise<QueryScore[]> {
  const scores: QueryScore[] = [];
  const judgedWhole = new Set(set.tunedBeforeSplit ?? []);
  for (const query of set.queries) {
    const judgments: Judgments = new Map(query.judgments.map((j) => [j.id, j.grade]));
    const modes = query.kind === 'similar' ? ['similar'] : SEARCH_MODES;
    for (const mode of modes) {
      const ids = await ranked(base, query, mode);
      scores.push({
        query,
        mode,
        ids,
        ndcg10: ndcgAt(ids, judgments, 10),
        recall10: recallAt(ids, judgments, 10),
        recall50: recallAt(ids, judgments, 50),
        rr: reciprocalRank(ids, judgments),
        returned: ids.length,
        unjudged10: judgedWhole.has(query.id) ? 0 : ids.slice(0, 10).filter((id) => !judgments.has(id)).length,
      });
    }
  }
  return scores;
}

/** Every clause of the index with its text, read through the API (the ground truth for exact terms). */
async function allClauses(base: string): Promise<Array<{ id: string; text: string }>> {
  const documents: Array<{ id: string }> = [];
  for (let next: string | null = '/api/documents?limit=100'; next !== null; ) {
    const page = (await getJson(`${base}${next}`)) as { documents: Array<{ id: string }>; links?: { next: string | null } };
    documents.push(...page.documents);
    next = page.links?.next ?? null;
  }
  const out: Array<{ id: string; text: string }> = [];
  for (const d of documents) {
    const { clauses } = (await getJson(`${base}/api/documents/${encodeURIComponent(d.id)}`)) as {
      clauses: Array<{ id: string; text: string }>;
    };
    out.push(...clauses.map((c) => ({ id: c.id, text: c.text })));
  }
  return out;
}

/**
 * Keyword mode's promise checked on every search query: the clauses whose text contains each term (as
 * parseQuery reads the query; case-insensitive, as the indexes are), against the whole keyword result.
 */
async function checkExactTerms(base: string, set: RelevanceSet): Promise<TermCheck[]> {
  const clauses = await allClauses(base);
  const checks: TermCheck[] = [];
  for (const query of set.queries) {
    if (query.kind === 'similar') continue;
    const terms = parseQuery(query.q ?? '').map((t) => t.text.toLowerCase());
    const expected = new Set(clauses.filter((c) => terms.every((t) => c.text.toLowerCase().includes(t))).map((c) => c.id));
    const returned = new Set<string>();
    for (let offset = 0; ; offset += PAGE) {
      const body = (await getJson(
        `${base}/api/search?q=${encodeURIComponent(query.q ?? '')}&mode=keyword&limit=${PAGE}&offset=${offset}`,
      )) as { total: number; hits: Array<{ id: string }> };
      for (const h of body.hits) returned.add(h.id);
      if (body.hits.length < PAGE || offset + PAGE >= body.total) break;
    }
    checks.push({
      query,
      expected: expected.size,
      found: [...expected].filter((id) => returned.has(id)).length,
      extra: [...returned].filter((id) => !expected.has(id)).length,
    });
  }
  return checks;
}

/** Mean share of the term-containing clauses keyword mode returned, over queries where some clause has the terms. */
function exactTermRecall(checks: readonly TermCheck[]): number | undefined {
  const own = checks.filter((c) => c.expected > 0);
  return own.length === 0 ? undefined : mean(own.map((c) => c.found / c.expected));
}

function aggregate(scores: QueryScore[]): EvalModeScores {
  const own = scores.filter((s) => answerable(s.query));
  return {
    queries: own.length,
    ndcg10: mean(own.map((s) => s.ndcg10)),
    recall10: mean(own.map((s) => s.recall10)),
    recall50: mean(own.map((s) => s.recall50)),
    mrr: mean(own.map((s) => s.rr)),
    unjudged10: mean(own.map((s) => s.unjudged10)),
  };
}

/**
 * Per split (`dev`, `test`), per mode over all its queries, then per mode and kind of query (keys like
 * `test/hybrid/question`). Keyword rows carry the exact-term recall of their split.
 */
function byMode(scores: QueryScore[], checks: readonly TermCheck[]): Record<string, EvalModeScores> {
  const out: Record<string, EvalModeScores> = {};
  for (const split of SPLITS) {
    const inSplit = scores.filter((s) => s.query.split === split);
    const splitChecks = checks.filter((c) => c.query.split === split);
    for (const mode of [...SEARCH_MODES, 'similar']) {
      const own = inSplit.filter((s) => s.mode === mode);
      if (own.length === 0) continue;
      out[`${split}/${mode}`] = aggregate(own);
    }
    for (const mode of SEARCH_MODES) {
      for (const kind of ['keyword', 'question'] as const) {
        const own = inSplit.filter((s) => s.mode === mode && s.query.kind === kind);
        if (own.length) out[`${split}/${mode}/${kind}`] = aggregate(own);
      }
    }
    const recall = exactTermRecall(splitChecks);
    for (const key of [`${split}/keyword`, `${split}/keyword/keyword`, `${split}/keyword/question`]) {
      const kind = key.split('/')[2];
      const own = kind ? splitChecks.filter((c) => c.query.kind === kind) : splitChecks;
      const r = kind ? exactTermRecall(own) : recall;
      if (out[key] && r !== undefined) out[key] = { ...out[key], exactTermRecall: r };
    }
  }
  return out;
}

function printTable(label: string, modes: Record<string, EvalModeScores>): void {
  const lines = [
    `\n${label}`,
    `${'mode'.padEnd(24)}${'queries'.padStart(8)}${'nDCG@10'.padStart(10)}${'R@10'.padStart(8)}${'R@50'.padStart(8)}${'MRR'.padStart(8)}` +
      `${'unjudged@10'.padStart(13)}${'exact-term recall'.padStart(19)}`,
  ];
  for (const [mode, s] of Object.entries(modes)) {
    lines.push(
      `${mode.padEnd(24)}${String(s.queries).padStart(8)}${s.ndcg10.toFixed(3).padStart(10)}${s.recall10.toFixed(3).padStart(8)}` +
        `${s.recall50.toFixed(3).padStart(8)}${s.mrr.toFixed(3).padStart(8)}${(s.unjudged10 ?? 0).toFixed(2).padStart(13)}` +
        `${s.exactTermRecall === undefined ? '' : s.exactTermRecall.toFixed(3).padStart(19)}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The unjudged clauses of each query's top POOL_DEPTH in any mode, with their text, for the judge. */
async function unjudgedPool(
  base: string,
  set: RelevanceSet,
  scores: readonly QueryScore[],
): Promise<Record<string, Array<{ id: string; text: string }>>> {
  const out: Record<string, Array<{ id: string; text: string }>> = {};
  const texts = new Map((await allClauses(base)).map((c) => [c.id, c.text]));
  // The first queries were judged against every clause of the corpus: what they do not list is a judged 0.
  const judgedWhole = new Set(set.tunedBeforeSplit ?? []);
  for (const s of scores) {
    if (judgedWhole.has(s.query.id)) continue;
    const judged = new Set(s.query.judgments.map((j) => j.id));
    const list = (out[s.query.id] ??= []);
    for (const id of s.ids.slice(0, POOL_DEPTH)) {
      if (judged.has(id) || list.some((e) => e.id === id)) continue;
      list.push({ id, text: texts.get(id) ?? '' });
    }
    if (list.length === 0) delete out[s.query.id];
  }
  return out;
}

function printQueries(scores: QueryScore[]): void {
  for (const s of scores) {
    const what = s.query.kind === 'similar' ? `similar(${s.query.source})` : s.query.q;
    process.stdout.write(
      `  ${s.query.split.padEnd(5)}${s.mode.padEnd(9)}${s.query.id.padEnd(34)} nDCG@10 ${s.ndcg10.toFixed(3)}  R@10 ${s.recall10.toFixed(2)}  R@50 ${s.recall50.toFixed(2)}  ` +
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

/** One judged set and where its index comes from. */
interface EvalSet {
  /** Prefix of its rows in the printed table and the stored run; '' for the seeds set. */
  name: string;
  fixture: string;
  set: RelevanceSet;
  /** Settings that point the served app at this set's corpus and index. */
  overrides: Record<string, string>;
}

/**
 * The legislation set's corpus: its texts copied from ../shared/legislation into DATA_DIR/eval-legislation/texts
 * (flat, as the indexer reads a folder), with the index and the embedding cache beside them. Texts already
 * there are left alone, so the index is built, and the texts embedded, once.
 */
function legislationCorpus(set: RelevanceSet): Record<string, string> {
  const root = path.join(loadConfig(process.env).dataDir, 'eval-legislation');
  const texts = path.join(root, 'texts');
  mkdirSync(texts, { recursive: true });
  const wanted = new Set((set.texts ?? []).map((rel) => path.basename(rel)));
  for (const name of readdirSync(texts)) if (!wanted.has(name)) rmSync(path.join(texts, name));
  const source = legislationDir();
  for (const rel of set.texts ?? []) {
    const target = path.join(texts, path.basename(rel));
    if (!existsSync(target)) copyFileSync(path.join(source, rel), target);
  }
  return { SEEDS_DIR: texts, DATA_DIR: root };
}

async function main(): Promise<number> {
  const parsed = parseOptions(
    {
      'query-instruction': { type: 'string' },
      set: { type: 'string', default: 'all' },
      url: { type: 'string' },
      fixture: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      pool: { type: 'string' },
      'no-save': { type: 'boolean', default: false },
    },
    USAGE,
  );
  if ('exitCode' in parsed) return parsed.exitCode;
  const { values } = parsed;
  const setting = values['query-instruction'] ?? 'off';
  if (!['on', 'off', 'both'].includes(setting) || (values.url && setting === 'both')) {
    process.stderr.write(`--query-instruction must be on or off${values.url ? '' : ' or both'}\n\n${USAGE}\n`);
    return 2;
  }
  const which = values.set ?? 'all';
  if (!['seeds', 'legislation', 'all'].includes(which)) {
    process.stderr.write(`--set must be seeds, legislation or all\n\n${USAGE}\n`);
    return 2;
  }
  const single = values.url !== undefined || values.fixture !== undefined;
  const wantSeeds = which !== 'legislation';
  const wantLegislation = single ? which === 'legislation' : which !== 'seeds';
  const sets: EvalSet[] = [];
  if (wantSeeds) {
    const fixture = values.fixture ?? DEFAULT_FIXTURE;
    sets.push({ name: '', fixture, set: JSON.parse(await readFile(fixture, 'utf8')) as RelevanceSet, overrides: {} });
  }
  if (wantLegislation) {
    const fixture = values.fixture ?? LEGISLATION_FIXTURE;
    const set = JSON.parse(await readFile(fixture, 'utf8')) as RelevanceSet;
    sets.push({ name: 'legislation', fixture, set, overrides: values.url ? {} : legislationCorpus(set) });
  }
  const settings = (setting === 'both' ? ['on', 'off'] : [setting]) as Array<'on' | 'off'>;
  for (const s of sets) process.stdout.write(`${s.set.queries.length} judged queries from ${path.relative(ROOT_DIR, s.fixture)}\n`);

  for (const instruction of settings) {
    const modes: Record<string, EvalModeScores> = {};
    for (const { name, set, overrides } of sets) {
      let base = values.url?.replace(/\/$/u, '') ?? '';
      let close = async () => {};
      if (!values.url) {
        const served = await serveInProcess(process.env, {
          QUERY_INSTRUCTION: instruction === 'on' ? 'true' : 'false',
          RATE_LIMIT_PER_MINUTE: '100000000',
          LOG_LEVEL: 'warn',
          ...overrides,
        });
        base = served.url;
        close = served.close;
      }
      try {
        await vectorsComplete(base);
        const missing = await unknownIds(base, set);
        if (missing.length) {
          process.stderr.write(
            `the relevance set names ${missing.length} clause ids the index does not hold (parser changed?): ${missing.slice(0, 10).join(', ')}\n` +
              'update the fixture before trusting these numbers\n',
          );
        }
        const scores = await evaluate(base, set);
        const checks = await checkExactTerms(base, set);
        if (values.verbose) printQueries(scores);
        const own = byMode(scores, checks);
        printTable(`${name ? `${name}: ` : ''}query instruction ${instruction} (${base})`, own);
        for (const [key, value] of Object.entries(own)) modes[name ? `${name}/${key}` : key] = value;
        const unanswerable = set.queries.filter((q) => !answerable(q)).map((q) => q.id);
        if (unanswerable.length) {
          process.stdout.write(`not averaged (no clause answers them): ${unanswerable.join(', ')}\n`);
        }
        for (const c of checks.filter((x) => x.found < x.expected || x.extra > 0)) {
          process.stdout.write(
            `exact-term promise broken for ${c.query.id} (${c.query.q}): ${c.found}/${c.expected} found, ${c.extra} without the terms\n`,
          );
        }
        if (values.pool) {
          const pool = await unjudgedPool(base, set, scores);
          const file = name && sets.length > 1 ? values.pool.replace(/(\.json)?$/u, `-${name}$1`) : values.pool;
          await writeFile(file, `${JSON.stringify(pool, null, 1)}\n`);
          const n = Object.values(pool).reduce((sum, l) => sum + l.length, 0);
          process.stderr.write(`${n} unjudged clauses in the top ${POOL_DEPTH} of ${Object.keys(pool).length} queries → ${file}\n`);
        }
      } finally {
        await close();
      }
    }
    const run: EvalRun = {
      at: new Date().toISOString(),
      url: values.url ? (values.url.replace(/\/$/u, '') ?? '') : 'in-process app on 127.0.0.1',
      queryInstruction: instruction,
      judgedQueries: sets.reduce((n, s) => n + s.set.queries.length, 0),
      modes,
    };
    if (!values['no-save']) await storeEvalRun(run);
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
