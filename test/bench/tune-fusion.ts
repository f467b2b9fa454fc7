/**
 * `npx tsx test/bench/tune-fusion.ts`: chooses the fusion weights of core/engine/fusion-weights.ts by 5-fold
 * cross-validation on the dev half of the judged set only (the test half is never read):
 *
 * - QUESTION_SEMANTIC_WEIGHT, meaning against shared words when hybrid search answers a question. The lists
 *   are the embedded engine's: the semantic set from the API (mode=semantic: the nearest 100 with their
 *   cosines) and the words list from the index file with the engine's own functions (the question's rarest
 *   topic words, bm25 over clauses sharing any of them).
 * - SIMILAR_SEMANTIC_WEIGHT, the cosine to a source clause against bm25 over its stored keywords: the
 *   nearest 100 clauses of other documents (an exact scan of the index's vectors, which the engine's
 *   pre-selection equals on the seeds) and the clauses sharing the source's first SIMILAR_KEYWORDS keywords.
 *
 * Each weight of the grid fuses the lists with weightedScoreFusion and is scored by nDCG@10;
 * crossValidateWeight picks per fold.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT_DIR } from '../../core/config.js';
import { weightedScoreFusion } from '../../core/engine/fusion.js';
import {
  QUESTION_SEMANTIC_WEIGHT,
  SIMILAR_HUBNESS_WEIGHT,
  SIMILAR_KEYWORDS,
  SIMILAR_SEMANTIC_WEIGHT,
  crossValidateWeight,
} from '../../core/engine/fusion-weights.js';
import { hubnessAdjusted, poolHubness } from '../../core/engine/hubness.js';
import { contentWords, parseQuery } from '../../core/engine/query-syntax.js';
import { HYBRID_DEPTH, MIN_SEMANTIC_COSINE } from '../../core/engine/result-sets.js';
import { clausesSharingWords, rarestWords } from '../../core/engine/sqlite/keyword-search.js';
import { idealWordsScore } from '../../core/engine/sqlite/ideal-words-score.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import { mean, ndcgAt, RELEVANT_GRADE } from './metrics.js';
import { serveInProcess } from './serve-in-process.js';
import { vectorsComplete } from './wait-for-vectors.js';

interface Query {
  id: string;
  kind: string;
  split: string;
  q?: string;
  source?: string;
  judgments: Array<{ id: string; grade: number }>;
}

const GRID = Array.from({ length: 21 }, (_, i) => Math.round(i * 5) / 100);
/** The engine fetches this many related rows per hybrid slot (search.ts RELATED_OVERFETCH). */
const RELATED_OVERFETCH = 4;

interface Item {
  judgments: Map<string, number>;
  words: Array<{ id: string; score: number }>;
  meaning: Array<{ id: string; score: number }>;
  /** The words side's ceiling (questions: idealWordsScore), as the engine scales it. */
  ceiling?: number;
  /** A similar-clause source (its meaning list holds hubness-adjusted cosines). */
  similar?: boolean;
}

/** nDCG@10 of one item's lists fused with `weight` on meaning. */
function scoreItem(it: Item | undefined, weight: number): number {
  if (!it) return 0;
  const fused = weightedScoreFusion([
    { signal: 'keyword', hits: it.words, weight: 1 - weight, floor: 0, ceiling: it.ceiling },
    // Similar clauses fuse hubness-adjusted cosines, scaled from the lowest candidate (no cut-off applies).
    { signal: 'semantic', hits: it.meaning, weight, floor: it.similar ? undefined : MIN_SEMANTIC_COSINE },
  ]);
  return ndcgAt(fused.map((h) => h.id), it.judgments, 10);
}

function report(label: string, items: Item[], inUse: number): void {
  const score = (i: number, w: number) => scoreItem(items[i], w);
  const { folds, cvMean, best } = crossValidateWeight(items.length, GRID, score);
  process.stdout.write(`${label}\n`);
  for (const w of GRID) process.stdout.write(`  semantic weight ${w.toFixed(2)}  nDCG@10 ${mean(items.map((_, i) => score(i, w))).toFixed(3)}\n`);
  process.stdout.write(`folds chose ${folds.map((f) => f.weight.toFixed(2)).join(', ')}; cross-validated nDCG@10 ${cvMean.toFixed(3)}\n`);
  process.stdout.write(`best on all of them: ${best.toFixed(2)} (in use: ${inUse})\n\n`);
}

const DEPTH = 100;

