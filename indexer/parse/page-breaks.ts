/**
 * Page breaks of PDF conversions: a paragraph cut mid-sentence, even mid-word (`关键核` / `心技术`), and continued
 * after blank lines. Joining the two parts back makes the split word findable again; joining must never glue a
 * heading to the paragraph under it or two real paragraphs together.
 */
import { isHeadingLine, parseLabel, startsLikeHeading } from './headings.js';
import { longerThan } from './text-length.js';

/** Closing quotes and brackets that may follow sentence-final punctuation: `。”`, `。）`. */
const CLOSERS = '"”’）」』》〕】)';
// A private-use character after the full stop is a glyph the conversion could not map, not more sentence.
const SENTENCE_END = new RegExp(`[。；！？][${CLOSERS}]*[\uE000-\uF8FF]*$`, 'u');
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['（', '）'],
  ['(', ')'],
  ['〔', '〕'],
  ['【', '】'],
];

function hasUnclosedBracket(line: string): boolean {
  return PAIRS.some(([open, close]) => line.split(open).length > line.split(close).length);
}

/**
 * True when a line ends a sentence: with `。；！？` (and closing quotes after them), with a complete
 * parenthetical note such as `（责任单位：市科技创新委）`, or with `：` introducing what follows — unless the colon
 * sits inside an unclosed bracket, as in `…（责任单位：` cut by a page break.
 */
export function endsSentence(line: string): boolean {
  if (SENTENCE_END.test(line)) return true;
  if (/[：:]$/u.test(line) || /[）)〕】]$/u.test(line)) return !hasUnclosedBracket(line);
  return false;
}

/** A responsibility note on a line of its own: `（责任单位：…）`. It belongs to the item above it. */
export function isResponsibilityNote(line: string): boolean {
  return /^[（(〔](?:责任单位|牵头单位|配合单位|主责单位)/u.test(line);
}

/** Longest title-like line (no punctuation at all) that is never taken for a cut paragraph. */
const MAX_TITLE_CHARS = 30;

/** A short line without any punctuation: a title, a signature, a table caption — never half a sentence. */
function isTitleLike(line: string): boolean {
  return parseLabel(line) === null && !longerThan(line, MAX_TITLE_CHARS) && !/[，、。；：！？,;:]/u.test(line);
}

/**
 * Whether `next` continues `prev` across a page break, so the two should be joined without a separator.
 *
 * Join when `prev` does not end a sentence, is not itself a heading or title, and `next` does not start
 * like a heading, numbered item or bullet. A responsibility note on its own line is joined to the item above
 * it even though that item's sentence ended, because every other item carries its note on the same line.
 */
export function shouldJoinAcrossBreak(prev: string, next: string): boolean {
  if (prev === '' || next === '') return false;
  // Rows of a Markdown table (cells separated by tabs) are lines of their own.
  if (prev.includes('\t') || next.includes('\t')) return false;
  if (startsLikeHeading(next)) return false;
  if (isHeadingLine(prev) || isTitleLike(prev)) return false;
  if (isResponsibilityNote(next)) return true;
  return !endsSentence(prev);
}
