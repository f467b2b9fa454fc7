/**
 * The numbering of Chinese official documents and how deep each kind sits:
 * `一、` (1) › `（一）` (2) › `1．` / `1.` / `1、` (3) › `（1）` (4) › `①` (5).
 * The style decides the level, not Markdown: the proposal reply marks its `一、` headings with `##`, `###`
 * and `####` at random.
 */
import { CHINESE_NUMERAL_CHARS, chineseNumeralToNumber } from './chinese-date.js';
import { startsLikeLegislation } from './legislative-grammar.js';
import { longerThan } from './text-length.js';

export type LabelStyle = 'chinese-comma' | 'chinese-paren' | 'arabic-dot' | 'arabic-paren' | 'circled';

/** A numbering label at the start of a line. */
export interface Label {
  style: LabelStyle;
  /** 1 for `一、` down to 5 for `①`. */
  level: number;
  number: number;
  /** The label as written, without trailing space: `一、`, `（三）`, `81.`, `1．`. */
  text: string;
  /** The line after the label (and the space that may follow it). */
  rest: string;
}

const CN = `[${CHINESE_NUMERAL_CHARS}]+`;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

const PATTERNS: ReadonlyArray<{ style: LabelStyle; level: number; pattern: RegExp }> = [
  { style: 'chinese-comma', level: 1, pattern: new RegExp(`^(${CN})、`, 'u') },
  { style: 'chinese-paren', level: 2, pattern: new RegExp(`^[（(](${CN})[）)]`, 'u') },
  // `3.28万` is a number, not item 3: the dot must not be followed by a digit.
  { style: 'arabic-dot', level: 3, pattern: /^(\d{1,3})[．.、](?!\d)/u },
  { style: 'arabic-paren', level: 4, pattern: /^[（(](\d{1,3})[）)]/u },
  { style: 'circled', level: 5, pattern: new RegExp(`^([${CIRCLED}])`, 'u') },
];

/** The numbering label a line starts with, or null. */
export function parseLabel(line: string): Label | null {
  for (const { style, level, pattern } of PATTERNS) {
    const match = pattern.exec(line);
    if (!match) continue;
    const numeral = match[1] as string;
    const number = style === 'circled' ? CIRCLED.indexOf(numeral) + 1 : chineseNumeralToNumber(numeral);
    if (number === null || number < 1) continue;
    return { style, level, number, text: match[0], rest: line.slice(match[0].length).trimStart() };
  }
  return null;
}

/**
 * Longest heading text, in characters. Measured on the corpus: the longest heading is 37 characters
 * (`（二）重点突出新一代信息通讯技术…及总部`); an item cut by a page break carries at least two printed lines
 * (47 characters and more), so it is never mistaken for a heading.
 */
export const MAX_HEADING_CHARS = 40;

/** Characters a heading never ends with; a line ending with one was cut mid-sentence. */
const CONTINUING_END = /[，、,和或与及等的]$/u;

/**
 * True when the text after a label reads as a heading title, not as the body of an item: short, no sentence
 * inside it (a final `。` is allowed: `（一）指导思想。`), and not ending mid-phrase.
 */
export function isHeadingText(rest: string): boolean {
  if (rest === '' || longerThan(rest, MAX_HEADING_CHARS)) return false;
  if (/[。；！？]/u.test(rest.replace(/。$/u, ''))) return false;
  return !CONTINUING_END.test(rest);
}

/** True when the line is a numbered heading with no text of its own (`一、指导思想`, `（三）优化综合创新生态体系。`). */
export function isHeadingLine(line: string): boolean {
  const label = parseLabel(line);
  return label !== null && isHeadingText(label.rest);
}

/**
 * True when the line is a top-level numbered heading (`一、一般规定`): in a text with articles such a line groups
 * articles like a chapter; deeper labels there are items of an article.
 */
export function isBareHeadingLine(line: string): boolean {
  const label = parseLabel(line);
  return label !== null && label.level === 1 && isHeadingText(label.rest);
}

/** An attachment line: `附件`, `附件2`, `附件：…`. */
export const ATTACHMENT_LINE = /^附件\s*\d*(?:$|[:：])/u;

/**
 * A dash bullet, as in `——坚持创新驱动、服务发展。`: always the start of a paragraph. A single dash is not one:
 * it also joins ranges (`2013—2017年`) that a page break may cut.
 */
const DASH_BULLET = /^(?:——|――)/u;

/**
 * True when a line starts like a new block: a numbering label, an article or division of legislation
 * (`第五条`, `第二章`), an attachment line or a dash bullet.
 */
export function startsLikeHeading(line: string): boolean {
  return parseLabel(line) !== null || startsLikeLegislation(line) || ATTACHMENT_LINE.test(line) || DASH_BULLET.test(line);
}

/**
 * The short title of an item, for the path of clauses nested under it: the label plus its first sentence
 * (`（一）加强组织领导。`), or the whole line when it has none.
 */
export function itemTitle(line: string): string {
  const end = line.search(/[。；]/u);
  return end === -1 ? line : line.slice(0, end + 1);
}
