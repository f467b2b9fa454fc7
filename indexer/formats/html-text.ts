/**
 * HTML → the plain text the parser reads: one line per block (paragraph, heading, list item, table cell), an
 * empty paragraph as an empty line, inline markup dropped. Shared by the web-page reader and the Word reader
 * (mammoth turns a .docx into HTML), so both end in the same lines a `.txt` of the same document has.
 */
import type { AnyNode, Element } from 'domhandler';

/**
 * Elements that start a new line. Table cells are blocks too: the parser reads a table flattened to one cell
 * per line (indexer/parse/tables.ts), which is what the text conversions of the corpus look like.
 */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot',
  'th', 'thead', 'tr', 'ul',
]);

/** Whitespace HTML collapses; the ideographic space (U+3000) and no-break space are text, kept for the parser. */
const COLLAPSIBLE = /[ \t\n\r\f]+/gu;

const EMPTY_CELL = '\u00a0';

/** The lines of an element's text (see the module comment). Leading and trailing empty lines are dropped. */
export function htmlLines(root: AnyNode): string[] {
  const lines: string[] = [];
  let current = '';
  /** True once a block has been opened and not yet given a line (an empty paragraph still counts as a line). */
  let pendingBlock = false;
  const breakLine = (block: boolean) => {
    // Only collapsible spaces are trimmed. A paragraph of ideographic spaces is where a sz.gov.cn page lost a
    // heading, and a paragraph of `&nbsp;` is an empty table cell, as the parser reads them in text files
    // (indexer/parse/normalize.ts: `lostHeading`, `whitespace`).
    const text = current.replace(COLLAPSIBLE, ' ').replace(/^ +| +$/gu, '');
    current = '';
    // `<p><br></p>`, the empty paragraph of web editors, is still one empty line.
    if (text === '' && !(block && pendingBlock)) return;
    lines.push(text);
    pendingBlock = false;
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      current += (node as unknown as { data: string }).data;
      return;
    }
    if (node.type === 'root') {
      for (const child of (node as unknown as { children: AnyNode[] }).children) walk(child);
      return;
    }
    if (node.type !== 'tag') return;
    const element = node as Element;
    const tag = element.tagName.toLowerCase();
    if (tag === 'br') {
      breakLine(false);
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) {
      breakLine(false);
      // Only leaf paragraphs may stand as empty lines; an empty wrapper <div> is layout, not a paragraph.
      pendingBlock = tag === 'p';
    }
    const linesBefore = lines.length;
    for (const child of element.children) walk(child);
    // An empty cell keeps its place in the row, as the text conversions write it: a line holding a space.
    const emptyCell = (tag === 'td' || tag === 'th') && current.trim() === '' && lines.slice(linesBefore).every((line) => line === '');
    if (emptyCell) {
      lines.length = linesBefore;
      current = EMPTY_CELL;
    }
    if (block) breakLine(true);
  };
  walk(root);
  breakLine(false);
  // Runs of empty lines are one paragraph break to the parser; keep one.
  const squeezed = lines.filter((line, i) => line !== '' || (i > 0 && lines[i - 1] !== ''));
  while (squeezed[0] === '') squeezed.shift();
  while (squeezed.at(-1) === '') squeezed.pop();
  return squeezed;
}
