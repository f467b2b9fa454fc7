/**
 * The 3,335 real legislation texts of `../shared/legislation/` (test and benchmark data, never seeds): where
 * they are and how to read them. Next to the repository in CI; from a git worktree (`.git` is then a file
 * naming the main repository's git folder), next to the main repository.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from '../../core/config.js';

function candidates(): string[] {
  const found = [path.resolve(ROOT_DIR, '..', 'shared', 'legislation')];
  const gitFile = path.join(ROOT_DIR, '.git');
  if (existsSync(gitFile) && statSync(gitFile).isFile()) {
    // `gitdir: /work/main/.git/worktrees/<branch>` → /work/main
    const gitDir = /^gitdir:\s*(.+)$/mu.exec(readFileSync(gitFile, 'utf8'))?.[1]?.trim();
    if (gitDir) found.push(path.resolve(gitDir, '..', '..', '..', '..', 'shared', 'legislation'));
  }
  return found;
}

/** The legislation folder; throws with the places looked at when it is missing (tests must then fail). */
export function legislationDir(): string {
  const places = candidates();
  const dir = places.find((place) => existsSync(path.join(place, 'README.md')));
  if (!dir) {
    throw new Error(
      `the legislation texts are missing: looked for ../shared/legislation at ${places.join(' and ')}. ` +
        'They are test data that CI always provides next to the repository.',
    );
  }
  return dir;
}

/** Paths of every text, relative to the legislation folder, sorted. */
export function legislationFiles(dir = legislationDir()): string[] {
  const walk = (sub: string): string[] =>
    readdirSync(path.join(dir, sub), { withFileTypes: true })
      .flatMap((entry) => {
        const rel = path.join(sub, entry.name);
        if (entry.isDirectory()) return walk(rel);
        return entry.name.endsWith('.md') && rel !== 'README.md' ? [rel] : [];
      });
  return walk('').sort();
}

/** One text's content and the file name the indexer would see (its base name). */
export function readLegislation(rel: string, dir = legislationDir()): { text: string; fileName: string } {
  return { text: readFileSync(path.join(dir, rel), 'utf8'), fileName: path.basename(rel) };
}
