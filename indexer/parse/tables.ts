/**
 * Tables that the conversions flattened to one cell per line. They are read back as one block so a table
 * becomes one clause, not dozens of one-number clauses.
 *
 * A table's text is its rows, one per line, with cells separated by a tab (tab-separated values): readable,
 * searchable, and pasteable into a spreadsheet. Empty cells stay empty so the columns line up.
 */
import { ATTACHMENT_LINE, parseLabel } from './headings.js';
import { startsLikeLegislation } from './legislative-grammar.js';
import type { SourceLine } from './normalize.js';
import { longerThan } from './text-length.js';

/** Longest text of a cell; longer lines are paragraphs. The longest cell of the corpus has 37 characters. */
const MAX_CELL_CHARS = 40;
/** Fewest filled cells, and fewest numeric ones, for a run of short lines to count as a table. */
const MIN_CELLS = 6;
const MIN_NUMERIC_CELLS = 4;
/** Share of numeric cells among the filled ones: tables of the corpus are mostly figures. */
const MIN_NUMERIC_SHARE = 0.4;

const NUMERIC_CELL = /^[-+]?\d[\d,]*(?:\.\d+)?%?$/u;

function isNumericCell(cell: string): boolean {
  return NUMERIC_CELL.test(cell);
}

/** A line that can be a table cell: short, not a sentence, not numbered, or an empty (whitespace) cell. */
function isCellLine(line: SourceLine): boolean {
  if (line.kind === 'whitespace') return true;
  if (line.kind !== 'text' || line.markdownHeading) return false;
  const text = line.text;
  return (
    !longerThan(text, MAX_CELL_CHARS) &&
    !/[。；！？：]$/u.test(text) &&
    parseLabel(text) === null &&
    !startsLikeLegislation(text) &&
    !ATTACHMENT_LINE.test(text)
  );
}

/**
 * Splits a run of cells without row separators into rows: a row starts at each text cell followed by a
 * number (`福田区`, `28`, `170`…); the cells before the first row are the header.
 */
function splitRows(cells: string[]): string[][] {
  const starts = cells
    .map((_, i) => i)
    .filter((i) => !isNumericCell(cells[i] as string) && isNumericCell(cells[i + 1] ?? ''));
  if (starts.length < 2) return [cells];
  const rows: string[][] = [];
  if ((starts[0] as number) > 0) rows.push(cells.slice(0, starts[0]));
  starts.forEach((start, k) => rows.push(cells.slice(start, starts[k + 1] ?? cells.length)));
  return rows;
}

/** A table read from the source lines: the line index after it, and its text. */
export interface TableBlock {
  /** Index of the first source line after the table. */
  end: number;
  text: string;
  /** Number of filled cells. */
  cells: number;
}

/**
 * Reads a flattened table starting at `lines[start]`, or returns null when the lines there are not one.
 * Blank lines inside the table separate rows when the source has them (the 2013 text); otherwise rows are
 * recognised by their leading text cell (the 2010 text).
 */
export function readTable(lines: readonly SourceLine[], start: number): TableBlock | null {
  const first = lines[start];
  // A table may open with an empty cell (the top-left corner of the 2013 table).
  if (!first || !isCellLine(first)) return null;
  let end = start;
  let lastCell = start;
  while (end < lines.length) {
    const line = lines[end] as SourceLine;
    if (line.kind === 'blank') {
      end++;
      continue;
    }
    if (!isCellLine(line)) break;
    if (line.kind === 'text') lastCell = end;
    end++;
  }
  const run = lines.slice(start, lastCell + 1);
  const filled = run.filter((line) => line.kind === 'text').map((line) => line.text);
  const numeric = filled.filter(isNumericCell).length;
  if (filled.length < MIN_CELLS || numeric < MIN_NUMERIC_CELLS || numeric < filled.length * MIN_NUMERIC_SHARE) return null;

  const groups: string[][] = [[]];
  for (const line of run) {
    if (line.kind === 'blank') {
      if ((groups[groups.length - 1] as string[]).length > 0) groups.push([]);
      continue;
    }
    (groups[groups.length - 1] as string[]).push(line.text);
  }
  const rows = groups.filter((group) => group.length > 0).flatMap(splitRows);
  return { end: lastCell + 1, text: rows.map((row) => row.join('\t')).join('\n'), cells: filled.length };
}
