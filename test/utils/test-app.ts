/**
 * The web app as the tests drive it: the real Express app on the real embedded (SQLite) engine, loaded
 * with the fixture corpus (plus a deliberately hostile document), jieba for tokens and the deterministic
 * hash embedder for vectors. One place to build deps, so every web test file sees the same app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { createJiebaTokenizer } from '../../core/tokenizer/jieba-tokenizer.js';
import type { Tokenizer } from '../../core/types.js';
import { createApp } from '../../server/app.js';
import { loadConfig } from '../../core/config.js';
import type { AppDeps } from '../../server/data/deps.js';
import { createSqliteEngine } from '../../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../../core/engine/types.js';
import { FIXTURE_DOCUMENTS, indexFixture, type FixtureDocument } from './fixture-corpus.js';
import { createHashEmbedder } from './hash-embedder.js';

/**
 * A document whose metadata and text carry markup and script, as a scraped page might: every page that
 * shows it must show the characters, never run them.
 */
export const HOSTILE_DOCUMENT: FixtureDocument = {
  document: {
    id: 'xss-2016-1',
    sourceFile: '999_hostile.txt',
    title: '<script>alert("title")</script>关于知识产权质押的测试文件',
    noticeTitle: '"><img src=x onerror=alert(1)>',
    docNumber: '测〔2016〕1号<b>',
    proposalNumber: null,
    issuer: '测试机关<i>',
    date: '2016-05-01',
    effectiveDate: null,
    history: [],
    orderNumber: null,
    publishedDate: null,
    year: 2016,
    level: '区',
    docType: '通知',
    sourceUrl: 'javascript:alert(document.cookie)',
    clauseCount: 2,
  },
  clauses: [
    {
      id: 'xss-2016-1.0',
      docId: 'xss-2016-1',
      ordinal: 0,
      number: '1.',
      path: ['一、<svg onload=alert(2)>'],
      kind: 'item',
      text: '1. 支持知识产权质押融资<script>alert("clause")</script>，并提供"引号"与\'单引号\'及 & 符号。',
      start: 0,
      end: 66,
      spans: [],
    },
    {
      id: 'xss-2016-1.1',
      docId: 'xss-2016-1',
      ordinal: 1,
      number: null,
      path: ['一、<svg onload=alert(2)>'],
      kind: 'paragraph',
      text: '<a href="javascript:alert(3)">点击</a>这里申请专项资金。',
      start: 68,
      end: 110,
      spans: [],
    },
  ],
};

let tokenizer: Tokenizer | null = null;
/** jieba loads its dictionaries once per process. */
function sharedTokenizer(): Tokenizer {
  tokenizer ??= createJiebaTokenizer();
  return tokenizer;
}

export interface TestApp {
  app: Express;
  deps: AppDeps;
  /** The real engine, for looking things up in assertions. */
  engine: SearchEngine;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides for loadConfig (e.g. RATE_LIMIT_PER_MINUTE, ADMIN_TOKEN). */
  env?: Record<string, string>;
  /** Wraps the engine, e.g. to make it fail. */
  wrapEngine?: (engine: SearchEngine) => SearchEngine;
  onReindex?: () => Promise<unknown>;
  /** Include HOSTILE_DOCUMENT (default true). */
  hostile?: boolean;
  /** More documents next to the fixture corpus (e.g. a parsed regulation with articles). */
  extraDocuments?: readonly FixtureDocument[];
  /** Defaults to a silent logger. */
  logger?: pino.Logger;
}

/** Builds the app on a fresh temporary index. Call `close()` in afterAll. */
export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-web-'));
  const embedder = createHashEmbedder();
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...opts.env });
  if (config.engine.kind !== 'sqlite') throw new Error('the web tests run on the embedded engine');
  const engine = await createSqliteEngine({ file: config.engine.file, tokenizer: sharedTokenizer() });
  const docs = [...FIXTURE_DOCUMENTS, ...(opts.hostile === false ? [] : [HOSTILE_DOCUMENT]), ...(opts.extraDocuments ?? [])];
  await engine.replaceAll(await indexFixture({ tokenizer: sharedTokenizer(), embedder }, docs), { fingerprint: 'web-test' });
  const deps: AppDeps = {
    config,
    engine: opts.wrapEngine ? opts.wrapEngine(engine) : engine,
    embedder,
    logger: opts.logger ?? pino({ level: 'silent' }),
    onReindex: opts.onReindex,
  };
  return {
    app: createApp(deps),
    deps,
    engine,
    async close() {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An engine that behaves like `engine` except for the methods given (for fault tests). */
export function withEngineOverrides(engine: SearchEngine, overrides: Partial<SearchEngine>): SearchEngine {
  return new Proxy(engine, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof SearchEngine];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
