/**
 * A document's structure from its clauses' heading paths: the blocks to render in reading order
 * (a heading whenever the path changes, then the clause) and the outline (TOC) beside it. Pure.
 */
import type { Clause } from '../../core/types.js';

export type DocumentBlock =
  | { type: 'heading'; id: string; title: string; depth: number }
  | { type: 'clause'; clause: Clause };

export interface OutlineNode {
  /** Anchor of the heading in the document page. */
  id: string;
  title: string;
  depth: number;
  children: OutlineNode[];
}

/**
 * Interleaves headings with clauses. A heading is emitted when a clause's path differs from the previous
 * clause's at that depth; its id comes from the first clause under it, so it is stable for the same text.
 */
export function documentBlocks(clauses: readonly Clause[]): DocumentBlock[] {
  const blocks: DocumentBlock[] = [];
  let previous: readonly string[] = [];
  for (const clause of [...clauses].sort((a, b) => a.ordinal - b.ordinal)) {
    let depth = 0;
    while (depth < clause.path.length && depth < previous.length && clause.path[depth] === previous[depth]) depth++;
    for (let d = depth; d < clause.path.length; d++) {
      blocks.push({ type: 'heading', id: `h${clause.ordinal}-${d}`, title: clause.path[d] as string, depth: d });
    }
    blocks.push({ type: 'clause', clause });
    previous = clause.path;
  }
  return blocks;
}

/** The headings of `documentBlocks` as a tree. */
export function buildOutline(blocks: readonly DocumentBlock[]): OutlineNode[] {
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  for (const block of blocks) {
    if (block.type !== 'heading') continue;
    const node: OutlineNode = { id: block.id, title: block.title, depth: block.depth, children: [] };
    while (stack.length && (stack[stack.length - 1] as OutlineNode).depth >= node.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

/** The id of the heading block each clause sits under at its deepest level, for "current section" marking. */
export function sectionOf(blocks: readonly DocumentBlock[], clauseId: string): string[] {
  const open: Array<{ id: string; depth: number }> = [];
  for (const block of blocks) {
    if (block.type === 'heading') {
      while (open.length && (open[open.length - 1] as { depth: number }).depth >= block.depth) open.pop();
      open.push({ id: block.id, depth: block.depth });
    } else if (block.clause.id === clauseId) {
      return open.map((h) => h.id);
    }
  }
  return [];
}
