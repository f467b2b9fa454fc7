/**
 * The lines of a PDF's text layer → paragraphs, one per line. A PDF has no paragraphs, only placed lines: a
 * paragraph of the document wraps over several of them and over page breaks. A line continues the paragraph
 * above it unless one of these says otherwise:
 * - the line above stops short of the right margin (its paragraph ended there);
 * - the line is indented (a first line: GB/T 9704 indents paragraphs by two characters);
 * - a wider gap than the line pitch lies above it (paragraph spacing or an empty paragraph);
 * - it starts like a heading, article or item (`第五条`, `（二）`, `一、`) and the line above ends a sentence.
 * Page numbers (`- 3 -`, `第 3 页`) at the top or bottom of a page are dropped. When in doubt a line is kept
 * apart: the parser joins a sentence cut by a line break (indexer/parse/page-breaks.ts), it cannot split one.
 * Pure: takes positions, returns text.
 */
import { startsLikeHeading } from '../parse/headings.js';
import { endsSentence } from '../parse/page-breaks.js';

/** One line of text as placed on a page (PDF units, y growing upwards). */
export interface PlacedLine {
  text: string;
  x: number;
  right: number;
  y: number;
  /** Font size: the width of a Chinese character. */
  size: number;
}

/** Page-number lines: `- 3 -`, `— 3 —`, `第 3 页`, `第3页 共9页`, `3 / 9`; a bare `3` only centred on the page. */
const PAGE_NUMBER = /^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/u;
const BARE_NUMBER = /^\d{1,4}$/u;

/** How far short of the right margin a wrapped line may stop, in characters (line-breaking rules keep `，` off a line start). */
const WRAP_SLACK_CHARS = 2;
/** An indent of at least this many characters starts a paragraph. */
const MIN_INDENT_CHARS = 1;
/** Least share of the page's width of text (between equal side margins) that full lines span. */
const MIN_TEXT_WIDTH = 0.6;
/** A gap above a line wider than this many line pitches is a paragraph break. */
const PARAGRAPH_GAP = 1.4;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
}

/** Latin letters and digits on both sides of a wrap are separate words: `SI` / `WORLD`. */
function joiner(before: string, after: string): string {
  return /[A-Za-z0-9]$/u.test(before) && /^[A-Za-z0-9]/u.test(after) ? ' ' : '';
}

/** A page: its width and its lines, top to bottom. */
export interface PlacedPage {
  width: number;
  lines: PlacedLine[];
}

/**
 * True for a page number. A bare number must sit in the middle of the page: the first or last line of a page
 * may also be a figure of a table (`9500`).
 */
function isPageNumber(line: PlacedLine, width: number): boolean {
  const text = line.text.trim();
  if (PAGE_NUMBER.test(text)) return true;
  return BARE_NUMBER.test(text) && Math.abs((line.x + line.right) / 2 - width / 2) < line.size * 2;
}

/** Drops page numbers from the first and last line of each page. */
function withoutPageNumbers(pages: readonly PlacedPage[]): PlacedLine[][] {
  return pages.map(({ width, lines }) => lines.filter((line, i) => !((i === 0 || i === lines.length - 1) && isPageNumber(line, width))));
}

/** The text of a PDF's lines, one paragraph per line (see the module comment). */
export function paragraphsOfLines(pagesIn: readonly PlacedPage[]): string {
  const pages = withoutPageNumbers(pagesIn).map((lines) => lines.filter((line) => line.text.trim() !== ''));
  const all = pages.flat();
  if (all.length === 0) return '';
  const size = median(all.map((line) => line.size));
  const left = quantile(all.map((line) => line.x), 0.1);
  // Most lines of a text are full: their right edge is the margin. A text of short lines only (a table, a list)
  // has no full line, so the margin is never taken nearer than 60 % of the page's width of text.
  const width = median(pagesIn.map((page) => page.width));
  const margin = Math.max(quantile(all.map((line) => line.right), 0.9), left + MIN_TEXT_WIDTH * (width - 2 * left));
  const pitches = pages.flatMap((lines) => lines.slice(1).map((line, i) => (lines[i] as PlacedLine).y - line.y)).filter((d) => d > 0);
  const pitch = median(pitches) || size * 1.5;

  const out: string[] = [];
  let paragraph = '';
  let previous: PlacedLine | null = null;
  for (const lines of pages) {
    lines.forEach((line, i) => {
      const text = line.text.trim();
      const samePage = i > 0;
      const gap = samePage && previous ? previous.y - line.y : pitch;
      const startsParagraph =
        previous === null ||
        previous.right < margin - WRAP_SLACK_CHARS * size ||
        line.x > left + MIN_INDENT_CHARS * size ||
        gap > PARAGRAPH_GAP * pitch ||
        (startsLikeHeading(text) && endsSentence(paragraph));
      if (startsParagraph) {
        if (previous !== null) out.push(paragraph);
        paragraph = text;
      } else paragraph += joiner(paragraph, text) + text;
      previous = line;
    });
  }
  out.push(paragraph);
  return `${out.join('\n')}\n`;
}
