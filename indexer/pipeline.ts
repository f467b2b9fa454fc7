/**
 * The indexing pipeline: source files → parsed documents → tokens, keywords and vectors → engine.
 * Only `readSeeds` (read-folder.ts) touches the file system; everything after it works on data.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { SearchEngine, StoredSource, VectorCoverage } from '../core/engine/types.js';
import { withVersions } from './versions/apply-versions.js';
import { type ClauseWords, type FileReport, type SourceFile, clauseWords, parseSources } from './parse-sources.js';
import { REPEAL_MARKERS } from './versions/repeals.js';
import type { Sidecar } from './versions/sidecar.js';
import type { Clause, DocumentSource, Embedder, IndexedDocument, ParsedDocument, PolicyDocument, Tokenizer } from '../core/types.js';
import { fillVectors } from './vector-fill.js';
import { cooperative } from './cooperative.js';

export { VectorBackfill, fillVectors } from './vector-fill.js';
export { readSeeds } from './read-folder.js';
export type { BackfillStatus } from './vector-fill.js';

/**
 * Bump when parsing, tokenising or the stored shape changes, so `npm start` knows an existing index is stale
 * even though the seeds did not change.
 */
export const INDEX_FORMAT_VERSION = 7;

/** The formats the indexer reads, for the server (watcher, upload form), which reaches the indexer only through this module. */
export { SOURCE_EXTENSIONS, isSourceFile } from './formats/read-source.js';

/** Clauses are embedded in batches so progress can be reported while the model works. */
const EMBED_BATCH = 32;

export type { FileReport, FileStatus, SourceFile } from './parse-sources.js';
export { parseSources } from './parse-sources.js';

