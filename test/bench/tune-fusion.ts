/**
 * `npx tsx test/bench/tune-fusion.ts`: chooses QUESTION_SEMANTIC_WEIGHT (core/engine/fusion-weights.ts), the
 * weight of meaning against shared words when hybrid search answers a question, by 5-fold cross-validation
 * on the dev half of the judged set only. The test half is never read.
 *
 * The two lists are exactly the embedded engine's: the semantic set from the API (mode=semantic: the nearest
 * 100 with their cosines) and the words list from the index file with the engine's own functions (the
 * question's rarest topic words, bm25 over clauses sharing any of them). Each weight of the grid fuses them
 * with weightedScoreFusion and is scored by nDCG@10; crossValidateWeight picks per fold.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT_DIR } from '../../core/config.js';
import { weightedScoreFusion } from '../../core/engine/fusion.js';
import { QUESTION_SEMANTIC_WEIGHT, crossValidateWeight } from '../../core/engine/fusion-weights.js';
import { contentWords, parseQuery } from '../../core/engine/query-syntax.js';
import { HYBRID_DEPTH, MIN_SEMANTIC_COSINE } from '../../core/engine/result-sets.js';
import { clausesSharingWords, rarestWords } from '../../core/engine/sqlite/keyword-search.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import { mean, ndcgAt, RELEVANT_GRADE } from './metrics.js';
import { serveInProcess } from './serve-in-process.js';

interface Query {
  id: string;
  kind: string;
  split: string;
  q?: string;
  judgments: Array<{ id: string; grade: number }>;
}

const GRID = Array.from({ length: 21 }, (_, i) => Math.round(i * 5) / 100);
/** The engine fetches this many related rows per hybrid slot (search.ts RELATED_OVERFETCH). */
const RELATED_OVERFETCH = 4;

async function main(): Promise<void> {
  const set = JSON.parse(await readFile(path.join(ROOT_DIR, 'test/fixtures/relevance.json'), 'utf8')) as { queries: Query[] };
  const served = await serveInProcess(process.env, { RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' });
  const db = new Database(served.config.engine.kind === 'sqlite' ? served.config.engine.file : '', { readonly: true, fileMustExist: true });
  const tokenizer = createJiebaTokenizer();
  const statement = (sql: string) => db.prepare(sql);
  const idOf = new Map((db.prepare('select rowid, id from clauses').all() as Array<{ rowid: number; id: string }>).map((r) => [r.rowid, r.id]));
  const clauseCount = idOf.size;
  try {
    const items: Array<{ judgments: Map<string, number>; words: Array<{ id: string; score: number }>; meaning: Array<{ id: string; score: number }> }> = [];
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
      items.push({ judgments: new Map(q.judgments.map((j) => [j.id, j.grade])), words: related, meaning });
    }
    const score = (i: number, weight: number): number => {
      const it = items[i];
      if (!it) return 0;
      const fused = weightedScoreFusion([
        { signal: 'keyword', hits: it.words, weight: 1 - weight, floor: 0 },
        { signal: 'semantic', hits: it.meaning, weight, floor: MIN_SEMANTIC_COSINE },
      ]);
      return ndcgAt(fused.map((h) => h.id), it.judgments, 10);
    };
    const { folds, cvMean, best } = crossValidateWeight(items.length, GRID, score);
    process.stdout.write(`${items.length} dev questions answered by the shared-words path\n`);
    for (const w of GRID) process.stdout.write(`  semantic weight ${w.toFixed(2)}  nDCG@10 ${mean(items.map((_, i) => score(i, w))).toFixed(3)}\n`);
    process.stdout.write(`folds chose ${folds.map((f) => f.weight.toFixed(2)).join(', ')}; cross-validated nDCG@10 ${cvMean.toFixed(3)}\n`);
    process.stdout.write(`best on all dev questions: ${best.toFixed(2)} (in use: ${QUESTION_SEMANTIC_WEIGHT})\n`);
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
