/**
 * Atomic rebuilds. A new index is written, complete, into its own generation file next to the live path
 * (`tiaowen.sqlite.gen-<time>-<pid>`); then a symbolic link at the live path is renamed into place, which is
 * atomic, and the previous generation is deleted. Readers see the old index or the new one, never half of
 * one; a killed build leaves only its generation file, removed by the next build.
 *
 * Why a link rather than renaming the database file itself: SQLite names a database's `-wal` and `-shm` files
 * after the path it was opened with. Renaming a new database over a live WAL database would make connections
 * to the old and the new file share those side files, and an old connection closing (it checkpoints into its
 * file and deletes the WAL) or a new one opening in the same process (it resets the shared memory the old one
 * has mapped) can corrupt or crash the other. SQLite resolves symbolic links before naming side files, so each
 * generation has its own. Where links cannot be created (Windows without developer mode), the file itself is
 * renamed after a WAL checkpoint, which is safe as long as no other process writes to the old index meanwhile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { IndexedDocument } from '../../types.js';
import { DocumentWriter } from './document-writer.js';
import { openDatabase } from './index-file.js';
import { REBUILD_TRIGRAMS_SQL, createSchema, finishBulkLoad } from './schema.js';
import { SIDE_TRIGRAMS_MIN_CLAUSES, SideTrigramBuild, sideTrigramFile } from './trigram-build.js';

export type BuildLog = Pick<Logger, 'info' | 'warn' | 'debug'>;

const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** Clauses written per transaction; the event loop gets a turn in between so a server keeps answering. */
const CLAUSES_PER_BATCH = 2000;

/** Generation files being built by this process right now (never cleaned up as stale). */
const buildingHere = new Set<string>();
let generationCounter = 0;