/** The dev similar-clause sources with the two lists findSimilar fuses. */
function similarItems(set: { queries: Query[] }, db: Database.Database, idOf: Map<number, string>): Item[] {
  const rows = db.prepare('select c.rowid, c.doc_rowid, c.keywords, v.embedding from clauses c join clause_vectors v on v.rowid = c.rowid').all() as Array<{
    rowid: number;
    doc_rowid: number;
    keywords: string;
    embedding: Buffer;
  }>;
  const vectorOf = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  const vectors = new Map(rows.map((r) => [r.rowid, vectorOf(r.embedding)]));
  const byId = new Map(rows.map((r) => [idOf.get(r.rowid) ?? '', r]));
  const docOf = new Map(rows.map((r) => [r.rowid, r.doc_rowid]));
  const known = db.prepare('select doc from clause_word_counts where term = ?').pluck();
  const statement = (sql: string) => db.prepare(sql);
  const items: Item[] = [];
  for (const q of set.queries) {
    if (q.split !== 'dev' || q.kind !== 'similar' || !q.judgments.some((j) => j.grade >= RELEVANT_GRADE)) continue;
    const src = byId.get(q.source ?? '');
    if (!src) throw new Error(`similar source ${q.source} is not in the index`);
    const v = vectors.get(src.rowid) as Float32Array;
    const nearest = rows
      .filter((r) => r.doc_rowid !== src.doc_rowid)
      .map((r) => {
        const w = vectors.get(r.rowid) as Float32Array;
        let dot = 0;
        for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (w[i] as number);
        return { id: idOf.get(r.rowid) ?? '', score: dot };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, DEPTH);
    // As findSimilar: each candidate's cosine less its hubness among the candidates (core/engine/hubness.ts).
    const rowOf = new Map(rows.map((r) => [idOf.get(r.rowid) ?? '', r.rowid]));
    const hubness = poolHubness(nearest.map((m) => vectors.get(rowOf.get(m.id) as number) as Float32Array));
    const adjusted = hubnessAdjusted(nearest.map((m) => m.score), hubness, SIMILAR_HUBNESS_WEIGHT);
    const meaning = nearest.map((m, i) => ({ id: m.id, score: adjusted[i] as number })).sort((a, b) => b.score - a.score);
    const keywords = (JSON.parse(src.keywords) as string[])
      .slice(0, SIMILAR_KEYWORDS)
      .filter((w) => ((known.get(w.toLowerCase()) as number | undefined) ?? 0) > 0);
    const words = clausesSharingWords(statement, keywords, DEPTH * RELATED_OVERFETCH)
      .filter((r) => docOf.get(r.rowid) !== src.doc_rowid)
      .slice(0, DEPTH)
      .map((r) => ({ id: idOf.get(r.rowid) ?? '', score: r.score }));
    items.push({ judgments: new Map(q.judgments.map((j) => [j.id, j.grade])), words, meaning, similar: true });
  }
  return items;
}

async function main(): Promise<void> {
  const set = JSON.parse(await readFile(path.join(ROOT_DIR, 'test/fixtures/relevance.json'), 'utf8')) as { queries: Query[] };
  const served = await serveInProcess(process.env, { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' });
  await vectorsComplete(served.url);
  const db = new Database(served.config.engine.kind === 'sqlite' ? served.config.engine.file : '', { readonly: true, fileMustExist: true });
  const tokenizer = createJiebaTokenizer();
  const statement = (sql: string) => db.prepare(sql);
  const idOf = new Map((db.prepare('select rowid, id from clauses').all() as Array<{ rowid: number; id: string }>).map((r) => [r.rowid, r.id]));
  const clauseCount = idOf.size;
  try {
    const items: Item[] = [];
    for (const q of set.queries) {
      // Questions of the dev half whose whole wording no clause holds: the queries that take this path.
      if (q.split !== 'dev' || q.kind === 'similar' || !q.judgments.some((j) => j.grade >= RELEVANT_GRADE)) continue;
      const exact = await fetch(`${served.url}/api/search?q=${encodeURIComponent(q.q ?? '')}&mode=keyword&limit=1`);
      if (((await exact.json()) as { total: number }).total > 0 || parseQuery(q.q ?? '').length === 0) continue;
      const meaningRes = await fetch(`${served.url}/api/search?q=${encodeURIComponent(q.q ?? '')}&mode=semantic&limit=100`);
      const meaning = ((await meaningRes.json()) as { hits: Array<{ id: string; score: number }> }).hits.map((h) => ({ id: h.id, score: h.score }));
      const words = rarestWords(statement, contentWords(tokenizer.tokenize(q.q ?? '')), clauseCount);
      const related = clausesSharingWords(statement, words, HYBRID_DEPTH * RELATED_OVERFETCH)
        .slice(0, HYBRID_DEPTH)
        .map((r) => ({ id: idOf.get(r.rowid) ?? '', score: r.score }));
      const ceiling = idealWordsScore(statement, words, clauseCount);
      items.push({ judgments: new Map(q.judgments.map((j) => [j.id, j.grade])), words: related, meaning, ceiling });
    }
    report(`${items.length} dev questions answered by the shared-words path`, items, QUESTION_SEMANTIC_WEIGHT);
    report(`${similarItems(set, db, idOf).length} dev similar-clause sources`, similarItems(set, db, idOf), SIMILAR_SEMANTIC_WEIGHT);
  } finally {
    db.close();
    await served.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`tune-fusion failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
