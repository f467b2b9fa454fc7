/**
 * Vectors computed in the background survive a killed process: the process computing them is killed
 * (SIGKILL, no chance to clean up) half-way, started again, and in the end every clause has its vector, each
 * text went to the model exactly once, and the stored vectors are the model's.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../core/engine/types.js';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { readSeeds, runIndex } from '../indexer/pipeline.js';
import { createHashEmbedder, hashVector } from './utils/hash-embedder.js';

const CHILD = path.join(ROOT_DIR, 'test', 'utils', 'vector-fill-child.ts');
const tokenizer = createJiebaTokenizer();
let dir: string;
let indexFile: string;
let cacheFile: string;
let logFile: string;
let engine: SearchEngine;

/** Runs the child; `killAfterLines` SIGKILLs it once the model log holds that many texts. */
function runChild(killAfterLines?: number): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, indexFile, cacheFile, logFile], {
      cwd: ROOT_DIR,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const watch =
      killAfterLines === undefined
        ? null
        : setInterval(() => {
            if (modelLog().length >= killAfterLines) child.kill('SIGKILL');
          }, 5);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (watch) clearInterval(watch);
      if (code !== 0 && signal === null) reject(new Error(`child failed (${code}): ${stderr}`));
      else resolve({ code, signal, stdout });
    });
  });
}

/** Every text the model was asked to embed, in order. */
function modelLog(): string[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as string);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-resume-'));
  const seedsDir = path.join(dir, 'seeds');
  cpSync(path.join(ROOT_DIR, 'seeds'), seedsDir, { recursive: true });
  indexFile = path.join(dir, 'tiaowen.sqlite');
  cacheFile = path.join(dir, 'embeddings.sqlite');
  logFile = path.join(dir, 'model.log');
  engine = await createSqliteEngine({ file: indexFile, tokenizer });
  // Written with no vectors at all, as the server writes a new corpus: keyword search first.
  await runIndex(await readSeeds(seedsDir), seedsDir, { engine, tokenizer, embedder: createHashEmbedder(), vectors: 'later' });
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('computing vectors in a process that is killed half-way', () => {
  it('keeps every vector computed before the kill, computes the rest after a restart, and none twice', async () => {
    expect(await engine.coverage()).toEqual({ clauses: 271, embedded: 0 });

    const killed = await runChild(100);
    expect(killed.signal).toBe('SIGKILL');
    const afterKill = await engine.coverage();
    const computedBeforeKill = new Set(modelLog()).size;
    // What was stored survived; at most the batch in flight (8 clauses) is computed but not stored.
    expect(afterKill.embedded).toBeGreaterThan(0);
    expect(afterKill.embedded).toBeLessThan(271);
    expect(computedBeforeKill - afterKill.embedded).toBeLessThanOrEqual(8);
    expect(computedBeforeKill - afterKill.embedded).toBeGreaterThanOrEqual(0);

    const resumed = await runChild();
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`done: ${271 - afterKill.embedded} stored`);
    expect(await engine.coverage()).toEqual({ clauses: 271, embedded: 271 });

    const texts = modelLog();
    // Each distinct clause text went to the model exactly once over both processes.
    expect(texts.length).toBe(new Set(texts).size);
    const stored = await Promise.all((await engine.listDocuments()).map((d) => engine.getDocument(d.id)));
    const distinct = new Set(stored.flatMap((d) => d?.clauses.map((c) => c.text) ?? []));
    expect(new Set(texts)).toEqual(distinct);
  });

  it('stores the model’s vectors: semantic search finds a clause by its own text', async () => {
    const doc = await engine.getDocument('szf-2015-54');
    const clause = doc?.clauses.find((c) => c.id === 'szf-2015-54.s4.81');
    expect(clause).toBeDefined();
    const r = await engine.search({ q: clause!.text, mode: 'semantic', filters: {}, limit: 1, offset: 0, vector: hashVector(clause!.text) });
    expect(r.hits[0]?.clause.id).toBe('szf-2015-54.s4.81');
    expect(r.hits[0]?.score).toBeCloseTo(1, 5);
  });
});
