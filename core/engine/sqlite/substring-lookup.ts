/**
 * Which clauses contain a term, answered from the trigram and character-gram indexes' doclists
 * (fts5-doclists.ts) instead of FTS5 MATCH queries: the same clauses, without handing each matching rowid
 * through SQLite's VM (for a term in a fifth of a million clauses that hand-over was most of the lookup).
 *
 * A term of n ≥ 3 characters occurs at character p exactly when FTS5's phrase of its trigrams matches at p;
 * the trigrams starting at 0, 3, 6 … and n − 3 already cover every character of the term, so those alone
 * decide it (2 lists for 知识产权 as for FTS5, 3 instead of 7 for a nine-character phrase). Only terms whose
 * characters fold as FTS5's trigram tokenizer folds them here (ASCII, and characters without case) are
 * looked up this way; for any other term the caller asks FTS5.
 */
import { DoclistCursor, columnPositions, positionList } from './fts5-doclists.js';
import type { Doclist, Fts5Doclists, Postings } from './fts5-doclists.js';

/** FTS5's trigram tokenizer (case_sensitive 0) folds case; these are the characters folded the same here. */
function foldedCodePoints(text: string): number[] | null {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code === 0 || (code >= 0xd800 && code <= 0xdfff)) return null; // skipped or replaced by FTS5
    if (code < 0x80) out.push(code >= 0x41 && code <= 0x5a ? code + 0x20 : code);
    else if (ch.toLowerCase() === ch && ch.toUpperCase() === ch) out.push(code);
    else return null; // a cased letter beyond ASCII: FTS5's fold tables decide, not reproduced here
  }
  return out;
}

/** The trigrams that decide whether `text` occurs, each with its offset in the term; null when not foldable here. */
export function coveringTrigrams(text: string): Array<{ offset: number; token: string }> | null {
  const codes = foldedCodePoints(text);
  if (codes === null || codes.length < 3) return null;
  const offsets: number[] = [];
  for (let o = 0; o + 3 <= codes.length; o += 3) offsets.push(o);
  if ((offsets.at(-1) as number) < codes.length - 3) offsets.push(codes.length - 3);
  return offsets.map((offset) => ({ offset, token: String.fromCodePoint(...codes.slice(offset, offset + 3)) }));
}

/**
 * When one covering trigram's doclist spans this many times the leaves of another's, the term is looked up by
 * FTS5: its phrase query moves through the long lists by their doclist indexes, reading only the leaves near
 * the short list's rowids, where decoding here reads every entry (海洋新能源: 387 clauses, but 新能源 is in
 * 20,000 of 100,000).
 */
const SKEWED_LEAVES = 4;

/**
 * The clauses whose text contains `text` (three or more characters), ascending, from the trigram index's
 * doclists; only those in `within` when it is given (the clauses an earlier term of the query left), so the
 * positions of no other clause are compared. Null when FTS5's phrase query is the better reader (lists of very
 * different lengths, see {@link SKEWED_LEAVES}) or the term has characters whose folding is left to FTS5.
 */
export function clausesWithSubstring(trigrams: Fts5Doclists, text: string, within?: Int32Array): Int32Array | null {
  const cover = coveringTrigrams(text);
  if (cover === null) return null;
  if (cover.length === 1) {
    const { token } = cover[0] as { token: string };
    const doclist = trigrams.doclist(token);
    const rowids = doclist === null ? trigrams.postings(token).rowids : rowidsIn(doclist);
    return within === undefined ? rowids : intersectSorted(within, rowids);
  }
  const leaves = cover.map(({ token }) => trigrams.estimatedLeaves(token));
  if (Math.max(...leaves) >= SKEWED_LEAVES * Math.min(...leaves)) return null;
  return readSubstringMatches(trigrams, cover, leaves, within);
}

/**
 * The clauses (of `within`, when given) holding every trigram of `cover` at its offset from the first, read
 * from the doclists in ascending order of `leaves` (their estimated lengths).
 */
