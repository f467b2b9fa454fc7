/**
 * What only the embedded engine promises, beyond the shared contract: a useful state before the first
 * index, rebuilds that leave no debris and never mix two indexes' files, and search paths that stay right
 * past the sizes the fixture exercises (vector pre-selection, deep bm25 re-fetching).
 */
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import type { IndexedClause, IndexedDocument } from '../core/types.js';
import { AppError } from '../core/errors.js';
import { MISSING_INDEX_MESSAGE } from '../core/engine/sqlite/index-file.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import { Fts5Doclists, UnexpectedFts5Format } from '../core/engine/sqlite/fts5-doclists.js';
import { WordRanking } from '../core/engine/sqlite/keyword-search.js';
import { SIDE_TRIGRAMS_MIN_CLAUSES, SideTrigramBuild } from '../core/engine/sqlite/trigram-build.js';
import { WordLengths, bestScored, scoreAllOf, scoreAnyOf } from '../core/engine/sqlite/word-bm25.js';
import type { SearchEngine } from '../core/engine/types.js';
import { FIXTURE_DOCUMENTS, indexFixture } from './utils/fixture-corpus.js';
import { createHashEmbedder, hashVector } from './utils/hash-embedder.js';

const tokenizer = createJiebaTokenizer();
const embedder = createHashEmbedder();

let corpus: IndexedDocument[];
beforeAll(async () => {
  corpus = await indexFixture({ tokenizer, embedder });
});

let dir: string;
let file: string;
const engines: SearchEngine[] = [];
async function open(): Promise<SearchEngine> {
  const engine = await createSqliteEngine({ file, tokenizer });
  engines.push(engine);
  return engine;
}
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiaowen-sqlite-'));
  file = path.join(dir, 'tiaowen.sqlite');
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A process id that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A tiny deterministic random generator, so synthetic corpora are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

