/**
 * An FTS5 term's doclist read straight from the table's `%_data` records, decoded here, instead of through a
 * MATCH query or `fts5vocab`. Both of those hand rows to SQLite's VM one at a time (a term in a fifth of a
 * million clauses: hundreds of thousands of virtual-table rows, each stepped, read column by column and folded
 * into a JSON array); the doclist itself is a few MB of varints that a loop over a byte array decodes several
 * times faster. What FTS5 itself would answer is kept exactly: every segment is read, the newest entry of a
 * rowid wins, delete markers and tombstones hide what they delete (checked against FTS5 on bulk-built and
 * incrementally written tables in test/fts5-doclists.test.ts).
 *
 * The record formats are FTS5's on-disk format (sqlite3.c, fts5_index.c, "Details:" comment): a structure
 * record (id 10) lists the segments, level 0 newest; each segment's leaves are `%_data` rows keyed
 * segid·2³⁷ + page; `%_idx (segid, term, pgno)` names the leaf a term starts on. A leaf starts with two
 * big-endian u16s (offset of the first rowid when it precedes the first term, else 0; offset of the page
 * footer) and ends with a footer of term offsets. A doclist is rowid deltas (absolute for the first rowid on
 * each page), each followed, with detail=full, by a position list `size·2 + deleteFlag, bytes`; with
 * detail=none, by nothing, or 0x00 (delete) or 0x00 0x00 (delete, then inserted again).
 *
 * Only committed data is read: FTS5's pending writes of an open write transaction on this connection are not
 * in `%_data` yet, so this must not be used inside a write transaction (searches run in read transactions).
 */
import type Database from 'better-sqlite3';

type Prepare = (sql: string) => Database.Statement;

/** FTS5's index detail (the `detail=` option): positions, or rowids only. */
export type Fts5Detail = 'full' | 'none';

/**
 * A term's entries over every segment: ascending rowids, each (detail=full) with where its position list is in
 * `bytes` (see {@link positionList}).
 */
export interface Postings {
  rowids: Int32Array;
  bytes: Uint8Array;
  /** Entry i's position list starts with its size varint at bytes[lists[i]] (empty with detail=none). */
  lists: Int32Array;
}

const EMPTY: Postings = { rowids: new Int32Array(0), bytes: new Uint8Array(0), lists: new Int32Array(0) };

/**
 * Where the position list whose size varint is at bytes[at] lies: its first byte, returned, and one past its
 * last, written to `end[0]`.
 */
export function positionList(bytes: Uint8Array, at: number, end: Int32Array): number {
  let size = bytes[at] as number;
  let start = at + 1;
  if (size >= 0x80) {
    size = varint(bytes, at);
    start = after;
  }
  end[0] = start + (size >> 1);
  return start;
}

/** `%_data` ids (fts5_index.c): the structure record, and the bits above a leaf's page number. */
const STRUCTURE_ID = 10;
const SEGMENT_ID_SHIFT = 2 ** 37; // FTS5_DATA_PAGE_B + FTS5_DATA_HEIGHT_B + FTS5_DATA_DLI_B
/** FTS5_TOMBSTONE_ROWID: segid + 2¹⁶, beyond 2⁵³, so computed as a BigInt. */
const tombstoneId = (segid: number, page: number) => (BigInt(segid + 0x10000) << 37n) + BigInt(page);
/** The main index's prefix byte before every term (FTS5_MAIN_PREFIX '0'). */
const MAIN_PREFIX = 0x30;

/** A segment of the index: its leaves are pages `firstPage..lastPage`. */
interface Segment {
  id: number;
  firstPage: number;
  lastPage: number;
  tombstonePages: number;
}

/** Thrown when the records do not have the shape this reader expects (see {@link orFts5}). */
export class UnexpectedFts5Format extends Error {}

/**
 * `read()`, or `fts5()` when the records are not what this reader expects: a future SQLite writing another
 * format, say, costs speed, not answers (FTS5 itself reads what it wrote). Other errors propagate.
 */