export function readSubstringMatches(
  trigrams: Fts5Doclists,
  cover: ReadonlyArray<{ offset: number; token: string }>,
  leaves: readonly number[],
  within?: Int32Array,
): Int32Array {
  if (cover.length === 2) {
    // Two trigrams (terms of four to six characters), each in one segment: both doclists walked side by side.
    const [first, second] = cover as readonly [{ offset: number; token: string }, { offset: number; token: string }];
    const a = trigrams.doclist(first.token);
    const b = a === null ? null : trigrams.doclist(second.token);
    if (a !== null && b !== null) return pairInDoclists(a, b, second.offset, within);
  }
  // Shortest first, so a trigram no clause has (a question's wording, typically) ends the lookup early.
  const read = new Map<string, Postings>();
  const lists: Postings[] = new Array(cover.length);
  for (const j of cover.map((_, j) => j).sort((a, b) => (leaves[a] as number) - (leaves[b] as number))) {
    const { token } = cover[j] as { token: string };
    const list = read.get(token) ?? (read.set(token, trigrams.postings(token)).get(token) as Postings);
    if (list.rowids.length === 0) return list.rowids;
    lists[j] = list;
  }
  const offsets = Int32Array.from(cover, (c) => c.offset);

  // The candidates (the first trigram's clauses, or those of `within`), each with its entry in every list
  // (−1: not there). A clause holds the term when some position p of the first trigram has trigram j at
  // p + offsets[j].
  const candidates = within ?? (lists[0] as Postings).rowids;
  const entries = lists.map((list, j) => (j === 0 && within === undefined ? null : entriesOf(candidates, list.rowids)));
  const out = new Int32Array(candidates.length);
  const n =
    lists.length === 2
      ? pairAt(candidates, lists as [Postings, Postings], entries as [Int32Array | null, Int32Array], offsets[1] as number, out)
      : phraseAt(candidates, lists, entries, offsets, out);
  return out.subarray(0, n);
}

/** For each rowid of `a`, the index of the same rowid in `b`, or -1 (both ascending). */
function entriesOf(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  const nb = b.length;
  let j = 0;
  for (let e = 0; e < a.length; e++) {
    const rowid = a[e] as number;
    while (j < nb && (b[j] as number) < rowid) j++;
    out[e] = j < nb && b[j] === rowid ? j : -1;
  }
  return out;
}

/** The rowids of a doclist one segment alone holds (see {@link DoclistCursor}). */
function rowidsIn({ bytes, absolute }: Doclist): Int32Array {
  const cursor = new DoclistCursor(bytes, absolute);
  // At most one clause per two bytes.
  const out = new Int32Array(bytes.length >> 1);
  let n = 0;
  while (cursor.next()) out[n++] = cursor.rowid;
  return out.subarray(0, n);
}

/**
 * The position when the position list at bytes[at] holds exactly one, in one or two bytes (under 16,382: most
 * clauses hold each trigram once), else −1.
 */
function onlyPosition(bytes: Uint8Array, at: number): number {
  const size = bytes[at] as number;
  if (size === 2) return (bytes[at + 1] as number) - 2;
  if (size === 4) {
    const b = bytes[at + 1] as number;
    if (b >= 0x80) return (((b & 0x7f) << 7) | (bytes[at + 2] as number)) - 2;
  }
  return -1;
}

/**
 * Whether some position p in column 0 of the position list at x[p] has p + `offset` in the one at y[q] (both
 * ascending varints of delta + 2, starting with their size varint): a merge of the two lists as they are read.
 */
function followedAt(x: Uint8Array, at: number, y: Uint8Array, bt: number, offset: number): boolean {
  let i = at + 1;
  let size = x[at] as number;
  if (size >= 0x80) {
    const end = new Int32Array(1);
    i = positionList(x, at, end);
    size = ((end[0] as number) - i) * 2;
  }
  const endX = i + (size >> 1);
  let j = bt + 1;
  size = y[bt] as number;
  if (size >= 0x80) {
    const end = new Int32Array(1);
    j = positionList(y, bt, end);
    size = ((end[0] as number) - j) * 2;
  }
  const endY = j + (size >> 1);
  let p = 0;
  let q = -1;
  let qAt = 0;
  while (i < endX) {
    let b = x[i++] as number;
    if (b === 0x01) return false; // the next column: column 0 is over
    let value = b & 0x7f;
    while (b >= 0x80) {
      b = x[i++] as number;
      value = value * 128 + (b & 0x7f);
    }
    p += value - 2;
    const want = p + offset;
    while (q < want) {
      if (j >= endY) return false;
      b = y[j++] as number;
      if (b === 0x01) return false;
      let v = b & 0x7f;
      while (b >= 0x80) {
        b = y[j++] as number;
        v = v * 128 + (b & 0x7f);
      }
      qAt += v - 2;
      q = qAt;
    }
    if (q === want) return true;
  }
  return false;
}

/**
 * Two trigrams (terms of four to six characters): the candidates with the second trigram at `offset` past one
 * of the first's positions, written to `out`; returns how many. `entries[j][c]` is candidate c's entry in list
 * j (null: the candidates are list 0 itself). A clause holding each trigram once (most do) is compared directly.
 */
