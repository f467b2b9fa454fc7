/**
 * Line-level text repair: what the web, Word and PDF conversions broke, fixed without rewriting content.
 * Byte order mark, CRLF, full-width-space indentation, Markdown residue, and the stray spaces conversions put
 * between Chinese characters and numbers (`占地面积 3.28 万平方米` → `占地面积3.28万平方米`).
 */
import { spacedDateLine } from './chinese-date.js';
import { spacedLabelLine } from './legislative-grammar.js';
import { stripMarkdown } from './markdown.js';

const HAN = /\p{Script=Han}/u;
/** Spaces a conversion may leave inside a line: ASCII, no-break and ideographic (full-width) space. */
const SPACE_RUN = /[ \u00A0\u3000]+/gu;
/** Characters of a Latin/number token next to Chinese text: `5G`, `3.28`, `TFT—LCD`, `GDP`, `8.8%`. */
const TOKEN_CHAR = /[A-Za-z0-9.%+\-—²³]/u;

function isHan(char: string | undefined): boolean {
  return char !== undefined && HAN.test(char);
}

function tokenBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && TOKEN_CHAR.test(text[start - 1] as string)) start--;
  return text.slice(start, end);
}

function tokenAfter(text: string, start: number): string {
  let end = start;
  while (end < text.length && TOKEN_CHAR.test(text[end] as string)) end++;
  return text.slice(start, end);
}

/**
 * Numbers and abbreviations (`2020`, `5G`, `GDP`, `SI WORLD`) are glued to Chinese text; lower-case words
 * are not, because they are English words the text quotes (`国家 and 地区`, an artefact that stays as written),
 * and neither is a list label such as `81. `, whose space belongs to the label.
 */
function gluesToChinese(token: string): boolean {
  return /[0-9A-Z]/.test(token) && !token.endsWith('.');
}

/**
 * Removes spaces that separate Chinese characters from each other or from numbers and abbreviations:
 * `2020 年 8 月 10 日` → `2020年8月10日`, `印发 深圳` → `印发深圳`, `占 GDP 比重` → `占GDP比重`.
 * Spaces between Latin words (`SI WORLD`, `TA 20200005`) and around punctuation stay.
 */
export function removeStraySpaces(line: string): string {
  return line.replace(SPACE_RUN, (space, offset: number, whole: string) => {
    const before = whole[offset - 1];
    const afterIndex = offset + space.length;
    const after = whole[afterIndex];
    if (before === undefined || after === undefined) return space;
    if (isHan(before) && isHan(after)) return '';
    if (isHan(before) && gluesToChinese(tokenAfter(whole, afterIndex))) return '';
    if (isHan(after) && gluesToChinese(tokenBefore(whole, offset))) return '';
    return space;
  });
}

/**
 * Leading and trailing whitespace of any kind, including the full-width indentation of web texts and the
 * zero-width spaces some conversions leave on otherwise empty lines.
 */
const EDGE_SPACE = /^[\s\u3000\uFEFF\u200B-\u200D\u2060]+|[\s\u3000\uFEFF\u200B-\u200D\u2060]+$/gu;

/** A source line after repair: Markdown removed, spacing fixed, trimmed. */
export interface RepairedLine {
  text: string;
  /** The source line was a Markdown `#` heading. */
  markdownHeading: boolean;
}

/** Repairs one source line (see the module comment). */
export function repairLine(raw: string): RepairedLine {
  const { text, heading } = stripMarkdown(raw);
  const trimmed = text.replace(EDGE_SPACE, '');
  // `第一章 总则`, `第一条 为了…`: the space after a legislative label is part of how the text is written.
  const labelled = spacedLabelLine(trimmed);
  if (labelled) return { text: `${labelled.label} ${removeStraySpaces(labelled.rest)}`, markdownHeading: heading };
  // `2021年6月29日 深圳市…通过`: a history line keeps the space between its date and the act.
  const dated = spacedDateLine(trimmed);
  if (dated) return { text: `${dated.date} ${removeStraySpaces(dated.rest)}`, markdownHeading: heading };
  return { text: removeStraySpaces(trimmed), markdownHeading: heading };
}

/**
 * What a source line is, before any structure is read:
 * - `text`: has content;
 * - `blank`: empty;
 * - `whitespace`: only ASCII spaces or tabs (an empty table cell when inside a table);
 * - `lostHeading`: only full-width spaces. In the texts taken from sz.gov.cn pages, paragraphs follow each
 *   other without blank lines and the section headings (一、…) were lost in the conversion, leaving an
 *   indented empty line where each heading stood.
 */
export type SourceLineKind = 'text' | 'blank' | 'whitespace' | 'lostHeading';

export interface SourceLine {
  /** 0-based line number in the source file. */
  index: number;
  kind: SourceLineKind;
  /** Repaired text; empty unless `kind` is `text`. */
  text: string;
  markdownHeading: boolean;
}

/** Splits a decoded source text into repaired lines (BOM and CRLF removed). */
export function toSourceLines(source: string): SourceLine[] {
  const lines = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return lines.map((raw, index): SourceLine => {
    const { text, markdownHeading } = repairLine(raw);
    if (text !== '') return { index, kind: 'text', text, markdownHeading };
    let kind: SourceLineKind = 'blank';
    if (/^[\u3000]+[ \t]*$/u.test(raw)) kind = 'lostHeading';
    else if (/^[ \t\u00A0]+$/u.test(raw)) kind = 'whitespace';
    return { index, kind, text: '', markdownHeading: false };
  });
}