export function orFts5<T>(read: () => T, fts5: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnexpectedFts5Format) return fts5();
    throw error;
  }
}

function unexpected(what: string): never {
  throw new UnexpectedFts5Format(`FTS5 index not as expected: ${what}`);
}

/** Set by {@link varint}: the offset after the varint it read. */
let after = 0;

/** The SQLite varint at `bytes[i]` (big-endian groups of 7 bits, the 9th byte whole); sets {@link after}. */
function varint(bytes: Uint8Array, i: number): number {
  let b = bytes[i] as number;
  if (b < 0x80) {
    after = i + 1;
    return b;
  }
  let value = b & 0x7f;
  for (let k = 1; k < 9; k++) {
    b = bytes[i + k] as number;
    if (b === undefined) unexpected('a varint runs past its record');
    if (k === 8) {
      after = i + 9;
      return value * 256 + b;
    }
    value = value * 128 + (b & 0x7f);
    if (b < 0x80) {
      after = i + k + 1;
      return value;
    }
  }
  return unexpected('varint');
}

/** The segments of the structure record, newest first (the order in which FTS5 lets an entry win). */
function readStructure(record: Uint8Array): Segment[] {
  let i = 4; // configuration cookie
  const v2 = record[4] === 0xff && record[5] === 0x00 && record[6] === 0x00 && record[7] === 0x01;
  if (v2) i += 4;
  const levels = varint(record, i);
  varint(record, after); // segments on all levels
  varint(record, after); // write counter
  i = after;
  const byLevel: Segment[][] = [];
  for (let level = 0; level < levels; level++) {
    varint(record, i); // inputs of an ongoing merge
    const count = varint(record, after);
    i = after;
    const segments: Segment[] = [];
    for (let s = 0; s < count; s++) {
      const id = varint(record, i);
      const firstPage = varint(record, after);
      const lastPage = varint(record, after);
      i = after;
      let tombstonePages = 0;
      if (v2) {
        varint(record, i); // origin counter, low
        varint(record, after); // origin counter, high
        tombstonePages = varint(record, after);
        varint(record, after); // tombstone entries
        varint(record, after); // entries
        i = after;
      }
      segments.push({ id, firstPage, lastPage, tombstonePages });
    }
    // Within a level, oldest first.
    byLevel.push(segments.reverse());
  }
  return byLevel.flat();
}

/** One segment's entries for a term, in rowid order; `live[i]` is 0 for a delete marker. */
interface SegmentEntries {
  rowids: Int32Array;
  /** Offsets of the position lists' size varints (detail=full), shifted to where the bytes end up. */
  lists: Int32Array;
  /** Null while every entry is live (the usual case: no delete since the last merge). */
  live: Uint8Array | null;
  /** Position in the structure: 0 is the newest segment. */
  age: number;
  /** Each entry's segment age, once lists of several segments are merged (else null: all are `age`). */
  ages: Int32Array | null;
  count: number;
}

/**
 * One segment's doclist for a term: its bytes with leaf headers and footers left out, and the offsets in them
 * of each leaf's first rowid, which is stored whole rather than as a delta.
 */
export interface Doclist {
  bytes: Uint8Array;
  absolute: readonly number[];
}

/**
 * Walks a detail=full {@link Doclist} entry by entry, without arrays: the rowid and where the position list
 * starts (its size varint, see {@link positionList}). Delete markers are skipped, which is right when the
 * doclist is the only one holding the term (there is nothing older for them to hide).
 */
export class DoclistCursor {
  rowid = 0;
  /** Offset of the current entry's position list (its size varint) in `bytes`. */
  list = 0;
  private i = 0;
  private k = 0;
  private nextAbsolute: number;

  constructor(
    readonly bytes: Uint8Array,
    private readonly absolute: readonly number[],
  ) {
    this.nextAbsolute = absolute.length > 0 ? (absolute[0] as number) : -1;
  }