export interface IndexReport {
  ok: boolean;
  /** `full`: the whole index was rebuilt (first run, new format or model); `incremental`: document by document. */
  mode: 'full' | 'incremental';
  seedsDir: string;
  engine: string;
  documents: number;
  clauses: number;
  files: FileReport[];
  /** Vectors computed by the model during this run, and vectors found in the embedding cache. */
  embeddings: { embedded: number; cached: number };
  /** Clauses with and without vectors when the run ended (with `vectors: 'later'` the rest follow). */
  vectors: VectorCoverage;
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
  /** Vectors already computed for these texts (the embedding cache), without asking the model; by position. */
  knownVectors?: (texts: readonly string[]) => Array<Float32Array | undefined>;
  /** `now` (default): compute every missing vector before returning. `later`: the caller does (in the background). */
  vectors?: 'now' | 'later';
  /** Worker threads to parse and tokenise in; by default some when there is much to parse (see parseWorkersFor). */
  parseWorkers?: number;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * Below this much source text, parsing in this thread is quicker than starting workers (each loads jieba's
 * dictionaries, about two seconds): one new file must be searchable within a couple of seconds.
 */
const PARSE_WORKERS_MIN_BYTES = 8 * 1024 * 1024;

/** One worker per core, up to four, for a large batch of files; none for a small one. */
export function parseWorkersFor(files: readonly SourceFile[]): number {
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  return bytes < PARSE_WORKERS_MIN_BYTES ? 0 : Math.min(os.availableParallelism(), 4);
}

/**
 * Identifies what an index was built from: the bytes of every source file (and metadata file), the model
 * and the index format. Equal fingerprints mean re-indexing would produce the same index.
 */
export function corpusFingerprint(files: SourceFile[], modelId: string): string {
  const key = buildKey(modelId);
  return fingerprintOf(new Map(files.map((f) => [f.name, sourceHash(f, key)])));
}

/** The fingerprint from the source hashes a sync computes anyway (by file name), so no file is hashed twice. */
function fingerprintOf(hashes: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256').update(`format:${INDEX_FORMAT_VERSION}\n`);
  for (const name of [...hashes.keys()].sort()) hash.update(`${name}\n${hashes.get(name)}\n`);
  return hash.digest('hex').slice(0, 32);
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
  return docs.map(({ document, clauses }) => {
    const words = clauseWords(clauses, deps.tokenizer);
    return {
      document: { ...document, clauseCount: clauses.length },
      clauses: clauses.map((clause, i) => ({ ...clause, ...(words[i] as ClauseWords), vector: vectors[next++] as Float32Array })),
    };
  });
}

/**
 * Tokens and keywords for parsed clauses (computed while parsing, `words`, or here), and the vectors already
 * known (the embedding cache) or null: the document is written at once, keyword-searchable, and the missing
 * vectors follow (vector-fill.ts).
 */
export async function prepare(
  docs: ReadonlyArray<Pick<ParsedDocument, 'document' | 'clauses'> & { source?: DocumentSource }>,
  deps: Pick<PipelineDeps, 'tokenizer' | 'knownVectors'> & { words?: ReadonlyMap<string, ClauseWords[]> },
): Promise<IndexedDocument[]> {
  const pause = cooperative();
  const out: IndexedDocument[] = [];
  for (const { document, clauses, source } of docs) {
    await pause();
    const known = deps.knownVectors?.(clauses.map((c) => c.text)) ?? [];
    const words = deps.words?.get(document.id) ?? clauseWords(clauses, deps.tokenizer);
    out.push({
      document: { ...document, clauseCount: clauses.length },
      clauses: clauses.map((clause, i) => ({ ...clause, ...(words[i] as ClauseWords), vector: known[i] ?? null })),
      ...(source ? { source } : {}),
    });
  }
  return out;
}

/** The part of a source hash that changes with the index format and the model: a new one rebuilds everything. */
export function buildKey(modelId: string): string {
  return createHash('sha256').update(`format:${INDEX_FORMAT_VERSION}\nmodel:${modelId}\n`).digest('hex').slice(0, 12);
}

/**
 * What a stored document is compared with: the file's name and bytes and its metadata file's, under the
 * current format and model. Equal hashes mean indexing the file again would store the same document.
 */
export function sourceHash(file: SourceFile, key: string): string {
  const hash = createHash('sha256').update(`${file.name}\n`).update(file.bytes);
  if (file.sidecar) hash.update(`\n${file.sidecar.name}\n`).update(file.sidecar.bytes);
  return `${key}-${hash.digest('hex').slice(0, 32)}`;
}

/** Hash written for a document kept from an earlier run while its file is broken: never equal to a file's hash. */
const keptHash = (key: string) => `${key}-kept`;

type CorpusDocument = Pick<ParsedDocument, 'document' | 'clauses'>;
/** What the corpus-level step reads of a document: the document and (some of) its clause texts. */
type VersionInput = { document: PolicyDocument; clauses: Array<Pick<Clause, 'text'>> };

/**
 * Brings the engine in step with a set of source files, document by document: an unchanged file (same
 * source hash) is neither read nor parsed nor embedded; a new or changed file's document is written whole
 * (one transaction or one set of tasks: a search sees the old document or the new one); a file that is
 * gone takes its document with it; a file that broke keeps its previous document. Then the corpus-level
 * step (versions, 时效性) runs over every document and restates the statuses that changed, without
 * rewriting clauses. The first run, or a change of index format or model, rebuilds the whole index.
 *
 * Vectors: each clause gets the vector the embedding cache already has, or none; with `vectors: 'now'`
 * (the default: `npm run index`) the missing ones are computed before this returns, with `'later'` (the
 * server) the caller computes them in the background and keyword search answers meanwhile.
 *
 * Returns a report; `ok` is false only when nothing could be indexed (the caller decides the exit code).
 */
export async function runIndex(files: SourceFile[], seedsDir: string, deps: PipelineDeps): Promise<IndexReport> {
  const started = performance.now();
  const before = deps.cacheStats?.() ?? { hits: 0, misses: 0 };
  const { engine } = deps;
  const key = buildKey(deps.embedder.modelId);
  const stored = await engine.sources().catch(() => [] as StoredSource[]);
  // Documents written under another format or model (or without a hash) cannot be kept: rebuild everything.
  const full = stored.length === 0 || stored.some((s) => s.sourceHash === null || !s.sourceHash.startsWith(`${key}-`));
  const storedByFile = new Map(full ? [] : stored.map((s) => [s.sourceFile, s]));
  const hashes = new Map(files.map((f) => [f.name, sourceHash(f, key)]));
  const fingerprint = fingerprintOf(hashes);

  const unchanged: StoredSource[] = [];
  const toParse: SourceFile[] = [];
  for (const file of files) {
    const previous = storedByFile.get(file.name);
    if (previous !== undefined && previous.sourceHash === hashes.get(file.name)) unchanged.push(previous);
    else toParse.push(file);
  }
  const reserved = new Map(unchanged.map((s) => [s.docId, s.sourceFile]));
  const outcome = await parseSources(toParse, {
    onProgress: deps.onProgress,
    reserved,
    tokenizer: deps.tokenizer,
    workers: deps.parseWorkers ?? parseWorkersFor(toParse),
    ...(deps.log ? { log: deps.log } : {}),
  });
  const fileWarnings = new Map(outcome.reports.filter((r) => r.docId).map((r) => [r.docId as string, [...r.warnings]]));

  // Documents that stay as stored: unchanged files, and broken files that had a document before.
  const reports = new Map(outcome.reports.map((r) => [r.file, r]));
  const kept: StoredSource[] = [];
  for (const report of outcome.reports) {
    if (report.status !== 'failed') continue;
    const previous = (full ? stored : []).find((s) => s.sourceFile === report.file) ?? storedByFile.get(report.file);
    if (previous === undefined) continue;
    kept.push(previous);
    report.status = 'kept-previous';
    report.docId = previous.docId;
    report.clauses = previous.clauses;
    report.warnings.push('the previously indexed version of this file is kept until the file is fixed');
  }
  for (const s of unchanged) {
    reports.set(s.sourceFile, { file: s.sourceFile, status: 'unchanged', docId: s.docId, clauses: s.clauses, warnings: [...s.warnings], error: null });
  }
  // Full rebuild: kept documents are rewritten, so all of their clauses are needed; otherwise only what the
  // corpus step reads.
  const keptWhole = full ? await loadStored(engine, kept) : [];
  const storedDocs: VersionInput[] = full ? keptWhole : await loadForVersions(engine, [...unchanged, ...kept]);
  const sidecars = new Map(outcome.sidecars);
  for (const s of [...unchanged, ...kept]) if (s.metadata) sidecars.set(s.docId, s.metadata as Sidecar);

  // Corpus-level step: works, versions, 时效性 (needs every document at once).
  const versioned = withVersions<VersionInput>([...outcome.parsed, ...storedDocs], sidecars, deps.asOf);
  for (const report of reports.values()) if (report.docId) report.warnings.push(...(versioned.warnings.get(report.docId) ?? []));
  const parsedIds = new Set(outcome.parsed.map((d) => d.document.id));
  const validity = new Map(versioned.docs.map((d) => [d.document.id, d.document.validity]));
  /** A document with all its clauses and the validity the corpus step gave it. */
  const withValidity = (d: CorpusDocument): CorpusDocument => ({ ...d, document: { ...d.document, validity: validity.get(d.document.id) } });
  const sourceOf = (doc: CorpusDocument, hash: string | undefined): DocumentSource => ({
    hash: hash ?? keptHash(key),
    warnings: fileWarnings.get(doc.document.id) ?? [],
    metadata: sidecars.get(doc.document.id) ?? null,
  });
  const changed = await prepare(
    outcome.parsed.map(withValidity).map((d) => ({ ...d, source: sourceOf(d, hashes.get(d.document.sourceFile)) })),
    { ...deps, words: outcome.words },
  );

  const removed: FileReport[] = [];
  let documents: number;
  let clauses: number;
  if (full) {
    // Kept documents are rewritten from what was stored (tokens again, vectors from the cache).
    const keptDocs = await prepare(
      keptWhole
        .map(withValidity)
        .map((d) => ({ ...d, source: { hash: keptHash(key), warnings: [], metadata: sidecars.get(d.document.id) ?? null } })),
      deps,
    );
    const all = [...changed, ...keptDocs];
    documents = all.length;
    clauses = all.reduce((n, d) => n + d.clauses.length, 0);
    if (all.length > 0) {
      deps.onProgress?.({ phase: 'write', documents, clauses });
      await engine.replaceAll(all, { fingerprint });
    }
  } else if (versioned.docs.length === 0) {
    // Not one usable file (an empty or wrong SEEDS_DIR, an unmounted volume): the index is left as it is.
    documents = 0;
    clauses = 0;
  } else {
    deps.onProgress?.({ phase: 'write', documents: changed.length, clauses: changed.reduce((n, d) => n + d.clauses.length, 0) });
    const pause = cooperative();
    for (const doc of changed) {
      await engine.upsert(doc);
      await pause();
    }
    // Documents whose file is gone, or whose file now yields another document id.
    const live = new Set([...parsedIds, ...unchanged.map((s) => s.docId), ...kept.map((s) => s.docId)]);
    for (const s of stored) {
      if (live.has(s.docId)) continue;
      await engine.remove(s.docId);
      if (!hashes.has(s.sourceFile)) {
        removed.push({ file: s.sourceFile, status: 'removed', docId: s.docId, clauses: s.clauses, warnings: [], error: null });
      }
    }
    // Statuses the corpus step changed on documents that were not rewritten.
    const before = new Map(storedDocs.map((d) => [d.document.id, JSON.stringify(d.document.validity ?? null)]));
    const restated = versioned.docs
      .filter((d) => before.has(d.document.id) && before.get(d.document.id) !== JSON.stringify(d.document.validity ?? null))
      .flatMap((d) => (d.document.validity ? [{ docId: d.document.id, validity: d.document.validity }] : []));
    await engine.setValidity(restated);
    await engine.setFingerprint(fingerprint);
    documents = versioned.docs.length;
    clauses = changed.reduce((n, d) => n + d.clauses.length, 0) + [...unchanged, ...kept].reduce((n, s) => n + s.clauses, 0);
  }

  if ((deps.vectors ?? 'now') === 'now') {
    await fillVectors({ engine, embedder: deps.embedder }, { onProgress: (p) => deps.onProgress?.({ phase: 'embed', done: p.done, total: p.total }) });
  }
  const after = deps.cacheStats?.() ?? { hits: 0, misses: before.misses };
  const fileReports = [...files.map((f) => reports.get(f.name) as FileReport), ...removed];
  return {
    ok: documents > 0,
    mode: full ? 'full' : 'incremental',
    seedsDir,
    engine: engine.name,
    documents,
    clauses,
    files: fileReports,
    embeddings: { embedded: after.misses - before.misses, cached: after.hits - before.hits },
    vectors: await engine.coverage(),
    fingerprint,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Stored documents as the corpus-level step reads them: every document (one listing), and of their clauses
 * only those that state a repeal (`…同时废止`), which is all `findRepeals` looks at: it reads sentences
 * ending in a marker, and a clause starts a sentence. Found by exact keyword search, so a sync that adds one
 * file to thousands does not read every stored clause back.
 */
async function loadForVersions(engine: SearchEngine, sources: readonly StoredSource[]): Promise<VersionInput[]> {
  if (sources.length === 0) return [];
  const wanted = new Set(sources.map((s) => s.docId));
  const texts = new Map<string, Map<string, Pick<Clause, 'text'>>>();
  for (const marker of REPEAL_MARKERS) {
    const request = { q: `"${marker}"`, mode: 'keyword' as const, filters: {}, offset: 0 };
    const { total } = await engine.search({ ...request, limit: 0 });
    if (total === 0) continue;
    for (const hit of (await engine.search({ ...request, limit: total })).hits) {
      if (!wanted.has(hit.clause.docId)) continue;
      let clauses = texts.get(hit.clause.docId);
      if (clauses === undefined) texts.set(hit.clause.docId, (clauses = new Map()));
      clauses.set(hit.clause.id, { text: hit.clause.text });
    }
  }
  const documents = (await engine.listDocuments()).filter((d) => wanted.has(d.id));
  return documents.map((document) => ({ document, clauses: [...(texts.get(document.id)?.values() ?? [])] }));
}

/** Stored documents with all their clauses (kept documents rewritten by a full rebuild). */
async function loadStored(engine: SearchEngine, sources: readonly StoredSource[]): Promise<CorpusDocument[]> {
  const docs: CorpusDocument[] = [];
  const pause = cooperative();
  for (const s of sources) {
    await pause();
    const found = await engine.getDocument(s.docId);
    if (found) docs.push(found);
  }
  return docs;
}
