/**
 * Builds one real index for the whole test run: the five seeds, parsed, tokenised with jieba,
 * embedded with the real bge-small-zh model, written to the embedded engine in a temp DATA_DIR.
 * Test files open it read-only through `test/utils/real-index.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { readSeeds, runIndex } from '../../indexer/pipeline.js';
import { ROOT_DIR, loadConfig } from '../../core/config.js';
import { openRuntime } from '../../core/runtime.js';

declare module 'vitest' {
  export interface ProvidedContext {
    realIndexDataDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEEDS_DIR: path.join(ROOT_DIR, 'seeds'), LOG_LEVEL: 'silent' });
  const runtime = await openRuntime(config, { role: 'admin', log: pino({ level: 'silent' }) });
  try {
    const report = await runIndex(await readSeeds(config.seedsDir), config.seedsDir, runtime);
    if (!report.ok) throw new Error(`test index could not be built: ${JSON.stringify(report.files)}`);
  } finally {
    await runtime.close();
  }
  project.provide('realIndexDataDir', dataDir);
  return () => rmSync(dataDir, { recursive: true, force: true });
}
