/**
 * The embedded engine: one SQLite file (better-sqlite3, WAL) with FTS5 word and trigram indexes and
 * sqlite-vec, needing nothing installed. See index-file.ts for how readers follow rebuilds, index-builder.ts
 * for atomic rebuilds and search.ts for the read paths.
 */
import type { Logger } from 'pino';
import type { IndexedDocument, Tokenizer } from '../../types.js';
import { EngineUnavailableError } from '../../errors.js';
import type { SearchEngine } from '../types.js';
import { clauseFromRow, CLAUSE_COLUMNS } from './clause-rows.js';
import type { ClauseRow } from './clause-rows.js';
import { type ClauseRowChange, DocumentWriter } from './document-writer.js';
import { buildIndex } from './index-builder.js';
import { IndexFile } from './index-file.js';
import type { OpenIndex } from './index-file.js';
import { findSimilar, runSearch } from './search.js';

export interface SqliteEngineOptions {
  /** The index file (`DATA_DIR/tiaowen.sqlite`); created by the first `replaceAll` or `upsert`. */
  file: string;
  /** Tokenises queries the way the indexer tokenised clauses. */
  tokenizer: Tokenizer;
  log?: Pick<Logger, 'info' | 'warn' | 'debug'>;
}

/**
 * Opens the embedded engine. Never fails for a missing index: `health()` says so and searches raise
 * {@link EngineUnavailableError} until one is built.
 */
