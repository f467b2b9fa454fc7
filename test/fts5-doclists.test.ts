/**
 * Doclists read straight from FTS5's records (core/engine/sqlite/fts5-doclists.ts) must say exactly what FTS5
 * says: the same clauses for every token and the same positions, whatever state writes left the index in —
 * one optimised segment, many small ones, doclists spread over many leaves, rows deleted or rewritten in
 * later transactions (delete markers), and contentless deletes (tombstones). Each case is checked against
 * FTS5's own MATCH and fts5vocab answers on the schema the engine uses.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Fts5Doclists, columnPositions, positionList } from '../core/engine/sqlite/fts5-doclists.js';
import { characterGrams } from '../core/engine/sqlite/character-grams.js';
import { createSchema } from '../core/engine/sqlite/schema.js';
import { clausesWithSubstring, coveringTrigrams, readSubstringMatches } from '../core/engine/sqlite/substring-lookup.js';
import { WordLengths, scoreAllOf, scoreAnyOf } from '../core/engine/sqlite/word-bm25.js';

/** A tiny deterministic random generator. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/** Few characters and words, so tokens repeat often and their doclists span many small leaves. */
const CHARACTERS = [...'知识产权质押融资新能源港园', 'A', 'b', ' '];
const WORDS = ['知识产权', '质押', '融资', '新能源', '园区', 'ab', '5g'];

function openIndex(pageSize: number): { db: Database.Database; statement: (sql: string) => Database.Statement } {
  const db = new Database(':memory:');
  createSchema(db);
  for (const table of ['clause_words', 'clause_trigrams', 'clause_grams']) {
    // Small leaves: a common token's doclist crosses many of them. No automatic merging: segments pile up.
    db.exec(`insert into ${table} (${table}, rank) values ('pgsz', ${pageSize})`); // an integer literal: a bound number is a REAL
    db.exec(`insert into ${table} (${table}, rank) values ('automerge', 0)`);
  }
  const statements = new Map<string, Database.Statement>();
  return { db, statement: (sql) => statements.get(sql) ?? (statements.set(sql, db.prepare(sql)).get(sql) as Database.Statement) };
}

function writer(db: Database.Database, seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const insert = db.prepare(`insert into clauses (rowid, id, doc_rowid, doc_id, ordinal, path, kind, text, start, end, tokens, heading_tokens, keywords, spans)
    values (?, ?, 1, 'd', 0, '[]', 'article', ?, 0, 0, ?, ?, '[]', '[]')`);
  const grams = db.prepare('insert into clause_grams (rowid, grams) values (?, ?)');
  const remove = db.prepare('delete from clauses where rowid = ?');
  return {
    put(rowid: number) {
      const text = Array.from({ length: 4 + Math.floor(next() * 40) }, () => pick(CHARACTERS)).join('');
      const tokens = Array.from({ length: 1 + Math.floor(next() * 12) }, () => pick(WORDS)).join(' ');
      const heading = next() < 0.5 ? '' : Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(WORDS)).join(' ');
      insert.run(rowid, `c${rowid}`, text, tokens, heading);
      grams.run(rowid, characterGrams(text));
    },
    remove(rowid: number) {
      remove.run(rowid);
    },
    random: next,
  };
}

