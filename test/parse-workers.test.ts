import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { parseSources, readSeeds } from '../indexer/pipeline.js';

const seedsDir = path.join(import.meta.dirname, '..', 'seeds');

describe('parsing a large batch in worker threads', () => {
  it('gives the same documents, reports and clause words as parsing in one thread', async () => {
    const tokenizer = createJiebaTokenizer();
    const files = [...(await readSeeds(seedsDir)), { name: 'broken.docx', bytes: Buffer.from('not a zip file') }];
    const here = await parseSources(files, { tokenizer, workers: 0 });
    const progress: string[] = [];
    const fellBack: string[] = [];
    const log = { warn: (_: object, msg: string) => fellBack.push(msg) };
    const pooled = await parseSources(files, { tokenizer, workers: 2, log, onProgress: (e) => progress.push(e.file) });
    expect(fellBack).toEqual([]); // the workers did the work, not the fallback
    expect(pooled.parsed).toEqual(here.parsed);
    expect(pooled.reports).toEqual(here.reports);
    expect([...pooled.words]).toEqual([...here.words]);
    expect(pooled.reports.find((r) => r.file === 'broken.docx')?.error).toMatch(/docx/i);
    expect(here.words.size).toBe(5);
    // Every file is reported as its result arrives.
    expect(new Set(progress.filter(Boolean))).toEqual(new Set(files.map((f) => f.name)));
  }, 60_000);
});
