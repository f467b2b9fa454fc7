/**
 * Clauses of a text with articles (法, 条例, 办法 … numbered 第一条, 第二条 …): a clause is one whole article,
 * all its paragraphs (款) and items (项) together, its number `第二十条`, its path the 编/分编/章/节 headings
 * above it as written (`第一章 总则`).
 *
 * Ids below the document id:
 * - `a20` for 第二十条 and `a120-1` for 第一百二十条之一 — the article number alone, so an id never depends on the
 *   chapter an article sits in (chapters are renumbered by amendments more often than articles);
 * - where the numbering starts again inside one text (a decision whose attachment has its own 第一条, an
 *   amendment quoting articles), the articles from the restart on are `part2.a1`, `part2.a2` …, `part3.…`;
 * - paragraphs outside any article (a preamble, 序言, the 印发 notice) are `p1`, `p2` …, tables `t1` ….
 * The same text always gives the same ids.
 */
import { isBareHeadingLine } from './headings.js';
import type { Block, ClauseOutline } from './clauses.js';
import {
  ARTICLE_SUBITEM,
  OTHER_HEADING_RANK,
  parseArticleLabel,
  parseDivision,
  parseItemLabel,
} from './legislative-grammar.js';
import type { ArticleLabel } from './legislative-grammar.js';

/** What one block of an article is: the start of a paragraph (款), of an item (项), or more of the one before. */
export type ArticleBlockRole =
  | { block: number; role: 'paragraph' }
  | { block: number; role: 'item'; number: number; label: string }
  | { block: number; role: 'continuation' };

/** An article clause: the clause outline plus the role of each block it covers. */
export interface ArticleOutline extends ClauseOutline {
  blocks: ArticleBlockRole[];
}

/** A place where article numbers do not increase, and why the parser accepted it. */
export interface NumberingException {
  /** The article label that did not follow on. */
  article: string;
  /** The label before it. */
  previous: string;
  reason: 'restart' | 'repeat' | 'gap-back';
}

export interface ArticleOutlineResult {
  clauses: ArticleOutline[];
  warnings: string[];
  exceptions: NumberingException[];
}

/** True when article `b` is the one right after `a`: 第三条 → 第四条, or 第三条 → 第三条之一 → 第三条之二. */
export function followsOn(a: ArticleLabel, b: ArticleLabel): boolean {
  if (b.sub === null) return b.number === a.number + 1;
  return b.number === a.number && b.sub === (a.sub ?? 0) + 1;
}

/**
 * True when a document's body is made of articles: two of its lines that start with an article label follow on
 * one from the other (`第一条 …` then `第二条 …`), or — in an excerpt that keeps only some articles — several
 * article lines, numbered upwards, stand under chapter or section headings (`第二章 …`). One line that happens to
 * start with `第三条` — a policy quoting the article of a law it applies — does not make a text of articles, nor
 * does a table that lists another law's articles out of order (`第151条第3款`, `第180条第4款`).
 */
export function hasArticles(blocks: readonly Block[]): boolean {
  let previous: ArticleLabel | null = null;
  let upwards = 0;
  let divisions = 0;
  for (const block of blocks) {
    if (block.kind !== 'text') continue;
    const division = parseDivision(block.text, block.markdownHeading);
    if (division && division.rank > 0) divisions++;
    const label = block.markdownHeading ? null : parseArticleLabel(block.text);
    if (label === null) continue;
    if (previous !== null && followsOn(previous, label)) return true;
    if (previous === null || compareLabels(label, previous) > 0) upwards++;
    else upwards = 1;
    previous = label;
  }
  return divisions > 0 && upwards >= 2;
}

interface Heading {
  rank: number;
  text: string;
}

function articleSegment(label: ArticleLabel): string {
  return label.sub === null ? `a${label.number}` : `a${label.number}-${label.sub}`;
}

function compareLabels(a: ArticleLabel, b: ArticleLabel): number {
  return a.number - b.number || (a.sub ?? 0) - (b.sub ?? 0);
}

