/**
 * The engines the contract suite (test/engine-contract.test.ts) runs against. Every entry builds a fresh,
 * empty engine on its own storage, so tests never see each other's data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import type { Tokenizer } from '../../core/types.js';
import { readOnlyKeySpec } from '../../core/engine/meili/keys.js';
import { createMeiliEngine } from '../../core/engine/meili/meili-engine.js';
import { createSqliteEngine } from '../../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../../core/engine/types.js';

/** An engine on fresh storage, with a way to open a second instance on the same storage. */
export interface EngineUnderTest {
  engine: SearchEngine;
  /** Another instance on the same storage, as a second process (server vs indexer) would open it. */
  openAnother(): Promise<SearchEngine>;
  /** Closes every instance opened here and deletes the storage. */
  cleanup(): Promise<void>;
}

export interface EngineFactory {
  name: string;
  create(deps: { tokenizer: Tokenizer }): Promise<EngineUnderTest>;
}

/** The embedded engine on a SQLite file in a new temporary folder. */
export const sqliteFactory: EngineFactory = {
  name: 'sqlite',
  async create({ tokenizer }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-engine-'));
    const file = path.join(dir, 'tiaowen.sqlite');
    const opened: SearchEngine[] = [];
    const open = async () => {
      const engine = await createSqliteEngine({ file, tokenizer });
      opened.push(engine);
      return engine;
    };
    return {
      engine: await open(),
      openAnother: open,
      async cleanup() {
        for (const engine of opened) await engine.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

/** Every engine the contract suite runs against. */
export const engineFactories: EngineFactory[] = [sqliteFactory];

// ─── Meilisearch ──────────────────────────────────────────────────────────────────────────────────────────
// Added here by the Meilisearch adapter's author: when MEILI_URL is set, push a factory that creates a fresh
// index prefix per engine (and deletes its indexes in cleanup); otherwise print one clearly visible skip line.
// ──────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Index prefixes unique to this run and to each engine, so runs and tests never share indexes. */
let meiliEngines = 0;
const meiliRun = `t${Date.now().toString(36)}${process.pid.toString(36)}`;

/**
 * Meilisearch on MEILI_URL with MEILI_MASTER_KEY: the engine under test is the indexer's (master key);
 * `openAnother` is the web server's (a read-only key derived from the master key).
 */
function meiliFactory(url: string, masterKey: string): EngineFactory {
  return {
    name: 'meilisearch',
    async create({ tokenizer }) {
      const indexPrefix = `${meiliRun}_${++meiliEngines}`;
      const config = { kind: 'meilisearch' as const, url, masterKey, searchKey: undefined, indexPrefix, timeoutMs: 10_000 };
      const opened: SearchEngine[] = [];
      const open = async (role: 'admin' | 'search') => {
        const engine = await createMeiliEngine(config, { tokenizer, role });
        opened.push(engine);
        return engine;
      };
      return {
        engine: await open('admin'),
        openAnother: () => open('search'),
        async cleanup() {
          for (const engine of opened) await engine.close();
          const admin = new Meilisearch({ host: url, apiKey: masterKey });
          const { results } = await admin.getRawIndexes({ limit: 1000 });
          for (const { uid } of results.filter((i) => i.uid.startsWith(`${indexPrefix}_`))) await admin.deleteIndex(uid).waitTask();
          await admin.deleteKey(readOnlyKeySpec([`${indexPrefix}_clauses`, `${indexPrefix}_documents`]).uid).catch(() => {});
        },
      };
    },
  };
}

if (process.env.MEILI_URL && process.env.MEILI_MASTER_KEY) {
  engineFactories.push(meiliFactory(process.env.MEILI_URL, process.env.MEILI_MASTER_KEY));
} else {
  console.log('skipped: no Meilisearch (set MEILI_URL and MEILI_MASTER_KEY to run the Meilisearch contract tests)');
}
