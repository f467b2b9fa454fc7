/**
 * Source files → parsed documents, file by file, each with its clauses' words. The work on one file touches
 * no other file, so a large batch is shared out to worker threads (parse-pool.ts); what needs every file at
 * once (two files claiming one document id) is decided afterwards, in file order, the same way either way.
 */
import type { Clause, ParsedDocument, Tokenizer } from '../core/types.js';
import { parseDocument } from './parse/parse-document.js';
import { readSourceText } from './formats/read-source.js';
import { type SidecarFile, readSourceMetadata } from './versions/apply-versions.js';
import type { Sidecar } from './versions/sidecar.js';
import { cooperative } from './cooperative.js';
import { parseInWorkers } from './parse-pool.js';

export interface SourceFile {
  name: string;
  bytes: Buffer;
  /** Its metadata file (`name.meta.json`) when one lies beside it. */
  sidecar?: SidecarFile | null;
}

/** A clause's words for the engine: search tokens of its text and of its heading path, and its keywords. */
export interface ClauseWords {
  tokens: string;
  headingTokens: string;
  keywords: string[];
}

/** What reading and parsing one file gave. */
export interface ParsedFile {
  /** The file's own warnings (format, metadata, parsing). */
  warnings: string[];
  /** Why the file gives no document; null when `doc` is set. */
  error: string | null;
  doc: ParsedDocument | null;
  /** Its valid metadata (metadata file or front matter). */
  sidecar: Sidecar | null;
  /** Its clauses' words, by position, when a tokenizer was at hand. */
  words: ClauseWords[] | null;
}

/** Reads one file by its format, takes its metadata and parses it; never throws for a bad file. */
export async function parseFile(file: SourceFile, tokenizer?: Tokenizer): Promise<ParsedFile> {
  const out: ParsedFile = { warnings: [], error: null, doc: null, sidecar: null, words: null };
  const decoded = await readSourceText(file.bytes, file.name);
  if (!decoded.ok) return { ...out, error: decoded.reason };
  out.warnings.push(...decoded.warnings);
  const metadata = readSourceMetadata(file.name, decoded.text, file.sidecar);
  out.warnings.push(...metadata.warnings);
  let doc: ParsedDocument;
  try {
    doc = parseDocument(metadata.body, file.name);
  } catch (error) {
    return { ...out, error: `could not be parsed: ${(error as Error).message}` };
  }
  out.warnings.push(...doc.warnings);
  if (doc.clauses.length === 0) return { ...out, error: 'no text to index: the file parsed to zero clauses' };
  return { ...out, doc, sidecar: metadata.sidecar, words: tokenizer ? clauseWords(doc.clauses, tokenizer) : null };
}

/** The words of each clause (tokenizer.analyse), heading paths tokenised once per path. */
export function clauseWords(clauses: ReadonlyArray<Pick<Clause, 'text' | 'path'>>, tokenizer: Tokenizer): ClauseWords[] {
  // The articles of one chapter share their heading path.
  const headings = new Map<string, string>();
  return clauses.map((clause) => {
    const key = clause.path.join(' ');
    let headingTokens = headings.get(key);
    if (headingTokens === undefined) headings.set(key, (headingTokens = tokenizer.tokenize(key).join(' ')));
    const { tokens, keywords } = tokenizer.analyse(clause.text);
    return { tokens: tokens.join(' '), headingTokens, keywords };
  });
}

/**
 * What a run did with one file:
 * - `indexed`: new or changed, parsed and written (its vectors may still be coming: StoredSource.embedded);
 * - `unchanged`: same bytes as the stored document, not read again (its warnings are those stored with it);
 * - `kept-previous`: broken now, its previously indexed document is kept (`error` says why);
 * - `failed`: broken and never indexed (`error` says why);
 * - `removed`: the file is gone and so is its document (`file` is the name it had).
 */
export type FileStatus = 'indexed' | 'unchanged' | 'kept-previous' | 'failed' | 'removed';

export interface FileReport {
  file: string;
  status: FileStatus;
  docId: string | null;
  clauses: number;
  warnings: string[];
  /** Why the file could not be indexed (status `failed` or `kept-previous`). */
  error: string | null;
}

export interface ParseOutcome {
  parsed: ParsedDocument[];
  reports: FileReport[];
  /** Valid metadata (metadata file or front matter) by document id. */
  sidecars: Map<string, Sidecar>;
  /** Each parsed document's clause words, by document id (when a tokenizer was given). */
  words: Map<string, ClauseWords[]>;
}

export interface ParseOptions {
  onProgress?: (event: { phase: 'parse'; done: number; total: number; file: string }) => void;
  /** Document ids already taken (by unchanged files), with their file. */
  reserved?: ReadonlyMap<string, string>;
  /** Also compute each clause's words. */
  tokenizer?: Tokenizer;
  /**
   * Worker threads to share the files among (0: this thread). Only a tokenizer that says how to build itself
   * again (`Tokenizer.recipe`) can be used in a worker; otherwise, or if the workers fail, this thread works.
   */
  workers?: number;
  log?: { warn(obj: object, msg: string): void };
}

/** Reads (by format) and parses each file; a bad file gets a report entry and never stops the others. */
export async function parseSources(files: readonly SourceFile[], options: ParseOptions = {}): Promise<ParseOutcome> {
  const { onProgress } = options;
  const results = await parseAll(files, options);
  const parsed: ParsedDocument[] = [];
  const reports: FileReport[] = [];
  const seenIds = new Map<string, string>(options.reserved ?? []);
  const sidecars = new Map<string, Sidecar>();
  const words = new Map<string, ClauseWords[]>();
  for (const [i, file] of files.entries()) {
    const result = results[i] as ParsedFile;
    const report: FileReport = { file: file.name, status: 'failed', docId: null, clauses: 0, warnings: [...result.warnings], error: result.error };
    reports.push(report);
    const doc = result.doc;
    if (doc === null) continue;
    const clash = seenIds.get(doc.document.id);
    if (clash) {
      report.error = `document id ${doc.document.id} is already used by ${clash} (same 文号, or same title and version date: the same version filed twice?); remove one of the two files`;
      continue;
    }
    seenIds.set(doc.document.id, file.name);
    if (result.sidecar) sidecars.set(doc.document.id, result.sidecar);
    if (result.words) words.set(doc.document.id, result.words);
    report.status = 'indexed';
    report.docId = doc.document.id;
    report.clauses = doc.clauses.length;
    parsed.push(doc);
  }
  onProgress?.({ phase: 'parse', done: files.length, total: files.length, file: '' });
  return { parsed, reports, sidecars, words };
}

/** Every file's result, by position: in worker threads when asked and possible, else here. */
async function parseAll(files: readonly SourceFile[], options: ParseOptions): Promise<ParsedFile[]> {
  const { onProgress, tokenizer } = options;
  const recipe = tokenizer?.recipe;
  if ((options.workers ?? 0) > 0 && files.length > 1 && (tokenizer === undefined || recipe !== undefined)) {
    try {
      let done = 0;
      return await parseInWorkers(files, {
        workers: options.workers as number,
        tokenizer: recipe ?? null,
        onParsed: (file) => onProgress?.({ phase: 'parse', done: ++done, total: files.length, file }),
      });
    } catch (error) {
      options.log?.warn({ err: error }, 'parsing in worker threads failed; parsing in this thread instead');
    }
  }
  const pause = cooperative();
  const results: ParsedFile[] = [];
  for (const [i, file] of files.entries()) {
    await pause();
    onProgress?.({ phase: 'parse', done: i, total: files.length, file: file.name });
    results.push(await parseFile(file, tokenizer));
  }
  return results;
}
