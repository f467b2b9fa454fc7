/**
 * The Hamming pre-selection in WebAssembly (core/engine/sqlite/hamming-kernel.ts) against the JavaScript
 * reference in vector-search.ts: the same distances and the same candidates, ties and filters included,
 * on random codes of several sizes.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HammingKernel, kernelModule, sleb128, uleb128 } from '../core/engine/sqlite/hamming-kernel.js';
import { signBits } from '../core/engine/sqlite/document-writer.js';
import { BinaryVectorIndex } from '../core/engine/sqlite/vector-search.js';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
}

/** An in-memory index file holding only what BinaryVectorIndex.load reads: the dimensions and sign bits. */
function vectorTable(dimensions: number, rows: ReadonlyArray<{ rowid: number; bits: Uint8Array }>): Database.Database {
  const db = new Database(':memory:');
  db.exec('create table meta (key text primary key, value text); create table clause_vectors (rowid integer primary key, embedding blob, bits blob)');
  db.prepare("insert into meta values ('dimensions', ?)").run(String(dimensions));
  const insert = db.prepare('insert into clause_vectors values (?, x\'\', ?)');
  db.transaction(() => rows.forEach((r) => insert.run(r.rowid, Buffer.from(r.bits))))();
  return db;
}

/** `count` clauses with random sign bits, rowids with gaps, in documents of about ten clauses. */
function randomIndexes(dimensions: number, count: number, seed: number) {
  const next = random(seed);
  const rows = Array.from({ length: count }, (_, i) => ({
    rowid: 3 * i + 1 + Math.floor(next() * 3),
    bits: Uint8Array.from({ length: Math.ceil(dimensions / 8) }, (_, b) =>
      // The last byte keeps only the bits of real dimensions, as signBits() writes them.
      Math.floor(next() * 256) & (b === Math.ceil(dimensions / 8) - 1 && dimensions % 8 !== 0 ? (1 << dimensions % 8) - 1 : 0xff),
    ),
  }));
  const docOf = new Map(rows.map((r, i) => [r.rowid, Math.floor(i / 10)]));
  const positions = { docOf: (rowid: number) => docOf.get(rowid) ?? -1, docRowidBound: Math.ceil(count / 10) };
  const db = vectorTable(dimensions, rows);
  const kernel = BinaryVectorIndex.load(db, positions);
  const reference = BinaryVectorIndex.load(db, positions, { kernel: false });
  db.close();
  return { rows, kernel, reference, docs: positions.docRowidBound, next };
}

/** A query vector with random signs (its sign bits are all the scan uses). */
function randomQuery(dimensions: number, next: () => number): Float32Array {
  return Float32Array.from({ length: dimensions }, () => next() - 0.5);
}

