/**
 * Similar clauses rank the clauses sharing the source's keywords with `clausesSharingKeywords`
 * (core/engine/sqlite/shared-words.ts: occurrence lists kept per index, top-k by MaxScore). It must return
 * exactly what `clausesSharingWords` returns — the same clauses, bm25 scores (to the last bit) and order —
 * on words of every frequency, from words in half the clauses to words in a handful.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenIndex, openDatabase } from '../core/engine/sqlite/index-file.js';
import { clausesSharingWords } from '../core/engine/sqlite/keyword-search.js';
import { OccurrenceLists, bestSharingAnyOf, clausesSharingKeywords } from '../core/engine/sqlite/shared-words.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { IndexedClause, IndexedDocument, Tokenizer } from '../core/types.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const VOCABULARY = 400;
const CLAUSES = 6000;
/** Words named like jieba tokens; word i is drawn with probability ∝ 1/(i+1), so 词0 sits in most clauses. */
const word = (i: number) => `词${i}`;
const next = random(11);
const zipf = (() => {
  const weights = Array.from({ length: VOCABULARY }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let r = next() * total;
    for (let i = 0; i < VOCABULARY; i++) if ((r -= weights[i] as number) <= 0) return i;
    return VOCABULARY - 1;
  };
})();

function corpus(): IndexedDocument[] {
  const docs: IndexedDocument[] = [];
  for (let d = 0; d * 60 < CLAUSES; d++) {
    const id = `doc-${d}`;
    const heading = Array.from({ length: 1 + Math.floor(next() * 3) }, () => word(zipf())).join(' ');
    const clauses = Array.from({ length: 60 }, (_, ordinal): IndexedClause => {
      // 3–60 tokens: short and long clauses, a word often more than once.
      const tokens = Array.from({ length: 3 + Math.floor(next() * 58) }, () => word(zipf())).join(' ');
      return {
        id: `${id}.${ordinal}`, docId: id, ordinal, number: null, path: [], kind: 'paragraph', text: tokens.replaceAll(' ', ''),
        start: 0, end: tokens.length, spans: [], tokens, headingTokens: ordinal % 4 === 0 ? heading : '', keywords: [], vector: null,
      };
    });
    docs.push({
      document: {
        id, sourceFile: `${id}.txt`, title: id, noticeTitle: null, docNumber: null, proposalNumber: null, issuer: null,
        date: '2015-01-01', effectiveDate: null, history: [], orderNumber: null, publishedDate: null, year: 2015,
        level: '市', docType: '通知', sourceUrl: null, clauseCount: clauses.length,
      },
      clauses,
    });
  }
  return docs;
}

let dir: string;
let index: OpenIndex;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiaowen-shared-words-'));
  const file = path.join(dir, 'tiaowen.sqlite');
  const tokenizer = { tokenize: (t: string) => t.split(' '), keywords: () => [] } as unknown as Tokenizer;
  const engine = await createSqliteEngine({ file, tokenizer });
  await engine.replaceAll(corpus(), { fingerprint: 'shared-words' });
  await engine.close();
  const stat = fs.statSync(file);
  index = new OpenIndex(openDatabase(file, { create: false }), { dev: stat.dev, ino: stat.ino });
}, 120_000);
afterAll(() => {
  index?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** What similar() ranked before: the words some clause holds, then clausesSharingWords. */
function expected(words: readonly string[], k: number) {
  const statement = (sql: string) => index.statement(sql);
  const known = statement('select doc from clause_word_counts where term = ?').pluck();
  const held = words.filter((w) => ((known.get(w.toLowerCase()) as number | undefined) ?? 0) > 0);
  return clausesSharingWords(statement, held, k, () => index.wordLengths());
}

describe('clauses sharing a source clause’s keywords', () => {
  it('the corpus spans common and rare words (词0 in most clauses, the last words in a few)', () => {
    const df = index.statement('select doc from clause_word_counts where term = ?').pluck();
    expect(df.get(word(0)) as number).toBeGreaterThan(CLAUSES / 2);
    expect(df.get(word(VOCABULARY - 1)) as number).toBeLessThan(CLAUSES / 50);
  });

  it('equal clausesSharingWords, scores to the last bit, for 120 keyword sets and every depth', () => {
    const pick = random(3);
    for (let set = 0; set < 120; set++) {
      // 1–6 words: common (Zipf draws), rare (uniform draws), now and then one twice or one held by no clause.
      const words = Array.from({ length: 1 + Math.floor(pick() * 6) }, (_, i) =>
        i % 2 === 0 ? word(zipf()) : pick() < 0.1 ? '不存在的词' : word(Math.floor(pick() * VOCABULARY)),
      );
      if (set % 7 === 0) words.push(words[0] as string);
      for (const k of [1, 7, 100, 400, 3000]) {
        expect(clausesSharingKeywords(index, words, k), `${words.join(' ')} k=${k}`).toEqual(expected(words, k));
      }
    }
  });

  it('stays exact when the lists do not fit the cache (every list read again)', () => {
    const small = new OccurrenceLists((sql) => index.statement(sql), 1024);
    const statement = (sql: string) => index.statement(sql);
    for (const words of [[word(0), word(1), word(300)], [word(2), word(150)], [word(0)]]) {
      const lists = words.map((w) => small.get(w));
      const want = clausesSharingWords(statement, words, 400, () => index.wordLengths());
      expect(bestSharingAnyOf(lists, index.wordLengths(), 400)).toEqual(want);
    }
    expect(small.size).toBeLessThanOrEqual(1024);
  });

  it('keeps each list once: a second request reads nothing', () => {
    const lists = index.occurrenceLists();
    clausesSharingKeywords(index, [word(0), word(5)], 400);
    const held = lists.size;
    expect(held).toBeGreaterThan(0);
    expect(lists.get(word(0))).toBe(lists.get(word(0)));
    clausesSharingKeywords(index, [word(0), word(5)], 400);
    expect(lists.size).toBe(held);
  });

  it('hands words that are not plain terms to clausesSharingWords (FTS5 ranks them)', () => {
    for (const words of [['c++', word(3)], ['词-1', word(0)]]) {
      expect(clausesSharingKeywords(index, words, 100)).toEqual(expected(words, 100));
    }
  });
});
