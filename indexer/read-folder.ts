/**
 * Reads a folder of source files (SEEDS_DIR) into memory: the only place the indexing pipeline touches the
 * file system. A sync of the living corpus reads the whole folder each time (the source hashes decide what
 * is parsed again), so this is on the path from "a file was saved" to "it is searchable": files are read
 * several at a time, and a file's metadata file is looked up in the folder listing rather than by trying to
 * open one beside every source.
 */
import type { Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { SOURCE_EXTENSIONS, isSourceFile } from './formats/read-source.js';
import type { SourceFile } from './parse-sources.js';
import { sidecarNameFor } from './versions/sidecar.js';

/**
 * Reads in flight at once. Each read waits on the thread pool rather than the disk (the folder is usually in
 * the page cache): one at a time took 1.8 s for the 3,331 legislation texts, sixteen at a time 0.3 s.
 */
const READS_IN_FLIGHT = 16;

/** Every source file of a folder (see `SOURCE_EXTENSIONS`; not recursive), sorted by name so runs are reproducible. */
export async function readSeeds(seedsDir: string): Promise<SourceFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(seedsDir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`Cannot read SEEDS_DIR ${seedsDir}: ${(error as Error).message}. Set SEEDS_DIR to a folder of ${SOURCE_EXTENSIONS.join('/')} files.`, {
      cause: error,
    });
  }
  const listed = new Set(entries.map((e) => e.name));
  const candidates = entries.filter((e) => isSourceFile(e.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files = await mapInFlight(candidates, READS_IN_FLIGHT, (entry) => readSource(seedsDir, entry, listed));
  return files.filter((f): f is SourceFile => f !== null);
}

/**
 * One source file and its metadata file, or null when the name is not a regular file (a folder, say) or the
 * file went away between the listing and the read: a sync running while files are moved sees them gone, and
 * the change that moved them starts another sync.
 */
async function readSource(dir: string, entry: Dirent, listed: ReadonlySet<string>): Promise<SourceFile | null> {
  const full = path.join(dir, entry.name);
  try {
    // A symbolic link's listing says only that it is a link: ask what it points at.
    if (!(entry.isSymbolicLink() ? (await stat(full)).isFile() : entry.isFile())) return null;
    const bytes = await readFile(full);
    const sidecarName = sidecarNameFor(entry.name);
    const sidecar = listed.has(sidecarName) ? { name: sidecarName, bytes: await readFile(path.join(dir, sidecarName)) } : null;
    return { name: entry.name, bytes, sidecar };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `items.map(fn)` with at most `limit` calls in flight; results by position. */
async function mapInFlight<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}
