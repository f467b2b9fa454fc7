/**
 * What a result shows of its clause: the whole text when it is short, else a window that starts a
 * little before the first highlight, so the matched words are always visible.
 */

export interface Snippet {
  text: string;
  /** Highlights shifted into `text`. */
  highlights: Array<[number, number]>;
  /** True when text was cut at the start / end (the view adds an ellipsis). */
  clippedStart: boolean;
  clippedEnd: boolean;
}

/** Texts up to this many UTF-16 units are shown whole. */
export const SNIPPET_LENGTH = 180;
/** How much text to keep before the first highlight, so the match reads in context. */
const LEAD = 40;

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Moves an offset off the middle of a surrogate pair. */
function safeOffset(text: string, at: number): number {
  return at > 0 && at < text.length && isLowSurrogate(text.charCodeAt(at)) ? at - 1 : at;
}

export function makeSnippet(
  text: string,
  highlights: ReadonlyArray<readonly [number, number]>,
  length = SNIPPET_LENGTH,
): Snippet {
  if (text.length <= length) {
    return { text, highlights: highlights.map(([s, e]) => [s, e]), clippedStart: false, clippedEnd: false };
  }
  const firstStart = highlights.length ? Math.min(...highlights.map(([s]) => s)) : 0;
  let start = Math.max(0, Math.min(firstStart - LEAD, text.length - length));
  start = safeOffset(text, start);
  const end = safeOffset(text, Math.min(text.length, start + length));
  const shifted = highlights
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]) => [Math.max(s, start) - start, Math.min(e, end) - start] as [number, number]);
  return { text: text.slice(start, end), highlights: shifted, clippedStart: start > 0, clippedEnd: end < text.length };
}