/** Writes `docs` into a new generation and makes it the live index at `liveFile`. */
export async function buildIndex(
  liveFile: string,
  docs: readonly IndexedDocument[],
  meta: { fingerprint: string | null },
  log?: BuildLog,
): Promise<void> {
  const started = performance.now();
  // Absolute, so comparing it with what the link resolves to can never mistake the live generation for debris.
  const file = path.resolve(liveFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  removeStaleGenerations(file, log);
  const generation = `${file}.gen-${new Date().toISOString().replace(/[-:.]/g, '')}${generationCounter++}-${process.pid}`;
  buildingHere.add(generation);
  let previous: string | null;
  try {
    await writeGeneration(generation, docs, meta, log);
    previous = swapIn(file, generation, log);
  } catch (error) {
    removeDatabaseFiles(generation);
    throw error;
  } finally {
    buildingHere.delete(generation);
  }
  if (previous !== null) removeDatabaseFiles(previous);
  log?.info(
    { file, documents: docs.length, clauses: docs.reduce((n, d) => n + d.clauses.length, 0), ms: Math.round(performance.now() - started) },
    'embedded index built',
  );
}

async function writeGeneration(generation: string, docs: readonly IndexedDocument[], meta: { fingerprint: string | null }, log?: BuildLog): Promise<void> {
  const db = openDatabase(generation, { create: true });
  let trigrams: SideTrigramBuild | null = null;
  try {
    // Nobody else can see this file until it is complete, so no journal and no syncs while writing it.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    createSchema(db, { bulkLoad: true });
    // The gram index is written by the writer, clause by clause: merging its segments as they pile up is
    // wasted work when one 'optimize' at the end merges everything anyway.
    db.exec("insert into clause_grams (clause_grams, rank) values ('automerge', 0)");
    const writer = new DocumentWriter(db, null);
    const total = docs.reduce((n, d) => n + d.clauses.length, 0);
    // A large build has its trigram index made beside it, on another core, from the texts as they are written.
    trigrams = total >= SIDE_TRIGRAMS_MIN_CLAUSES ? SideTrigramBuild.start(generation) : null;
    const side = trigrams;
    const writeBatch = db.transaction((batch: readonly IndexedDocument[]) => {
      for (const doc of batch) {
        const rowids = writer.insert(doc);
        side?.add(rowids, doc.clauses.map((c) => c.text));
      }
    });
    let batch: IndexedDocument[] = [];
    let clauses = 0;
    for (const doc of docs) {
      batch.push(doc);
      clauses += doc.clauses.length;
      if (clauses >= CLAUSES_PER_BATCH) {
        writeBatch(batch);
        batch = [];
        clauses = 0;
        await yieldToEventLoop();
      }
    }
    writeBatch(batch);
    const builtAt = new Date().toISOString();
    writer.setMeta({ builtAt, updatedAt: builtAt, ...(meta.fingerprint === null ? {} : { fingerprint: meta.fingerprint }) });
    finishBulkLoad(db, { trigrams: side === null ? 'rebuild' : 'filled' });
    // Merge the FTS segments once, so the first queries do not pay for it; later upserts merge as they go.
    db.exec(`
      insert into clause_words (clause_words) values ('optimize');
      insert into clause_grams (clause_grams) values ('optimize');
      insert into clause_grams (clause_grams, rank) values ('automerge', 4);`);
    if (side === null) db.exec("insert into clause_trigrams (clause_trigrams) values ('optimize')");
    else {
      try {
        await side.copyInto(db); // optimised by the worker
      } catch (error) {
        log?.warn({ err: error }, 'the trigram index could not be built beside the index; building it in this thread');
        db.exec(`${REBUILD_TRIGRAMS_SQL} insert into clause_trigrams (clause_trigrams) values ('optimize');`);
      }
    }
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
    await trigrams?.abandon(); // a build that failed before the copy
  }
  const fd = fs.openSync(generation, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Points `file` at `generation`. Returns the previous generation (to delete), or null.
 */
function swapIn(file: string, generation: string, log?: BuildLog): string | null {
  const previous = liveTarget(file);
  const link = `${file}.link-${process.pid}`;
  fs.rmSync(link, { force: true });
  let linked = true;
  try {
    fs.symlinkSync(path.basename(generation), link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOSYS' && code !== 'ENOTSUP' && code !== 'EACCES') throw error;
    log?.warn({ file, code }, 'symbolic links unavailable: replacing the index file itself');
    linked = false;
  }
  if (linked) {
    fs.renameSync(link, file);
    // A plain file at the live path (from the fallback below, or copied there) was just replaced; its
    // side files are named after the live path, which no new connection uses for a linked generation.
    if (previous === file) for (const suffix of SIDE_FILES) fs.rmSync(file + suffix, { force: true });
  } else {
    checkpointLive(file);
    fs.renameSync(generation, file);
  }
  syncDirectory(file);
  // Only our own generations are deleted, never a file someone linked the live path to by hand.
  return previous !== null && isGeneration(file, previous) ? previous : null;
}

function isGeneration(file: string, candidate: string): boolean {
  return path.dirname(candidate) === path.dirname(file) && generationPattern(file).exec(path.basename(candidate))?.[1] !== undefined;
}

/** Matches names of generation files (group 1: pid) and leftover link files (group 2: pid) of `file`. */
function generationPattern(file: string): RegExp {
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${base}\\.(?:gen-[0-9TZ]+-(\\d+)|link-(\\d+))$`);
}

/** The database file the live path currently resolves to: a generation, the path itself, or null. */
function liveTarget(file: string): string | null {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return file;
    return path.resolve(path.dirname(file), fs.readlinkSync(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Empties the live file's WAL so a file renamed over it inherits no pages (the no-link fallback only). */
function checkpointLive(file: string): void {
  if (!fs.existsSync(file)) return;
  const db = openDatabase(file, { create: false });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

function syncDirectory(file: string): void {
  try {
    const fd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for syncing on every platform; the rename itself is still atomic.
  }
}

/** A generation's files: the database, SQLite's side files and a full build's side trigram database. */
function removeDatabaseFiles(dbFile: string): void {
  for (const suffix of ['', ...SIDE_FILES]) fs.rmSync(dbFile + suffix, { force: true });
  fs.rmSync(sideTrigramFile(dbFile), { force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes generations left by builds that died (their process is gone) and were never made live, and
 * link files left between `symlink` and `rename`.
 */
function removeStaleGenerations(file: string, log?: BuildLog): void {
  const dir = path.dirname(file);
  const live = liveTarget(file);
  const pattern = generationPattern(file);
  for (const name of fs.readdirSync(dir)) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const full = path.join(dir, name);
    const pid = Number(m[1] ?? m[2]);
    if (full === live || buildingHere.has(full) || (pid !== process.pid && processAlive(pid))) continue;
    log?.debug({ file: full }, 'removing an index generation left by an interrupted build');
    removeDatabaseFiles(full);
  }
}