export async function createSqliteEngine(opts: SqliteEngineOptions): Promise<SearchEngine> {
  const indexFile = new IndexFile(opts.file);
  /** Writes run one after another; a failed one does not block the next. */
  let writes: Promise<unknown> = Promise.resolve();
  const serialise = <T>(write: () => Promise<T>): Promise<T> => {
    const run = writes.then(write, write);
    writes = run.catch(() => undefined);
    return run;
  };

  /** The open index, or a 503 saying how to build one. */
  const requireIndex = (): OpenIndex => {
    const state = indexFile.state();
    if (state.kind !== 'ready') throw new EngineUnavailableError(state.message);
    return state.index;
  };
  /** Runs a read in one transaction, so it sees a single snapshot of the index. */
  const read = <T>(fn: (index: OpenIndex) => T): T => {
    const index = requireIndex();
    return index.db.transaction(() => {
      index.refresh();
      return fn(index);
    })();
  };
  /** Runs a write transaction on the live index, creating an empty index first if there is none. */
  const writeLive = async <T>(fn: (writer: DocumentWriter) => T, touches: 'all' | 'vectors' | 'meta' = 'all'): Promise<T> => {
    if (indexFile.state().kind === 'missing') {
      await buildIndex(opts.file, [], { fingerprint: null }, opts.log);
    }
    const index = requireIndex();
    let changes: ClauseRowChange[] | null = null;
    try {
      const result = index.db
        .transaction(() => {
          const dimensions = index.meta('dimensions');
          const writer = new DocumentWriter(index.db, dimensions === null ? null : Number(dimensions), { trackChanges: touches === 'all' });
          const out = fn(writer);
          writer.setMeta({ updatedAt: new Date().toISOString() });
          changes = writer.clauseChanges;
          return out;
        })
        .immediate();
      // Committed: the views follow what was written instead of being read again from every row.
      try {
        if (changes !== null) index.patch(changes);
        else index.invalidate(touches);
      } catch {
        index.invalidate('all'); // the next search reads them again
      }
      return result;
    } catch (error) {
      index.invalidate(touches);
      throw error;
    }
  };
  const ready = (): OpenIndex | null => {
    const state = indexFile.state();
    return state.kind === 'ready' ? state.index : null;
  };

  return {
    name: 'sqlite',

    replaceAll: (docs: IndexedDocument[], meta: { fingerprint: string }) =>
      serialise(async () => {
        await buildIndex(opts.file, docs, meta, opts.log);
        indexFile.closeCurrent();
      }),

    upsert: (doc: IndexedDocument) =>
      serialise(() =>
        writeLive((writer) => {
          writer.remove(doc.document.id);
          writer.insert(doc);
        }),
      ),

    remove: (docId: string) =>
      serialise(async () => {
        if (indexFile.state().kind !== 'ready') return;
        await writeLive((writer) => void writer.remove(docId));
      }),

    setValidity: (entries) =>
      serialise(async () => {
        if (indexFile.state().kind !== 'ready' || entries.length === 0) return;
        await writeLive((writer) => {
          for (const { docId, validity } of entries) writer.setValidity(docId, validity);
        });
      }),

    setFingerprint: (fingerprint) =>
      serialise(async () => {
        await writeLive((writer) => writer.setMeta({ fingerprint }), 'meta');
      }),

    sources: async () => {
      if (ready() === null) return [];
      return read((index) => {
        const embedded = new Map(
          (
            index
              .statement('select c.doc_rowid as doc, count(*) as n from clause_vectors v join clauses c on c.rowid = v.rowid group by c.doc_rowid')
              .all() as Array<{ doc: number; n: number }>
          ).map((r) => [r.doc, r.n]),
        );
        const rows = index.statement('select rowid, id, source_file, source_hash, source_warnings, source_metadata from documents order by rowid').all() as Array<{
          rowid: number;
          id: string;
          source_file: string;
          source_hash: string | null;
          source_warnings: string;
          source_metadata: string | null;
        }>;
        const catalog = index.catalog();
        return rows.map((r) => ({
          docId: r.id,
          sourceFile: r.source_file,
          sourceHash: r.source_hash,
          warnings: JSON.parse(r.source_warnings) as string[],
          metadata: r.source_metadata === null ? null : (JSON.parse(r.source_metadata) as unknown),
          clauses: catalog.entry(r.rowid).storedClauses,
          embedded: embedded.get(r.rowid) ?? 0,
        }));
      });
    },

    coverage: async () => {
      if (ready() === null) return { clauses: 0, embedded: 0 };
      // Asked with every search page; remembered until the next write.
      return read((index) =>
        index.remember('coverage', () => ({
          clauses: index.statement('select count(*) from clauses').pluck().get() as number,
          embedded: index.statement('select count(*) from clause_vectors').pluck().get() as number,
        })),
      );
    },

    clausesWithoutVectors: async (limit) => {
      if (ready() === null || limit <= 0) return [];
      return read(
        (index) =>
          index
            .statement('select id, text from clauses c where not exists (select 1 from clause_vectors v where v.rowid = c.rowid) order by rowid limit ?')
            .all(Math.floor(limit)) as Array<{ id: string; text: string }>,
      );
    },

    setVectors: (entries) =>
      serialise(async () => {
        if (ready() === null || entries.length === 0) return 0;
        return writeLive((writer) => writer.setVectors(entries), 'vectors');
      }),

    search: async (req) => read((index) => runSearch(index, opts.tokenizer, req)),

    similar: async (clauseId, options) => read((index) => findSimilar(index, opts.tokenizer, clauseId, options)),

    getClause: async (id) =>
      read((index) => {
        const row = index.statement(`select ${CLAUSE_COLUMNS} from clauses where id = ?`).get(id) as ClauseRow | undefined;
        if (row === undefined) return null;
        return { clause: clauseFromRow(row), document: index.catalog().entry(row.doc_rowid).document };
      }),

    getDocument: async (id) =>
      read((index) => {
        const entry = index.catalog().byId.get(id);
        if (entry === undefined) return null;
        const rows = index.statement(`select ${CLAUSE_COLUMNS} from clauses where doc_rowid = ? order by ordinal`).all(entry.rowid) as ClauseRow[];
        return { document: entry.document, clauses: rows.map(clauseFromRow) };
      }),

    listDocuments: async () => read((index) => index.catalog().ordered.map((e) => e.document)),

    versionsOf: async (workId) => read((index) => index.catalog().versionsOf(workId)),

    health: async () => {
      const state = indexFile.state();
      return state.kind === 'ready' ? { ok: true, engine: 'sqlite' } : { ok: false, engine: 'sqlite', message: state.message };
    },

    stats: async () => {
      const state = indexFile.state();
      if (state.kind !== 'ready') return { documents: 0, clauses: 0, builtAt: null, fingerprint: null };
      return state.index.db.transaction(() => {
        const index = state.index;
        const count = (table: string) => index.statement(`select count(*) from ${table}`).pluck().get() as number;
        return { documents: count('documents'), clauses: count('clauses'), builtAt: index.meta('builtAt'), fingerprint: index.meta('fingerprint') };
      })();
    },

    close: async () => {
      await writes;
      indexFile.closeCurrent();
    },
  };
}
