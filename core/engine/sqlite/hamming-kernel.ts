/**
 * The Hamming pre-selection's inner loops in WebAssembly: the distance of every clause's sign bits to the
 * query's, the histogram of those distances over the clauses a filter allows, the pick of the nearest, and
 * the sums of the asymmetric estimate over the picked. vector-search.ts keeps the same steps in plain
 * JavaScript as the reference (and the fallback where WebAssembly is missing); test/hamming-kernel.test.ts
 * holds them to each other on random codes: the same distances, candidates and estimates (to the bit).
 *
 * Why WebAssembly: JavaScript has no 64-bit popcount, so the JS scan counts bits of 32-bit words with SWAR
 * arithmetic, ≈ 75 ms CPU for 1M × 512 bits on the 2-core AMD EPYC (avx2, no AVX-512) we benchmark on.
 * WebAssembly's `i64.popcnt` compiles to the CPU's POPCNT: ≈ 6 ms for the same scan. `i8x16.popcnt` (SIMD)
 * was measured too and is slower here (≈ 10 ms): without AVX-512 BITALG, V8 lowers it to a table lookup of
 * nibbles (pshufb) and shifts, several instructions per 16 bytes where POPCNT counts 8 bytes in one.
 *
 * The module is written below as a WAT-like listing (mnemonic and immediates per instruction) and encoded
 * by the small emitter in this file at start-up, for the index's dimensions: the loop over a vector's
 * 64-bit words is unrolled and the query's words are held in locals. No binary is committed.
 */

// ---------------------------------------------------------------------------------------------------------
// A minimal WebAssembly binary emitter: just the sections and instructions this kernel uses.
// Binary format: https://webassembly.github.io/spec/core/binary/
// ---------------------------------------------------------------------------------------------------------

type ValueType = 'i32' | 'i64' | 'f64';
const VALUE_TYPES: Record<ValueType, number> = { i32: 0x7f, i64: 0x7e, f64: 0x7c };

