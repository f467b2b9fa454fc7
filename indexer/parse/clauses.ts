/**
 * Clauses along a document's own hierarchy, with ids a deep link can rely on.
 *
 * A clause is the smallest numbered item, or a paragraph where there is no numbering, or a whole table.
 * A heading with no text of its own (`一、指导思想`, `（三）优化综合创新生态体系。`) is not a clause: it goes into
 * the `path` of the clauses under it. A numbered line that carries text (`（一）加强组织领导。深圳国家…`) is a
 * clause whose number is its label.
 *
 * Ids are the structural position under the document id:
 * - `s4` for section 四 (sections whose heading the conversion lost, and un-numbered Markdown headings, are
 *   counted on in order);
 * - `s3.2` for sub-section （二） of section 三, `s3.2.1` for item 1． under it, one more number per deeper
 *   level (`s3.3.2.1` for （1）);
 * - `p1`, `p2` for un-numbered paragraphs and `t1` for tables, counted within their parent;
 * - `a1` for an attachment (附件); paragraphs before the first section (the notice, the preamble) and the
 *   attachment list after the body are `p1`, `p2`, … under no section.
 * A greeting (`尊敬的徐飙委员：`) shares a clause with the paragraph it opens, and the notice lines (greeting,
 * notice sentence, signature, date, 文号) form one clause: signature and date lines are not clauses of their own.
 * Where items are numbered on through a whole section across its sub-sections (items 1–109 of section 四 of
 * 深府〔2015〕54号 run through （一）–（六）), the number alone identifies the item, so the sub-section is left out:
 * item 81 is `s4.81`. The same text always gives the same ids.
 */
import type { ClauseKind } from '../../core/types.js';
import { isGreetingLine } from './front-matter.js';
import { isHeadingText, itemTitle, parseLabel } from './headings.js';
import type { Label } from './headings.js';

/**
 * One block of a document, in source order. Every block but a lost heading is one piece of the normalised
 * text; clauses are made of blocks.
 */
export type Block =
  /** Shown but not a clause: header lines, titles, a closing signing block. */
  | { kind: 'meta'; text: string }
  /** A line of the 印发 notice; consecutive notice lines form one clause. */
  | { kind: 'notice'; text: string }
  /** A paragraph, heading or numbered item (page breaks already repaired). */
  | { kind: 'text'; text: string; markdownHeading: boolean }
  /** Where a section heading was lost in the conversion (see `SourceLineKind`); has no text. */
  | { kind: 'lostHeading' }
  | { kind: 'table'; text: string }
  /** The list of attachments at the end of the body (`附件：1．…`). */
  | { kind: 'attachmentList'; text: string }
  /** The start of an attachment: `附件` or `附件2`, with its title line if it has one. */
  | { kind: 'attachment'; text: string; number: number | null; path: string[] };

/** A clause as positions in the block list; the caller turns blocks into text and offsets. */
export interface ClauseOutline {
  /** Id below the document id, e.g. `s4.81`. */
  localId: string;
  kind: ClauseKind;
  number: string | null;
  path: string[];
  /** First and last block (inclusive) the clause covers. */
  firstBlock: number;
  lastBlock: number;
}

type ContainerRole = 'root' | 'section' | 'heading' | 'item' | 'attachment';

interface ClauseInfo {
  kind: ClauseKind;
  label: string | null;
  path: string[];
  firstBlock: number;
  lastBlock: number;
}

/** A part of the document that can hold clauses. An item is a clause and may also hold deeper items. */
interface Container {
  type: 'container';
  role: ContainerRole;
  /** 0 for the root and attachments, else the numbering level (1 for `一、`). */
  level: number;
  number: number | null;
  /** What this container adds to the path of the clauses inside it. */
  pathTexts: string[];
  children: OutlineNode[];
  /** The item's own clause (items only). */
  clause: ClauseInfo | null;
}

interface Leaf {
  type: 'leaf';
  clause: ClauseInfo;
}

type OutlineNode = Container | Leaf;

function container(role: ContainerRole, level: number, number: number | null, pathTexts: string[]): Container {
  return { type: 'container', role, level, number, pathTexts, children: [], clause: null };
}

type TextBlock = Extract<Block, { kind: 'text' }>;

/** Heading or item: decided by the line and by what follows it. */
function isBareHeading(label: Label, block: TextBlock, next: Block | undefined): boolean {
  if (block.markdownHeading) return true;
  if (!isHeadingText(label.rest)) return false;
  // A short numbered line is a heading only when content follows it: a paragraph, a table or deeper items.
  // Followed by a sibling or a higher level (`5．建立…落户福田。` then `（三）…`), it is a short item.
  if (!next) return false;
  if (next.kind === 'table') return true;
  if (next.kind !== 'text' || next.markdownHeading) return false;
  const nextLabel = parseLabel(next.text);
  return nextLabel === null || nextLabel.level > label.level;
}