  /** Moves to the next live entry; false at the end. */
  next(): boolean {
    const bytes = this.bytes;
    const end = bytes.length;
    let i = this.i;
    while (i < end) {
      if (i === this.nextAbsolute) {
        this.rowid = varint(bytes, i);
        i = after;
        this.nextAbsolute = ++this.k < this.absolute.length ? (this.absolute[this.k] as number) : -1;
      } else {
        if (this.nextAbsolute >= 0 && i > this.nextAbsolute) unexpected("a page's first rowid inside a position list");
        const b = bytes[i] as number;
        if (b < 0x80) {
          this.rowid += b;
          i++;
        } else {
          this.rowid += varint(bytes, i);
          i = after;
        }
      }
      this.list = i;
      let size = bytes[i] as number;
      if (size < 0x80) i++;
      else {
        size = varint(bytes, i);
        i = after;
      }
      i += size >> 1;
      if (size >> 1 > 0) {
        this.i = i;
        return true;
      }
    }
    if (i !== end) unexpected('a position list runs past its doclist');
    this.i = i;
    return false;
  }
}

/** Entries decoded so far, growing by doubling (the count is not known before the bytes are read). */
class EntryBuffer {
  rowids: Int32Array;
  lists: Int32Array;
  live: Uint8Array | null = null;
  count = 0;

  constructor(
    capacity: number,
    private readonly positions: boolean,
  ) {
    this.rowids = new Int32Array(capacity);
    this.lists = new Int32Array(positions ? capacity : 0);
  }

  /** Room for one more entry. */
  reserve(): void {
    if (this.count < this.rowids.length) return;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(Math.max(16, a.length * 2));
      b.set(a);
      return b;
    };
    this.rowids = grow(this.rowids, (n) => new Int32Array(n));
    if (this.positions) this.lists = grow(this.lists, (n) => new Int32Array(n));
    if (this.live !== null) this.live = grow(this.live, (n) => new Uint8Array(n).fill(1));
  }

  /** Marks entry `e` a delete marker. */
  kill(e: number): void {
    this.live ??= new Uint8Array(this.rowids.length).fill(1);
    this.live[e] = 0;
  }

  entries(age: number): SegmentEntries {
    return { rowids: this.rowids, lists: this.lists, live: this.live, age, ages: null, count: this.count };
  }
}

/** A token as the index keys it: the main index's prefix byte, then the token's UTF-8 bytes. */
const termKey = (token: string) => Buffer.concat([Buffer.from([MAIN_PREFIX]), Buffer.from(token, 'utf8')]);

const u16 = (page: Uint8Array, at: number) => ((page[at] as number) << 8) | (page[at + 1] as number);

/**
 * Reads doclists of one FTS5 table. Statements are prepared through `statement` (the open index's cache). The
 * structure record is read once per instance: make one per read transaction (a search), so it sees that
 * transaction's snapshot.
 */
export class Fts5Doclists {
  constructor(
    private readonly statement: Prepare,
    /** The FTS5 table's name (trusted: one of the schema's tables). */
    private readonly table: string,
    private readonly detail: Fts5Detail,
  ) {}

  private segmentList: Segment[] | null = null;
  private readonly leafEstimates = new Map<string, number>();

  /** The segments, newest first, read once per instance (make one per read transaction). */
  private segments(): Segment[] {
    if (this.segmentList === null) {
      const structure = this.statement(`select block from ${this.table}_data where id = ${STRUCTURE_ID}`).pluck().get() as Buffer | undefined;
      // No structure record: an index nothing was ever written to.
      this.segmentList = structure === undefined ? [] : readStructure(structure);
    }
    return this.segmentList;
  }

  /**
   * About how many leaves `token`'s doclist spans, from `%_idx` alone (two index lookups per segment, no leaf
   * read): from the leaf it would start on to the next leaf that starts with a later term. A token no segment
   * holds still counts the leaf it would be on.
   */
  estimatedLeaves(token: string): number {
    const known = this.leafEstimates.get(token);
    if (known !== undefined) return known;
    const term = termKey(token);
    let leaves = 0;
    for (const segment of this.segments()) {
      const { from, to } = this.span(segment, term);
      if (to >= from) leaves += to - from + 1;
    }
    this.leafEstimates.set(token, leaves);
    return leaves;
  }

