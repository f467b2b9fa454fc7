/**
 * The admin page's data and actions: the state of every source file in SEEDS_DIR, uploading (new or as a
 * replacement) and removing documents. An upload is checked before anything is written — its name, its
 * format, that it parses to clauses, that its document id is not another file's — so a refused upload
 * changes nothing: the folder and the index stay as they were. Accepted files are written atomically and
 * synced through the one sync queue; a file the sync still refuses is taken back out (or the replaced
 * version restored), so the folder never keeps a source the index does not serve.
 */
import type { StoredSource } from '../../core/engine/types.js';
import { AppError } from '../../core/errors.js';
import { parseSources, type FileReport, type IndexReport } from '../../indexer/pipeline.js';
import { listSourceFiles, readSource, removeSource, sourceExists, sourceNameProblem, writeSource } from '../seeds/seeds-store.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';

/** What the admin page says of one source file. */
export type SourceState = 'indexed' | 'indexed-with-warnings' | 'waiting-for-vectors' | 'refused' | 'pending';

export const STATE_LABELS: Record<SourceState, string> = {
  indexed: '已索引',
  'indexed-with-warnings': '已索引（有提示）',
  'waiting-for-vectors': '等待语义向量',
  refused: '未收录',
  pending: '等待索引',
};

export interface SourceRow {
  file: string;
  state: SourceState;
  docId: string | null;
  title: string | null;
  clauses: number;
  /** Clauses with their vector: below `clauses` the document is keyword-searchable but not yet in semantic search. */
  embedded: number;
  /** What the parser noticed (missing 文号, a date taken from the file name …), from the last sync. */
  warnings: string[];
  /** Why the file is not indexed (state `refused`). */
  error: string | null;
}

export interface AdminState {
  files: SourceRow[];
  counts: Record<SourceState, number>;
  /** A sync is running or queued. */
  syncing: boolean;
  /** When the last sync in this process finished, and what it found; null before the first. */
  lastSync: { documents: number; clauses: number; durationMs: number } | null;
}

/** The outcome of one uploaded file. */
export interface UploadResult {
  /** The name it was uploaded as. */
  upload: string;
  /** The name it is stored under (the replaced file's name for a replacement), null when refused before storing. */
  file: string | null;
  accepted: boolean;
  action: 'added' | 'replaced' | null;
  /** HTTP status and code of a refusal. */
  status: number;
  code: string | null;
  error: string | null;
  document: { id: string; title: string; url: string; clauses: number } | null;
  warnings: string[];
}

export interface Upload {
  name: string;
  bytes: Buffer;
}

function requireSeeds(deps: AppDeps): { dir: string; sync: NonNullable<AppDeps['seeds']>['sync'] } {
  if (!deps.seeds) {
    throw new AppError(
      'not_implemented',
      '本服务不写索引（Meilisearch 由索引服务写入）：请把文件放入 SEEDS_DIR 后运行 `npm run index`（this server does not write the index）',
      501,
    );
  }
  return deps.seeds;
}

/** Statuses of a sync report under which the file's document is served as the file now reads. */
const SERVED: ReadonlySet<FileReport['status']> = new Set(['indexed', 'unchanged']);

function stateOf(report: FileReport | undefined, source: StoredSource | undefined): Pick<SourceRow, 'state' | 'warnings' | 'error'> {
  // A broken file (or one whose previous version is kept) says why; only the last sync knows.
  if (report && !SERVED.has(report.status)) return { state: 'refused', warnings: report.warnings, error: report.error };
  // Otherwise the index knows: the warnings stored with the document (an `unchanged` file was not read
  // again, so these are the ones from when it was), and how many of its clauses have their vector.
  const warnings = report?.warnings ?? source?.warnings ?? [];
  if (!source) return { state: report ? 'indexed' : 'pending', warnings, error: null };
  if (source.embedded < source.clauses) return { state: 'waiting-for-vectors', warnings, error: null };
  return { state: warnings.length ? 'indexed-with-warnings' : 'indexed', warnings, error: null };
}

