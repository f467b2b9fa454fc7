/**
 * Nearest clauses by cosine: a binary-quantised pre-selection in memory, then exact re-ranking in SQLite.
 *
 * Measured on this machine (2 cores) with 100,000 random 512-dimensional vectors:
 *   - sqlite-vec `vec0` float[512] full scan, k=100 ............ 59 ms  (≈0.6 s at 1M: the cost to avoid)
 *   - in-memory Float32Array dot-product scan .................... 56 ms  (and 2 GB of RAM at 1M)
 *   - sqlite-vec `vec0` bit[512] KNN, k=200 / k=1000 ........ 21 / 157 ms (its top-k grows with k·N)
 *   - in-memory Hamming scan over packed sign bits (this file) .... 3.2 ms (64 bytes per clause: 64 MB at 1M)
 *     At 1M clauses (2-core AMD EPYC, avx2, CPU time): that JavaScript scan ≈ 75 ms and its masked histogram
 *     pass ≈ 8 ms; in WebAssembly (hamming-kernel.ts, POPCNT) ≈ 6 ms and ≈ 2 ms for histogram and pick.
 *   - exact cosine of 2,000 candidates, `vec_distance_cosine` ..... 3.0 ms (JS dot products on blobs: 6 ms)
 * So: Hamming distance over sign bits picks the top candidates, the float query against their sign codes
 * (an asymmetric estimate, in memory) narrows them to a few per result, and sqlite-vec computes those
 * exact cosines from the stored float32 vectors. At 100k synthetic clauses, pre-selecting 4,000 and re-ranking
 * the best-estimated 800 matched the recall of re-ranking 2,000 by Hamming alone (0.74 of the exact top 100;
 * better for the top 10) in 9 ms instead of 12. Filters are document fields, applied as a per-document mask
 * inside the scan, so a selective filter never starves the candidate list. The scan runs in WebAssembly where
 * it can; the JavaScript scan here stays as the reference it is tested against and as the fallback.
 */
import type Database from 'better-sqlite3';
import type { ClausePositions } from './clause-positions.js';
import { signBits, vectorBlob } from './document-writer.js';
import { HammingKernel, codeStride } from './hamming-kernel.js';
import { BoundedTopK } from '../top-k.js';

/** Candidates pre-selected by Hamming distance per result wanted: binary codes only approximate cosine. */
const PRESELECT_FACTOR = 40;
const PRESELECT_MIN = 200;
/**
 * Of those, how many (per result wanted) go on to the exact cosine, chosen by the asymmetric estimate (the
 * float query against each candidate's ±1 code), which orders candidates far better than Hamming distance.
 * Reading a stored vector costs microseconds each; estimating costs nanoseconds.
 */
const EXACT_FACTOR = 8;
const EXACT_MIN = 100;

/** How many candidates to pre-select by Hamming distance for `wanted` results. */
export function preselectSize(wanted: number): number {
  return Math.max(PRESELECT_MIN, PRESELECT_FACTOR * wanted);
}

/** How many pre-selected candidates to score exactly for `wanted` results. */
export function exactSize(wanted: number): number {
  return Math.max(EXACT_MIN, EXACT_FACTOR * wanted);
}

/** Set bits of a 32-bit integer (SWAR: no table lookups, no branches). */
function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Sign bits of every clause vector, packed into 64-bit words, with each clause's rowid and document. */
export class BinaryVectorIndex {
  private constructor(
    readonly dimensions: number,
    /** Bytes per clause in `codes` ({@link codeStride}: whole 64-bit words, the bits past the dimensions zero). */
    private readonly stride: number,
    private readonly codes: Uint8Array,
    private readonly rowids: Int32Array,
    private readonly docRowids: Int32Array,
    /** The WebAssembly scan over the same codes, or null where it cannot run (then JavaScript scans). */
    private readonly kernel: HammingKernel | null,
  ) {}

  /** Which scan's distances the kernel's memory holds now (see {@link scan}). */
  private kernelOwner: object | null = null;

  get size(): number {
    return this.rowids.length;
  }

  /** Whether the Hamming scan runs in WebAssembly (hamming-kernel.ts) rather than in JavaScript. */
  get usesKernel(): boolean {
    return this.kernel !== null;
  }

