/**
 * A living corpus, as a user of the indexer sees it: files are added, changed and removed, and each re-sync
 * brings exactly that into search — keyword search at once, semantic search once the vectors are in — while
 * an unchanged file is never parsed or embedded again, and a new version of a law restates the old one's
 * status without re-embedding it.
 */
import { copyFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine, SearchMode } from '../core/engine/types.js';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { type IndexReport, fillVectors, readSeeds, runIndex } from '../indexer/pipeline.js';
import { createHashEmbedder } from './utils/hash-embedder.js';
import { legislationDir } from './utils/legislation.js';

const tokenizer = createJiebaTokenizer();
const embedder = createHashEmbedder();
let dir: string;
let seedsDir: string;
let engine: SearchEngine;

/** A re-sync as the server runs it: documents written at once, vectors left for later. */
async function sync(): Promise<IndexReport> {
  return runIndex(await readSeeds(seedsDir), seedsDir, { engine, tokenizer, embedder, vectors: 'later', asOf: '2026-12-01' });
}

const statusOf = (report: IndexReport) => Object.fromEntries(report.files.map((f) => [f.file, f.status]));

async function find(q: string, mode: SearchMode = 'keyword'): Promise<string[]> {
  const r = await engine.search({ q, mode, filters: {}, limit: 20, offset: 0, vector: await embedder.embedQuery(q) });
  return r.hits.map((h) => h.clause.id);
}