/** Every source file of SEEDS_DIR with its state; refused files first, then by name. */
export async function getAdminState(deps: AppDeps): Promise<AdminState> {
  const seeds = requireSeeds(deps);
  const [names, docs, sources] = await Promise.all([listSourceFiles(seeds.dir), deps.engine.listDocuments(), deps.engine.sources()]);
  const report = seeds.sync.lastReport();
  const reports = new Map(report?.files.map((f) => [f.file, f]) ?? []);
  const docBySource = new Map(docs.map((d) => [d.sourceFile, d]));
  const sourceByFile = new Map(sources.map((s) => [s.sourceFile, s]));
  const files = names.map((file): SourceRow => {
    const doc = docBySource.get(file);
    const source = sourceByFile.get(file);
    return {
      file,
      docId: doc?.id ?? null,
      title: doc?.title ?? null,
      clauses: source?.clauses ?? doc?.clauseCount ?? 0,
      embedded: source?.embedded ?? 0,
      ...stateOf(reports.get(file), source),
    };
  });
  const order: Record<SourceState, number> = { refused: 0, pending: 1, 'waiting-for-vectors': 2, 'indexed-with-warnings': 3, indexed: 4 };
  files.sort((a, b) => order[a.state] - order[b.state] || a.file.localeCompare(b.file));
  const counts: Record<SourceState, number> = { indexed: 0, 'indexed-with-warnings': 0, 'waiting-for-vectors': 0, refused: 0, pending: 0 };
  for (const f of files) counts[f.state] += 1;
  return {
    files,
    counts,
    syncing: seeds.sync.busy(),
    lastSync: report ? { documents: report.documents, clauses: report.clauses, durationMs: report.durationMs } : null,
  };
}

const refusal = (upload: string, status: number, code: string, error: string, file: string | null = null): UploadResult => ({
  upload,
  file,
  accepted: false,
  action: null,
  status,
  code,
  error,
  document: null,
  warnings: [],
});

interface Vetted {
  upload: Upload;
  file: string;
  replace: boolean;
  previous: Buffer | null;
  docId: string;
}

/**
 * Stores the uploads that pass every check, syncs once, and says for each file what happened.
 * `target`: replace this stored file with the (single) upload; `replace`: an upload may overwrite a file of
 * its own name. Nothing is written for a refused file.
 */