  /**
   * The leaves of `segment` that `term`'s doclist can lie on, from `%_idx`: the leaf it starts on (FTS5 looks
   * it up the same way) to the next leaf starting with a later term, or the segment's last.
   */
  private span(segment: Segment, term: Uint8Array): { from: number; to: number } {
    const at = this.statement(`select pgno from ${this.table}_idx where segid = ? and term <= ? order by term desc limit 1`).pluck();
    const next = this.statement(`select pgno from ${this.table}_idx where segid = ? and term > ? order by term limit 1`).pluck();
    // The idx value is the leaf number times two, plus a flag for a doclist index.
    const from = Math.max(Math.floor(((at.get(segment.id, term) as number | undefined) ?? 2) / 2), segment.firstPage);
    const following = next.get(segment.id, term) as number | undefined;
    const to = following === undefined ? segment.lastPage : Math.min(Math.floor(following / 2), segment.lastPage);
    return { from, to };
  }

  /**
   * `token`'s doclist (detail=full) when one segment alone holds it and has no tombstones, the usual case (an
   * index built in one go, or merged since its last writes), to walk with a {@link DoclistCursor} rather than
   * decode into arrays first; null otherwise (read it with {@link postings}).
   */
  doclist(token: string): Doclist | null {
    const term = termKey(token);
    let only: Doclist | null = null;
    for (const segment of this.segments()) {
      const found = this.segmentDoclist(segment, term);
      if (found === null) continue;
      if (only !== null || segment.tombstonePages > 0) return null;
      only = found;
    }
    return only ?? { bytes: new Uint8Array(0), absolute: [] };
  }

  /** How many rows hold `token` (what fts5vocab 'row' counts): its live entries, walked in place when it can. */
  count(token: string): number {
    const doclist = this.detail === 'full' ? this.doclist(token) : null;
    if (doclist === null) return this.postings(token).rowids.length;
    const cursor = new DoclistCursor(doclist.bytes, doclist.absolute);
    let n = 0;
    while (cursor.next()) n++;
    return n;
  }

  /** Every entry of `token` (as FTS5's tokenizer emits it, already folded), over all segments. */
  postings(token: string): Postings {
    const term = termKey(token);
    const segments = this.segments();
    const found: SegmentEntries[] = [];
    const pieces: Uint8Array[] = [];
    let base = 0;
    for (let age = 0; age < segments.length; age++) {
      const segment = segments[age] as Segment;
      const doclist = this.segmentDoclist(segment, term);
      if (doclist === null) continue;
      const entries = (this.detail === 'full' ? decodeFull : decodeNone)(doclist.bytes, doclist.absolute, base).entries(age);
      if (segment.tombstonePages > 0) this.applyTombstones(segment, entries);
      found.push(entries);
      pieces.push(doclist.bytes);
      base += doclist.bytes.length;
    }
    if (found.length === 0) return EMPTY;
    const bytes = pieces.length === 1 ? (pieces[0] as Uint8Array) : Buffer.concat(pieces);
    return withoutDeleted(mergeSegments(found), bytes);
  }

