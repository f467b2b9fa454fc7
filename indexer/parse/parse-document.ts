/**
 * One policy text → a document with metadata, its normalised text and its clauses. Pure: takes the decoded
 * text and the file name, returns data; never throws on odd input (missing metadata becomes null plus a
 * warning).
 *
 * The normalised text is the document's blocks joined by single newlines: header lines, the title (split
 * lines joined), the notice, headings, paragraphs and items (page breaks repaired), tables (rows on lines,
 * cells separated by tabs) and attachments. A clause's `text` is exactly `text.slice(clause.start, clause.end)`;
 * a clause of several blocks (the notice: greeting, sentence, signature, date) keeps its newlines.
 */
import type { Clause, ParsedDocument, PolicyDocument } from '../../core/types.js';
import { readBodyBlocks } from './body.js';
import type { Block } from './clauses.js';
import { outlineClauses } from './clauses.js';
import { documentId } from './document-id.js';
import { readClosing, readFrontMatter } from './front-matter.js';
import { readMetadata } from './metadata.js';
import { toSourceLines } from './normalize.js';

/** The text a block contributes to the normalised document text; a lost heading contributes nothing. */
function blockText(block: Block): string | null {
  return block.kind === 'lostHeading' ? null : block.text;
}

/** Parses one decoded source text (see the module comment). */
export function parseDocument(text: string, fileName: string): ParsedDocument {
  const lines = toSourceLines(text);
  const front = readFrontMatter(lines);
  const closing = readClosing(lines, front.bodyStart);
  const blocks: Block[] = [
    ...front.headerLines.map((line): Block => ({ kind: 'meta', text: line })),
    ...(front.topTitle !== null ? [{ kind: 'meta', text: front.topTitle } as Block] : []),
    ...front.noticeLines.map((line): Block => ({ kind: 'notice', text: line.text })),
    ...(front.policyTitle !== null ? [{ kind: 'meta', text: front.policyTitle } as Block] : []),
    ...readBodyBlocks(lines, front.bodyStart, closing.bodyEnd),
    ...closing.lines.map((line): Block => ({ kind: 'meta', text: line.text })),
  ];

  // Offsets of every block in the normalised text.
  const starts: number[] = [];
  const ends: number[] = [];
  const pieces: string[] = [];
  let offset = 0;
  for (const block of blocks) {
    const piece = blockText(block);
    if (piece !== null) {
      if (pieces.length > 0) offset += 1; // the newline before this block
      pieces.push(piece);
    }
    starts.push(offset);
    offset += piece?.length ?? 0;
    ends.push(offset);
  }
  const normalised = pieces.join('\n');

  const metadata = readMetadata(front, closing, fileName);
  const { id, warning: idWarning } = documentId({
    docNumber: metadata.docNumber,
    proposalNumber: metadata.proposalNumber,
    fileName,
  });
  const outline = outlineClauses(blocks);
  const clauses: Clause[] = outline.clauses.map((clause, ordinal) => {
    const start = starts[clause.firstBlock] as number;
    const end = ends[clause.lastBlock] as number;
    return {
      id: `${id}.${clause.localId}`,
      docId: id,
      ordinal,
      number: clause.number,
      path: clause.path,
      kind: clause.kind,
      text: normalised.slice(start, end),
      start,
      end,
    };
  });

  const { warnings: metadataWarnings, ...fields } = metadata;
  const document: PolicyDocument = { id, sourceFile: fileName, ...fields, clauseCount: clauses.length };
  const warnings = [...metadataWarnings, ...(idWarning ? [idWarning] : []), ...outline.warnings];
  if (clauses.length === 0) warnings.push('no clauses found: the text has no paragraphs after its header');
  return { document, text: normalised, clauses, warnings };
}