/** Builds the outline tree, in document order. */
function buildTree(blocks: readonly Block[]): Container {
  const root = container('root', 0, null, []);
  let stack: Container[] = [root];
  let lastSection = 0;
  let lastAttachment = 0;
  const top = () => stack[stack.length - 1] as Container;
  const path = () => stack.flatMap((c) => c.pathTexts);
  const addLeaf = (kind: ClauseKind, firstBlock: number, lastBlock: number) =>
    top().children.push({ type: 'leaf', clause: { kind, label: null, path: path(), firstBlock, lastBlock } });
  const open = (c: Container) => {
    top().children.push(c);
    stack.push(c);
  };
  // Un-numbered paragraphs after items belong to the enclosing heading (the reply's closing summaries of a
  // section), so items are closed first.
  const closeItems = () => {
    while (top().role === 'item') stack.pop();
  };
  // The root and attachments (level 0) are never closed by a heading.
  const closeTo = (level: number) => {
    while (top().level >= level && top().level > 0) stack.pop();
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    switch (block.kind) {
      case 'meta':
        break;
      case 'notice': {
        let last = i;
        while (blocks[last + 1]?.kind === 'notice') last++;
        stack = [root];
        addLeaf('paragraph', i, last);
        i = last;
        break;
      }
      case 'lostHeading':
        stack = [root];
        open(container('section', 1, ++lastSection, []));
        break;
      case 'attachment':
        lastAttachment = block.number ?? lastAttachment + 1;
        lastSection = 0;
        stack = [root];
        open(container('attachment', 0, lastAttachment, block.path));
        break;
      case 'attachmentList':
        stack = [root];
        addLeaf('paragraph', i, i);
        break;
      case 'table':
        closeItems();
        addLeaf('table', i, i);
        break;
      case 'text': {
        const label = parseLabel(block.text);
        if (label === null && block.markdownHeading) {
          closeTo(1);
          open(container('section', 1, ++lastSection, [block.text]));
        } else if (label !== null) {
          closeTo(label.level);
          if (label.level === 1) lastSection = label.number;
          if (isBareHeading(label, block, blocks[i + 1])) {
            open(container(label.level === 1 ? 'section' : 'heading', label.level, label.number, [block.text]));
          } else {
            const item = container('item', label.level, label.number, [itemTitle(block.text)]);
            item.clause = { kind: 'item', label: label.text, path: path(), firstBlock: i, lastBlock: i };
            open(item);
          }
        } else {
          closeItems();
          let last = i;
          const next = blocks[i + 1];
          // A greeting (`尊敬的徐飙委员：`) opens the paragraph after it; alone it is not worth a clause.
          if (top().role === 'root' && isGreetingLine(block.text) && next?.kind === 'text' && !next.markdownHeading && !parseLabel(next.text)) {
            last = i + 1;
          }
          addLeaf('paragraph', i, last);
          i = last;
        }
        break;
      }
    }
  }
  return root;
}

/**
 * True when the sub-sections of a container only group items numbered on through all of them (1–19, 20–59,
 * 60–85 …): then the item number alone identifies an item within the container.
 */
function itemsRunOnThrough(parent: Container): boolean {
  const children = parent.children.filter((child): child is Container => child.type === 'container');
  const headings = children.filter((child) => child.role === 'heading');
  if (headings.length < 2 || children.some((child) => child.role === 'item')) return false;
  const numbers: number[] = [];
  const levels = new Set<number>();
  let groupsWithItems = 0;
  for (const heading of headings) {
    const nested = heading.children.filter((child): child is Container => child.type === 'container');
    if (nested.some((child) => child.role !== 'item')) return false;
    if (nested.length > 0) groupsWithItems++;
    for (const item of nested) {
      levels.add(item.level);
      numbers.push(item.number as number);
    }
  }
  return groupsWithItems >= 2 && levels.size === 1 && numbers.every((n, k) => n === (numbers[0] as number) + k);
}

interface Scope {
  prefix: string;
  paragraphs: number;
  tables: number;
}

function joinId(prefix: string, segment: string): string {
  return prefix ? `${prefix}.${segment}` : segment;
}

function segmentOf(c: Container): string {
  if (c.role === 'attachment') return `a${c.number}`;
  if (c.level === 1) return `s${c.number}`;
  return String(c.number);
}

function outline(clause: ClauseInfo, localId: string): ClauseOutline {
  return {
    localId,
    kind: clause.kind,
    number: clause.label,
    path: clause.path,
    firstBlock: clause.firstBlock,
    lastBlock: clause.lastBlock,
  };
}

function assignIds(parent: Container, scope: Scope, out: ClauseOutline[]): void {
  const transparent = itemsRunOnThrough(parent);
  for (const child of parent.children) {
    if (child.type === 'leaf') {
      const segment = child.clause.kind === 'table' ? `t${++scope.tables}` : `p${++scope.paragraphs}`;
      out.push(outline(child.clause, joinId(scope.prefix, segment)));
      continue;
    }
    if (transparent && child.role === 'heading') {
      // Its paragraphs and tables count on in the parent's scope, so ids stay unique.
      assignIds(child, scope, out);
      continue;
    }
    const id = joinId(scope.prefix, segmentOf(child));
    if (child.clause) out.push(outline(child.clause, id));
    assignIds(child, { prefix: id, paragraphs: 0, tables: 0 }, out);
  }
}

/** Clauses of a document, in document order, and warnings about its structure. */
export interface OutlineResult {
  clauses: ClauseOutline[];
  warnings: string[];
}

/** Splits a document's blocks into clauses (see the module comment for the id scheme). */
export function outlineClauses(blocks: readonly Block[]): OutlineResult {
  const clauses: ClauseOutline[] = [];
  assignIds(buildTree(blocks), { prefix: '', paragraphs: 0, tables: 0 }, clauses);
  clauses.sort((a, b) => a.firstBlock - b.firstBlock);
  // A text that numbers two items alike (a typo such as two （二）) would give two clauses one id;
  // later ones get a suffix so every id still names exactly one clause.
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  for (const clause of clauses) {
    const count = (seen.get(clause.localId) ?? 0) + 1;
    seen.set(clause.localId, count);
    if (count > 1) {
      warnings.push(`two clauses are numbered as ${clause.localId}; the later one is ${clause.localId}-${count}`);
      clause.localId = `${clause.localId}-${count}`;
    }
  }
  return { clauses, warnings };
}