function expectSameAsFts5(db: Database.Database, statement: (sql: string) => Database.Statement): void {
  const words = new Fts5Doclists(statement, 'clause_words', 'full');
  const trigrams = new Fts5Doclists(statement, 'clause_trigrams', 'full');
  const grams = new Fts5Doclists(statement, 'clause_grams', 'none');
  const matching = (table: string, query: string) => db.prepare(`select rowid from ${table} where ${table} match ? order by rowid`).pluck().all(query);

  for (const word of WORDS) {
    const postings = words.postings(word);
    expect(Array.from(postings.rowids), word).toEqual(matching('clause_words', `"${word}"`));
    // Positions per column, as fts5vocab lists every occurrence.
    const instances = db
      .prepare("select doc, iif(col = 'tokens', 0, 1) as col, offset from temp.instances where term = ? order by doc, col, offset")
      .raw()
      .all(word) as Array<[number, number, number]>;
    const decoded: Array<[number, number, number]> = [];
    const out = new Int32Array(256);
    const end = new Int32Array(1);
    for (let i = 0; i < postings.rowids.length; i++) {
      const start = positionList(postings.bytes, postings.lists[i] as number, end);
      for (const column of [0, 1]) {
        const n = columnPositions(postings.bytes, start, end[0] as number, column, out);
        for (let k = 0; k < n; k++) decoded.push([postings.rowids[i] as number, column, out[k] as number]);
      }
    }
    expect(decoded, word).toEqual(instances);
  }
  // bm25 from these doclists, word by word and over both columns with several weights, is FTS5's to the bit.
  const lengths = WordLengths.load(db, 1 + ((db.prepare('select max(rowid) from clauses').pluck().get() as number | null) ?? 0));
  const ranked = (query: string, weights: string) =>
    db.prepare(`select rowid, -rank as score from clause_words where clause_words match ? and rank match 'bm25(${weights})' order by rowid`).all(query) as Array<{ rowid: number; score: number }>;
  for (const [words, weights] of [[['知识产权'], [1, 0]], [['园区'], [0.5, 2.5]], [['质押', 'ab'], [1, 1]], [['融资', '5g', '园区'], [1, 2.5]]] as const) {
    for (const [score, join] of [[scoreAllOf, ' AND '], [scoreAnyOf, ' OR ']] as const) {
      const scored = score(statement, lengths, words, weights);
      const fts = ranked(words.map((w) => `"${w}"`).join(join), weights.join(', '));
      expect(Array.from(scored.rowids), `${words.join(join)}`).toEqual(fts.map((r) => r.rowid));
      expect(Array.from(scored.scores), `${words.join(join)}`).toEqual(fts.map((r) => r.score));
    }
  }
  for (const gram of ['知', '港', '知识', 'ab', 'a', ' ']) {
    if (gram.trim() === '') continue;
    expect(Array.from(grams.postings(gram).rowids), gram).toEqual(matching('clause_grams', `"${gram}"`));
  }
  const trigramTokens = db.prepare("select term from temp.trigram_terms").pluck().all() as string[];
  expect(trigramTokens.length).toBeGreaterThan(50);
  for (const token of trigramTokens) {
    expect(Array.from(trigrams.postings(token).rowids), token).toEqual(matching('clause_trigrams', `"${token.replaceAll('"', '""')}"`));
  }
  for (const term of ['知识产权', '知识产权质押', '产权质押融资新能源', '新能源港园', '港港港港港港', 'ab 知识', 'AB知', '园 A']) {
    const texts = db.prepare('select rowid, text from clauses order by rowid').raw().all() as Array<[number, string]>;
    const containing = texts.filter(([, text]) => text.toLowerCase().includes(term.toLowerCase())).map(([rowid]) => rowid);
    const cover = coveringTrigrams(term) ?? [];
    // Read here whatever the lists' lengths (the engine leaves very uneven ones to FTS5).
    expect(Array.from(cover.length === 1 ? (clausesWithSubstring(trigrams, term) ?? []) : readSubstringMatches(trigrams, cover, cover.map(() => 1))), term).toEqual(containing);
    expect(containing, term).toEqual(matching('clause_trigrams', `"${term}"`));
    // Only among the clauses an earlier term left: every third rowid, say.
    const within = Int32Array.from(texts.map(([rowid]) => rowid).filter((rowid) => rowid % 3 === 0));
    const among = cover.length === 1 ? clausesWithSubstring(trigrams, term, within) : readSubstringMatches(trigrams, cover, cover.map(() => 1), within);
    expect(Array.from(among ?? []), `${term} within`).toEqual(containing.filter((rowid) => rowid % 3 === 0));
  }
}

function withVocabularies(db: Database.Database): void {
  db.exec(`create virtual table temp.instances using fts5vocab(main, 'clause_words', 'instance');
    create virtual table temp.trigram_terms using fts5vocab(main, 'clause_trigrams', 'row');`);
}

