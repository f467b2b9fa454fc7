/**
 * Character counts for length limits. A limit counts characters (code points), not UTF-16 units, but
 * spreading every line into code points is the parser's most expensive habit on long texts: a string of
 * `n` units holds between n/2 and n code points, so most lines are decided without counting.
 */

/** True when `text` has more than `max` characters. */
export function longerThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  return [...text].length > max;
}