  /**
   * The bytes of `term`'s doclist in one segment, leaf headers and footers left out, with the offsets (in
   * those bytes) of each page's first rowid, which is stored whole rather than as a delta; null when the
   * segment does not hold the term.
   */
  private segmentDoclist(segment: Segment, term: Uint8Array): Doclist | null {
    const { from, to } = this.span(segment, term);
    if (from > segment.lastPage || from < 1) return null;
    // The leaves in one call (a row at a time costs three times as much), as far as the doclist can reach.
    const leaves = this.statement(`select block from ${this.table}_data where id between ? and ? order by id`).pluck();
    const first = SEGMENT_ID_SHIFT * segment.id;
    const parts: Uint8Array[] = [];
    const absolute: number[] = [];
    let length = 0;
    let started = false;
    let page = from;
    for (let last = Math.max(from, to); page <= segment.lastPage; last = Math.min(segment.lastPage, page + 63)) {
      const batch = leaves.all(first + page, first + last) as Buffer[];
      if (batch.length !== last - page + 1) unexpected(`leaves ${page}..${last} of segment ${segment.id}`);
      for (const leaf of batch) {
        const footer = u16(leaf, 2);
        const hasTerms = leaf.length > footer;
        if (footer > leaf.length || footer < 4) unexpected(`leaf ${page} of segment ${segment.id}`);
        if (!started) {
          if (!hasTerms) return null;
          const start = findTerm(leaf, footer, term);
          if (start === null) return null;
          started = true;
          parts.push(leaf.subarray(start.doclist, start.end));
          length += start.end - start.doclist;
          if (start.end < footer) return { bytes: parts[0] as Uint8Array, absolute }; // the next term starts here
        } else {
          const end = hasTerms ? varint(leaf, footer) : footer;
          const firstRowid = u16(leaf, 0);
          if (firstRowid !== 0 && firstRowid < end) absolute.push(length + firstRowid - 4);
          parts.push(leaf.subarray(4, end));
          length += end - 4;
          if (hasTerms) return { bytes: Buffer.concat(parts, length), absolute };
        }
        page++;
      }
    }
    // The doclist ran to the segment's last leaf.
    return started ? { bytes: parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts, length), absolute } : null;
  }

  /** Marks the entries a segment's tombstone hash (contentless_delete tables) deletes. */
  private applyTombstones(segment: Segment, entries: SegmentEntries): void {
    const read = this.statement(`select block from ${this.table}_data where id = ?`).pluck();
    const deleted = new Set<number>();
    for (let p = 0; p < segment.tombstonePages; p++) {
      const block = read.get(tombstoneId(segment.id, p)) as Buffer | undefined;
      if (block === undefined) continue;
      if (p === 0 && block[1] !== 0) deleted.add(0);
      const keySize = block[0] === 4 ? 4 : 8;
      for (let at = 8; at + keySize <= block.length; at += keySize) {
        // Keys are big-endian; rowids of clauses fit in the low 32 bits.
        const high = keySize === 8 ? block.readUInt32BE(at) : 0;
        const low = block.readUInt32BE(at + keySize - 4);
        if (high !== 0) unexpected('a tombstone beyond 32-bit rowids');
        if (low !== 0) deleted.add(low);
      }
    }
    for (let e = 0; e < entries.count; e++) {
      if (!deleted.has(entries.rowids[e] as number)) continue;
      entries.live ??= new Uint8Array(entries.count).fill(1);
      entries.live[e] = 0;
    }
  }
}

/**
 * A segment's detail=full doclist as entries (offsets shifted by `base`, where the bytes will sit). The hot
 * loop of every lookup, so written for V8: locals only, one- and two-byte varints (nearly all of them) read
 * inline with integer arithmetic.
 */
function decodeFull(bytes: Uint8Array, absolute: readonly number[], base: number): EntryBuffer {
  const end = bytes.length;
  // An entry takes at least two bytes (a rowid delta, a size); most take three to four.
  const out = new EntryBuffer(Math.max(16, Math.ceil(end / 3)), true);
  let rowids = out.rowids;
  let lists = out.lists;
  let capacity = rowids.length;
  let n = 0;
  let rowid = 0;
  let k = 0;
  let nextAbsolute = absolute.length > 0 ? (absolute[0] as number) : -1;
  let i = 0;
  while (i < end) {
    if (i === nextAbsolute) {
      rowid = varint(bytes, i);
      i = after;
      nextAbsolute = ++k < absolute.length ? (absolute[k] as number) : -1;
    } else {
      if (nextAbsolute >= 0 && i > nextAbsolute) unexpected("a page's first rowid inside a position list");
      const b = bytes[i] as number;
      if (b < 0x80) {
        rowid += b;
        i++;
      } else {
        const c = bytes[i + 1] as number;
        if (c < 0x80) {
          rowid += ((b & 0x7f) << 7) | c;
          i += 2;
        } else {
          rowid += varint(bytes, i);
          i = after;
        }
      }
    }
    if (n === capacity) {
      out.count = n;
      out.reserve();
      rowids = out.rowids;
      lists = out.lists;
      capacity = rowids.length;
    }
    rowids[n] = rowid;
    lists[n] = base + i;
    let size = bytes[i] as number;
    if (size < 0x80) i++;
    else {
      size = varint(bytes, i);
      i = after;
    }
    // An empty position list is a delete marker; the delete flag on a non-empty one only hides older entries.
    if (size >> 1 === 0) {
      out.count = n + 1;
      out.kill(n);
    }
    i += size >> 1;
    n++;
  }
  if (i !== end) unexpected('a position list runs past its doclist');
  out.count = n;
  return out;
}

