/**
 * The words side of a question is scaled to the bm25 of a clause holding every ranked word once at the average
 * length (ideal-words-score.ts): that figure must be what FTS5 itself scores such a clause.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fts5Idf, idealWordsScore } from '../core/engine/sqlite/ideal-words-score.js';

function wordIndex(rows: string[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(`create virtual table clause_words using fts5 (tokens, heading_tokens, tokenize = 'unicode61 remove_diacritics 2');
    create virtual table clause_word_counts using fts5vocab (clause_words, 'row');`);
  const insert = db.prepare('insert into clause_words (rowid, tokens, heading_tokens) values (?, ?, ?)');
  rows.forEach((tokens, i) => insert.run(i + 1, tokens, ''));
  return db;
}

describe('idealWordsScore', () => {
  // Every clause four words long, so each is of the average length.
  const db = wordIndex(['知识产权 质押 融资 担保', '知识产权 保护 体系 建设', '人才 引进 住房 保障', '产业 用地 厂房 改造', '人才 培养 体系 建设']);
  const statement = (sql: string) => db.prepare(sql);

  it('is the score FTS5 gives a clause of average length holding each word once', () => {
    const words = ['质押', '融资', '担保'];
    const ideal = idealWordsScore(statement, words, 5);
    const scored = statement(
      `select -rank as score from clause_words where clause_words match ? and rank match 'bm25(1, 1)' and rowid = 1`,
    ).get(words.join(' OR ')) as { score: number };
    expect(ideal).toBeCloseTo(scored.score, 9);
    expect(ideal).toBeCloseTo(3 * Math.log(4.5 / 1.5), 12);
  });

  it('adds nothing for a word no clause holds, and counts a repeated word once', () => {
    expect(idealWordsScore(statement, ['质押', '不存在的词', '质押'], 5)).toBeCloseTo(fts5Idf(5, 1), 12);
    expect(idealWordsScore(statement, [], 5)).toBe(0);
  });

  it('floors the idf of a word in most clauses at 10⁻⁶, as FTS5 does', () => {
    expect(fts5Idf(5, 4)).toBe(1e-6);
    expect(fts5Idf(4, 2)).toBe(1e-6);
  });
});
