/** Temporary folders for a test file, all removed when the file's tests are done. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Returns a `tempDir(name)` that makes a fresh folder under the OS temp dir; call once per test file. */
export function useTempDirs(): (name: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (name) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), `tiaowen-${name}-`));
    made.push(dir);
    return dir;
  };
}