/** A heading inside a text with articles: a division, any Markdown heading, or a bare `一、…` line. */
function headingOf(block: Extract<Block, { kind: 'text' }>): Heading | null {
  const division = parseDivision(block.text, block.markdownHeading);
  if (division) return { rank: division.rank, text: division.text };
  if (block.markdownHeading) return { rank: OTHER_HEADING_RANK, text: block.text.replace(/[\s\u3000]+/gu, ' ').trim() };
  if (isBareHeadingLine(block.text)) return { rank: OTHER_HEADING_RANK, text: block.text };
  return null;
}

/** Splits the blocks of a text with articles into clauses (see the module comment). */
export function outlineArticles(blocks: readonly Block[]): ArticleOutlineResult {
  const clauses: ArticleOutline[] = [];
  const warnings: string[] = [];
  const exceptions: NumberingException[] = [];
  let headings: Heading[] = [];
  let base: string[] = [];
  let part = 1;
  let previous: ArticleLabel | null = null;
  let paragraphs = 0;
  let tables = 0;
  let current: ArticleOutline | null = null;
  const path = () => [...base, ...headings.map((h) => h.text)];
  const prefix = () => (part === 1 ? '' : `part${part}.`);
  const close = () => {
    current = null;
  };
  const leaf = (kind: 'paragraph' | 'table', first: number, last: number) => {
    const localId = kind === 'table' ? `${prefix()}t${++tables}` : `${prefix()}p${++paragraphs}`;
    clauses.push({ localId, kind, number: null, path: path(), firstBlock: first, lastBlock: last, blocks: [] });
  };

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as Block;
    switch (block.kind) {
      case 'meta':
      case 'lostHeading':
        break;
      case 'notice': {
        close();
        let last = i;
        while (blocks[last + 1]?.kind === 'notice') last++;
        leaf('paragraph', i, last);
        i = last;
        break;
      }
      case 'attachment':
        close();
        base = block.path;
        headings = [];
        break;
      case 'attachmentList':
        close();
        leaf('paragraph', i, i);
        break;
      case 'table': {
        const open = current as ArticleOutline | null;
        if (open) {
          open.lastBlock = i;
          open.blocks.push({ block: i, role: 'continuation' });
        } else leaf('table', i, i);
        break;
      }
      case 'text': {
        const label = block.markdownHeading ? null : parseArticleLabel(block.text);
        if (label) {
          if (previous && compareLabels(label, previous) <= 0) {
            const reason = label.number === 1 && label.sub === null ? 'restart' : compareLabels(label, previous) === 0 ? 'repeat' : 'gap-back';
            exceptions.push({ article: label.text, previous: previous.text, reason });
            part++;
            paragraphs = 0;
            tables = 0;
            if (reason !== 'restart') warnings.push(`article ${label.text} follows ${previous.text}; it and the articles after it are numbered as part ${part}`);
          }
          previous = label;
          current = {
            localId: `${prefix()}${articleSegment(label)}`,
            kind: 'article',
            number: label.text,
            path: path(),
            firstBlock: i,
            lastBlock: i,
            blocks: [{ block: i, role: 'paragraph' }],
          };
          clauses.push(current);
          break;
        }
        const heading = headingOf(block);
        if (heading) {
          close();
          headings = headings.filter((h) => h.rank < heading.rank);
          headings.push(heading);
          break;
        }
        const open = current as ArticleOutline | null;
        if (open) {
          open.lastBlock = i;
          const item = parseItemLabel(block.text);
          const inItem = open.blocks.some((b) => b.role === 'item');
          if (item) open.blocks.push({ block: i, role: 'item', number: item.number, label: item.label });
          else if (inItem && ARTICLE_SUBITEM.test(block.text)) open.blocks.push({ block: i, role: 'continuation' });
          else open.blocks.push({ block: i, role: 'paragraph' });
          break;
        }
        leaf('paragraph', i, i);
        break;
      }
    }
  }
  return { clauses, warnings, exceptions };
}
