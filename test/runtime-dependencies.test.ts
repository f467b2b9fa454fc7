/**
 * The production image runs `npm prune --omit=dev` (Dockerfile): a package that the server, the indexer or
 * the shared core imports at run time but that package.json lists under devDependencies is gone there, and
 * the server fails at start-up. This happened with `yaml` (read by the versions sidecar), which only the
 * tests had needed before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';

const RUNTIME_FOLDERS = ['core', 'server', 'indexer'];

const manifest = JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** `pdfjs-dist/legacy/build/pdf.mjs` → `pdfjs-dist`; `@huggingface/transformers/x` → `@huggingface/transformers`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/**
 * Packages a source file loads when it runs: static imports and re-exports that are not `import type`, and
 * dynamic `import('…')`. Relative paths and Node's built-in modules are not packages.
 */
export function runtimeImports(source: string): string[] {
  const specifiers: string[] = [];
  const statics = /^\s*(import|export)\s+(?!type\b)[^;]*?\bfrom\s+'([^']+)'/gm;
  const bare = /^\s*import\s+'([^']+)'/gm;
  const dynamic = /\bimport\(\s*'([^']+)'\s*\)/g;
  for (const m of source.matchAll(statics)) specifiers.push(m[2] as string);
  for (const m of source.matchAll(bare)) specifiers.push(m[1] as string);
  for (const m of source.matchAll(dynamic)) specifiers.push(m[1] as string);
  const builtins = new Set(builtinModules);
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtins.has(s))
    .map(packageName);
}

describe('what the production image needs', () => {
  it('reads imports the way Node loads them: type-only imports are erased, dynamic ones count', () => {
    const source = [
      "import type { AnyNode } from 'domhandler';",
      "import { parse } from 'yaml';",
      "import Database from 'better-sqlite3';",
      "import path from 'node:path';",
      "import { a } from './local.js';",
      "const pdf = await import('pdfjs-dist/legacy/build/pdf.mjs');",
      "export { pipeline } from '@huggingface/transformers/x';",
    ].join('\n');
    expect(runtimeImports(source)).toEqual(['yaml', 'better-sqlite3', '@huggingface/transformers', 'pdfjs-dist']);
  });

  it('every package the server, the indexer and the core import at run time is a dependency, not a devDependency', () => {
    const missing = new Map<string, string[]>();
    for (const folder of RUNTIME_FOLDERS) {
      for (const file of sourceFiles(path.join(ROOT_DIR, folder))) {
        for (const name of runtimeImports(readFileSync(file, 'utf8'))) {
          if (name in manifest.dependencies) continue;
          missing.set(name, [...(missing.get(name) ?? []), path.relative(ROOT_DIR, file)]);
        }
      }
    }
    expect(Object.fromEntries(missing)).toEqual({});
  });
});