const NEW_FILE = '005_quantum.txt';
/** Without a 文号 the document id is its title, so changing the title changes the id. */
const QUANTUM = '福田区科技创新局关于支持量子通信发展的通知';
const AI = '福田区科技创新局关于支持人工智能发展的通知';
const newText = (term: string) =>
  `福田区科技创新局关于支持${term}发展的通知\n\n福科〔2019〕7号\n\n一、支持内容\n\n（一）对${term}企业给予一次性奖励五十万元。\n\n（二）对${term}项目给予场地租金补贴。\n`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-living-'));
  seedsDir = path.join(dir, 'seeds');
  cpSync(path.join(ROOT_DIR, 'seeds'), seedsDir, { recursive: true });
  engine = await createSqliteEngine({ file: path.join(dir, 'tiaowen.sqlite'), tokenizer });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('re-syncing a folder of source files', () => {
  it('builds the whole index on the first run: every clause keyword-searchable, none embedded yet', async () => {
    const report = await sync();
    expect(report.mode).toBe('full');
    expect(report.files.map((f) => f.status)).toEqual(['indexed', 'indexed', 'indexed', 'indexed', 'indexed']);
    expect(report.vectors).toEqual({ clauses: 271, embedded: 0 });
    expect(await find('知识产权质押')).toEqual(['szf-2015-54.s4.81', 'szfb-2010-98.s4.4.2', 'ftfb-2013-20.s3.4.1.1']);
    expect(await find('知识产权质押', 'semantic')).toEqual([]);
    expect(embedder.calls.texts).toBe(0);
  });

  it('computes the vectors in batches, and semantic search then finds the clauses', async () => {
    const { stored } = await fillVectors({ engine, embedder, batchSize: 50 });
    expect(stored).toBe(271);
    expect(embedder.calls).toEqual({ texts: 271, batches: 6 });
    expect(await engine.coverage()).toEqual({ clauses: 271, embedded: 271 });
    expect((await find('知识产权质押', 'semantic')).slice(0, 1)).toEqual(['szf-2015-54.s4.84']);
  });

  it('reads nothing again when nothing changed, and keeps each file’s warnings', async () => {
    const report = await sync();
    expect(report.mode).toBe('incremental');
    expect(report.files.map((f) => f.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(report.files.map((f) => f.clauses)).toEqual([41, 37, 47, 26, 120]);
    expect(embedder.calls.texts).toBe(271);
    expect((await fillVectors({ engine, embedder })).stored).toBe(0);
  });

  it('a new file is keyword-searchable at once and found by meaning once its vectors are in; no other file is touched', async () => {
    writeFileSync(path.join(seedsDir, NEW_FILE), newText('量子通信'));
    const report = await sync();
    expect(statusOf(report)[NEW_FILE]).toBe('indexed');
    expect(report.files.filter((f) => f.status === 'unchanged')).toHaveLength(5);
    const added = report.files.find((f) => f.file === NEW_FILE);
    expect(added).toMatchObject({ docId: QUANTUM, clauses: 3 });
    expect(await find('量子通信')).toEqual([`${QUANTUM}.s1.2`, `${QUANTUM}.s1.1`]);
    expect(await engine.coverage()).toEqual({ clauses: 274, embedded: 271 });
    expect((await engine.sources()).find((s) => s.docId === QUANTUM)).toMatchObject({ clauses: 3, embedded: 0 });
    expect(await find('量子通信企业奖励', 'semantic')).not.toContain(`${QUANTUM}.s1.1`);

    expect((await fillVectors({ engine, embedder })).stored).toBe(3);
    expect(embedder.calls.texts).toBe(274);
    expect((await find('量子通信企业奖励', 'semantic')).slice(0, 1)).toEqual([`${QUANTUM}.s1.1`]);
  });

  it('a changed file replaces its document whole: the old wording is gone, the new one found', async () => {
    writeFileSync(path.join(seedsDir, NEW_FILE), newText('人工智能'));
    const report = await sync();
    expect(statusOf(report)[NEW_FILE]).toBe('indexed');
    expect(await find('量子通信')).toEqual([]);
    expect(await find('人工智能企业')).toEqual([`${AI}.s1.1`]);
    // The new title is a new document id: the old document is gone with its clauses.
    expect(report.files.find((f) => f.file === NEW_FILE)?.docId).toBe(AI);
    expect(await engine.getDocument(QUANTUM)).toBeNull();
    // Its clauses wait for their new vectors; nothing else lost its own.
    expect(await engine.coverage()).toEqual({ clauses: 274, embedded: 271 });
    await fillVectors({ engine, embedder });
    expect(embedder.calls.texts).toBe(277);
  });

  it('a removed file takes its document out of every search, and the report says so', async () => {
    unlinkSync(path.join(seedsDir, NEW_FILE));
    const report = await sync();
    expect(report.files.find((f) => f.file === NEW_FILE)).toMatchObject({ status: 'removed', docId: AI });
    expect(await find('人工智能企业')).toEqual([]);
    expect(await engine.getDocument(AI)).toBeNull();
    expect(await engine.coverage()).toEqual({ clauses: 271, embedded: 271 });
    expect(embedder.calls.texts).toBe(277);
  });
});

describe('a new version of a law', () => {
  const OLD = '行政复议法(2017-09-01).md';
  const NEW = '行政复议法(2023-09-01).md';
  let lawDir: string;
  let lawEngine: SearchEngine;
  const lawEmbedder = createHashEmbedder();
  const lawSync = async () =>
    runIndex(await readSeeds(lawDir), lawDir, { engine: lawEngine, tokenizer, embedder: lawEmbedder, asOf: '2026-12-01' });

  beforeAll(async () => {
    lawDir = path.join(dir, 'laws');
    cpSync(path.join(ROOT_DIR, 'seeds'), lawDir, { recursive: true });
    copyFileSync(path.join(legislationDir(), '诉讼与非诉讼程序法', OLD), path.join(lawDir, OLD));
    lawEngine = await createSqliteEngine({ file: path.join(dir, 'laws.sqlite'), tokenizer });
  });
  afterAll(() => lawEngine.close());

  it('makes the old version 已被修改 without parsing or embedding it again', async () => {
    await lawSync();
    const old = (await lawEngine.listDocuments()).find((d) => d.sourceFile === OLD);
    expect(old?.validity?.status).toBe('现行有效');
    const embeddedBefore = lawEmbedder.calls.texts;

    copyFileSync(path.join(legislationDir(), '诉讼与非诉讼程序法', NEW), path.join(lawDir, NEW));
    const report = await lawSync();
    expect(statusOf(report)[OLD]).toBe('unchanged');
    expect(statusOf(report)[NEW]).toBe('indexed');
    const added = report.files.find((f) => f.file === NEW);
    // Only the new version's articles went to the model.
    expect(lawEmbedder.calls.texts - embeddedBefore).toBe(added?.clauses);
    const versions = (await lawEngine.listDocuments()).filter((d) => d.title === '中华人民共和国行政复议法');
    expect(Object.fromEntries(versions.map((d) => [d.sourceFile, d.validity?.status]))).toEqual({ [OLD]: '已被修改', [NEW]: '现行有效' });
    const hit = await lawEngine.search({ q: '行政复议', mode: 'keyword', filters: { validity: ['已被修改'] }, limit: 1, offset: 0 });
    expect(hit.hits[0]?.document.validity?.status).toBe('已被修改');
  });
});

describe('a text repealed by one already indexed', () => {
  const REPEALING = '北京市中医药条例(2020-11-27).md';
  const REPEALED = '北京市发展中医条例.md';
  const BEIJING = path.join('DLC', '北京地方法规', '地方性法规', '北京');

  it('is 已废止 as soon as it is added, though the repealing text is not read again', async () => {
    const folder = path.join(dir, 'beijing');
    cpSync(path.join(ROOT_DIR, 'seeds'), folder, { recursive: true });
    copyFileSync(path.join(legislationDir(), BEIJING, REPEALING), path.join(folder, REPEALING));
    const beijing = await createSqliteEngine({ file: path.join(dir, 'beijing.sqlite'), tokenizer });
    const run = async () => runIndex(await readSeeds(folder), folder, { engine: beijing, tokenizer, embedder: createHashEmbedder(), asOf: '2026-12-01' });
    try {
      await run();
      copyFileSync(path.join(legislationDir(), BEIJING, REPEALED), path.join(folder, REPEALED));
      const report = await run();
      expect(statusOf(report)[REPEALING]).toBe('unchanged');
      expect(statusOf(report)[REPEALED]).toBe('indexed');
      const byFile = Object.fromEntries((await beijing.listDocuments()).map((d) => [d.sourceFile, d.validity?.status]));
      expect(byFile[REPEALED]).toBe('已废止');
      expect(byFile[REPEALING]).toBe('现行有效');
    } finally {
      await beijing.close();
    }
  });
});
