/**
 * The admin page's file operations on SEEDS_DIR: which names an upload may take, and writing or removing a
 * source file so that neither the watcher nor a concurrent sync ever sees half a file. Uploads are only ever
 * stored here and read by the indexer; nothing serves them or runs them.
 */
import { randomBytes } from 'node:crypto';
import { link, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isSourceFile, SOURCE_EXTENSIONS } from '../../indexer/pipeline.js';

/** Longest file name we store, in UTF-8 bytes (ext4 and most file systems allow 255). */
const MAX_NAME_BYTES = 200;
// Characters Windows or a shell would treat specially, and control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"|?*\u0000-\u001f\u007f]/;
/** The metadata file beside a source (`x.txt` → `x.meta.json`), which goes when its source goes. */
const SIDECAR_SUFFIX = '.meta.json';

/** The accepted extensions as the upload form lists them: `.txt、.md`. */
export const ACCEPTED_EXTENSIONS = SOURCE_EXTENSIONS.join('、');

/**
 * Why `name` cannot be a source file in SEEDS_DIR, or null when it can. Names are refused, never repaired:
 * an upload called `../x.txt` is told so rather than silently stored as `x.txt`.
 */
export function sourceNameProblem(name: string): string | null {
  if (name.trim() === '') return '文件名为空（the file has no name）';
  if (name.includes('/') || name.includes('\\') || name === '.' || name === '..') {
    return `文件名“${name}”含有路径；只能上传单个文件，不能指定目录（a file name must not contain a path）`;
  }
  if (name.startsWith('.')) return `文件名“${name}”以“.”开头，是隐藏文件（hidden file names are not accepted）`;
  if (FORBIDDEN.test(name)) return `文件名“${name}”含有不允许的字符 < > : " | ? * 或控制字符（the name contains a forbidden character）`;
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `文件名过长：最多 ${MAX_NAME_BYTES} 字节（the name is longer than ${MAX_NAME_BYTES} bytes）`;
  if (!isSourceFile(name)) {
    const ext = path.extname(name) || '（无扩展名）';
    return `不支持的文件格式“${ext}”：可上传 ${ACCEPTED_EXTENSIONS} 文件（unsupported format; accepted: ${SOURCE_EXTENSIONS.join(', ')}）`;
  }
  return null;
}

/** The source files of the folder (what the indexer reads), sorted by name. */
export async function listSourceFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.') || !isSourceFile(name)) continue;
    if ((await stat(path.join(dir, name))).isFile()) files.push(name);
  }
  return files;
}

export async function sourceExists(dir: string, name: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, name))).isFile();
  } catch {
    return false;
  }
}

/** The bytes a source holds now, to restore it if its replacement is refused. */
export async function readSource(dir: string, name: string): Promise<Buffer> {
  return readFile(path.join(dir, name));
}

/**
 * Writes a source file atomically: the bytes go to a hidden temporary file (ignored by the watcher and the
 * indexer), which then takes the final name in one step. Without `replace`, an existing file of that name is
 * never overwritten (a hard link fails if the name is taken, even in a race with another upload).
 */
export async function writeSource(dir: string, name: string, bytes: Buffer, opts: { replace: boolean }): Promise<void> {
  const temp = path.join(dir, `.upload-${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temp, bytes, { flag: 'wx' });
  try {
    if (opts.replace) await rename(temp, path.join(dir, name));
    else await link(temp, path.join(dir, name));
  } finally {
    await rm(temp, { force: true });
  }
}

/** Removes a source file and the metadata file beside it, if any. */
export async function removeSource(dir: string, name: string): Promise<void> {
  await unlink(path.join(dir, name));
  const ext = path.extname(name);
  await rm(path.join(dir, `${name.slice(0, name.length - ext.length)}${SIDECAR_SUFFIX}`), { force: true });
}
