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
import type { Clause, ClauseSpan, ParsedDocument, PolicyDocument } from '../../core/types.js';
import { hasArticles, outlineArticles } from './articles.js';
import type { ArticleBlockRole, NumberingException } from './articles.js';
import { readBodyBlocks } from './body.js';
import type { Block, ClauseOutline } from './clauses.js';
import { outlineClauses } from './clauses.js';
import { parseChineseDate } from './chinese-date.js';
import { documentId } from './document-id.js';
import { readClosing, readFrontMatter } from './front-matter.js';
import { NO_TITLE_WARNING, readMetadata } from './metadata.js';
import { parseDivision } from './legislative-grammar.js';
import { toSourceLines } from './normalize.js';
import type { SourceLine } from './normalize.js';
import { readPromulgation } from './promulgation.js';

/** The marker that ends the promulgation history in the Markdown texts of the legislation collection. */
const INFO_END = /^\s*<!--\s*INFO END\s*-->\s*$/u;

/** What parsing found beyond the document: the outline's numbering exceptions (texts with articles). */
export interface ParseDetails {
  exceptions: NumberingException[];
}

/**
 * Offsets of an article's paragraphs and items inside its text: a paragraph runs to the next paragraph, an
 * item to the next item or paragraph.
 */
function articleSpans(roles: readonly ArticleBlockRole[], starts: readonly number[], ends: readonly number[], base: number): ClauseSpan[] {
  const spans: ClauseSpan[] = [];
  let paragraph = 0;
  let open: ClauseSpan[] = [];
  for (const role of roles) {
    const start = (starts[role.block] as number) - base;
    const end = (ends[role.block] as number) - base;
    if (role.role === 'paragraph') {
      paragraph++;
      open = [{ kind: 'paragraph', paragraph, item: null, label: null, start, end }];
      spans.push(open[0] as ClauseSpan);
    } else if (role.role === 'item') {
      const item: ClauseSpan = { kind: 'item', paragraph: Math.max(paragraph, 1), item: role.number, label: role.label, start, end };
      spans.push(item);
      open = [...open.filter((span) => span.kind === 'paragraph'), item];
    }
    for (const span of open) span.end = end;
  }
  return spans;
}

/** `本法自2021年1月1日起施行。` in the last articles: the effective date where the history gives none. */
function effectiveDateOfArticles(texts: readonly string[]): string | null {
  for (const text of [...texts].reverse().slice(0, 5)) {
    const match = /自((?:\d{4}|[〇○零一二三四五六七八九]{4})年[^年，。]{1,6}日)起(?:施行|实施|生效)/u.exec(text);
    if (match) return parseChineseDate(match[1] as string);
  }
  return null;
}

/**
 * The part a text is when it is one part of a larger text filed on its own: 民法典 split by 编 heads each file
 * with its 编 (`# 人格权编`, `# 附则`) and starts past 第一条. A first article under a chapter (`第一章 总则`) is
 * only a text that lost its opening articles, not a part. The part that starts at 第一条 is the code itself.
 */
function partHeading(clauses: readonly ClauseOutline[]): string | null {
  const first = clauses.find((clause) => clause.kind === 'article');
  if (!first || first.localId === 'a1' || first.path.length === 0) return null;
  const top = first.path[0] as string;
  const division = parseDivision(top, true);
  if (division !== null) return division.rank >= 1 && division.rank <= 2 ? top : null;
  // A bare name such as 总则 or 附则; a numbered heading (`一、总体要求`) is a section, not a part.
  return /^\p{Script=Han}{2,8}$/u.test(top) ? top : null;
}

/** The text a block contributes to the normalised document text; a lost heading contributes nothing. */
function blockText(block: Block): string | null {
  return block.kind === 'lostHeading' ? null : block.text;
}

/** Parses one decoded source text (see the module comment). */
export function parseDocument(text: string, fileName: string): ParsedDocument {
  return parseDocumentWithDetails(text, fileName).parsed;
}

/** {@link parseDocument}, plus what the corpus tests and the index report want to know about the outline. */
export function parseDocumentWithDetails(text: string, fileName: string): { parsed: ParsedDocument; details: ParseDetails } {
  const sourceLines = toSourceLines(text);
  const rawLines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const infoEndIndex = rawLines.findIndex((line) => INFO_END.test(line));
  const front = readFrontMatter(sourceLines);
  // A 印发 notice has no promulgation history; everything else may (laws, regulations, judicial interpretations).
  const promulgation =
    front.noticeLines.length === 0 ? readPromulgation(sourceLines, front.bodyStart, infoEndIndex >= 0 ? infoEndIndex : null) : { texts: [], lineIndices: [] };
  const taken = new Set(promulgation.lineIndices);
  const lines = sourceLines.map((line): SourceLine => (taken.has(line.index) ? { ...line, kind: 'blank', text: '' } : line));
  const closing = readClosing(lines, front.bodyStart);
  const blocks: Block[] = [
    ...front.headerLines.map((line): Block => ({ kind: 'meta', text: line })),
    ...(front.topTitle !== null ? [{ kind: 'meta', text: front.topTitle } as Block] : []),
    ...promulgation.texts.map((line): Block => ({ kind: 'meta', text: line })),
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

  const withArticles = hasArticles(blocks);
  // The collection's header marker makes a text legislation even when it has no articles (`（一）…` only).
  const metadata = readMetadata(front, closing, fileName, promulgation.texts, withArticles || infoEndIndex >= 0);
  const articles = withArticles ? outlineArticles(blocks) : null;
  const outline: { clauses: ClauseOutline[]; warnings: string[] } = articles ?? outlineClauses(blocks);
  if (articles && metadata.effectiveDate === null) {
    metadata.effectiveDate = effectiveDateOfArticles(outline.clauses.map((clause) => normalised.slice(starts[clause.firstBlock], ends[clause.lastBlock])));
    if (metadata.year === null && metadata.effectiveDate) {
      metadata.year = Number(metadata.effectiveDate.slice(0, 4));
      metadata.warnings = metadata.warnings.filter((w) => !w.startsWith('no date') && !w.startsWith('no signing date'));
      metadata.warnings.push(`no adoption date in the text; the year ${metadata.year} is that of its effective date`);
    }
  }
  const { id, warning: idWarning } = documentId({
    docNumber: metadata.docNumber,
    proposalNumber: metadata.proposalNumber,
    fileName,
    title: metadata.warnings.some((w) => w.startsWith(NO_TITLE_WARNING)) ? null : metadata.title,
    history: metadata.history,
    date: metadata.date,
    effectiveDate: metadata.effectiveDate,
    part: partHeading(outline.clauses),
  });
  const roles = new Map(articles?.clauses.map((clause) => [clause.localId, clause.blocks]) ?? []);
  const clauses: Clause[] = outline.clauses.map((clause, ordinal) => {
    const start = starts[clause.firstBlock] as number;
    const end = ends[clause.lastBlock] as number;
    const blockRoles = roles.get(clause.localId);
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
      spans: blockRoles && blockRoles.length > 0 ? articleSpans(blockRoles, starts, ends, start) : [],
    };
  });

  const { warnings: metadataWarnings, ...fields } = metadata;
  const document: PolicyDocument = { id, sourceFile: fileName, ...fields, clauseCount: clauses.length };
  const warnings = [...metadataWarnings, ...(idWarning ? [idWarning] : []), ...outline.warnings];
  if (clauses.length === 0) warnings.push('no clauses found: the text has no paragraphs after its header');
  return { parsed: { document, text: normalised, clauses, warnings }, details: { exceptions: articles?.exceptions ?? [] } };
}
