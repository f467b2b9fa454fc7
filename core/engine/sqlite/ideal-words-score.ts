/**
 * The ceiling of the words side of a question (fusion.ts `ScoredList.ceiling`): the bm25 a clause would score
 * for holding every ranked word once in its text at the average length. With FTS5's k1 and b the length and
 * frequency terms are then 1, so the score is the sum of the words' idf, computed as FTS5 computes it.
 *
 * Why not the best hit: min-max scaling gives the best clause of the words side the side's whole weight even
 * when it shares a single, weak word of the question. Measured (`npm run eval`, questions, nDCG@10): seeds dev
 * 0.749 → 0.752, test 0.689 → 0.689, legislation 0.663 → 0.705, where everyday questions share few words with
 * the articles that answer them.
 */
import type Database from 'better-sqlite3';

type Prepare = (sql: string) => Database.Statement;

/** FTS5's idf (fts5_aux.c): ln((N − n + ½) / (n + ½)), floored at 10⁻⁶. */
export function fts5Idf(rowCount: number, rowsWithWord: number): number {
  const idf = Math.log((rowCount - rowsWithWord + 0.5) / (rowsWithWord + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** Sum of the idf of `words` (clause_words terms) over `rowCount` rows of the word index; unknown words add nothing. */
export function idealWordsScore(statement: Prepare, words: readonly string[], rowCount: number): number {
  const rows = statement('select doc from clause_word_counts where term = ?').pluck();
  let sum = 0;
  for (const word of new Set(words)) {
    const n = (rows.get(word.toLowerCase()) as number | undefined) ?? 0;
    if (n > 0) sum += fts5Idf(rowCount, n);
  }
  return sum;
}
