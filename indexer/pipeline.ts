/**
 * The indexing pipeline: source files → parsed documents → tokens, keywords and vectors → engine.
 * Only `readSeeds` touches the file system; everything after it works on data.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SearchEngine } from '../core/engine/types.js';
import { parseDocument } from './parse/parse-document.js';
import { SOURCE_EXTENSIONS, isSourceFile, readSourceText } from './formats/read-source.js';
import { type SidecarFile, readSourceMetadata, withVersions } from './versions/apply-versions.js';
import { sidecarNameFor } from './versions/sidecar.js';
import type { Sidecar } from './versions/sidecar.js';
import type { Embedder, IndexedDocument, ParsedDocument, Tokenizer } from '../core/types.js';

/**
 * Bump when parsing, tokenising or the stored shape changes, so `npm start` knows an existing index is stale
 * even though the seeds did not change.
 */
export const INDEX_FORMAT_VERSION = 6;

/** The formats the indexer reads, for the server (watcher, upload form), which reaches the indexer only through this module. */
export { SOURCE_EXTENSIONS, isSourceFile } from './formats/read-source.js';

/** Clauses are embedded in batches so progress can be reported while the model works. */
const EMBED_BATCH = 32;

export interface SourceFile {
  name: string;
  bytes: Buffer;
  /** Its metadata file (`name.meta.json`) when one lies beside it. */
  sidecar?: SidecarFile | null;
}

export type FileStatus = 'indexed' | 'kept-previous' | 'failed';

export interface FileReport {
  file: string;
  status: FileStatus;
  docId: string | null;
  clauses: number;
  warnings: string[];
  /** Why the file could not be indexed (status `failed` or `kept-previous`). */
  error: string | null;
}

export interface IndexReport {
  ok: boolean;
  seedsDir: string;
  engine: string;
  documents: number;
  clauses: number;
  files: FileReport[];
  embeddings: { embedded: number; cached: number };
  fingerprint: string;
  durationMs: number;
}

export type ProgressEvent =
  | { phase: 'parse'; done: number; total: number; file: string }
  | { phase: 'embed'; done: number; total: number }
  | { phase: 'write'; documents: number; clauses: number };

export interface PipelineDeps {
  engine: SearchEngine;
  tokenizer: Tokenizer;
  embedder: Embedder;
  /** Hit/miss counters of a caching embedder, if any; read before and after to report what was cached. */
  cacheStats?: () => { hits: number; misses: number };
  onProgress?: (event: ProgressEvent) => void;
  /** The day validity is computed for (YYYY-MM-DD); today unless a test says otherwise. */
  asOf?: string;
}

/** Reads every source file of a folder (see `SOURCE_EXTENSIONS`; not recursive), sorted by name so runs are reproducible. */
export async function readSeeds(seedsDir: string): Promise<SourceFile[]> {
  let names: string[];
  try {
    names = await readdir(seedsDir);
  } catch (error) {
    throw new Error(`Cannot read SEEDS_DIR ${seedsDir}: ${(error as Error).message}. Set SEEDS_DIR to a folder of ${SOURCE_EXTENSIONS.join('/')} files.`, {
      cause: error,
    });
  }
  const files: SourceFile[] = [];
  for (const name of names.sort()) {
    if (!isSourceFile(name)) continue;
    const full = path.join(seedsDir, name);
    if (!(await stat(full)).isFile()) continue;
    files.push({ name, bytes: await readFile(full), sidecar: await readSidecar(seedsDir, name) });
  }
  return files;
}

