/**
 * The five seed texts keep exactly the clause ids, numbers, paths, kinds and texts they had before the
 * legislative grammar was added: memos link to these ids. `fixtures/parse/seed-outline.json` was written
 * from the parser as it stood then; a change here means a deep link somebody saved may break.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED_NAMES, parseAllSeeds } from './fixtures/parse/seeds.js';

interface Outline {
  document: Record<string, unknown>;
  /** `id | number | path joined by › | kind | first 12 hex digits of sha256(text)` */
  clauses: string[];
}

const golden = JSON.parse(readFileSync(new URL('./fixtures/parse/seed-outline.json', import.meta.url), 'utf8')) as Record<string, Outline>;
const docs = parseAllSeeds();

describe.each(SEED_NAMES)('seed %s', (name) => {
  const doc = docs[name];
  const expected = golden[name] as Outline;

  it('keeps every clause id, number, path, kind and text', () => {
    const outline = doc.clauses.map((c) =>
      [c.id, c.number, c.path.join(' › '), c.kind, createHash('sha256').update(c.text).digest('hex').slice(0, 12)].join(' | '),
    );
    expect(outline).toEqual(expected.clauses);
  });

  it('keeps its id, title, 文号, issuer, date, year, level and type, and gains no history', () => {
    const fields = Object.fromEntries(Object.keys(expected.document).map((key) => [key, (doc.document as unknown as Record<string, unknown>)[key]]));
    expect(fields).toEqual(expected.document);
    expect(doc.document.history).toEqual([]);
    expect(doc.clauses.every((c) => c.spans.length === 0 && c.kind !== 'article')).toBe(true);
  });
});
