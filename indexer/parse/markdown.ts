/**
 * Markdown residue in converted texts (the proposal reply came out of a Markdown conversion; the legislation
 * texts are Markdown): `#` headings, `**bold**`, `<sup>2</sup>` for square metres, `[text](url)` links,
 * HTML comments (`<!-- INFO END -->`, `<!-- FORCE BREAK -->`) and table rows (`| a | b |`).
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
  // Most lines carry no marker at all.
  if (!MARKER_CHARS.test(line)) return { text: line, heading: false };
  const headingMatch = /^\s*#{1,6}\s+/.exec(line);
  let text = headingMatch ? line.slice(headingMatch[0].length) : line;
  // Only `**`: underscores occur in the URLs of web headers.
  text = renderSuperscripts(text)
    .replace(/\*\*/g, '')
    .replace(HTML_COMMENT, '')
    .replace(/\[([^\]]*)\]\((?:[^()\s]+)\)/gu, (_, label: string) => label);
  return { text: tableRowText(text) ?? text, heading: headingMatch !== null };
}

/** Characters every Markdown marker handled here starts with. */
const MARKER_CHARS = /[#*<[|]/u;

/** `<!-- INFO END -->` and other HTML comments: markers of the conversion, never text. */
const HTML_COMMENT = /<!--.*?-->/gu;

/** A Markdown table row as tab-separated cells; the `|---|---|` rule row becomes an empty line. */
export function tableRowText(line: string): string | null {
  const trimmed = line.trim();
  if (!/^\|.*\|$/u.test(trimmed) || trimmed.length < 2) return null;
  const cells = trimmed.slice(1, -1).split('|').map((cell) => cell.trim());
  if (cells.every((cell) => /^:?-{2,}:?$/u.test(cell))) return '';
  return cells.join('\t');
}