/** The metadata file beside a source, if there is one. */
async function readSidecar(dir: string, sourceName: string): Promise<SidecarFile | null> {
  const name = sidecarNameFor(sourceName);
  try {
    return { name, bytes: await readFile(path.join(dir, name)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Identifies what an index was built from: the bytes of every source file, the model and the index format.
 * Equal fingerprints mean re-indexing would produce the same index.
 */
export function corpusFingerprint(files: SourceFile[], modelId: string): string {
  const hash = createHash('sha256');
  hash.update(`format:${INDEX_FORMAT_VERSION}\nmodel:${modelId}\n`);
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    hash.update(`${file.name}\n${createHash('sha256').update(file.bytes).digest('hex')}\n`);
    if (file.sidecar) hash.update(`${file.sidecar.name}\n${createHash('sha256').update(file.sidecar.bytes).digest('hex')}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

interface ParseOutcome {
  parsed: ParsedDocument[];
  reports: FileReport[];
  /** Valid metadata (metadata file or front matter) by document id. */
  sidecars: Map<string, Sidecar>;
}

/** Reads (by format) and parses each file; a bad file gets a report entry and never stops the others. */
export async function parseSources(files: SourceFile[], onProgress?: PipelineDeps['onProgress']): Promise<ParseOutcome> {
  const parsed: ParsedDocument[] = [];
  const reports: FileReport[] = [];
  const seenIds = new Map<string, string>();
  const sidecars = new Map<string, Sidecar>();
  for (const [i, file] of files.entries()) {
    onProgress?.({ phase: 'parse', done: i, total: files.length, file: file.name });
    const report: FileReport = { file: file.name, status: 'failed', docId: null, clauses: 0, warnings: [], error: null };
    reports.push(report);
    const decoded = await readSourceText(file.bytes, file.name);
    if (!decoded.ok) {
      report.error = decoded.reason;
      continue;
    }
    report.warnings.push(...decoded.warnings);
    const metadata = readSourceMetadata(file.name, decoded.text, file.sidecar);
    report.warnings.push(...metadata.warnings);
    let doc: ParsedDocument;
    try {
      doc = parseDocument(metadata.body, file.name);
    } catch (error) {
      report.error = `could not be parsed: ${(error as Error).message}`;
      continue;
    }
    report.warnings.push(...doc.warnings);
    if (doc.clauses.length === 0) {
      report.error = 'no text to index: the file parsed to zero clauses';
      continue;
    }
    const clash = seenIds.get(doc.document.id);
    if (clash) {
      report.error = `document id ${doc.document.id} is already used by ${clash} (same 文号, or same title and version date: the same version filed twice?); remove one of the two files`;
      continue;
    }
    seenIds.set(doc.document.id, file.name);
    if (metadata.sidecar) sidecars.set(doc.document.id, metadata.sidecar);
    report.status = 'indexed';
    report.docId = doc.document.id;
    report.clauses = doc.clauses.length;
    parsed.push(doc);
  }
  onProgress?.({ phase: 'parse', done: files.length, total: files.length, file: '' });
  return { parsed, reports, sidecars };
}

/** Adds tokens, keywords and vectors to parsed clauses. */
export async function enrich(
  docs: Array<Pick<ParsedDocument, 'document' | 'clauses'>>,
  deps: Pick<PipelineDeps, 'tokenizer' | 'embedder' | 'onProgress'>,
): Promise<IndexedDocument[]> {
  const all = docs.flatMap((d) => d.clauses);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < all.length; i += EMBED_BATCH) {
    deps.onProgress?.({ phase: 'embed', done: i, total: all.length });
    vectors.push(...(await deps.embedder.embed(all.slice(i, i + EMBED_BATCH).map((c) => c.text))));
  }
  deps.onProgress?.({ phase: 'embed', done: all.length, total: all.length });
  let next = 0;
  return docs.map(({ document, clauses }) => ({
    document: { ...document, clauseCount: clauses.length },
    clauses: clauses.map((clause) => ({
      ...clause,
      tokens: deps.tokenizer.tokenize(clause.text).join(' '),
      headingTokens: deps.tokenizer.tokenize(clause.path.join(' ')).join(' '),
      keywords: deps.tokenizer.keywords(clause.text),
      vector: vectors[next++] as Float32Array,
    })),
  }));
}

/**
 * For files that failed this time but were indexed before, keep the previously indexed version
 * rather than silently dropping a document users may have linked to.
 */
async function previousVersions(engine: SearchEngine, reports: FileReport[]): Promise<Array<Pick<ParsedDocument, 'document' | 'clauses'>>> {
  const failed = new Map(reports.filter((r) => r.status === 'failed').map((r) => [r.file, r]));
  if (failed.size === 0) return [];
  let existing;
  try {
    existing = await engine.listDocuments();
  } catch {
    return []; // no previous index (first run) or it cannot be read: nothing to keep
  }
  const kept: Array<Pick<ParsedDocument, 'document' | 'clauses'>> = [];
  for (const doc of existing) {
    const report = failed.get(doc.sourceFile);
    if (!report) continue;
    const full = await engine.getDocument(doc.id);
    if (!full) continue;
    kept.push(full);
    report.status = 'kept-previous';
    report.docId = doc.id;
    report.clauses = full.clauses.length;
    report.warnings.push('the previously indexed version of this file is kept until the file is fixed');
  }
  return kept;
}

/**
 * Indexes a set of source files into the engine, atomically replacing what was there.
 * Returns a report; `ok` is false only when nothing could be indexed (the caller decides the exit code).
 */
export async function runIndex(files: SourceFile[], seedsDir: string, deps: PipelineDeps): Promise<IndexReport> {
  const started = performance.now();
  const before = deps.cacheStats?.() ?? { hits: 0, misses: 0 };
  const { parsed, reports, sidecars } = await parseSources(files, deps.onProgress);
  const kept = await previousVersions(deps.engine, reports);
  // Corpus-level step: works, versions, 时效性 (needs every document at once).
  const versioned = withVersions([...parsed, ...kept], sidecars, deps.asOf);
  for (const report of reports) if (report.docId) report.warnings.push(...(versioned.warnings.get(report.docId) ?? []));
  const indexed = await enrich(versioned.docs, deps);
  const fingerprint = corpusFingerprint(files, deps.embedder.modelId);
  const clauseTotal = indexed.reduce((n, d) => n + d.clauses.length, 0);
  if (indexed.length > 0) {
    deps.onProgress?.({ phase: 'write', documents: indexed.length, clauses: clauseTotal });
    await deps.engine.replaceAll(indexed, { fingerprint });
  }
  const after = deps.cacheStats?.() ?? { hits: 0, misses: clauseTotal };
  return {
    ok: indexed.length > 0,
    seedsDir,
    engine: deps.engine.name,
    documents: indexed.length,
    clauses: clauseTotal,
    files: reports,
    embeddings: { embedded: after.misses - before.misses, cached: after.hits - before.hits },
    fingerprint,
    durationMs: Math.round(performance.now() - started),
  };
}
