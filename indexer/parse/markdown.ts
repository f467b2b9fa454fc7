/**
 * Markdown residue in converted texts (the proposal reply came out of a Markdown conversion):
 * `#` headings, `**bold**` and `<sup>2</sup>` for square metres.
 */

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** `<sup>2</sup>` → `²`; other superscript content keeps its text without the tags. */
export function renderSuperscripts(line: string): string {
  return line.replace(/<sup>([^<]*)<\/sup>/gi, (_, content: string) =>
    /^\d+$/.test(content) ? [...content].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join('') : content,
  );
}

/** A line without its Markdown markers, and whether it was a `#` heading. */
export interface MarkdownFreeLine {
  text: string;
  /** The line was an ATX heading (`# …` to `###### …`). */
  heading: boolean;
}

/**
 * Removes Markdown markers a reader of the policy text should not see: leading `#`s and `**` bold markers, and
 * renders superscripts. Text content is left as it is.
 */
export function stripMarkdown(line: string): MarkdownFreeLine {
  const headingMatch = /^\s*#{1,6}\s+/.exec(line);
  let text = headingMatch ? line.slice(headingMatch[0].length) : line;
  // Only `**`: underscores occur in the URLs of web headers.
  text = renderSuperscripts(text).replace(/\*\*/g, '');
  return { text, heading: headingMatch !== null };
}