describe('the WebAssembly emitter', () => {
  it('writes LEB128 as the binary format specifies', () => {
    expect(uleb128(0)).toEqual([0x00]);
    expect(uleb128(127)).toEqual([0x7f]);
    expect(uleb128(128)).toEqual([0x80, 0x01]);
    expect(uleb128(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb128(0)).toEqual([0x00]);
    expect(sleb128(-1)).toEqual([0x7f]);
    expect(sleb128(63)).toEqual([0x3f]);
    expect(sleb128(64)).toEqual([0xc0, 0x00]);
    expect(sleb128(-64)).toEqual([0x40]);
    expect(sleb128(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });

  it('makes a valid module for every code size from 1 to 4,096 dimensions', () => {
    for (const dimensions of [1, 8, 63, 64, 65, 100, 384, 512, 768, 1024, 4096]) {
      expect(WebAssembly.validate(kernelModule(dimensions)), `${dimensions} dimensions`).toBe(true);
    }
  });
});

describe('the Hamming kernel against the JavaScript scan', () => {
  it('runs here (WebAssembly available), so the tests below compare two implementations', () => {
    expect(HammingKernel.create(512, 10, 1)).not.toBeNull();
    expect(randomIndexes(512, 10, 1).kernel.usesKernel).toBe(true);
  });

  it.each([8, 100, 512, 768, 1024])('gives the same distances on 3,000 random %i-bit codes', (dimensions) => {
    const { rows, reference, next } = randomIndexes(dimensions, 3000, dimensions);
    const kernel = HammingKernel.create(dimensions, rows.length, 1) as HammingKernel;
    rows.forEach((r, i) => kernel.codes.set(r.bits, i * kernel.stride));
    kernel.setLength(rows.length);
    for (let q = 0; q < 5; q++) {
      const query = randomQuery(dimensions, next);
      expect(kernel.computeDistances(signBits(query))).toEqual(reference.hammingDistances(query));
    }
  });

  it('pre-selects the same candidates under random filters, exclusions and many ties', () => {
    // 16 dimensions: distances 0–16 over 5,000 clauses, so nearly every cut-off falls inside a tie.
    for (const dimensions of [16, 512]) {
      const { rows, kernel, reference, docs, next } = randomIndexes(dimensions, 5000, 7 + dimensions);
      for (let trial = 0; trial < 40; trial++) {
        const query = randomQuery(dimensions, next);
        const share = [1, 0.5, 0.05, 0][trial % 4] as number;
        const mask = Uint8Array.from({ length: docs }, () => (next() < share ? 1 : 0));
        const n = [1, 10, 200, 4000, 6000][trial % 5] as number;
        const exclude = trial % 3 === 0 ? (rows[Math.floor(next() * rows.length)]?.rowid ?? -1) : -1;
        const expected = reference.preselect(reference.hammingDistances(query), mask, n, exclude);
        expect(kernel.scan(query).preselect(mask, n, exclude), `trial ${trial}`).toEqual(expected);
      }
    }
  });

  it('pre-selects the same candidates when the mask allows every document (the distance pass counted them)', () => {
    for (const dimensions of [16, 512]) {
      const { rows, kernel, reference, docs, next } = randomIndexes(dimensions, 5000, 30 + dimensions);
      // Longer than the index's documents, as a catalog's mask is when documents have no vectors yet.
      const all = new Uint8Array(docs + 5).fill(1);
      for (let trial = 0; trial < 20; trial++) {
        const query = randomQuery(dimensions, next);
        const n = [1, 10, 200, 4000, 6000][trial % 5] as number;
        const exclude = trial % 2 === 0 ? (rows[Math.floor(next() * rows.length)]?.rowid ?? -1) : -1;
        const expected = reference.preselect(reference.hammingDistances(query), all, n, exclude);
        expect(kernel.scan(query).preselect(all, n, exclude), `trial ${trial}`).toEqual(expected);
      }
    }
  });

  it.each([8, 100, 512, 1024])('gives the same asymmetric estimates (the same doubles) for %i dimensions', (dimensions) => {
    const { kernel, reference, docs, next } = randomIndexes(dimensions, 3000, 50 + dimensions);
    const all = new Uint8Array(docs).fill(1);
    for (let q = 0; q < 3; q++) {
      const query = randomQuery(dimensions, next);
      const candidates = reference.preselect(reference.hammingDistances(query), all, 2000);
      expect(kernel.estimate(query, candidates)).toEqual(reference.estimate(query, candidates));
    }
  });

  it('keeps each query right when two scans take turns (the kernel holds one set of distances)', () => {
    const { kernel, reference, docs, next } = randomIndexes(512, 2000, 3);
    const [a, b] = [randomQuery(512, next), randomQuery(512, next)];
    const all = new Uint8Array(docs).fill(1);
    const [scanA, scanB] = [kernel.scan(a), kernel.scan(b)];
    for (let i = 0; i < 3; i++) {
      expect(scanA.preselect(all, 50)).toEqual(reference.preselect(reference.hammingDistances(a), all, 50));
      expect(scanB.preselect(all, 50)).toEqual(reference.preselect(reference.hammingDistances(b), all, 50));
    }
  });

  it('never picks a clause whose document lies outside the mask', () => {
    const db = vectorTable(64, [1, 2, 3].map((rowid) => ({ rowid, bits: new Uint8Array(8) })));
    // Clause 2 has no document the positions know of (−1), clause 3 one past the mask's end.
    const docOf = (rowid: number) => [0, 0, -1, 7][rowid] as number;
    const index = BinaryVectorIndex.load(db, { docOf, docRowidBound: 1 });
    db.close();
    const all = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(index.scan(new Float32Array(64)).preselect(all, 10).map((c) => c.rowid)).toEqual([1]);
  });
});
