/**
 * The body of a document as blocks: paragraphs and numbered lines (page breaks repaired), flattened tables,
 * attachments, and the places where a conversion lost a section heading.
 */
import type { Block } from './clauses.js';
import { parseLabel } from './headings.js';
import type { SourceLine } from './normalize.js';
import { shouldJoinAcrossBreak } from './page-breaks.js';
import { readTable } from './tables.js';

const ATTACHMENT_LIST = /^附件\s*[:：]/u;
const ATTACHMENT_HEADING = /^附件\s*(\d*)$/u;
const MAX_ATTACHMENT_TITLE_CHARS = 40;

/**
 * Lines of full-width spaces mark lost headings only where paragraphs otherwise follow each other without
 * blank lines (the sz.gov.cn texts). A text that separates every paragraph with such a line uses them as
 * blank lines: if they are more than a third of its lines, they are read as blank.
 */
function lostHeadingsAreReal(lines: readonly SourceLine[]): boolean {
  const marks = lines.filter((line) => line.kind === 'lostHeading').length;
  const texts = lines.filter((line) => line.kind === 'text').length;
  return marks > 0 && marks * 3 <= texts;
}

function nextTextIndex(lines: readonly SourceLine[], from: number): number {
  let i = from;
  while (i < lines.length && (lines[i] as SourceLine).kind !== 'text') i++;
  return i;
}

/**
 * The attachment list and the line after it. A numbered list (`附件：1．…`) continues on the next lines
 * (`2．…`, `3．…`), which must not be read as items of the body.
 */
function readAttachmentList(lines: readonly SourceLine[], start: number): { text: string; end: number } {
  const first = (lines[start] as SourceLine).text;
  const parts = [first];
  const firstNumber = parseLabel(first.replace(ATTACHMENT_LIST, '').trim())?.number ?? null;
  let end = start + 1;
  for (let expected = (firstNumber ?? 0) + 1; firstNumber !== null; expected++) {
    const line = lines[end];
    const label = line?.kind === 'text' ? parseLabel(line.text) : null;
    if (!line || !label || label.style !== 'arabic-dot' || label.number !== expected || /。/u.test(line.text)) break;
    parts.push(line.text);
    end++;
  }
  return { text: parts.join('\n'), end };
}

/** Reads the body lines `[start, end)` into blocks. */
export function readBodyBlocks(lines: readonly SourceLine[], start: number, end: number): Block[] {
  const body = lines.slice(0, end);
  const useLostHeadings = lostHeadingsAreReal(body.slice(start));
  const blocks: Block[] = [];
  let i = start;
  while (i < end) {
    const line = body[i] as SourceLine;
    if (line.kind === 'blank' || (line.kind === 'lostHeading' && !useLostHeadings)) {
      i++;
      continue;
    }
    if (line.kind === 'lostHeading') {
      blocks.push({ kind: 'lostHeading' });
      i++;
      continue;
    }
    if (line.kind === 'text' && ATTACHMENT_LIST.test(line.text)) {
      const list = readAttachmentList(body, i);
      blocks.push({ kind: 'attachmentList', text: list.text });
      i = list.end;
      continue;
    }
    const attachment = line.kind === 'text' ? ATTACHMENT_HEADING.exec(line.text) : null;
    if (attachment) {
      const titleIndex = nextTextIndex(body, i + 1);
      const title = body[titleIndex];
      const hasTitle =
        title !== undefined &&
        parseLabel(title.text) === null &&
        [...title.text].length <= MAX_ATTACHMENT_TITLE_CHARS &&
        !/[。；：！？]$/u.test(title.text) &&
        !/^\d/u.test(title.text);
      const path = hasTitle ? [line.text, title.text] : [line.text];
      blocks.push({ kind: 'attachment', text: path.join('\n'), number: attachment[1] ? Number(attachment[1]) : null, path });
      i = hasTitle ? titleIndex + 1 : i + 1;
      continue;
    }
    const table = readTable(body, i);
    if (table) {
      blocks.push({ kind: 'table', text: table.text });
      i = table.end;
      continue;
    }
    if (line.kind === 'text') {
      const previous = blocks[blocks.length - 1];
      if (
        previous?.kind === 'text' &&
        !previous.markdownHeading &&
        !line.markdownHeading &&
        shouldJoinAcrossBreak(previous.text, line.text)
      ) {
        previous.text += line.text;
      } else {
        blocks.push({ kind: 'text', text: line.text, markdownHeading: line.markdownHeading });
      }
    }
    i++;
  }
  return blocks;
}