export async function uploadDocuments(deps: AppDeps, uploads: Upload[], opts: { replace: boolean; target?: string | undefined }): Promise<UploadResult[]> {
  const seeds = requireSeeds(deps);
  if (uploads.length === 0) throw new AppError('no_file', '没有收到文件：请选择要上传的文件（no file was uploaded）', 400);
  if (opts.target !== undefined && uploads.length !== 1) throw new AppError('one_file', '替换时只能上传一个文件（a replacement is one file）', 400);
  const docs = await deps.engine.listDocuments();
  const results = new Map<Upload, UploadResult>();
  const vetted: Vetted[] = [];
  const takenNames = new Set<string>();
  const takenIds = new Map<string, string>();

  for (const upload of uploads) {
    const problem = sourceNameProblem(upload.name);
    if (problem) {
      results.set(upload, refusal(upload.name, problem.startsWith('不支持') ? 415 : 400, problem.startsWith('不支持') ? 'unsupported_format' : 'invalid_file_name', problem));
      continue;
    }
    let file = upload.name;
    let replace = false;
    if (opts.target !== undefined) {
      const targetProblem = sourceNameProblem(opts.target);
      if (targetProblem || !(await sourceExists(seeds.dir, opts.target))) {
        results.set(upload, refusal(upload.name, 404, 'not_found', `要替换的文件“${opts.target}”不存在（no such file to replace）`));
        continue;
      }
      if (opts.target.split('.').pop()?.toLowerCase() !== upload.name.split('.').pop()?.toLowerCase()) {
        results.set(upload, refusal(upload.name, 400, 'format_mismatch', `替换文件须与“${opts.target}”格式相同（a replacement keeps the format of the file it replaces）`));
        continue;
      }
      file = opts.target;
      replace = true;
    } else if (await sourceExists(seeds.dir, file)) {
      if (!opts.replace) {
        results.set(upload, refusal(upload.name, 409, 'file_exists', `已有同名文件“${file}”；如要替换，请勾选“替换同名文件”（a file of this name exists; choose replace to overwrite it）`));
        continue;
      }
      replace = true;
    }
    if (takenNames.has(file)) {
      results.set(upload, refusal(upload.name, 409, 'duplicate_upload', `本次上传中有两个文件都叫“${file}”（two uploads share this name）`));
      continue;
    }
    // Parse before writing: a file that yields no document is refused with the parser's reason.
    const parsed = await parseSources([{ name: file, bytes: upload.bytes }]);
    const report = parsed.reports[0] as FileReport;
    const doc = parsed.parsed[0];
    if (report.status !== 'indexed' || !doc) {
      results.set(upload, refusal(upload.name, 422, 'unparsable', `无法收录：${report.error ?? '解析失败'}（the file yields no document）`));
      continue;
    }
    const owner = docs.find((d) => d.id === doc.document.id && d.sourceFile !== file)?.sourceFile ?? takenIds.get(doc.document.id);
    if (owner) {
      results.set(
        upload,
        refusal(upload.name, 409, 'document_exists', `文件ID ${doc.document.id}（同一文号）已由“${owner}”收录；如是同一文件的新版本，请替换“${owner}”（this document is already indexed from ${owner}）`),
      );
      continue;
    }
    takenNames.add(file);
    takenIds.set(doc.document.id, file);
    vetted.push({ upload, file, replace, previous: replace ? await readSource(seeds.dir, file) : null, docId: doc.document.id });
  }

  if (vetted.length > 0) {
    for (const v of [...vetted]) {
      try {
        await writeSource(seeds.dir, v.file, v.upload.bytes, { replace: v.replace });
      } catch (error) {
        // Another upload took the name between the check and the write.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        results.set(v.upload, refusal(v.upload.name, 409, 'file_exists', `已有同名文件“${v.file}”（a file of this name was just stored）`));
        vetted.splice(vetted.indexOf(v), 1);
      }
    }
    let report = await seeds.sync.sync('upload');
    // The corpus-level step may still refuse a file (rare: e.g. an id clash found only among all files).
    const refused = vetted.filter((v) => !SERVED.has(fileReport(report, v.file)?.status ?? 'failed'));
    for (const v of refused) {
      const r = fileReport(report, v.file);
      results.set(v.upload, refusal(v.upload.name, 422, 'unparsable', `无法收录：${r?.error ?? '索引时被拒绝'}（the index refused the file）`));
      if (v.previous) await writeSource(seeds.dir, v.file, v.previous, { replace: true });
      else await removeSource(seeds.dir, v.file);
    }
    if (refused.length > 0) report = await seeds.sync.sync('upload rollback');
    const indexed = await deps.engine.listDocuments();
    for (const v of vetted) {
      if (results.has(v.upload)) continue;
      const r = fileReport(report, v.file);
      const doc = indexed.find((d) => d.sourceFile === v.file);
      results.set(v.upload, {
        upload: v.upload.name,
        file: v.file,
        accepted: true,
        action: v.replace ? 'replaced' : 'added',
        status: 200,
        code: null,
        error: null,
        document: doc ? { id: doc.id, title: doc.title, url: urls.document(doc.id), clauses: doc.clauseCount } : null,
        warnings: r?.warnings ?? [],
      });
    }
    deps.logger.info({ stored: vetted.length - refused.length, refused: uploads.length - vetted.length + refused.length }, 'admin upload');
  }
  return uploads.map((u) => results.get(u) as UploadResult);
}

const fileReport = (report: IndexReport, file: string) => report.files.find((f) => f.file === file);

/** Removes a source file (and its metadata file) and syncs, so its document leaves the index. */
export async function removeDocument(deps: AppDeps, file: string): Promise<{ file: string; removed: true; documentId: string | null }> {
  const seeds = requireSeeds(deps);
  const problem = sourceNameProblem(file);
  if (problem) throw new AppError('invalid_file_name', problem, 400);
  if (!(await sourceExists(seeds.dir, file))) throw new AppError('not_found', `文件“${file}”不存在（no such file）`, 404);
  const doc = (await deps.engine.listDocuments()).find((d) => d.sourceFile === file);
  await removeSource(seeds.dir, file);
  await seeds.sync.sync('remove');
  deps.logger.info({ file, documentId: doc?.id ?? null }, 'admin removed a document');
  return { file, removed: true, documentId: doc?.id ?? null };
}

/** The JSON twin of the admin page. */
export function adminStateJson(state: AdminState) {
  return {
    ok: true as const,
    counts: state.counts,
    syncing: state.syncing,
    lastSync: state.lastSync,
    files: state.files.map((f) => ({ ...f, label: STATE_LABELS[f.state], url: f.docId ? urls.document(f.docId) : null })),
  };
}