/** Unsigned LEB128. */
export function uleb128(value: number): number[] {
  const out: number[] = [];
  let n = value >>> 0;
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb128(value: number): number[] {
  const out: number[] = [];
  let n = value | 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const signBitClear = (byte & 0x40) === 0;
    if ((n === 0 && signBitClear) || (n === -1 && !signBitClear)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** What follows an opcode. */
type Immediate = 'none' | 'block' | 'label' | 'local' | 'memarg' | 'i32' | 'f64';

/** The instructions the kernel uses: opcode and immediate kind. */
const INSTRUCTIONS = {
  block: [0x02, 'block'],
  loop: [0x03, 'block'],
  if: [0x04, 'block'],
  end: [0x0b, 'none'],
  br: [0x0c, 'label'],
  br_if: [0x0d, 'label'],
  'local.get': [0x20, 'local'],
  'local.set': [0x21, 'local'],
  'local.tee': [0x22, 'local'],
  'i32.load': [0x28, 'memarg'],
  'i64.load': [0x29, 'memarg'],
  'f64.load': [0x2b, 'memarg'],
  'i32.load8_u': [0x2d, 'memarg'],
  'i32.load16_u': [0x2f, 'memarg'],
  'i32.store': [0x36, 'memarg'],
  'f64.store': [0x39, 'memarg'],
  'i32.store16': [0x3b, 'memarg'],
  'i32.const': [0x41, 'i32'],
  'f64.const': [0x44, 'f64'],
  'i32.eqz': [0x45, 'none'],
  'i32.eq': [0x46, 'none'],
  'i32.ne': [0x47, 'none'],
  'i32.lt_u': [0x49, 'none'],
  'i32.gt_u': [0x4b, 'none'],
  'i32.ge_u': [0x4f, 'none'],
  'i32.add': [0x6a, 'none'],
  'i32.sub': [0x6b, 'none'],
  'i32.mul': [0x6c, 'none'],
  'i32.and': [0x71, 'none'],
  'i32.or': [0x72, 'none'],
  'i32.shl': [0x74, 'none'],
  'i64.popcnt': [0x7b, 'none'],
  'i64.add': [0x7c, 'none'],
  'i64.xor': [0x85, 'none'],
  'f64.add': [0xa0, 'none'],
  'i32.wrap_i64': [0xa7, 'none'],
} as const satisfies Record<string, readonly [number, Immediate]>;

type Mnemonic = keyof typeof INSTRUCTIONS;

/**
 * One instruction as a WAT listing writes it: the mnemonic, then a local's name, a label depth, a constant,
 * or a load/store's [log2 alignment, offset].
 */
export type Instruction = readonly [Mnemonic, ...Array<string | number>];

interface FunctionSpec {
  name: string;
  params: ReadonlyArray<readonly [name: string, type: ValueType]>;
  result: ValueType | null;
  locals: ReadonlyArray<readonly [name: string, type: ValueType]>;
  body: readonly Instruction[];
}

function encodeInstruction(instruction: Instruction, localIndex: (name: string) => number): number[] {
  const [mnemonic, ...args] = instruction;
  const [opcode, immediate] = INSTRUCTIONS[mnemonic];
  const arg = (i: number): number => {
    const a = args[i];
    if (typeof a !== 'number') throw new Error(`${mnemonic}: immediate ${i} must be a number, got ${String(a)}`);
    return a;
  };
  switch (immediate) {
    case 'none':
      return [opcode];
    case 'block':
      return [opcode, 0x40]; // no result value
    case 'label':
      return [opcode, ...uleb128(arg(0))];
    case 'local': {
      const name = args[0];
      if (typeof name !== 'string') throw new Error(`${mnemonic}: expects a local's name`);
      return [opcode, ...uleb128(localIndex(name))];
    }
    case 'memarg':
      return [opcode, ...uleb128(arg(0)), ...uleb128(arg(1))];
    case 'i32':
      return [opcode, ...sleb128(arg(0))];
    case 'f64':
      return [opcode, ...new Uint8Array(Float64Array.of(arg(0)).buffer)]; // IEEE 754, little-endian
  }
}

const vector = (items: readonly number[][]): number[] => [...uleb128(items.length), ...items.flat()];
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb128(body.length), ...body];
const name = (s: string): number[] => vector([...Buffer.from(s, 'utf8')].map((b) => [b]));

/** A module importing `env.memory` and exporting `functions` by name. */
export function encodeModule(functions: readonly FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [
    0x60,
    ...vector(f.params.map(([, t]) => [VALUE_TYPES[t]])),
    ...vector(f.result === null ? [] : [[VALUE_TYPES[f.result]]]),
  ]);
  const bodies = functions.map((f) => {
    const names = [...f.params, ...f.locals].map(([n]) => n);
    const localIndex = (n: string): number => {
      const i = names.indexOf(n);
      if (i < 0) throw new Error(`${f.name}: no local named ${n}`);
      return i;
    };
    const locals = vector(f.locals.map(([, t]) => [...uleb128(1), VALUE_TYPES[t]]));
    const code = [...locals, ...f.body.flatMap((ins) => encodeInstruction(ins, localIndex)), INSTRUCTIONS.end[0]];
    return [...uleb128(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d], // \0asm
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb128(1)]])), // memory, min 1 page
    ...section(3, vector(functions.map((_, i) => uleb128(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...uleb128(i)]))),
    ...section(10, [...uleb128(bodies.length), ...bodies.flat()]),
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// The kernel.
// ---------------------------------------------------------------------------------------------------------

/** Bytes of one clause's sign bits in kernel memory: whole 64-bit words, the bits past the dimensions zero. */
export function codeStride(dimensions: number): number {
  return Math.ceil(dimensions / 64) * 8;
}

/** `for (;;) { if (<exit>) break; …body; }`, as WAT writes it: a loop inside a block. */
function loopUntil(exit: readonly Instruction[], body: readonly Instruction[]): Instruction[] {
  return [['block'], ['loop'], ...exit, ['br_if', 1], ...body, ['br', 0], ['end'], ['end']];
}

/** Instructions adding 1 to the u32 at `table + 4 · value`, with `value` in the named local. */
function countIn(table: string, value: string, scratch: string): Instruction[] {
  return [
    ['local.get', table], ['local.get', value], ['i32.const', 2], ['i32.shl'], ['i32.add'], ['local.tee', scratch],
    ['local.get', scratch], ['i32.load', 2, 0], ['i32.const', 1], ['i32.add'], ['i32.store', 2, 0],
  ];
}

/** The kernel's functions for codes of `dimensions` bits. */
export function kernelFunctions(dimensions: number): FunctionSpec[] {
  const stride = codeStride(dimensions);
  const words = stride / 8;
  const q = (w: number) => `q${w}`;

  /**
   * distances(codes, query, count, out): out[i] (u16) = popcount(code[i] XOR query), for i < count.
   * The query's words are loaded into locals once; each code's words are XORed, counted and summed.
   */
  const distances: FunctionSpec = {
    name: 'distances',
    params: [['codes', 'i32'], ['query', 'i32'], ['count', 'i32'], ['out', 'i32']],
    result: null,
    locals: [['end', 'i32'], ...Array.from({ length: words }, (_, w) => [q(w), 'i64'] as const)],
    body: [
      ...Array.from({ length: words }, (_, w): Instruction[] => [['local.get', 'query'], ['i64.load', 3, w * 8], ['local.set', q(w)]]).flat(),
      ['local.get', 'codes'], ['local.get', 'count'], ['i32.const', stride], ['i32.mul'], ['i32.add'], ['local.set', 'end'],
      ...loopUntil(
        [['local.get', 'codes'], ['local.get', 'end'], ['i32.ge_u']],
        [
          ['local.get', 'out'],
          ...Array.from({ length: words }, (_, w): Instruction[] => [
            ['local.get', 'codes'], ['i64.load', 3, w * 8], ['local.get', q(w)], ['i64.xor'], ['i64.popcnt'],
            ...(w > 0 ? [['i64.add'] as Instruction] : []),
          ]).flat(),
          ['i32.wrap_i64'],
          ['i32.store16', 1, 0],
          ['local.get', 'codes'], ['i32.const', stride], ['i32.add'], ['local.set', 'codes'],
          ['local.get', 'out'], ['i32.const', 2], ['i32.add'], ['local.set', 'out'],
        ],
      ),
    ],
  };

  /** histogramAll(distances, count, hist): hist[d] (u32) += 1 for every i < count. The caller zeroes hist. */
  const histogramAll: FunctionSpec = {
    name: 'histogramAll',
    params: [['distances', 'i32'], ['count', 'i32'], ['hist', 'i32']],
    result: null,
    locals: [['end', 'i32'], ['d', 'i32'], ['slot', 'i32']],
    body: [
      ['local.get', 'distances'], ['local.get', 'count'], ['i32.const', 2], ['i32.mul'], ['i32.add'], ['local.set', 'end'],
      ...loopUntil(
        [['local.get', 'distances'], ['local.get', 'end'], ['i32.ge_u']],
        [
          ['local.get', 'distances'], ['i32.load16_u', 1, 0], ['local.set', 'd'],
          ...countIn('hist', 'd', 'slot'),
          ['local.get', 'distances'], ['i32.const', 2], ['i32.add'], ['local.set', 'distances'],
        ],
      ),
    ],
  };

  /**
   * histogram(distances, docs, mask, count, hist): hist[d] (u32) += 1 for every i < count whose document
   * docs[i] (i32) the mask (u8 per document) allows. The caller zeroes hist.
   */
  const histogram: FunctionSpec = {
    name: 'histogram',
    params: [['distances', 'i32'], ['docs', 'i32'], ['mask', 'i32'], ['count', 'i32'], ['hist', 'i32']],
    result: null,
    locals: [['end', 'i32'], ['slot', 'i32']],
    body: [
      ['local.get', 'distances'], ['local.get', 'count'], ['i32.const', 2], ['i32.mul'], ['i32.add'], ['local.set', 'end'],
      ...loopUntil(
        [['local.get', 'distances'], ['local.get', 'end'], ['i32.ge_u']],
        [
          // slot = hist + 4 · distance; *slot += (mask[docs[i]] ≠ 0)
          ['local.get', 'hist'], ['local.get', 'distances'], ['i32.load16_u', 1, 0], ['i32.const', 2], ['i32.shl'], ['i32.add'],
          ['local.tee', 'slot'],
          ['local.get', 'slot'], ['i32.load', 2, 0],
          ['local.get', 'mask'], ['local.get', 'docs'], ['i32.load', 2, 0], ['i32.add'], ['i32.load8_u', 0, 0],
          ['i32.const', 0], ['i32.ne'],
          ['i32.add'],
          ['i32.store', 2, 0],
          ['local.get', 'distances'], ['i32.const', 2], ['i32.add'], ['local.set', 'distances'],
          ['local.get', 'docs'], ['i32.const', 4], ['i32.add'], ['local.set', 'docs'],
        ],
      ),
    ],
  };

  /**
   * The pick: writes to out (i32) the index of every i < count, ascending, with distance < threshold, and of
   * the first `ties` with distance = threshold, among those allowed (when `masked`: the mask allows docs[i])
   * and other than `exclude`; returns how many it wrote.
   */
  const pickFunction = (masked: boolean): FunctionSpec => ({
    name: masked ? 'pick' : 'pickAll',
    params: [
      ['distances', 'i32'], ['docs', 'i32'], ['mask', 'i32'], ['count', 'i32'],
      ['threshold', 'i32'], ['ties', 'i32'], ['exclude', 'i32'], ['out', 'i32'],
    ],
    result: 'i32',
    locals: [['i', 'i32'], ['d', 'i32'], ['n', 'i32']],
    body: [
      ...loopUntil(
        [['local.get', 'i'], ['local.get', 'count'], ['i32.ge_u']],
        [
          ['block'], // skip this entry: br_if 0
          // d > threshold, or d = threshold with no ties left: skip (the common case, tested first).
          ['local.get', 'distances'], ['local.get', 'i'], ['i32.const', 1], ['i32.shl'], ['i32.add'], ['i32.load16_u', 1, 0],
          ['local.tee', 'd'], ['local.get', 'threshold'], ['i32.gt_u'], ['br_if', 0],
          ['local.get', 'd'], ['local.get', 'threshold'], ['i32.eq'], ['local.get', 'ties'], ['i32.eqz'], ['i32.and'], ['br_if', 0],
          // Not allowed by the mask, or excluded: skip.
          ...(masked
            ? ([
                ['local.get', 'mask'], ['local.get', 'docs'], ['local.get', 'i'], ['i32.const', 2], ['i32.shl'], ['i32.add'], ['i32.load', 2, 0],
                ['i32.add'], ['i32.load8_u', 0, 0], ['i32.eqz'], ['br_if', 0],
              ] satisfies Instruction[])
            : []),
          ['local.get', 'i'], ['local.get', 'exclude'], ['i32.eq'], ['br_if', 0],
          // ties -= (d = threshold)
          ['local.get', 'ties'], ['local.get', 'd'], ['local.get', 'threshold'], ['i32.eq'], ['i32.sub'], ['local.set', 'ties'],
          // out[n++] = i
          ['local.get', 'out'], ['local.get', 'n'], ['i32.const', 2], ['i32.shl'], ['i32.add'], ['local.get', 'i'], ['i32.store', 2, 0],
          ['local.get', 'n'], ['i32.const', 1], ['i32.add'], ['local.set', 'n'],
          ['end'],
          ['local.get', 'i'], ['i32.const', 1], ['i32.add'], ['local.set', 'i'],
        ],
      ),
      ['local.get', 'n'],
    ],
  });

  /**
   * estimate(codes, slots, n, tables, out): out[c] (f64) = Σ_b tables[b · 256 + code[slots[c]][b]] for c < n,
   * summed over the code's bytes in order from 0.0, as vector-search.ts sums them: the asymmetric estimate.
   */
  const estimate: FunctionSpec = {
    name: 'estimate',
    params: [['codes', 'i32'], ['slots', 'i32'], ['n', 'i32'], ['tables', 'i32'], ['out', 'i32']],
    result: null,
    locals: [['end', 'i32'], ['base', 'i32']],
    body: [
      ['local.get', 'slots'], ['local.get', 'n'], ['i32.const', 2], ['i32.shl'], ['i32.add'], ['local.set', 'end'],
      ...loopUntil(
        [['local.get', 'slots'], ['local.get', 'end'], ['i32.ge_u']],
        [
          ['local.get', 'codes'], ['local.get', 'slots'], ['i32.load', 2, 0], ['i32.const', stride], ['i32.mul'], ['i32.add'], ['local.set', 'base'],
          ['local.get', 'out'],
          ['f64.const', 0],
          ...Array.from({ length: stride }, (_, b): Instruction[] => [
            ['local.get', 'tables'], ['local.get', 'base'], ['i32.load8_u', 0, b], ['i32.const', 3], ['i32.shl'], ['i32.add'],
            ['f64.load', 3, b * 256 * 8],
            ['f64.add'],
          ]).flat(),
          ['f64.store', 3, 0],
          ['local.get', 'slots'], ['i32.const', 4], ['i32.add'], ['local.set', 'slots'],
          ['local.get', 'out'], ['i32.const', 8], ['i32.add'], ['local.set', 'out'],
        ],
      ),
    ],
  };

  return [distances, histogramAll, histogram, pickFunction(true), pickFunction(false), estimate];
}

/** The kernel's module for codes of `dimensions` bits. */
export function kernelModule(dimensions: number): Uint8Array<ArrayBuffer> {
  return encodeModule(kernelFunctions(dimensions));
}

interface KernelExports {
  distances(codes: number, query: number, count: number, out: number): void;
  histogramAll(distances: number, count: number, hist: number): void;
  histogram(distances: number, docs: number, mask: number, count: number, hist: number): void;
  pick(distances: number, docs: number, mask: number, count: number, threshold: number, ties: number, exclude: number, out: number): number;
  pickAll(distances: number, docs: number, mask: number, count: number, threshold: number, ties: number, exclude: number, out: number): number;
  estimate(codes: number, slots: number, n: number, tables: number, out: number): void;
}

const PAGE = 65536;
const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** Candidates the kernel estimates at once (more go to JavaScript): 40 per result for up to 400 results. */
export const ESTIMATE_CAPACITY = 16_384;

/**
 * The codes of `count` clauses and the kernel's working space in one WebAssembly memory, sized once:
 * codes, documents and distances per clause, the picked indexes, the query, the histogram, the mask and
 * the estimate's tables. At 1M clauses of 512 dimensions: 64 MB of codes and 10 MB besides.
 */
export class HammingKernel {
  /** Sign bits of clause i at `codes[i · stride …]` (write them after creating the kernel). */
  readonly codes: Uint8Array;
  /** Document rowid of clause i (write them after creating the kernel; see {@link setLength}). */
  readonly docs: Int32Array;
  readonly distances: Uint16Array;
  readonly stride: number;
  private readonly picked: Int32Array;
  private readonly query: Uint8Array;
  /** The histogram of the distances the mask allows. */
  private readonly hist: Uint32Array;
  private readonly mask: Uint8Array;
  /** The estimate's byte tables (see `BinaryVectorIndex.estimate`), its candidates and their estimates. */
  readonly tables: Float64Array;
  private readonly slots: Int32Array;
  private readonly scores: Float64Array;
  private readonly at: Record<'codes' | 'docs' | 'distances' | 'picked' | 'query' | 'hist' | 'mask' | 'tables' | 'slots' | 'scores', number>;
  /** Clauses written to `codes` and `docs` (the capacity until {@link setLength}). */
  private count: number;
  /** The documents of the clauses, each once: a mask that allows them all filters nothing. */
  private documents = new Int32Array(0);
  /** Whether some clause has no document (then every pick goes through the mask). */
  private orphans = false;

  private constructor(
    private readonly exports: KernelExports,
    memory: WebAssembly.Memory,
    layout: HammingKernel['at'],
    readonly dimensions: number,
    /** Clauses the memory has room for. */
    readonly capacity: number,
    /** Document rowids are below this bound. */
    readonly docBound: number,
  ) {
    this.at = layout;
    this.stride = codeStride(dimensions);
    const buffer = memory.buffer;
    this.codes = new Uint8Array(buffer, layout.codes, capacity * this.stride);
    this.docs = new Int32Array(buffer, layout.docs, capacity);
    this.distances = new Uint16Array(buffer, layout.distances, capacity);
    this.picked = new Int32Array(buffer, layout.picked, capacity);
    this.query = new Uint8Array(buffer, layout.query, this.stride);
    this.hist = new Uint32Array(buffer, layout.hist, dimensions + 1);
    this.mask = new Uint8Array(buffer, layout.mask, docBound + 1);
    this.tables = new Float64Array(buffer, layout.tables, this.stride * 256);
    this.slots = new Int32Array(buffer, layout.slots, ESTIMATE_CAPACITY);
    this.scores = new Float64Array(buffer, layout.scores, ESTIMATE_CAPACITY);
    this.count = capacity;
  }

  /**
   * A kernel for `count` codes of `dimensions` bits, or null where WebAssembly cannot run it (no
   * WebAssembly, a memory that cannot be had): the caller then scans in JavaScript.
   */
  static create(dimensions: number, count: number, docBound: number): HammingKernel | null {
    if (typeof WebAssembly === 'undefined' || dimensions <= 0 || dimensions > 0xffff) return null;
    const stride = codeStride(dimensions);
    let offset = 0;
    const region = (bytes: number) => {
      const at = offset;
      offset += align16(bytes);
      return at;
    };
    const layout = {
      codes: region(count * stride),
      docs: region(count * 4),
      distances: region(count * 2),
      picked: region(count * 4),
      query: region(stride),
      hist: region((dimensions + 1) * 4),
      // One byte more, always 0: where a clause without a document points (setLength).
      mask: region(docBound + 1),
      tables: region(stride * 256 * 8),
      slots: region(ESTIMATE_CAPACITY * 4),
      scores: region(ESTIMATE_CAPACITY * 8),
    };
    try {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(offset / PAGE)) });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(kernelModule(dimensions)), { env: { memory } });
      return new HammingKernel(instance.exports as unknown as KernelExports, memory, layout, dimensions, count, docBound);
    } catch {
      return null;
    }
  }

  /**
   * Call once the codes and documents are written: how many there are (at most the capacity). A clause whose
   * document lies outside [0, docBound) (−1: not placed) is pointed at the mask's last byte, which is always
   * 0, so it is never picked.
   */
  setLength(count: number): void {
    this.count = Math.min(count, this.capacity);
    const seen = new Uint8Array(this.docBound);
    const documents: number[] = [];
    this.orphans = false;
    for (let i = 0; i < this.count; i++) {
      const d = this.docs[i] as number;
      if (d < 0 || d >= this.docBound) {
        this.docs[i] = this.docBound;
        this.orphans = true;
      } else if (seen[d] === 0) {
        seen[d] = 1;
        documents.push(d);
      }
    }
    this.documents = Int32Array.from(documents);
  }

  /** Computes `distances` for the query's sign bits (`signBits`, at most `stride` bytes). */
  computeDistances(queryBits: Uint8Array): Uint16Array {
    this.query.fill(0);
    this.query.set(queryBits.subarray(0, this.stride));
    this.exports.distances(this.at.codes, this.at.query, this.count, this.at.distances);
    return this.distances;
  }

  /**
   * The indexes of the `n` smallest `distances` among the clauses whose document `mask` allows (1 where a
   * document rowid is allowed, 0 elsewhere, as `Catalog.allowMask` makes it), other than `exclude`,
   * ascending; ties at the cut-off distance go to the lowest indexes. A mask allowing every document of the
   * index (no filter) is not read: the passes then touch the distances alone.
   */
  preselect(mask: Uint8Array, n: number, exclude: number): Int32Array {
    const { at, exports } = this;
    const all = !this.orphans && this.documents.every((d) => mask[d] === 1);
    this.hist.fill(0);
    if (all) exports.histogramAll(at.distances, this.count, at.hist);
    else {
      this.mask.fill(0);
      this.mask.set(mask.subarray(0, this.docBound));
      exports.histogram(at.distances, at.docs, at.mask, this.count, at.hist);
    }
    const hist = this.hist;
    if (exclude >= 0 && exclude < this.count && (all || this.mask[this.docs[exclude] as number] !== 0)) {
      hist[this.distances[exclude] as number]!--;
    }
    let threshold = 0;
    let below = 0;
    while (threshold <= this.dimensions && below + (hist[threshold] as number) < n) below += hist[threshold++] as number;
    const pick = all ? exports.pickAll : exports.pick;
    const picked = pick(at.distances, at.docs, at.mask, this.count, threshold, n - below, exclude, at.picked);
    return this.picked.slice(0, picked);
  }

  /**
   * Σ_b tables[b · 256 + code[slot][b]] for each slot, with `tables` (filled by the caller) the estimate's
   * byte tables; null when there are more slots than {@link ESTIMATE_CAPACITY}.
   */
  estimate(slots: ArrayLike<number>): Float64Array | null {
    if (slots.length > ESTIMATE_CAPACITY) return null;
    for (let c = 0; c < slots.length; c++) this.slots[c] = slots[c] as number;
    this.exports.estimate(this.at.codes, this.at.slots, slots.length, this.at.tables, this.at.scores);
    return this.scores.slice(0, slots.length);
  }
}