  /**
   * Reads every clause's sign bits. `kernel: false` keeps the scan in JavaScript (the reference the kernel is
   * tested against).
   */
  static load(
    db: Database.Database,
    positions: Pick<ClausePositions, 'docOf' | 'docRowidBound'>,
    opts: { kernel?: boolean } = {},
  ): BinaryVectorIndex {
    const dimensions = Number((db.prepare("select value from meta where key = 'dimensions'").pluck().get() as string | undefined) ?? 0);
    const count = db.prepare('select count(*) from clause_vectors').pluck().get() as number;
    const stride = codeStride(dimensions);
    const kernel = opts.kernel === false ? null : HammingKernel.create(dimensions, count, positions.docRowidBound);
    // The kernel's memory holds the codes; without it, a plain array (the JS scan's layout is the same).
    const codes = kernel?.codes ?? new Uint8Array(count * stride);
    const docRowids = new Int32Array(count);
    const rowids = new Int32Array(count);
    const rows = db
      .prepare('select rowid, bits from clause_vectors order by rowid')
      .raw()
      .iterate() as IterableIterator<[number, Buffer]>;
    let i = 0;
    for (const [rowid, bits] of rows) {
      if (i >= count) break;
      codes.set(bits.subarray(0, stride), i * stride);
      rowids[i] = rowid;
      docRowids[i] = positions.docOf(rowid);
      i++;
    }
    if (kernel !== null) {
      kernel.docs.set(docRowids.subarray(0, i));
      kernel.setLength(i);
    }
    return new BinaryVectorIndex(dimensions, stride, codes, rowids.subarray(0, i), docRowids.subarray(0, i), kernel);
  }

  /**
   * The Hamming pre-selection of one query: its distances are computed once (by the kernel when there is
   * one), then `preselect` picks under any mask.
   */
  scan(query: Float32Array): HammingScan {
    const queryBits = signBits(query);
    const kernel = this.kernel;
    if (kernel === null) {
      const distances = this.hammingDistances(query);
      return { preselect: (mask, n, excludeRowid = -1) => this.preselect(distances, mask, n, excludeRowid) };
    }
    // The kernel keeps one query's distances in its memory: recompute them if another scan ran in between.
    const token = {};
    const distances = () => {
      if (this.kernelOwner !== token) {
        kernel.computeDistances(queryBits);
        this.kernelOwner = token;
      }
    };
    distances();
    return {
      preselect: (mask, n, excludeRowid = -1) => {
        distances();
        const slots = kernel.preselect(mask, n, this.slotOf(excludeRowid));
        return Array.from(slots, (slot): Candidate => ({ rowid: this.rowids[slot] as number, docRowid: this.docRowids[slot] as number, slot }));
      },
    };
  }

  /** The index of a clause in this index, −1 when it has no vector here (rowids are ascending). */
  private slotOf(rowid: number): number {
    let lo = 0;
    let hi = this.rowids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = this.rowids[mid] as number;
      if (r === rowid) return mid;
      if (r < rowid) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Hamming distance of every clause's sign bits to the query's, in index order (JavaScript: the reference). */
  hammingDistances(query: Float32Array): Uint16Array {
    const wordsPerVector = this.stride / 4;
    const q = new Int32Array(wordsPerVector);
    new Uint8Array(q.buffer).set(signBits(query).subarray(0, this.stride));
    // Int32, not Uint32: XOR of two int32 values stays a small integer in V8, where a uint32 above 2³¹ would
    // become a heap number on every read.
    const words = new Int32Array(this.codes.buffer, this.codes.byteOffset, this.size * wordsPerVector);
    const n = this.size;
    const distances = new Uint16Array(n);
    for (let i = 0, base = 0; i < n; i++, base += wordsPerVector) {
      let d = 0;
      for (let w = 0; w < wordsPerVector; w++) d += popcount32((words[base + w] as number) ^ (q[w] as number));
      distances[i] = d;
    }
    return distances;
  }

  /**
   * The `n` clauses with the smallest distances among those whose document the mask allows (indexed by
   * document rowid). Ties keep index (rowid) order. O(size): a histogram finds the cut-off distance, no sort.
   * JavaScript: the reference for the kernel's.
   */
  preselect(distances: Uint16Array, mask: Uint8Array, n: number, excludeRowid = -1): Candidate[] {
    const { rowids, docRowids } = this;
    const size = distances.length;
    const histogram = new Uint32Array(this.dimensions + 1);
    for (let i = 0; i < size; i++) {
      if (mask[docRowids[i] as number] === 1 && rowids[i] !== excludeRowid) histogram[distances[i] as number]!++;
    }
    let threshold = 0;
    let below = 0;
    while (threshold <= this.dimensions && below + (histogram[threshold] as number) < n) below += histogram[threshold++] as number;
    let atThreshold = n - below;
    const picked: Candidate[] = [];
    for (let i = 0; i < size; i++) {
      const d = distances[i] as number;
      if (d > threshold || (d === threshold && atThreshold <= 0)) continue;
      const docRowid = docRowids[i] as number;
      if (mask[docRowid] !== 1 || rowids[i] === excludeRowid) continue;
      if (d === threshold) atThreshold--;
      picked.push({ rowid: rowids[i] as number, docRowid, slot: i });
    }
    return picked;
  }

  /**
   * The asymmetric estimate of each candidate's similarity: the float query's dot product with the candidate's
   * sign code (+1 where a bit is set, −1 where not), via one 256-entry table per code byte. The kernel sums the
   * tables where there is one; the loop below is the reference (the same doubles, added in the same order).
   */
  estimate(query: Float32Array, candidates: readonly Candidate[]): Float64Array {
    const bytesPerVector = this.stride;
    // tables[b·256 + v] = Σₖ (bit k of v set ? xₖ : −xₖ) over byte b's eight dimensions, k ascending. Built by
    // doubling (the entries for bits 0…k come from those for bits 0…k−1, plus or minus xₖ): 255 additions a
    // byte instead of 2,048, and the same doubles a loop over k gives, added in the same order.
    const tables = this.kernel?.tables ?? new Float64Array(bytesPerVector * 256);
    for (let b = 0; b < bytesPerVector; b++) {
      const t = b * 256;
      tables[t] = 0;
      for (let k = 0, size = 1; k < 8; k++, size *= 2) {
        const x = query[b * 8 + k] ?? 0;
        for (let v = t; v < t + size; v++) {
          const below = tables[v] as number;
          tables[v + size] = below + x;
          tables[v] = below - x;
        }
      }
    }
    const summed = this.kernel?.estimate(candidates.map((c) => c.slot));
    if (summed) return summed;
    const bytes = this.codes;
    const scores = new Float64Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) {
      const base = (candidates[c] as Candidate).slot * bytesPerVector;
      let score = 0;
      for (let b = 0; b < bytesPerVector; b++) score += tables[b * 256 + (bytes[base + b] as number)] as number;
      scores[c] = score;
    }
    return scores;
  }
}

