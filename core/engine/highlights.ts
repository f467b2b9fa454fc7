/**
 * Highlight ranges: where the words a user searched for occur in a clause, as [start, end) offsets in
 * UTF-16 code units (JavaScript string indices), so `text.slice(start, end)` is the highlighted text.
 */

/** A [start, end) range of string indices. */
export type Range = [number, number];

/**
 * Sorts ranges and merges those that overlap or touch, so a renderer can wrap each one in `<mark>` without
 * nesting. Empty and inverted ranges are dropped.
 */
export function mergeRanges(ranges: readonly Range[]): Range[] {
  const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Range[] = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** Characters with a meaning in a regular expression outside a class (the only ones `u` mode lets us escape). */
const REGEX_SPECIAL = /[\\^$.*+?()[\]{}|/]/g;

/**
 * Every occurrence of every needle in `text`, merged. Matching ignores case the way the keyword index does
 * (Latin letters), and finds overlapping occurrences (`aa` in `aaa` covers all three letters).
 */
export function highlightRanges(text: string, needles: readonly string[]): Range[] {
  const ranges: Range[] = [];
  for (const needle of new Set(needles)) {
    if (needle === '') continue;
    // The `u` flag makes `i` use Unicode simple case folding, which never changes string length, so match
    // indices stay valid offsets into the original text.
    const pattern = new RegExp(needle.replace(REGEX_SPECIAL, '\\$&'), 'giu');
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      ranges.push([m.index, m.index + m[0].length]);
      pattern.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
    }
  }
  return mergeRanges(ranges);
}