/** A segment's detail=none doclist as entries: rowids, each optionally followed by 0x00 or 0x00 0x00. */
function decodeNone(bytes: Uint8Array, absolute: readonly number[]): EntryBuffer {
  const end = bytes.length;
  const out = new EntryBuffer(Math.max(16, end >> 1), false);
  let rowid = 0;
  let k = 0;
  let nextAbsolute = absolute.length > 0 ? (absolute[0] as number) : Infinity;
  let i = 0;
  while (i < end) {
    if (i === nextAbsolute) {
      rowid = varint(bytes, i);
      nextAbsolute = ++k < absolute.length ? (absolute[k] as number) : Infinity;
    } else {
      if (i > nextAbsolute) unexpected("a page's first rowid inside an entry");
      const b = bytes[i] as number;
      if (b < 0x80) {
        rowid += b;
        after = i + 1;
      } else rowid += varint(bytes, i);
    }
    i = after;
    out.reserve();
    const n = out.count++;
    out.rowids[n] = rowid;
    // 0x00: a delete marker; 0x00 0x00: deleted, then inserted again (fts5SegIterLoadNPos). Never across pages.
    if (i < end && bytes[i] === 0 && i !== nextAbsolute) {
      i++;
      if (i < end && bytes[i] === 0 && i !== nextAbsolute) i++;
      else out.kill(n);
    }
  }
  return out;
}

/**
 * The entry of `term` on a leaf, when the term starts there: where its doclist starts, and where it ends on
 * this page (the next term's offset, or the footer when it runs on).
 */
