/**
 * Dependencies point one way: `indexer → core`, `server → core`, and `server → indexer` only through the
 * pipeline's entry point. `core/` imports neither side. A newcomer looking for the engine finds it in
 * `core/engine/`, and a change inside the web server can never break the indexer CLI.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';

type Area = 'core' | 'indexer' | 'server';
const AREAS: Area[] = ['core', 'indexer', 'server'];

/** The one file of `indexer/` that `server/` may import: start-up and watched-file indexing run through it. */
const INDEXER_ENTRY = 'indexer/pipeline.ts';

/** Which areas each area may import. */
const ALLOWED: Record<Area, Area[]> = { core: ['core'], indexer: ['indexer', 'core'], server: ['server', 'core', 'indexer'] };

interface ImportEdge {
  from: string;
  to: string;
}

/** The rule itself, pure: every edge that breaks it, with the reason. */
export function layoutViolations(edges: ImportEdge[]): string[] {
  const areaOf = (file: string) => AREAS.find((a) => file.startsWith(`${a}/`));
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = areaOf(from);
    const b = areaOf(to);
    if (!a || !b) continue;
    if (!ALLOWED[a].includes(b)) problems.push(`${from} imports ${to}: ${a}/ must not import ${b}/`);
    else if (a === 'server' && b === 'indexer' && to !== INDEXER_ENTRY) {
      problems.push(`${from} imports ${to}: server/ reaches indexer/ only through ${INDEXER_ENTRY}`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT_DIR, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT_DIR, path.join(e.parentPath, e.name)));
}

const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function importEdges(file: string): ImportEdge[] {
  const text = readFileSync(path.join(ROOT_DIR, file), 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => ({
    from: file,
    to: path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
  }));
}

describe('layout: one direction of dependencies', () => {
  const edges = AREAS.flatMap(sourceFiles).flatMap(importEdges);

  it('the source tree follows the rule', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(layoutViolations(edges)).toEqual([]);
  });

  it('server/ reaches the indexer only through its pipeline entry point', () => {
    const serverToIndexer = edges.filter((e) => e.from.startsWith('server/') && e.to.startsWith('indexer/'));
    expect(new Set(serverToIndexer.map((e) => e.to))).toEqual(new Set([INDEXER_ENTRY]));
  });

  it.each([
    [{ from: 'indexer/cli.ts', to: 'server/config.ts' }, 'indexer/ must not import server/'],
    [{ from: 'core/runtime.ts', to: 'indexer/pipeline.ts' }, 'core/ must not import indexer/'],
    [{ from: 'core/engine/types.ts', to: 'server/urls.ts' }, 'core/ must not import server/'],
    [{ from: 'server/data/search.ts', to: 'indexer/parse/clauses.ts' }, 'only through indexer/pipeline.ts'],
  ])('an import %o is reported (%s)', (edge, reason) => {
    const problems = layoutViolations([edge]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(reason);
  });

  it.each([
    { from: 'server/startup-index.ts', to: 'indexer/pipeline.ts' },
    { from: 'indexer/pipeline.ts', to: 'core/engine/types.ts' },
    { from: 'server/app.ts', to: 'core/config.ts' },
  ])('an import %o is allowed', (edge) => {
    expect(layoutViolations([edge])).toEqual([]);
  });
});