function normalised(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function syntheticDocument(id: string, year: number, texts: string[], vectors: Float32Array[]): IndexedDocument {
  const clauses: IndexedClause[] = texts.map((text, ordinal) => ({
    id: `${id}.${ordinal}`,
    docId: id,
    ordinal,
    number: null,
    path: [],
    kind: 'paragraph',
    text,
    start: 0,
    end: text.length,
    spans: [],
    tokens: tokenizer.tokenize(text).join(' '),
    headingTokens: '',
    keywords: [],
    vector: vectors[ordinal] as Float32Array,
  }));
  return {
    document: {
      id,
      sourceFile: `${id}.txt`,
      title: `测试文件 ${id}`,
      noticeTitle: null,
      docNumber: null,
      proposalNumber: null,
      issuer: '深圳市人民政府',
      date: `${year}-01-01`,
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: null,
      year,
      level: '市',
      docType: '通知',
      sourceUrl: null,
      clauseCount: clauses.length,
    },
    clauses,
  };
}

describe('before the first index', () => {
  it('reports in plain Chinese how to build one, and refuses searches with a 503', async () => {
    const engine = await open();
    expect(await engine.health()).toEqual({ ok: false, engine: 'sqlite', message: MISSING_INDEX_MESSAGE });
    expect(MISSING_INDEX_MESSAGE).toBe('索引尚未建立：请运行 npm run index');
    expect(await engine.stats()).toEqual({ documents: 0, clauses: 0, builtAt: null, fingerprint: null });
    const error = await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 10, offset: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 503, code: 'engine_unavailable', message: MISSING_INDEX_MESSAGE });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('says so when the file is not an index', async () => {
    fs.writeFileSync(file, '');
    const engine = await open();
    const health = await engine.health();
    expect(health.ok).toBe(false);
    expect(health.message).toContain('npm run index');
  });

  it('creates the index on the first upsert', async () => {
    const engine = await open();
    await engine.upsert(corpus[0] as IndexedDocument);
    expect(await engine.stats()).toMatchObject({ documents: 1, clauses: 8, fingerprint: null });
    expect((await engine.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(1);
  });
});

describe('exact recall and ranking on the fixture', () => {
  let engine: SearchEngine;
  beforeEach(async () => {
    engine = await open();
    await engine.replaceAll(corpus, { fingerprint: 'fixture' });
  });
  const keyword = (q: string) => engine.search({ q, mode: 'keyword', filters: {}, limit: 50, offset: 0 });

  it('finds 水处理 inside 废水处理, a substring no word segmentation produces, after the ranked hits', async () => {
    const r = await keyword('水处理');
    expect(r.hits.map((h) => h.clause.id)).toEqual(['szf-2015-54.3', 'szf-2015-54.4']);
    expect(r.hits.map((h) => h.score)).toEqual([0, 0]);
  });

  it('keeps the space inside a quoted phrase: "知识产权 质押" occurs nowhere', async () => {
    expect((await keyword('"知识产权 质押"')).total).toBe(0);
  });

  it('ranks by bm25 over jieba words: the clause saying 知识产权质押 twice (2015, item 81) first', async () => {
    const r = await keyword('知识产权质押');
    expect(r.hits.map((h) => h.clause.id)).toEqual(['szf-2015-54.6', 'szfb-2010-98.6', 'ffb-2013-20.4']);
    expect(r.hits[0]?.clause.number).toBe('81.');
  });
});

describe('rebuilds', () => {
  it('keep one generation file behind the live path, and no temporary files', async () => {
    const engine = await open();
    await engine.replaceAll(corpus, { fingerprint: 'one' });
    await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 10, offset: 0 });
    await engine.replaceAll(corpus.slice(0, 2), { fingerprint: 'two' });
    await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 10, offset: 0 });

    const names = fs.readdirSync(dir).filter((n) => !n.endsWith('-wal') && !n.endsWith('-shm'));
    expect(names).toHaveLength(2);
    expect(names).toContain('tiaowen.sqlite');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(names.find((n) => n !== 'tiaowen.sqlite')).toBe(fs.readlinkSync(file));
    expect(await engine.stats()).toMatchObject({ documents: 2, fingerprint: 'two' });
  });

  it('clean up what a killed build left behind, but not a build still running in another process', async () => {
    const dead = `tiaowen.sqlite.gen-20200101T000000000Z0-${deadPid()}`;
    const running = `tiaowen.sqlite.gen-20200101T000000000Z1-${process.ppid}`;
    fs.writeFileSync(path.join(dir, dead), 'half a database');
    fs.writeFileSync(path.join(dir, `${dead}-journal`), 'its journal');
    fs.writeFileSync(path.join(dir, running), 'someone else is writing this');

    const engine = await open();
    await engine.replaceAll(corpus, { fingerprint: 'fresh' });

    const names = fs.readdirSync(dir);
    expect(names).not.toContain(dead);
    expect(names).not.toContain(`${dead}-journal`);
    expect(names).toContain(running);
  });

  it('never lose a write made to the new index while an instance still holds the old one', async () => {
    const writer = await open();
    await writer.replaceAll(corpus, { fingerprint: 'one' });
    const reader = await open();
    expect((await reader.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(3);

    // The reader still has the first generation open while the writer rebuilds and then writes again.
    await writer.replaceAll(corpus.slice(1), { fingerprint: 'two' });
    await writer.upsert(corpus[0] as IndexedDocument);
    await writer.remove('szf-2018-84');

    for (const instance of [reader, writer, await open()]) {
      expect(await instance.stats()).toMatchObject({ documents: 3, clauses: 24, fingerprint: 'two' });
      expect((await instance.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(3);
    }
  });

  it('serve the previous index while a rebuild is being written', async () => {
    const engine = await open();
    await engine.replaceAll(corpus, { fingerprint: 'one' });
    // 40 copies of the fixture documents, each clause ten times: ~3,100 clauses, more than one write batch.
    const bigger = Array.from({ length: 40 }, (_, i) => {
      const source = corpus[i % 4] as IndexedDocument;
      return {
        document: { ...source.document, id: `copy-${i}` },
        clauses: source.clauses.flatMap((c, j) => Array.from({ length: 10 }, (_, k) => ({ ...c, id: `copy-${i}.${j}.${k}`, docId: `copy-${i}` }))),
      };
    });
    const rebuilding = engine.replaceAll(bigger, { fingerprint: 'two' });
    await new Promise((resolve) => setImmediate(resolve));
    const live = fs.readlinkSync(file);
    expect(fs.readdirSync(dir).some((n) => n.includes('.gen-') && !n.startsWith(live))).toBe(true);
    expect((await engine.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(3);
    await rebuilding;
    expect((await engine.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(300);
  });
});

describe('a large build', () => {
  // Past SIDE_TRIGRAMS_MIN_CLAUSES, so the trigram index is made by a worker beside the build and copied in.
  const substrings = ['知识产权', '产权质', '融资担保', '第十二', 'ABC'];
  const texts = Array.from({ length: SIDE_TRIGRAMS_MIN_CLAUSES + 500 }, (_, i) => {
    const parts = [`第${i}条`, i % 3 === 0 ? '支持知识产权质押融资' : '鼓励企业创新', i % 5 === 0 ? '融资担保机构' : '', i % 11 === 0 ? 'ABC公司' : ''];
    return `${parts.join('，')}。`;
  });
  const vector = normalised(Float32Array.from({ length: 512 }, (_, i) => (i % 3) - 1));
  const docs = Array.from({ length: 5 }, (_, d) => {
    const share = texts.slice(d * 4100, (d + 1) * 4100);
    return syntheticDocument(`big-${d}`, 2016 + d, share, share.map(() => vector));
  });

  /** FTS5's own check of the trigram index against the clause texts (rank 1: the content table too), and every substring counted as a scan counts it. */
  async function expectSoundTrigrams(engine: SearchEngine): Promise<void> {
    const db = new Database(file);
    try {
      db.exec("insert into clause_trigrams (clause_trigrams, rank) values ('integrity-check', 1)");
    } finally {
      db.close();
    }
    for (const term of substrings) {
      const expected = texts.filter((t) => t.toLowerCase().includes(term.toLowerCase())).length;
      expect((await engine.search({ q: term, mode: 'keyword', filters: {}, limit: 0, offset: 0 })).total, term).toBe(expected);
    }
  }
  const warnings = () => {
    const warn = vi.fn();
    return { log: { info: () => undefined, debug: () => undefined, warn }, warn };
  };

  it('has its trigram index made beside it, sound by FTS5\'s own check, with no side file left', async () => {
    const { log, warn } = warnings();
    const engine = await createSqliteEngine({ file, tokenizer, log });
    engines.push(engine);
    await engine.replaceAll(docs, { fingerprint: 'big' });
    expect(warn).not.toHaveBeenCalled(); // the worker built it: no fallback
    expect(fs.readdirSync(dir).filter((n) => n.includes('trigram'))).toEqual([]);
    await expectSoundTrigrams(engine);
    // A document written after the build is indexed by the triggers, merging with the copied segments.
    await engine.upsert(syntheticDocument('late', 2021, ['后来的知识产权质押条款。'], [vector]));
    expect((await engine.search({ q: '权质押条', mode: 'keyword', filters: {}, limit: 5, offset: 0 })).hits.map((h) => h.clause.id)).toEqual(['late.0']);
  });

  it('builds the trigram index itself, and says why, when the worker beside it fails', async () => {
    const start = SideTrigramBuild.start.bind(SideTrigramBuild);
    // A side database that cannot be created: the worker fails as it starts.
    const spy = vi.spyOn(SideTrigramBuild, 'start').mockImplementation(() => start(path.join(dir, 'no-such-folder', 'gen')));
    try {
      const { log, warn } = warnings();
      const engine = await createSqliteEngine({ file, tokenizer, log });
      engines.push(engine);
      await engine.replaceAll(docs, { fingerprint: 'big' });
      expect(spy).toHaveBeenCalledOnce();
      expect(warn).toHaveBeenCalledOnce();
      expect(String((warn.mock.calls[0]?.[0] as { err: Error }).err.message)).toMatch(/^trigram worker: .*directory does not exist/);
      await expectSoundTrigrams(engine);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('past the fixture size', () => {
  it('semantic search finds the same ten nearest clauses as an exact scan, through binary pre-selection, and similar() shows their exact cosines', async () => {
    // 60 topics × 50 clauses, 512 dimensions: each clause is its topic's direction plus noise, like real
    // embeddings of texts on a shared subject (cosine ≈ 0.55 between topic mates, above the semantic cut-off).
    const next = random(7);
    const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
    const topics = Array.from({ length: 60 }, () => normalised(Float32Array.from({ length: 512 }, gaussian)));
    const docs: IndexedDocument[] = topics.map((topic, t) => {
      const vectors = Array.from({ length: 50 }, () => normalised(topic.map((x) => x + 0.04 * gaussian())));
      return syntheticDocument(`topic-${t}`, 2010 + (t % 10), vectors.map((_, i) => `第${t}类第${i}条`), vectors);
    });
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'synthetic' });

    const all = docs.flatMap((d) => d.clauses);
    const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
    for (const source of [all[0], all[777], all[2999]] as IndexedClause[]) {
      const exact = all
        .filter((c) => c.id !== source.id)
        .map((c) => ({ id: c.id, score: cosine(c.vector!, source.vector!) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 10);
      // The nearest by cosine alone: semantic search with the source's vector (similar() then discounts hubs,
      // core/engine/hubness.ts, so its order is no longer the cosine order); the source itself comes first.
      const found = await engine.search({ q: '相似', mode: 'semantic', vector: source.vector!, filters: {}, limit: 11, offset: 0 });
      const nearest = found.hits.filter((h) => h.clause.id !== source.id);
      expect(nearest.map((h) => h.clause.id)).toEqual(exact.map((e) => e.id));
      nearest.forEach((h, i) => expect(h.score).toBeCloseTo((exact[i] as { score: number }).score, 5));
      // similar() ranks from those same exact cosines: every hit shows its exact cosine to the source.
      const similar = await engine.similar(source.id, { otherDocsOnly: false, limit: 10 });
      const byId = new Map(all.map((c) => [c.id, c]));
      expect(similar?.hits).toHaveLength(10);
      for (const h of similar?.hits ?? []) expect(h.score).toBeCloseTo(cosine(byId.get(h.clause.id)!.vector!, source.vector!), 5);
    }
  });

  it('ranks filtered keyword hits by bm25 even when better-ranked clauses of other documents crowd the top', async () => {
    const vector = normalised(Float32Array.from({ length: 512 }, (_, i) => (i % 7) - 3));
    const crowded = syntheticDocument(
      'crowded-2019',
      2019,
      Array.from({ length: 300 }, (_, i) => `知识产权知识产权质押第${i}条`),
      Array.from({ length: 300 }, () => vector),
    );
    const sparse = syntheticDocument(
      'sparse-2011',
      2011,
      Array.from({ length: 5 }, (_, i) => `本条第${i}款在很长的一段关于产业发展的文字之后才提到知识产权质押，${'并说明其他事项，'.repeat(i + 1)}`),
      Array.from({ length: 5 }, () => vector),
    );
    const engine = await open();
    await engine.replaceAll([crowded, sparse], { fingerprint: 'crowded' });

    const r = await engine.search({ q: '知识产权质押', mode: 'keyword', filters: { yearTo: 2015 }, limit: 10, offset: 0 });
    expect(r.total).toBe(5);
    expect(r.hits.every((h) => h.document.id === 'sparse-2011' && h.score > 0)).toBe(true);
    // bm25 prefers the shortest of equally matching clauses.
    expect(r.hits.map((h) => h.clause.id)).toEqual([0, 1, 2, 3, 4].map((i) => `sparse-2011.${i}`));
    expect((await engine.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 0, offset: 0 })).total).toBe(305);
  });
});

describe('heading words', () => {
  it('a question in the words of a chapter heading finds the articles under it, though keyword mode still matches only their text', async () => {
    const texts = ['建立快速维权中心，缩短审查周期。', '对引进的高层次人才给予住房补贴。'];
    const doc = syntheticDocument('heading-2016', 2016, texts, texts.map(hashVector));
    const paths = [['第五章 知识产权保护'], ['第二章 人才引进']];
    doc.clauses.forEach((c, i) => {
      c.path = paths[i] as string[];
      c.headingTokens = tokenizer.tokenize(c.path.join(' ')).join(' ');
    });
    const engine = await open();
    await engine.replaceAll([doc], { fingerprint: 'headings' });

    const q = '知识产权保护有什么规定';
    const hybrid = await engine.search({ q, mode: 'hybrid', filters: {}, limit: 10, offset: 0, vector: hashVector(q) });
    expect(hybrid.hits[0]?.clause.id).toBe('heading-2016.0');
    expect(hybrid.hits[0]?.matched).toContain('keyword');
    expect((await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 10, offset: 0 })).total).toBe(0);
  });
});

describe('a word in thousands of clauses', () => {
  // 7,200 clauses in six yearly documents: 知识产权 in most of them, once or several times, after fillers of
  // varied length; 质押 in most; some only say 知识产权局. Enough matches for the in-memory bm25 (word-bm25.ts)
  // to take over from FTS5's bm25(), as it does for the benchmark's common terms at a million clauses.
  const FILLER = '本条规定适用于全市范围内有关单位和个人由主管部门负责解释并组织实施相关工作的监督检查';
  const text = (d: number, i: number): string => {
    const n = d * 1200 + i;
    const filler = FILLER.slice(0, (n * 7) % FILLER.length);
    const pledge = n % 7 === 0 ? '' : '支持质押融资。';
    if (n % 10 === 9) return `${filler}。`; // no term at all
    if (n % 10 === 8) return `${filler}，报知识产权局备案。${pledge}`;
    const times = n % 97 === 0 ? 4 : n % 13 === 0 ? 2 : 1;
    return `${filler}，${'加强知识产权保护，'.repeat(times)}${pledge}`;
  };
  const vector = normalised(Float32Array.from({ length: 512 }, (_, i) => (i % 5) - 2));
  const docs = Array.from({ length: 6 }, (_, d) =>
    syntheticDocument(`ip-${2011 + d}`, 2011 + d, Array.from({ length: 1200 }, (_, i) => text(d, i)), Array.from({ length: 1200 }, () => vector)),
  );
  // Every fourth clause sits under a heading with the words: the word index's second column, which keyword
  // mode weighs 0 and the related-words query 1.
  for (const clause of docs.flatMap((d) => d.clauses).filter((_, n) => n % 4 === 1)) {
    clause.path = ['第三章 知识产权质押与备案'];
    clause.headingTokens = tokenizer.tokenize(clause.path.join(' ')).join(' ');
  }
  const containing = (term: string) => docs.flatMap((d) => d.clauses).filter((c) => c.text.includes(term));

  /** FTS5's own full ranking of an all-of word query: every matching row scored, as clause ids. */
  function ftsRanking(query: string): Array<{ id: string; score: number }> {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare(
          "select c.id, r.score from (select rowid, -rank as score from clause_words where clause_words match ? and rank match 'bm25(1, 0)') r join clauses c on c.rowid = r.rowid order by r.score desc, r.rowid",
        )
        .all(query) as Array<{ id: string; score: number }>;
    } finally {
      db.close();
    }
  }

  it('ranks them as FTS5 would rank every match, and keeps the total, the facets and every page exact', async () => {
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'many' });
    const expected = containing('知识产权');
    // Keyword hits are the clauses whose text holds the term; FTS5 also lists those with it only in a heading.
    const inText = new Set(expected.map((c) => c.id));
    const full = ftsRanking('"知识产权"').filter((r) => inText.has(r.id));
    expect(full.length).toBeGreaterThan(5000);

    const first = await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 20, offset: 0 });
    expect(first.total).toBe(expected.length);
    expect(first.facets.year).toEqual(Object.fromEntries(docs.map((d) => [String(d.document.year), expected.filter((c) => c.docId === d.document.id).length])));
    // The top hit says 知识产权 four times in the shortest such clause; the whole first page is FTS5's.
    expect(first.hits[0]?.clause.id).toBe('ip-2011.0');
    expect(first.hits[0]?.clause.text).toBe('，加强知识产权保护，加强知识产权保护，加强知识产权保护，加强知识产权保护，');
    expect(first.hits.map((h) => h.clause.id)).toEqual(full.slice(0, 20).map((r) => r.id));
    first.hits.forEach((h, i) => expect(h.score).toBeCloseTo((full[i] as { score: number }).score, 9));

    const seen: string[] = [];
    for (let offset = 0; offset < first.total; offset += 400) {
      const page = await engine.search({ q: '知识产权', mode: 'keyword', filters: {}, limit: 400, offset });
      expect(page.total).toBe(expected.length);
      seen.push(...page.hits.map((h) => h.clause.id));
    }
    expect(seen.slice(0, full.length)).toEqual(full.map((r) => r.id));
    expect(new Set(seen)).toEqual(new Set(expected.map((c) => c.id)));
  });

  it('scores every clause holding all or any of the words exactly as FTS5 bm25() does', async () => {
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'many' });
    const db = new Database(file, { readonly: true });
    try {
      const statement = (sql: string) => db.prepare(sql);
      const lengths = WordLengths.load(db, 1 + (db.prepare('select max(rowid) from clauses').pluck().get() as number));
      // The plan: plain words in memory, whatever their number; a word FTS5's tokenizer would split, by FTS5.
      expect(new WordRanking(statement, ['知识产权'], () => lengths).plan).toBe('in memory');
      expect(new WordRanking(statement, ['知识产权', '质押'], () => lengths).plan).toBe('in memory');
      expect(new WordRanking(statement, ['知识产权', 'e-mail'], () => lengths).plan).toBe('fts5 bm25');
      for (const words of [['知识产权'], ['知识产权', '质押']]) {
        const fts = db
          .prepare("select rowid, -rank as score from clause_words where clause_words match ? and rank match 'bm25(1, 0)' order by rowid")
          .all(words.map((w) => `"${w}"`).join(' AND ')) as Array<{ rowid: number; score: number }>;
        const scored = scoreAllOf(statement, lengths, words, [1, 0]);
        expect(Array.from(scored.rowids)).toEqual(fts.map((r) => r.rowid));
        fts.forEach((r, i) => expect(scored.scores[i]).toBe(r.score));
        const best = bestScored(scored, 25, (rowid) => rowid % 2 === 0).map((r) => r.rowid);
        const byFts = fts.filter((r) => r.rowid % 2 === 0).sort((a, b) => b.score - a.score || a.rowid - b.rowid);
        expect(best).toEqual(byFts.slice(0, 25).map((r) => r.rowid));
      }
      // Any of the words (the related-words query of hybrid questions and similar clauses).
      const words = ['质押', '备案', '知识产权'];
      const fts = db
        .prepare("select rowid, -rank as score from clause_words where clause_words match ? and rank match 'bm25(1, 1)' order by rowid")
        .all(words.map((w) => `"${w}"`).join(' OR ')) as Array<{ rowid: number; score: number }>;
      const scored = scoreAnyOf(statement, lengths, words, [1, 1]);
      expect(Array.from(scored.rowids)).toEqual(fts.map((r) => r.rowid));
      fts.forEach((r, i) => expect(scored.scores[i]).toBe(r.score));
    } finally {
      db.close();
    }
  });

  it('ranks as a freshly opened index does after documents are replaced, added and removed while it serves', async () => {
    const live = await open();
    await live.replaceAll(docs, { fingerprint: 'many' });
    const query = { q: '知识产权', mode: 'keyword' as const, filters: {}, limit: 50, offset: 0 };
    await live.search(query); // the in-memory views (clause positions, word lengths) are loaded now
    // The last document replaced (its rowids are the highest: the new clauses may take them again), one in
    // the middle replaced by a shorter text, one removed, one new.
    const shorter = (d: IndexedDocument, n: number): IndexedDocument => ({ ...d, clauses: d.clauses.slice(0, n).map((c) => ({ ...c, text: `${c.text}知识产权`, tokens: `${c.tokens} 知识产权` })) });
    await live.upsert(shorter(docs[5] as IndexedDocument, 900));
    await live.upsert(shorter(docs[2] as IndexedDocument, 300));
    await live.remove('ip-2014');
    const added = syntheticDocument('ip-2020', 2020, Array.from({ length: 700 }, (_, i) => text(3, i)), Array.from({ length: 700 }, () => vector));
    await live.upsert(added);

    const fresh = await open();
    for (const q of [query, { ...query, offset: 400 }, { ...query, q: '知识产权 质押' }, { ...query, filters: { yearFrom: 2013, yearTo: 2016 } }]) {
      const [a, b] = [await live.search(q), await fresh.search(q)];
      expect(a.total).toBe(b.total);
      expect(a.hits.map((h) => h.clause.id)).toEqual(b.hits.map((h) => h.clause.id));
      a.hits.forEach((h, i) => expect(h.score).toBe(b.hits[i]?.score));
    }
    const inText = new Set([...docs.filter((d) => !['ip-2013', 'ip-2014', 'ip-2016'].includes(d.document.id)), shorter(docs[5] as IndexedDocument, 900), shorter(docs[2] as IndexedDocument, 300), added].flatMap((d) => d.clauses).filter((c) => c.text.includes('知识产权')).map((c) => c.id));
    const r = await live.search({ ...query, limit: 20 });
    expect(r.total).toBe(inText.size);
    expect(r.hits.map((h) => h.clause.id)).toEqual(ftsRanking('"知识产权"').filter((x) => inText.has(x.id)).slice(0, 20).map((x) => x.id));
  });

  it('lists the clauses the word index does not rank in reading order, page after page', async () => {
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'many' });
    // 局备 sits across two words (知识产权局 | 备案): no clause is ranked for it, every one is listed as read.
    const reading: string[] = [];
    for (let offset = 0; ; offset += 2000) {
      const page = await engine.search({ q: '', mode: 'keyword', filters: {}, limit: 2000, offset });
      reading.push(...page.hits.map((h) => h.clause.id));
      if (page.hits.length < 2000) break;
    }
    const holding = new Set(containing('局备').map((c) => c.id));
    const expected = reading.filter((id) => holding.has(id));
    expect(expected.length).toBeGreaterThan(600);
    for (const offset of [0, 20, 590]) {
      const r = await engine.search({ q: '局备', mode: 'keyword', filters: {}, limit: 20, offset });
      expect(r.total).toBe(expected.length);
      expect(r.hits.map((h) => h.clause.id)).toEqual(expected.slice(offset, offset + 20));
      expect(r.hits.every((h) => h.score === 0)).toBe(true);
    }
  });

  it('answers the same through FTS5 queries when the doclists cannot be read directly', async () => {
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'many' });
    const queries = ['知识产权', '知识产权 质押', '局备', '产权', '"加强知识产权保护"'].map((q) => ({ q, mode: 'keyword' as const, filters: {}, limit: 30, offset: 0 }));
    const direct = [];
    for (const q of queries) direct.push(await engine.search(q));
    await engine.close();
    const unreadable = vi.spyOn(Fts5Doclists.prototype, 'postings').mockImplementation(() => {
      throw new UnexpectedFts5Format('a format this reader does not know');
    });
    try {
      const fallback = await open();
      for (const [i, q] of queries.entries()) {
        const r = await fallback.search(q);
        expect(r.total, q.q).toBe(direct[i]?.total);
        expect(r.facets, q.q).toEqual(direct[i]?.facets);
        expect(r.hits.map((h) => [h.clause.id, h.score]), q.q).toEqual(direct[i]?.hits.map((h) => [h.clause.id, h.score]));
      }
      expect(unreadable).toHaveBeenCalled();
    } finally {
      unreadable.mockRestore();
    }
  });

  it('ranks two common words together as FTS5 ranks "知识产权" AND "质押", within a year filter', async () => {
    const engine = await open();
    await engine.replaceAll(docs, { fingerprint: 'many' });
    const inYear = (id: string) => id.startsWith('ip-2013.');
    const inText = new Set(containing('质押').filter((c) => c.text.includes('知识产权')).map((c) => c.id));
    const full = ftsRanking('"知识产权" AND "质押"').filter((r) => inYear(r.id) && inText.has(r.id));
    const r = await engine.search({ q: '知识产权 质押', mode: 'keyword', filters: { yearFrom: 2013, yearTo: 2013 }, limit: 30, offset: 0 });
    expect(inText.size).toBeGreaterThan(5000);
    expect(r.total).toBe([...inText].filter(inYear).length);
    expect(r.hits.map((h) => h.clause.id)).toEqual(full.slice(0, 30).map((x) => x.id));
  });
});

describe('the fixture', () => {
  it('has the clause counts the contract suite relies on', () => {
    expect(FIXTURE_DOCUMENTS.map((d) => [d.document.id, d.clauses.length])).toEqual([
      ['szfb-2010-98', 8],
      ['ffb-2013-20', 8],
      ['szf-2015-54', 8],
      ['szf-2018-84', 7],
    ]);
  });
});