describe('doclists read from the FTS5 records', () => {
  it('equal FTS5 on one segment of many leaves', () => {
    const { db, statement } = openIndex(64);
    withVocabularies(db);
    const w = writer(db, 1);
    db.transaction(() => {
      for (let rowid = 1; rowid <= 600; rowid++) w.put(rowid);
    })();
    db.exec("insert into clause_words (clause_words) values ('optimize'); insert into clause_trigrams (clause_trigrams) values ('optimize'); insert into clause_grams (clause_grams) values ('optimize');");
    expectSameAsFts5(db, statement);
  });

  it('equal FTS5 over many segments with deletes, rewrites and tombstones, before and after merging them', () => {
    const { db, statement } = openIndex(96);
    withVocabularies(db);
    const w = writer(db, 7);
    const stored = new Set<number>();
    for (let round = 0; round < 14; round++) {
      db.transaction(() => {
        for (let k = 0; k < 60; k++) {
          const rowid = 1 + Math.floor(w.random() * 500);
          if (stored.has(rowid)) {
            w.remove(rowid);
            stored.delete(rowid);
            // Written again in the same transaction half of the time: a delete marker and new positions in one entry.
            if (w.random() < 0.5) {
              w.put(rowid);
              stored.add(rowid);
            }
          } else {
            w.put(rowid);
            stored.add(rowid);
          }
        }
      })();
    }
    for (const table of ['clause_words', 'clause_trigrams', 'clause_grams']) {
      expect(db.prepare(`select count(distinct segid) from ${table}_idx`).pluck().get(), table).toBeGreaterThan(10);
    }
    // The contentless gram index records its deletes as tombstones (FTS5_TOMBSTONE_ROWID: segid + 2¹⁶ above 2³⁷).
    expect(db.prepare('select count(*) from clause_grams_data where id >= ?').pluck().get(BigInt(0x10001) << 37n)).toBeGreaterThan(0);
    expectSameAsFts5(db, statement);
    db.exec("insert into clause_words (clause_words, rank) values ('merge', 4); insert into clause_trigrams (clause_trigrams, rank) values ('merge', 4); insert into clause_grams (clause_grams, rank) values ('merge', 4);");
    expectSameAsFts5(db, statement);
    db.exec("insert into clause_words (clause_words) values ('optimize'); insert into clause_trigrams (clause_trigrams) values ('optimize'); insert into clause_grams (clause_grams) values ('optimize');");
    expectSameAsFts5(db, statement);
  });

  it('find nothing for a token no clause holds, and in an empty index', () => {
    const { db, statement } = openIndex(4050);
    expect(new Fts5Doclists(statement, 'clause_words', 'full').postings('知识产权').rowids.length).toBe(0);
    writer(db, 3).put(1);
    expect(new Fts5Doclists(statement, 'clause_words', 'full').postings('不存在').rowids.length).toBe(0);
    expect(new Fts5Doclists(statement, 'clause_trigrams', 'full').postings('不存在').rowids.length).toBe(0);
  });
});

describe('substring lookups from trigram doclists', () => {
  it('read only the trigrams covering the term', () => {
    expect(coveringTrigrams('知识产权')?.map((t) => t.token)).toEqual(['知识产', '识产权']);
    expect(coveringTrigrams('国家自主创新示范区')?.map((t) => `${t.offset}:${t.token}`)).toEqual(['0:国家自', '3:主创新', '6:示范区']);
    expect(coveringTrigrams('知识产权质押融资')?.map((t) => t.offset)).toEqual([0, 3, 5]);
    expect(coveringTrigrams('5G网络')?.map((t) => t.token)).toEqual(['5g网', 'g网络']);
  });

  it('leave to FTS5 the terms whose case folding is not reproduced here', () => {
    expect(coveringTrigrams('Ärzte')).toBeNull();
    expect(coveringTrigrams('ΑΒΓ')).toBeNull();
    expect(coveringTrigrams('知识产权（试行）')).not.toBeNull();
  });

  it('fold every character the way FTS5 does, for the characters they accept', () => {
    const { db, statement } = openIndex(4050);
    const w = db.prepare(`insert into clauses (rowid, id, doc_rowid, doc_id, ordinal, path, kind, text, start, end, tokens, heading_tokens, keywords, spans)
      values (?, ?, 1, 'd', 0, '[]', 'article', ?, 0, 0, '', '', '[]', '[]')`);
    // Every printable ASCII character and samples of CJK, punctuation, full-width forms and symbols.
    const samples = [
      ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
      ...'，。、；：？！“”‘’（）《》【】—…·％＋－＝０１２３ＡＢａｂ①②㈠℃№々〇',
      ...'知识产权𠀀𪚥',
    ];
    const trigrams = new Fts5Doclists(statement, 'clause_trigrams', 'full');
    db.transaction(() => samples.forEach((c, i) => w.run(i + 1, `c${i}`, `甲${c}乙丙`)))();
    for (const c of samples) {
      const term = `甲${c}乙`;
      const ours = clausesWithSubstring(trigrams, term);
      if (ours === null) continue;
      const fts = db.prepare('select rowid from clause_trigrams where clause_trigrams match ? order by rowid').pluck().all(`"${term.replaceAll('"', '""')}"`);
      expect(Array.from(ours), JSON.stringify(c)).toEqual(fts);
    }
  });
});
