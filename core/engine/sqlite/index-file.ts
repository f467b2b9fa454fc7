/**
 * The live index file and the connection serving it. A rebuild renames a new file over the old one; every
 * request first checks (one `stat`, a few microseconds) whether the path still names the file that is open,
 * and reopens when it does not, so readers move to the new index on their next request and never see a
 * half-built one. Writes by other processes to the same file are noticed through `PRAGMA data_version`.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { Catalog } from './catalog.js';
import type { DocumentRow } from './catalog.js';
import { ClausePositions } from './clause-positions.js';
import type { ClauseRowChange } from './document-writer.js';
import { SCHEMA_VERSION, readSchemaVersion } from './schema.js';
import { OccurrenceLists } from './shared-words.js';
import { BinaryVectorIndex } from './vector-search.js';
import { WordLengths } from './word-bm25.js';

/** Shown to users (health, 503 pages) when there is no index yet. */
export const MISSING_INDEX_MESSAGE = '索引尚未建立：请运行 npm run index';

/** Opens a database with the settings every connection to an index uses. */
export function openDatabase(file: string, opts: { create: boolean }): Database.Database {
  const db = new Database(file, { fileMustExist: !opts.create });
  try {
    sqliteVec.load(db);
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

interface FileIdentity {
  dev: number;
  ino: number;
}

function identityOf(file: string): FileIdentity | null {
  try {
    const s = fs.statSync(file);
    return { dev: s.dev, ino: s.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** An open index: the connection, its prepared statements and the in-memory views built from it. */
export class OpenIndex {
  private readonly statements = new Map<string, Database.Statement>();
  private catalogCache: Catalog | null = null;
  private vectorCache: BinaryVectorIndex | null = null;
  private positionsCache: ClausePositions | null = null;
  private wordLengthsCache: WordLengths | null = null;
  private occurrenceListsCache: OccurrenceLists | null = null;
  private readonly memo = new RecentResults();
  private seenDataVersion: number;

  constructor(
    readonly db: Database.Database,
    readonly identity: FileIdentity,
  ) {
    this.seenDataVersion = this.dataVersion();
  }

  /** A statement prepared once per connection. */
  statement(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /**
   * Drops the in-memory views when another connection committed since they were built. Call it first thing
   * inside a read transaction: reading `data_version` starts the snapshot, so the views match what it reads.
   */
  refresh(): void {
    const version = this.dataVersion();
    if (version !== this.seenDataVersion) {
      this.seenDataVersion = version;
      this.invalidate();
    }
  }

  /**
   * Call after writing through this connection (data_version only reports other connections' commits).
   * `vectors`: only vectors were written, so documents and clause positions still hold; `meta`: only the meta
   * table (the fingerprint, say), so every view holds.
   */
  invalidate(what: 'all' | 'vectors' | 'meta' = 'all'): void {
    this.memo.clear();
    if (what === 'meta') return;
    this.vectorCache = null;
    if (what === 'vectors') return;
    this.catalogCache = null;
    this.positionsCache = null;
    this.wordLengthsCache = null;
    this.occurrenceListsCache = null;
  }

  /**
   * Call after a write through this connection that changed clause rows (`changes`, as the writer recorded
   * them): the clause positions and word lengths are patched rather than dropped, so the next search does not
   * read every clause row again; the catalog (one row per document), vectors and remembered results are
   * dropped as by {@link invalidate}.
   */
  patch(changes: readonly ClauseRowChange[]): void {
    const positions = this.positionsCache;
    const lengths = this.wordLengthsCache;
    this.invalidate();
    if (positions === null) return;
    if (changes.length === 0) {
      // Only documents' fields or the meta table changed: both views still hold.
      this.positionsCache = positions;
      this.wordLengthsCache = lengths;
      return;
    }
    const { positions: after, touched } = positions.patched(changes);
    this.positionsCache = after;
    if (lengths !== null) this.wordLengthsCache = lengths.patched(this.db, positions, after, touched);
  }

  catalog(): Catalog {
    if (this.catalogCache === null) {
      const rows = this.statement('select * from documents').all() as DocumentRow[];
      const counts = this.statement('select doc_rowid, count(*) as n from clauses group by doc_rowid').all() as Array<{
        doc_rowid: number;
        n: number;
      }>;
      this.catalogCache = new Catalog(rows, new Map(counts.map((r) => [r.doc_rowid, r.n])));
    }
    return this.catalogCache;
  }

  vectors(): BinaryVectorIndex {
    this.vectorCache ??= BinaryVectorIndex.load(this.db, this.positions());
    return this.vectorCache;
  }

  positions(): ClausePositions {
    this.positionsCache ??= ClausePositions.load(this.db);
    return this.positionsCache;
  }

  /** Clause lengths of the word index, for ranking by bm25 in memory (word-bm25.ts). */
  wordLengths(): WordLengths {
    this.wordLengthsCache ??= WordLengths.load(this.db, this.positions().rowidBound);
    return this.wordLengthsCache;
  }

  /** The word index's occurrence lists read so far (shared-words.ts), kept until the index changes. */
  occurrenceLists(): OccurrenceLists {
    this.occurrenceListsCache ??= new OccurrenceLists((sql) => this.statement(sql));
    return this.occurrenceListsCache;
  }

  /**
   * A value computed from this snapshot of the index, kept for the next requests that ask for the same `key`
   * (the search page asks the same keyword query twice, pagination repeats it) until the index changes.
   */
  remember<T>(key: string, compute: () => T): T {
    return this.memo.get(key, compute);
  }

  meta(key: string): string | null {
    const row = this.statement('select value from meta where key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  close(): void {
    this.statements.clear();
    this.invalidate();
    if (this.db.open) this.db.close();
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}

/**
 * How many computed results an open index keeps (least recently used dropped first). A match set is 4 bytes
 * per matching clause, so even at 1M clauses the cache stays within tens of MB for ordinary queries.
 */
const REMEMBERED_RESULTS = 32;

/** A small least-recently-used map of computed results. */
class RecentResults {
  private readonly entries = new Map<string, unknown>();

  get<T>(key: string, compute: () => T): T {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as T;
      // Re-inserting moves the key to the end: Map iteration order is insertion order.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > REMEMBERED_RESULTS) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

export type IndexState =
  | { kind: 'ready'; index: OpenIndex }
  | { kind: 'missing'; message: string }
  | { kind: 'unusable'; message: string };

/** Tracks the index at a path, reopening it when the path names another file. */
export class IndexFile {
  private open: OpenIndex | null = null;

  constructor(readonly file: string) {}

  /** The index to serve this request from; checks the file identity first. */
  state(): IndexState {
    const identity = identityOf(this.file);
    if (this.open && (identity === null || identity.ino !== this.open.identity.ino || identity.dev !== this.open.identity.dev)) {
      this.closeCurrent();
    }
    if (identity === null) return { kind: 'missing', message: MISSING_INDEX_MESSAGE };
    if (this.open === null) {
      let db: Database.Database;
      try {
        db = openDatabase(this.file, { create: false });
      } catch (error) {
        if ((error as { code?: string }).code === 'SQLITE_CANTOPEN') return { kind: 'missing', message: MISSING_INDEX_MESSAGE };
        return { kind: 'unusable', message: `索引文件无法打开（${(error as Error).message}）：请运行 npm run index 重建索引` };
      }
      try {
        const version = readSchemaVersion(db);
        if (version !== SCHEMA_VERSION) {
          db.close();
          return {
            kind: 'unusable',
            message:
              version === null
                ? `${this.file} 不是条文索引：请运行 npm run index 重建索引`
                : `索引格式已过期（版本 ${version}，需要 ${SCHEMA_VERSION}）：请运行 npm run index 重建索引`,
          };
        }
        // Identity taken before opening: if a swap slipped in between, the next request sees a mismatch and
        // reopens; taken after, it could pin us to the old file for good.
        this.open = new OpenIndex(db, identity);
      } catch (error) {
        if (db.open) db.close();
        return { kind: 'unusable', message: `索引文件无法读取（${(error as Error).message}）：请运行 npm run index 重建索引` };
      }
    }
    return { kind: 'ready', index: this.open };
  }

  /** Closes the connection (the next `state()` reopens). */
  closeCurrent(): void {
    this.open?.close();
    this.open = null;
  }
}
