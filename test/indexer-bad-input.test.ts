/**
 * Bad input never costs good input: every broken file gets its own message in the report, every other
 * file is indexed, and a document indexed before is not lost when its file breaks.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSeeds, runIndex, type IndexReport } from '../indexer/pipeline.js';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { ROOT_DIR } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../core/engine/types.js';
import { createHashEmbedder } from './utils/hash-embedder.js';

const SEEDS = path.join(ROOT_DIR, 'seeds');
const tokenizer = createJiebaTokenizer();
let dir: string;
let seedsDir: string;
let engine: SearchEngine;

function fileReport(report: IndexReport, name: string) {
  const entry = report.files.find((f) => f.file === name);
  if (!entry) throw new Error(`${name} missing from the report`);
  return entry;
}

async function index(): Promise<IndexReport> {
  return runIndex(await readSeeds(seedsDir), seedsDir, { engine, tokenizer, embedder: createHashEmbedder() });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-bad-input-'));
  seedsDir = path.join(dir, 'seeds');
  await import('node:fs/promises').then((fs) => fs.mkdir(seedsDir));
  for (const name of readdirSync(SEEDS)) copyFileSync(path.join(SEEDS, name), path.join(seedsDir, name));
  engine = await createSqliteEngine({ file: path.join(dir, 'tiaowen.sqlite'), tokenizer });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a seeds folder with broken files next to the five real texts', () => {
  let report: IndexReport;

  beforeAll(async () => {
    writeFileSync(path.join(seedsDir, 'empty.txt'), '');
    writeFileSync(path.join(seedsDir, 'scan.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0x00]));
    writeFileSync(path.join(seedsDir, 'latin1.txt'), Buffer.from('caf\xe9 na\xefve \xe0 la carte \xff\xfe\xfd', 'latin1'));
    writeFileSync(
      path.join(seedsDir, 'gbk.txt'),
      iconv.encode('深圳市科技创新委员会关于印发知识产权质押融资工作方案的通知\n\n一、总体要求\n\n支持科技型中小企业开展知识产权质押融资。\n', 'gb18030'),
    );
    writeFileSync(path.join(seedsDir, 'notes.md'), '会议记录\n\n大家讨论了孵化器的选址问题，尚无结论。\n');
    writeFileSync(path.join(seedsDir, 'ignored.rtf'), '{\\rtf1 not read: the indexer has no reader for .rtf}');
    report = await index();
  });

  it('indexes the five real texts and the readable extra files', () => {
    expect(report.ok).toBe(true);
    for (const name of readdirSync(SEEDS)) expect(fileReport(report, name).status, name).toBe('indexed');
    expect(fileReport(report, 'gbk.txt').status).toBe('indexed');
    expect(fileReport(report, 'notes.md').status).toBe('indexed');
    expect(report.documents).toBe(7);
  });

  it('says which file is empty, which is binary and which is in an unknown encoding', () => {
    expect(fileReport(report, 'empty.txt')).toMatchObject({ status: 'failed', error: 'empty.txt is empty (0 bytes)' });
    expect(fileReport(report, 'scan.txt')).toMatchObject({ status: 'failed', error: 'scan.txt is binary (contains NUL bytes), not a text file' });
    expect(fileReport(report, 'latin1.txt').status).toBe('failed');
    expect(fileReport(report, 'latin1.txt').error).toContain('neither UTF-8 nor Chinese text in GB18030/GBK');
  });

  it('decodes a GB18030 file and says so, and it is searchable like any other', async () => {
    expect(fileReport(report, 'gbk.txt').warnings.join('\n')).toMatch(/GB18030/i);
    const result = await engine.search({ q: '知识产权质押', mode: 'keyword', filters: {}, limit: 10, offset: 0 });
    expect(result.hits.map((h) => h.document.id)).toContain(fileReport(report, 'gbk.txt').docId);
  });

  it('indexes a text without any recognisable metadata, with a warning per missing field rather than a guess', async () => {
    const notes = fileReport(report, 'notes.md');
    expect(notes.warnings).toEqual(expect.arrayContaining(['no 文号 (document number) found', 'no signing date found']));
    const doc = (await engine.listDocuments()).find((d) => d.sourceFile === 'notes.md');
    expect(doc).toMatchObject({ docNumber: null, date: null, year: null, level: null });
  });

  it('reads only the formats it has a reader for', () => {
    expect(report.files.map((f) => f.file)).not.toContain('ignored.rtf');
  });
});

describe('a file that breaks after it was indexed', () => {
  it('keeps the previously indexed document (and its clause links) and says why', async () => {
    const before = await engine.getDocument('szf-2015-54');
    writeFileSync(path.join(seedsDir, '004_f58ccc0061d310c5.txt'), Buffer.from([0, 1, 2, 3]));
    const report = await index();
    const broken = fileReport(report, '004_f58ccc0061d310c5.txt');
    expect(broken).toMatchObject({ status: 'kept-previous', docId: 'szf-2015-54', clauses: 120 });
    expect(broken.error).toContain('binary');
    const after = await engine.getDocument('szf-2015-54');
    expect(after?.clauses.map((c) => c.id)).toEqual(before?.clauses.map((c) => c.id));
    const hit = await engine.search({ q: '知识产权质押融资', mode: 'keyword', filters: {}, limit: 10, offset: 0 });
    expect(hit.hits.map((h) => h.clause.id)).toContain('szf-2015-54.s4.81');
  });

  it('indexes nothing and says so when no file is usable, leaving the existing index untouched', async () => {
    const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-only-bad-'));
    writeFileSync(path.join(emptyDir, 'empty.txt'), '');
    const report = await runIndex(await readSeeds(emptyDir), emptyDir, { engine, tokenizer, embedder: createHashEmbedder() });
    rmSync(emptyDir, { recursive: true, force: true });
    expect(report.ok).toBe(false);
    expect(report.documents).toBe(0);
    expect(fileReport(report, 'empty.txt').status).toBe('failed');
    expect((await engine.stats()).documents).toBe(7);
  });
});