/** The pre-selection of one query under any filter (see {@link BinaryVectorIndex.scan}). */
export interface HammingScan {
  /** As {@link BinaryVectorIndex.preselect}, for this query. */
  preselect(mask: Uint8Array, n: number, excludeRowid?: number): Candidate[];
}

/** A clause and its document. */
export interface Candidate {
  rowid: number;
  docRowid: number;
  /** Position in the binary index. */
  slot: number;
}

/** A clause, its document and its exact cosine similarity to the query. */
export interface ScoredRowid extends Candidate {
  cosine: number;
}

const EXACT_COSINE_SQL =
  'select rowid, 1 - vec_distance_cosine(embedding, ?) as cosine from clause_vectors where rowid in (select value from json_each(?))';

/**
 * One query vector searched under several filter sets (a search and its disjunctive facets): Hamming
 * distances are computed once, and exact cosines once per clause.
 */
export class VectorQuery {
  private hamming: HammingScan | null = null;
  private readonly cosines = new Map<number, number>();
  private readonly blob: Buffer;

  constructor(
    private readonly index: BinaryVectorIndex,
    /** Prepares SQL once per connection. */
    private readonly statement: (sql: string) => Database.Statement,
    private readonly query: Float32Array,
  ) {
    if (index.size > 0 && query.length !== index.dimensions) {
      throw new Error(`query vector has ${query.length} dimensions but the index holds ${index.dimensions}-dimensional vectors`);
    }
    this.blob = vectorBlob(query);
  }

  /** The `wanted` nearest clauses (cosine ≥ `minCosine`) among those the mask allows, best first; ties by rowid. */
  nearest(opts: { mask: Uint8Array; wanted: number; minCosine: number; excludeRowid?: number }): ScoredRowid[] {
    if (opts.wanted <= 0 || this.index.size === 0) return [];
    this.hamming ??= this.index.scan(this.query);
    const preselected = this.hamming.preselect(opts.mask, preselectSize(opts.wanted), opts.excludeRowid);
    const candidates = this.bestEstimated(preselected, exactSize(opts.wanted));
    // Ascending rowids: the stored vectors are then read in file order (B-tree neighbours share pages and
    // the OS reads ahead), not hopping across the file.
    const missing = candidates.filter((c) => !this.cosines.has(c.rowid)).map((c) => c.rowid).sort((a, b) => a - b);
    if (missing.length > 0) {
      const rows = this.statement(EXACT_COSINE_SQL).raw().all(this.blob, JSON.stringify(missing)) as Array<[rowid: number, cosine: number]>;
      for (const [rowid, cosine] of rows) this.cosines.set(rowid, cosine);
    }
    return candidates
      .map((c) => ({ ...c, cosine: this.cosines.get(c.rowid) as number }))
      .filter((s) => s.cosine >= opts.minCosine)
      .sort((a, b) => b.cosine - a.cosine || a.rowid - b.rowid)
      .slice(0, opts.wanted);
  }

  /** The `n` candidates with the highest asymmetric estimates (all of them when there are no more than `n`). */
  private bestEstimated(candidates: Candidate[], n: number): Candidate[] {
    if (candidates.length <= n) return candidates;
    const scores = this.index.estimate(this.query, candidates);
    // Keyed by −estimate: ascending key is descending estimate, equal estimates keep candidate order.
    const best = new BoundedTopK(n);
    for (let i = 0; i < candidates.length; i++) best.offer(-(scores[i] as number), i);
    return best.sorted().map(({ rowid: i }) => candidates[i] as Candidate);
  }
}
