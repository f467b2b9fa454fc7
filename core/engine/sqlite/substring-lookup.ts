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
import { columnPositions, positionList } from './fts5-doclists.js';
import type { Fts5Doclists, Postings } from './fts5-doclists.js';

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
    const rowids = trigrams.postings((cover[0] as { token: string }).token).rowids;
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

/**
 * Two trigrams (terms of four to six characters): the candidates with the second trigram at `offset` past one
 * of the first's positions, written to `out`; returns how many. `entries[j][c]` is candidate c's entry in list
 * j (null: the candidates are list 0 itself). A one-byte position list (size byte 2: one position, under 126)
 * is compared directly: most clauses hold each trigram once.
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
  const end = new Int32Array(1);
  let kept = new Int32Array(64);
  let n = 0;
  for (let c = 0; c < candidates.length; c++) {
    const e = inFirst === null ? c : (inFirst[c] as number);
    const k = inSecond[c] as number;
    if (e < 0 || k < 0) continue;
    const x = la[e] as number;
    const y = lb[k] as number;
    if (a[x] === 2 && b[y] === 2) {
      if ((b[y + 1] as number) === (a[x + 1] as number) + offset) out[n++] = candidates[c] as number;
      continue;
    }
    const start = positionList(a, x, end);
    if (kept.length < (end[0] as number) - start) kept = new Int32Array((end[0] as number) - start);
    const alive = columnPositions(a, start, end[0] as number, 0, kept);
    const s = positionList(b, y, end);
    if (keepFollowed(kept, alive, offset, b, s, end[0] as number) > 0) out[n++] = candidates[c] as number;
  }
  return n;
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