function pairAt(
  candidates: Int32Array,
  [first, second]: readonly [Postings, Postings],
  [inFirst, inSecond]: readonly [Int32Array | null, Int32Array],
  offset: number,
  out: Int32Array,
): number {
  const { bytes: a, lists: la } = first;
  const { bytes: b, lists: lb } = second;
  let n = 0;
  for (let c = 0; c < candidates.length; c++) {
    const e = inFirst === null ? c : (inFirst[c] as number);
    const k = inSecond[c] as number;
    if (e < 0 || k < 0) continue;
    const x = la[e] as number;
    const y = lb[k] as number;
    const one = onlyPosition(a, x);
    const other = one < 0 ? -1 : onlyPosition(b, y);
    if (other >= 0 ? other === one + offset : followedAt(a, x, b, y, offset)) out[n++] = candidates[c] as number;
  }
  return n;
}

/**
 * As {@link pairAt}, walking the two doclists side by side (and `within`, when given) instead of decoding them
 * into arrays: one pass, no allocation but the result.
 */
function pairInDoclists(a: Doclist, b: Doclist, offset: number, within?: Int32Array): Int32Array {
  const first = new DoclistCursor(a.bytes, a.absolute);
  const second = new DoclistCursor(b.bytes, b.absolute);
  const x = a.bytes;
  const y = b.bytes;
  // At most one clause per two bytes of the shorter doclist.
  let out = new Int32Array(Math.min(a.bytes.length, b.bytes.length) >> 1);
  let n = 0;
  let w = 0;
  let more = first.next() && second.next();
  while (more) {
    const rowid = first.rowid;
    if (rowid < second.rowid) {
      more = first.next();
      continue;
    }
    if (second.rowid < rowid) {
      more = second.next();
      continue;
    }
    if (within !== undefined) {
      while (w < within.length && (within[w] as number) < rowid) w++;
      if (w >= within.length) break;
    }
    if (within === undefined || within[w] === rowid) {
      const p = first.list;
      const q = second.list;
      const one = onlyPosition(x, p);
      const other = one < 0 ? -1 : onlyPosition(y, q);
      const holds = other >= 0 ? other === one + offset : followedAt(x, p, y, q, offset);
      if (holds) {
        if (n === out.length) {
          const grown = new Int32Array(Math.max(16, out.length * 2));
          grown.set(out);
          out = grown;
        }
        out[n++] = rowid;
      }
    }
    more = first.next() && second.next();
  }
  return out.subarray(0, n);
}

/** Three trigrams or more (terms of seven characters or more): as {@link pairAt}, trigram by trigram. */
function phraseAt(candidates: Int32Array, lists: readonly Postings[], entries: ReadonlyArray<Int32Array | null>, offsets: Int32Array, out: Int32Array): number {
  const end = new Int32Array(1);
  let kept = new Int32Array(64);
  let n = 0;
  candidates: for (let c = 0; c < candidates.length; c++) {
    for (const at of entries) if (at !== null && (at[c] as number) < 0) continue candidates;
    let alive = 0;
    for (let j = 0; j < lists.length && (j === 0 || alive > 0); j++) {
      const list = lists[j] as Postings;
      const at = entries[j] as Int32Array | null;
      const s = positionList(list.bytes, list.lists[at === null ? c : (at[c] as number)] as number, end);
      if (j === 0) {
        if (kept.length < (end[0] as number) - s) kept = new Int32Array((end[0] as number) - s);
        alive = columnPositions(list.bytes, s, end[0] as number, 0, kept);
      } else alive = keepFollowed(kept, alive, offsets[j] as number, list.bytes, s, end[0] as number);
    }
    if (alive > 0) out[n++] = candidates[c] as number;
  }
  return n;
}

/**
 * Keeps those of the first `alive` positions in `kept` (ascending) that column 0 of the position list
 * bytes[start..end) has at position + `offset`; returns how many are kept (moved to the front).
 */
function keepFollowed(kept: Int32Array, alive: number, offset: number, bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  let k = 0;
  let i = start;
  let position = 0;
  // Column 0 comes first and ends at a column switch (0x01); each position is a delta + 2.
  while (i < end && k < alive) {
    let b = bytes[i++] as number;
    if (b === 0x01) break;
    let value = b & 0x7f;
    while (b >= 0x80 && i < end) {
      b = bytes[i++] as number;
      value = value * 128 + (b & 0x7f);
    }
    position += value - 2;
    const at = position - offset;
    while (k < alive && (kept[k] as number) < at) k++;
    if (k < alive && kept[k] === at) {
      kept[n++] = at;
      k++;
    }
  }
  return n;
}

/** Rowids in both ascending lists. */
export function intersectSorted(a: Int32Array, b: Int32Array): Int32Array {
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const out = new Int32Array(small.length);
  let n = 0;
  let j = 0;
  for (const r of small) {
    while (j < large.length && (large[j] as number) < r) j++;
    if (j >= large.length) break;
    if (large[j] === r) out[n++] = r;
  }
  return out.subarray(0, n);
}
