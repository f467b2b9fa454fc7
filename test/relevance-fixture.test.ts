/**
 * The judged query set behind `npm run eval` (test/fixtures/relevance.json) is well-formed: every query is
 * judged, every judged id is a clause the parser produces from seeds/, and the dev/test split is the one
 * the split rule gives, so nobody can move a query between halves by hand.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { parseDocument } from '../indexer/parse/parse-document.js';
import { splitQueries } from './bench/relevance-split.js';
import { legislationDir } from './utils/legislation.js';

interface Judged {
  id: string;
  kind: 'keyword' | 'question' | 'similar';
  split: string;
  q?: string;
  source?: string;
  note: string;
  judgments: Array<{ id: string; grade: number; note?: string }>;
}

const set = JSON.parse(readFileSync(path.join(ROOT_DIR, 'test/fixtures/relevance.json'), 'utf8')) as {
  tunedBeforeSplit: string[];
  queries: Judged[];
};
const written = JSON.parse(readFileSync(path.join(ROOT_DIR, 'test/fixtures/relevance-unseen-questions.json'), 'utf8')) as {
  queries: Array<{ id: string; kind: string; q?: string; source?: string }>;
};
const seeds = path.join(ROOT_DIR, 'seeds');
const clauseIds = new Set(
  readdirSync(seeds).flatMap((f) => parseDocument(readFileSync(path.join(seeds, f), 'utf8'), f).clauses.map((c) => c.id)),
);
const docOf = (clauseId: string) => clauseId.slice(0, clauseId.indexOf('.'));

describe('the judged query set', () => {
  it('has the 31 queries tuned before the split plus at least 60 new search queries and 20 new similar sources', () => {
    const tuned = new Set(set.tunedBeforeSplit);
    expect(tuned.size).toBe(31);
    const fresh = set.queries.filter((q) => !tuned.has(q.id));
    expect(fresh.filter((q) => q.kind !== 'similar').length).toBeGreaterThanOrEqual(60);
    expect(fresh.filter((q) => q.kind === 'similar').length).toBeGreaterThanOrEqual(20);
  });

  it('judges the questions exactly as they were written down before judging', () => {
    const byId = new Map(set.queries.map((q) => [q.id, q]));
    for (const w of written.queries) {
      const q = byId.get(w.id);
      expect(q, w.id).toBeDefined();
      expect([q?.kind, q?.q, q?.source]).toEqual([w.kind, w.q, w.source]);
    }
  });

  it('gives every query a unique id, its words or its source, and judgments graded 0–3 without repeats', () => {
    expect(new Set(set.queries.map((q) => q.id)).size).toBe(set.queries.length);
    for (const q of set.queries) {
      expect(q.judgments.length, q.id).toBeGreaterThan(0);
      if (q.kind === 'similar') expect(clauseIds.has(q.source ?? ''), q.id).toBe(true);
      else expect(q.q?.trim(), q.id).toBeTruthy();
      expect(new Set(q.judgments.map((j) => j.id)).size, q.id).toBe(q.judgments.length);
      for (const j of q.judgments) expect([0, 1, 2, 3], `${q.id} ${j.id}`).toContain(j.grade);
    }
  });

  it('names only clauses the parser produces from seeds/, and never the similar source own document', () => {
    for (const q of set.queries) {
      for (const j of q.judgments) expect(clauseIds.has(j.id), `${q.id} → ${j.id}`).toBe(true);
      if (q.kind === 'similar') {
        const graded = q.judgments.filter((j) => j.grade > 0);
        for (const j of graded) expect(docOf(j.id), `${q.id} → ${j.id}`).not.toBe(docOf(q.source ?? ''));
      }
    }
  });

  it('notes why every clause of the new queries got a grade above 0', () => {
    const tuned = new Set(set.tunedBeforeSplit);
    for (const q of set.queries.filter((x) => !tuned.has(x.id))) {
      for (const j of q.judgments.filter((x) => x.grade > 0)) expect(j.note?.trim(), `${q.id} ${j.id}`).toBeTruthy();
    }
  });

  it('stores the split the rule gives: tuned queries in dev, the new ones halved per kind by id hash', () => {
    const expected = splitQueries(set.queries, new Set(set.tunedBeforeSplit));
    for (const q of set.queries) expect(q.split, q.id).toBe(expected.get(q.id));
    const test = set.queries.filter((q) => q.split === 'test');
    const dev = set.queries.filter((q) => q.split === 'dev');
    expect(test.length + dev.length).toBe(set.queries.length);
    for (const kind of ['keyword', 'question', 'similar'] as const) {
      const fresh = set.queries.filter((q) => q.kind === kind && !set.tunedBeforeSplit.includes(q.id));
      const inTest = fresh.filter((q) => q.split === 'test').length;
      expect(fresh.length - inTest - inTest, kind).toBeGreaterThanOrEqual(0);
      expect(fresh.length - inTest - inTest, kind).toBeLessThanOrEqual(1);
    }
  });

  it('keeps dev and test disjoint: no test query repeats a dev query words or similar source', () => {
    const devKeys = new Set(set.queries.filter((q) => q.split === 'dev').map((q) => q.q ?? `similar:${q.source}`));
    for (const q of set.queries.filter((x) => x.split === 'test')) expect(devKeys.has(q.q ?? `similar:${q.source}`), q.id).toBe(false);
  });
});

describe('splitQueries', () => {
  const queries = [
    { id: 'a1', kind: 'question' },
    { id: 'a2', kind: 'question' },
    { id: 'a3', kind: 'question' },
    { id: 'b1', kind: 'similar' },
    { id: 'b2', kind: 'similar' },
    { id: 'old', kind: 'question' },
  ];

  it('puts tuned queries in dev and halves each kind, the odd one in dev', () => {
    const split = splitQueries(queries, new Set(['old']));
    expect(split.get('old')).toBe('dev');
    const of = (kind: string) => queries.filter((q) => q.kind === kind && q.id !== 'old').map((q) => split.get(q.id));
    expect(of('question').filter((s) => s === 'test')).toHaveLength(1);
    expect(of('similar').filter((s) => s === 'test')).toHaveLength(1);
  });

  it('gives the same split whatever order the queries are listed in', () => {
    const a = splitQueries(queries, new Set(['old']));
    const b = splitQueries([...queries].reverse(), new Set(['old']));
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });
});

describe('the judged legislation set', () => {
  const legislation = JSON.parse(readFileSync(path.join(ROOT_DIR, 'test/fixtures/relevance-legislation.json'), 'utf8')) as {
    texts: string[];
    queries: Judged[];
  };
  const writtenFirst = JSON.parse(readFileSync(path.join(ROOT_DIR, 'test/fixtures/relevance-legislation-questions.json'), 'utf8')) as {
    queries: Array<{ id: string; kind: string; q: string }>;
  };

  it('has at least 20 questions, judged exactly as they were written down before any article was read', () => {
    expect(legislation.queries.filter((q) => q.kind === 'question').length).toBeGreaterThanOrEqual(20);
    expect(legislation.queries.map((q) => [q.id, q.kind, q.q])).toEqual(writtenFirst.queries.map((q) => [q.id, q.kind, q.q]));
  });

  it('holds 100–200 texts that exist in ../shared/legislation under distinct file names, nothing tuned on it', () => {
    const dir = legislationDir();
    expect(legislation.texts.length).toBeGreaterThanOrEqual(100);
    expect(legislation.texts.length).toBeLessThanOrEqual(200);
    for (const rel of legislation.texts) expect(existsSync(path.join(dir, rel)), rel).toBe(true);
    expect(new Set(legislation.texts.map((rel) => path.basename(rel))).size).toBe(legislation.texts.length);
    expect(new Set(legislation.queries.map((q) => q.split))).toEqual(new Set(['test']));
  });

  it('judges every query, graded 0–3 without repeats, and every one some clause answers', () => {
    for (const q of legislation.queries) {
      expect(new Set(q.judgments.map((j) => j.id)).size, q.id).toBe(q.judgments.length);
      for (const j of q.judgments) expect([0, 1, 2, 3], `${q.id} ${j.id}`).toContain(j.grade);
      expect(q.judgments.some((j) => j.grade >= 2), q.id).toBe(true);
      expect(q.note.trim(), q.id).toBeTruthy();
    }
  });

  it('names only clauses the parser produces from its texts', () => {
    const dir = legislationDir();
    const ids = new Set(
      legislation.texts.flatMap((rel) => parseDocument(readFileSync(path.join(dir, rel), 'utf8'), path.basename(rel)).clauses.map((c) => c.id)),
    );
    for (const q of legislation.queries) for (const j of q.judgments) expect(ids.has(j.id), `${q.id} → ${j.id}`).toBe(true);
  });
});
