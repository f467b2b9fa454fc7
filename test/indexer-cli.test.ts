/**
 * `npm run index` as an operator runs it: a report at the end, JSON on request, exit codes that a
 * script can trust, and a killed run that loses nothing: what it wrote serves, and the next run computes only
 * the vectors still missing.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { ROOT_DIR } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';

const CLI = path.join(ROOT_DIR, 'indexer', 'cli.ts');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `killWhen` sends SIGKILL as soon as stderr contains the text. */
function runCli(args: string[], env: Record<string, string>, killWhen?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    // node --import tsx, not the tsx binary: that one runs the script in a child process a kill would orphan.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (killWhen && stderr.includes(killWhen)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

let dir: string;
let seedsDir: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-cli-'));
  seedsDir = path.join(dir, 'seeds');
  cpSync(path.join(ROOT_DIR, 'seeds'), seedsDir, { recursive: true });
  env = { DATA_DIR: path.join(dir, 'data'), SEEDS_DIR: seedsDir };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run index', () => {
  it('indexes the seeds and prints the report as JSON with --json, exit 0', async () => {
    const run = await runCli(['--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ ok: true, engine: 'sqlite', documents: 5, clauses: 271 });
    expect(report.files.map((f: { docId: string }) => f.docId)).toEqual([
      'ftfb-2013-20',
      'szf-2018-84',
      'szfb-2010-98',
      'ta-20200005',
      'szf-2015-54',
    ]);
  });

  it('prints a readable report, and re-indexing unchanged seeds reads and embeds nothing again', async () => {
    const run = await runCli([], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Indexed 5 documents, 271 clauses into sqlite');
    expect(run.stdout).toContain('file by file (embeddings: 0 computed, 0 from cache; 271 of 271 clauses have their vector)');
    expect(run.stdout).toContain('004_f58ccc0061d310c5.txt: unchanged → szf-2015-54, 120 clauses');
  });

  it('exits 1 with the reasons when no file could be indexed', async () => {
    const badSeeds = path.join(dir, 'bad-seeds');
    cpSync(path.join(seedsDir, '000_897e7fd67109cef8.txt'), path.join(badSeeds, 'placeholder.txt'));
    writeFileSync(path.join(badSeeds, 'placeholder.txt'), '');
    const run = await runCli([], { DATA_DIR: path.join(dir, 'bad-data'), SEEDS_DIR: badSeeds });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Indexed nothing: 0 documents');
    expect(run.stdout).toContain('placeholder.txt is empty (0 bytes)');
  });

  it('exits 2 with the usage for an unknown option, and with the problem for bad configuration', async () => {
    const unknown = await runCli(['--frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage: npm run index');
    const badConfig = await runCli([], { ...env, ENGINE: 'elastic' });
    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('ENGINE="elastic": must be "sqlite" or "meilisearch"');
  });

  it('killed while computing vectors, keeps the new document searchable by keyword; the next run computes only what is missing', async () => {
    // A new file with enough unseen text that the model is still busy when the kill arrives (after its first batch).
    const paragraphs = Array.from({ length: 150 }, (_, i) => `（${i + 1}）第${i + 1}项：支持第${i + 1}批企业开展知识产权质押融资试点，额度${(i + 1) * 37}万元。`);
    writeFileSync(path.join(seedsDir, '005_new.txt'), `福田区科技创新局关于试点工作的通知\n\n福科〔2019〕7号\n\n一、试点内容\n\n${paragraphs.join('\n\n')}\n`);
    const killed = await runCli([], env, 'embed: 32/');
    expect(killed.signal).toBe('SIGKILL');

    const tokenizer = createJiebaTokenizer();
    const reader = await createSqliteEngine({ file: path.join(env.DATA_DIR as string, 'tiaowen.sqlite'), tokenizer });
    expect((await reader.stats()).documents).toBe(6);
    const hits = await reader.search({ q: '知识产权质押融资试点', mode: 'keyword', filters: {}, limit: 10, offset: 0 });
    expect(hits.total).toBe(150);
    const coverage = await reader.coverage();
    const missing = coverage.clauses - coverage.embedded;
    expect(coverage.embedded).toBeGreaterThanOrEqual(271 + 32);
    expect(missing).toBeGreaterThan(0);

    const next = await runCli(['--json'], env);
    expect(next.code, next.stderr).toBe(0);
    const report = JSON.parse(next.stdout);
    expect(report).toMatchObject({ ok: true, mode: 'incremental', documents: 6, vectors: { clauses: coverage.clauses, embedded: coverage.clauses } });
    expect(report.files.map((f: { status: string }) => f.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    // Every missing vector once: computed now, or found in the cache where the killed run computed it but died before storing.
    expect(report.embeddings.embedded + report.embeddings.cached).toBe(missing);
    expect(report.embeddings.cached).toBeLessThanOrEqual(32);
    // The reader that was open all along sees them.
    expect(await reader.coverage()).toEqual({ clauses: coverage.clauses, embedded: coverage.clauses });
    await reader.close();
  });
});
