/**
 * Reading SEEDS_DIR: what a sync of the folder picks up, and what it leaves alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSeeds } from '../indexer/pipeline.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiaowen-read-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);

describe('reading a folder of sources', () => {
  it('reads every source file sorted by name, each with the metadata file beside it, and nothing else', async () => {
    write('b-条例.md', '# 条例');
    write('a-政策.txt', '政策');
    write('a-政策.meta.json', '{"issuer":"深圳市人民政府"}');
    write('说明.docx.tmp', 'not a source');
    write('readme', 'no extension');
    fs.mkdirSync(path.join(dir, '子目录.md')); // a folder with a source's name is not a file
    fs.writeFileSync(path.join(dir, '子目录.md', 'inner.txt'), 'not read: the folder is not walked');

    const files = await readSeeds(dir);
    expect(files.map((f) => f.name)).toEqual(['a-政策.txt', 'b-条例.md']);
    expect(files[0]?.bytes.toString()).toBe('政策');
    expect(files[0]?.sidecar?.name).toBe('a-政策.meta.json');
    expect(files[0]?.sidecar?.bytes.toString()).toBe('{"issuer":"深圳市人民政府"}');
    expect(files[1]?.sidecar).toBeNull();
  });

  it('follows a symbolic link to a file and skips one that points nowhere', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'tiaowen-elsewhere-'));
    try {
      fs.writeFileSync(path.join(elsewhere, 'real.txt'), '链接的文件');
      fs.symlinkSync(path.join(elsewhere, 'real.txt'), path.join(dir, 'linked.txt'));
      fs.symlinkSync(path.join(elsewhere, 'gone.txt'), path.join(dir, 'dangling.txt'));
      const files = await readSeeds(dir);
      expect(files.map((f) => [f.name, f.bytes.toString()])).toEqual([['linked.txt', '链接的文件']]);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('reads a few thousand files in name order, whatever order the reads finish in', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(4, '0')}.txt`);
    for (const name of names) write(name, `第${name}号`);
    const files = await readSeeds(dir);
    expect(files.map((f) => f.name)).toEqual(names);
    expect(files.every((f) => f.bytes.toString() === `第${f.name}号`)).toBe(true);
  });

  it('says which folder it cannot read and how to fix it', async () => {
    await expect(readSeeds(path.join(dir, 'missing'))).rejects.toThrow(/Cannot read SEEDS_DIR .*missing.*Set SEEDS_DIR to a folder of/);
  });
});