function findTerm(leaf: Uint8Array, footer: number, term: Uint8Array): { doclist: number; end: number } | null {
  let pgidx = footer;
  let termOffset = varint(leaf, pgidx);
  pgidx = after;
  let previous: Uint8Array = new Uint8Array(0);
  let first = true;
  for (;;) {
    let at = termOffset;
    const keep = first ? 0 : varint(leaf, at);
    if (!first) at = after;
    const fresh = varint(leaf, at);
    at = after;
    if (keep > previous.length || at + fresh > footer) unexpected('a term on a leaf');
    const current = new Uint8Array(keep + fresh);
    current.set(previous.subarray(0, keep));
    current.set(leaf.subarray(at, at + fresh), keep);
    const order = compareBytes(current, term);
    const doclist = at + fresh;
    let next = footer;
    if (pgidx < leaf.length) {
      next = termOffset + varint(leaf, pgidx);
      pgidx = after;
    }
    if (order === 0) return { doclist, end: next };
    if (order > 0 || next === footer) return null;
    previous = current;
    termOffset = next;
    first = false;
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** One list of entries from several segments' lists: for a rowid in several, the newest segment's entry. */
function mergeSegments(lists: SegmentEntries[]): SegmentEntries {
  // Shortest two first: a large optimised segment is merged once with the few small ones written since.
  const queue = [...lists];
  while (queue.length > 1) {
    queue.sort((a, b) => a.count - b.count);
    const [a, b] = queue.splice(0, 2) as [SegmentEntries, SegmentEntries];
    queue.push(mergeTwo(a, b));
  }
  return queue[0] as SegmentEntries;
}

function mergeTwo(a: SegmentEntries, b: SegmentEntries): SegmentEntries {
  const capacity = a.count + b.count;
  const positions = a.lists.length > 0;
  const out: SegmentEntries = {
    rowids: new Int32Array(capacity),
    lists: new Int32Array(positions ? capacity : 0),
    live: new Uint8Array(capacity),
    ages: new Int32Array(capacity),
    age: Math.min(a.age, b.age),
    count: 0,
  };
  const ageOf = (list: SegmentEntries, k: number) => (list.ages === null ? list.age : (list.ages[k] as number));
  const take = (from: SegmentEntries, k: number) => {
    const n = out.count++;
    out.rowids[n] = from.rowids[k] as number;
    if (positions) out.lists[n] = from.lists[k] as number;
    (out.live as Uint8Array)[n] = from.live === null ? 1 : (from.live[k] as number);
    (out.ages as Int32Array)[n] = ageOf(from, k);
  };
  let i = 0;
  let j = 0;
  while (i < a.count || j < b.count) {
    const ra = i < a.count ? (a.rowids[i] as number) : Infinity;
    const rb = j < b.count ? (b.rowids[j] as number) : Infinity;
    if (ra < rb) take(a, i++);
    else if (rb < ra) take(b, j++);
    else {
      // The same rowid in both: the newer entry (lower age) wins, even a delete marker.
      if (ageOf(a, i) <= ageOf(b, j)) take(a, i);
      else take(b, j);
      i++;
      j++;
    }
  }
  return out;
}

function withoutDeleted(entries: SegmentEntries, bytes: Uint8Array): Postings {
  const { rowids, lists, live, count } = entries;
  const positions = lists.length > 0;
  // Commonly nothing is deleted (one optimised segment): the arrays serve as they are.
  let n = live === null ? -1 : live.subarray(0, count).indexOf(0);
  if (n < 0) return { rowids: rowids.subarray(0, count), bytes, lists: positions ? lists.subarray(0, count) : lists };
  for (let k = n; k < count; k++) {
    if ((live as Uint8Array)[k] === 0) continue;
    rowids[n] = rowids[k] as number;
    if (positions) lists[n] = lists[k] as number;
    n++;
  }
  return { rowids: rowids.subarray(0, n), bytes, lists: positions ? lists.subarray(0, n) : lists };
}

/**
 * The positions in the position list whose size varint is at bytes[at], each counted with its column's weight
 * and summed in FTS5's order (column, then offset), as fts5Bm25Function sums a phrase's frequency. The list is
 * varints, one per position; 0x01 at a varint's start switches to the column numbered after it.
 */
export function weightedPositions(bytes: Uint8Array, at: number, weights: readonly number[]): number {
  let size = bytes[at] as number;
  let i = at + 1;
  if (size >= 0x80) {
    size = varint(bytes, at);
    i = after;
  }
  const end = i + (size >> 1);
  let f = 0;
  let weight = weights[0] as number;
  while (i < end) {
    const b = bytes[i++] as number;
    if (b === 0x01) {
      weight = weights[varint(bytes, i)] as number;
      i = after;
      continue;
    }
    if (b >= 0x80) while ((bytes[i++] as number) >= 0x80);
    f += weight;
  }
  return f;
}

/**
 * Decodes the positions of one column from a position list (bytes[start..end)) into `out`, returning how
 * many; `out` must hold them (a position list of n bytes has at most n positions).
 */
export function columnPositions(bytes: Uint8Array, start: number, end: number, column: number, out: Int32Array): number {
  let i = start;
  let col = 0;
  let n = 0;
  let position = 0;
  while (i < end) {
    const b = bytes[i] as number;
    if (b === 0x01) {
      // A column switch: 0x01, then the column number; positions restart from 0.
      col = varint(bytes, i + 1);
      i = after;
      position = 0;
      continue;
    }
    const value = b < 0x80 ? b : varint(bytes, i);
    i = b < 0x80 ? i + 1 : after;
    position += value - 2;
    if (col === column) out[n++] = position;
    else if (col > column) break;
  }
  return n;
}
