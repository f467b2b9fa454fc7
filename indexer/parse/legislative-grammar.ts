/**
 * The numbering of Chinese legislation, as data: divisions 编 › 分编 › 章 › 节 (headings that only group
 * articles), articles 第N条 (第N条之一 for one inserted later), and inside an article its paragraphs (款, one
 * per line), items (项, `（一）`) and sub-items (目, `1．`). Tests enumerate these tables; the parser reads
 * nothing else to know a legislative structure.
 */
import { CHINESE_NUMERAL_CHARS, chineseNumeralToNumber } from './chinese-date.js';
import { longerThan } from './text-length.js';

const N = `[${CHINESE_NUMERAL_CHARS}\\d０-９]+`;

/** A division heading style: what it is called and how deep it sits (1 is outermost). */
export interface DivisionStyle {
  /** 编, 分编, 章, 节 … as the citation names it. */
  unit: string;
  rank: number;
  /** Matches the label at the start of the heading line; group 1 is the numeral, when it has one. */
  pattern: RegExp;
  /** Only a Markdown heading is read this way (a plain line ending in 编 is too common in prose). */
  markdownOnly: boolean;
}

/**
 * Division headings, outermost first (rank 0 closes every division above it). `第一部分` groups like a 编 in codes that have parts. 民法典 split into
 * files heads each file with its 编 name alone (`# 人格权编`), so a Markdown heading ending in 编 is one too.
 */
export const DIVISION_STYLES: readonly DivisionStyle[] = [
  // An attachment (`附件一` of the Criminal Law) stands outside every 编 and 章 before it.
  { unit: '附件', rank: 0, pattern: new RegExp(`^附件(${N})?$`, 'u'), markdownOnly: false },
  { unit: '编', rank: 1, pattern: new RegExp(`^第(${N})编`, 'u'), markdownOnly: false },
  { unit: '编', rank: 1, pattern: /^\p{Script=Han}{1,8}编$/u, markdownOnly: true },
  { unit: '部分', rank: 1, pattern: new RegExp(`^第(${N})部分`, 'u'), markdownOnly: false },
  { unit: '分编', rank: 2, pattern: new RegExp(`^第(${N})分编`, 'u'), markdownOnly: false },
  { unit: '章', rank: 3, pattern: new RegExp(`^第(${N})章`, 'u'), markdownOnly: false },
  { unit: '节', rank: 4, pattern: new RegExp(`^第(${N})节`, 'u'), markdownOnly: false },
];

/**
 * Rank of a Markdown heading that is not a division (`## 序言`, `## 附则`, `## 一、一般规定` in a judicial
 * interpretation): as deep as a chapter, so it replaces the chapter above it in the path but stays under a 编.
 */
export const OTHER_HEADING_RANK = 3;

/** Longest plain (non-Markdown) line read as a division heading; longer lines are sentences. */
export const MAX_DIVISION_HEADING_CHARS = 40;

/** An article label: `第二十条`, `第一百二十条之一`; group 1 the number, group 2 the 之 number. */
export const ARTICLE_LABEL = new RegExp(`^第(${N})条(?:之(${N}))?`, 'u');

/** Items (项) and sub-items (目: `1．`, or the one-character `⒈`) inside an article, as their labels are written. */
export const ARTICLE_ITEM = new RegExp(`^[（(](${N})[）)]`, 'u');
export const ARTICLE_SUBITEM = /^(?:\d{1,3}[．.、](?!\d)|[⒈-⒛])/u;

/** A division heading read from a line. */
export interface Division {
  unit: string;
  rank: number;
  /** The heading as written, its label and title separated by one space: `第一章 总则`. */
  text: string;
}

/** Whitespace of any width between label and title, or inside a title spaced out for print (`总　　则`). */
const SPACES = /[\s\u3000]+/gu;

/**
 * The division a line heads, or null. A plain line counts only when short and not a sentence, so prose
 * that happens to start with `第三章` (`第三章规定的…。`) is not taken for a heading.
 */
export function parseDivision(line: string, markdownHeading: boolean): Division | null {
  const text = line.replace(SPACES, ' ').trim();
  for (const style of DIVISION_STYLES) {
    if (style.markdownOnly && !markdownHeading) continue;
    if (!style.pattern.test(text)) continue;
    if (!markdownHeading && (longerThan(text, MAX_DIVISION_HEADING_CHARS) || /[，。；：！？]/u.test(text))) return null;
    return { unit: style.unit, rank: style.rank, text };
  }
  return null;
}

/** An article label read from the start of a line. */
export interface ArticleLabel {
  /** As cited, without spaces: `第二十条`, `第一百二十条之一`. */
  text: string;
  number: number;
  /** The 之 number (`之一` → 1), or null. */
  sub: number | null;
  /** Length of the label in the line. */
  length: number;
}

function numeral(text: string): number | null {
  const ascii = text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return chineseNumeralToNumber(ascii);
}

/** The article label a line starts with, or null. */
export function parseArticleLabel(line: string): ArticleLabel | null {
  const match = ARTICLE_LABEL.exec(line);
  if (!match) return null;
  const number = numeral(match[1] as string);
  if (number === null || number < 1) return null;
  const sub = match[2] !== undefined ? numeral(match[2]) : null;
  return { text: match[0], number, sub, length: match[0].length };
}

/** The item (项) number a line of an article starts with (`（三）…` → 3), or null. */
export function parseItemLabel(line: string): { number: number; label: string } | null {
  const match = ARTICLE_ITEM.exec(line);
  if (!match) return null;
  const number = numeral(match[1] as string);
  return number === null || number < 1 ? null : { number, label: match[0] };
}

/** True when a line starts like legislative structure: a division heading or an article. */
export function startsLikeLegislation(line: string): boolean {
  return parseArticleLabel(line) !== null || parseDivision(line, false) !== null;
}

const SPACED_LABEL = new RegExp(`^(第${N}(?:条(?:之${N})?|编|分编|部分|章|节))[\\s\\u3000]+(\\S.*)$`, 'u');

/**
 * The line with the space after its article or division label made one ordinary space (`第一条　为了` →
 * `第一条 为了`), or null when it has no such label. The indexer's space repair would otherwise glue label
 * and text together (`第一章总则`).
 */
export function spacedLabelLine(line: string): { label: string; rest: string } | null {
  if (!line.startsWith('第')) return null;
  const match = SPACED_LABEL.exec(line);
  return match ? { label: match[1] as string, rest: match[2] as string } : null;
}
