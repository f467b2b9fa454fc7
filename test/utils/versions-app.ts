/**
 * A small real corpus for the versions tests: the five seeds plus seven versions of three laws from
 * ../shared/legislation (行政复议法 2017 and 2023, 道路运输条例 2019, 2022 and 2023, 民事诉讼法 2021 and 2023),
 * copied into a temp folder (with any extra files a test adds, such as metadata files), indexed by the real
 * pipeline with jieba and the hash embedder (meaning is not the point here), served by the real app.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { ROOT_DIR, loadConfig } from '../../core/config.js';
import { createSqliteEngine } from '../../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../../core/engine/types.js';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import type { PolicyDocument } from '../../core/types.js';
import { type IndexReport, readSeeds, runIndex } from '../../indexer/pipeline.js';
import { createApp } from '../../server/app.js';
import { createHashEmbedder } from './hash-embedder.js';
import { legislationDir } from './legislation.js';

/** The laws, by the file name the corpus holds them under. */
export const VERSION_FILES = {
  xzfy2017: '诉讼与非诉讼程序法/行政复议法(2017-09-01).md',
  xzfy2023: '诉讼与非诉讼程序法/行政复议法(2023-09-01).md',
  dlys2019: '行政法规/道路运输条例(2019-03-02).md',
  dlys2022: '行政法规/道路运输条例(2022-03-29).md',
  dlys2023: '行政法规/道路运输条例(2023-07-20).md',
  mssx2021: '诉讼与非诉讼程序法/民事诉讼法(2021-12-24).md',
  mssx2023: '诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md',
} as const;

export type VersionKey = keyof typeof VERSION_FILES;

/** The day statuses are computed for, fixed so the tests do not change with the calendar. */
export const AS_OF = '2026-12-01';

export interface VersionsApp {
  app: Express;
  engine: SearchEngine;
  report: IndexReport;
  /** The indexed document of a law version. */
  doc(key: VersionKey): PolicyDocument;
  /** The indexed document of a file of the corpus folder. */
  byFile(file: string): PolicyDocument;
  close(): Promise<void>;
}

export async function createVersionsApp(opts: { keys?: VersionKey[]; extraFiles?: Record<string, string> } = {}): Promise<VersionsApp> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-versions-'));
  const corpus = path.join(root, 'corpus');
  const data = path.join(root, 'data');
  mkdirSync(corpus);
  mkdirSync(data);
  const seeds = await readSeeds(path.join(ROOT_DIR, 'seeds'));
  for (const seed of seeds) writeFileSync(path.join(corpus, seed.name), seed.bytes);
  const keys = opts.keys ?? (Object.keys(VERSION_FILES) as VersionKey[]);
  for (const key of keys) copyFileSync(path.join(legislationDir(), VERSION_FILES[key]), path.join(corpus, path.basename(VERSION_FILES[key])));
  for (const [name, text] of Object.entries(opts.extraFiles ?? {})) writeFileSync(path.join(corpus, name), text);

  const tokenizer = createJiebaTokenizer();
  const embedder = createHashEmbedder();
  const config = loadConfig({ DATA_DIR: data, SEEDS_DIR: corpus, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' });
  if (config.engine.kind !== 'sqlite') throw new Error('the versions tests run on the embedded engine');
  const engine = await createSqliteEngine({ file: config.engine.file, tokenizer });
  const report = await runIndex(await readSeeds(corpus), corpus, { engine, tokenizer, embedder, asOf: AS_OF });
  const documents = await engine.listDocuments();
  const byFile = (file: string): PolicyDocument => {
    const found = documents.find((d) => d.sourceFile === file);
    if (!found) throw new Error(`${file} was not indexed: ${JSON.stringify(report.files.find((f) => f.file === file))}`);
    return found;
  };
  return {
    app: createApp({ config, engine, embedder, logger: pino({ level: 'silent' }) }),
    engine,
    report,
    doc: (key) => byFile(path.basename(VERSION_FILES[key])),
    byFile,
    async close() {
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
