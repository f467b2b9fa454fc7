/**
 * A government web page saved from a browser (`.html`/`.htm`) → the article text, headed by the page's
 * metadata table written as the `索引号: …` header lines that the front matter reads from pages already
 * converted to text (indexer/parse/front-matter.ts). Navigation, scripts, share bars and footers are dropped.
 * Uses cheerio (htmlparser2 underneath), a maintained, forgiving parser for the broken markup of CMS pages.
 */
import * as cheerio from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { HEADER_KEYS } from '../parse/front-matter.js';
import { decodeSourceFile } from '../source-file.js';
import { htmlLines } from './html-text.js';
import type { ExtractedText } from './read-source.js';

/**
 * Labels of the metadata tables of government pages, by the header key the front matter knows. gov.cn
 * writes 发文机关 / 发文字号 / 成文日期 / 标题; sz.gov.cn and most provinces 发布机构 / 文号 / 发文日期 / 信息名称.
 */
export const PAGE_LABELS: ReadonlyArray<{ labels: readonly string[]; key: (typeof HEADER_KEYS)[number] }> = [
  { labels: ['索引号'], key: '索引号' },
  { labels: ['主题分类', '主题词'], key: '主题分类' },
  { labels: ['信息分类'], key: '信息分类' },
  { labels: ['发布机构', '发文机关', '发文单位'], key: '发布机构' },
  { labels: ['成文日期'], key: '成文日期' },
  { labels: ['发文日期'], key: '发文日期' },
  { labels: ['发布日期', '公开日期'], key: '发布日期' },
  { labels: ['信息名称', '标题'], key: '信息名称' },
  { labels: ['文号', '发文字号'], key: '文号' },
];

/** Parts of a page that are never the article: scripts, navigation, forms, footers, share and print bars. */
export const DROPPED_SELECTORS = [
  'script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'canvas', 'form', 'button', 'select', 'input',
  'textarea', 'nav', 'footer', 'header', '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[hidden]',
  '[class*=nav]', '[id*=nav]', '[class*=menu]', '[id*=menu]', '[class*=footer]', '[id*=footer]', '[class*=breadcrumb]',
  '[class*=crumb]', '[class*=share]', '[id*=share]', '[class*=print]', '[class*=sidebar]', '[class*=toolbar]',
] as const;

/**
 * Containers of the article text in the content systems of Chinese government sites (TRS, UCAP, Hanweb) and in
 * plain HTML5, most specific first. A page matching none falls back to the element holding the most paragraph text.
 */
export const ARTICLE_SELECTORS = [
  '#UCAP-CONTENT', '.pages_content', '#zoom', '.zoom', '.TRS_Editor', '.TRS_UEDITOR', '.article-content',
  '.article_content', '.news_content', '#content', '.content', 'article', 'main',
] as const;

/** Fewest Chinese characters an article body has; fewer is a list, search or error page. */
const MIN_BODY_HAN = 20;

const HAN = /\p{Script=Han}/gu;

function hanCount(text: string): number {
  return text.match(HAN)?.length ?? 0;
}

/** Label text without the spaces pages pad it with (`索 引 号：`, `标　　题：`) and without its colon. */
function bareLabel(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/gu, '').replace(/[:：]$/u, '');
}

function keyOfLabel(label: string): string | null {
  return PAGE_LABELS.find((entry) => entry.labels.includes(label))?.key ?? null;
}

function cellText($: CheerioAPI, element: Element): string {
  return $(element).text().replace(/[\s\u00a0]+/gu, ' ').trim();
}

/** Text of the nodes after a label inside the same element: `<p><b>发布日期：</b>2018-11-13</p>`. */
function textAfter($: CheerioAPI, cell: Element): string {
  let text = '';
  for (let node = cell.nextSibling; node; node = node.nextSibling) text += $(node).text();
  return text.replace(/[\s\u00a0]+/gu, ' ').trim();
}

/**
 * The page's metadata table: a cell holding a known label (`发文机关：`) and the next cell (or the text after it)
 * its value, or one cell holding both (`发布日期：2018-11-13`). Table cells are read anywhere, other elements only
 * outside the article. Cells read are removed, so the table never ends up as article text.
 */
function readMetadataTable($: CheerioAPI, body: AnyNode): Map<string, string> {
  const found = new Map<string, string>();
  const inBody = (element: Element) => $(element).closest(body as Element).length > 0;
  const cells = $('td, th, dt, dd, li, span, label, strong, b, p, div')
    .toArray()
    .filter((cell) => $(cell).children('td, th, li, p, div, table, tr').length === 0)
    // Inside the article only table cells: a paragraph or bold run there is text (`文号：深府〔2015〕54号`).
    .filter((cell) => ['td', 'th'].includes(cell.tagName) || !inBody(cell));
  for (const cell of cells) {
    if (!cell.parent) continue; // removed with an earlier cell
    const text = cellText($, cell);
    const alone = keyOfLabel(bareLabel(text));
    const both = alone ? null : /^([^:：]{1,8})[:：]\s*(.+)$/u.exec(text);
    if (alone) {
      const valueCell = $(cell).next();
      const value = valueCell.length > 0 ? cellText($, valueCell[0] as Element) : textAfter($, cell);
      if (value === '' || keyOfLabel(bareLabel(value)) !== null) continue;
      if (!found.has(alone)) found.set(alone, value);
      if (valueCell.length > 0) valueCell.remove();
      else $(cell).parent().remove();
      $(cell).remove();
    } else if (both) {
      const key = keyOfLabel(bareLabel(both[1] as string));
      if (!key) continue;
      if (!found.has(key)) found.set(key, (both[2] as string).trim());
      $(cell).remove();
    }
  }
  return found;
}

/** The address the page was saved from: the browser's `saved from url` mark, the canonical link or og:url. */
function sourceUrlOf($: CheerioAPI, html: string): string | null {
  const saved = /<!--\s*saved from url=\(\d+\)(https?:\/\/[^\s>]+)\s*-->/iu.exec(html)?.[1];
  const linked = $('link[rel=canonical]').attr('href') ?? $('meta[property="og:url"]').attr('content');
  const url = saved ?? linked ?? null;
  return url && /^https?:\/\/\S+$/u.test(url) ? url : null;
}

/** The element that holds the article: a known container with text, else the parent of the most paragraph text. */
function articleBody($: CheerioAPI): AnyNode | null {
  for (const selector of ARTICLE_SELECTORS) {
    const match = $(selector)
      .toArray()
      .find((element) => hanCount($(element).text()) >= MIN_BODY_HAN);
    if (match) return match;
  }
  const byParent = new Map<AnyNode, number>();
  for (const paragraph of $('p').toArray()) {
    const parent = paragraph.parent;
    if (parent) byParent.set(parent, (byParent.get(parent) ?? 0) + hanCount($(paragraph).text()));
  }
  const [best] = [...byParent.entries()].sort((a, b) => b[1] - a[1]);
  return best && best[1] >= MIN_BODY_HAN ? best[0] : null;
}

/** The page title: the article heading, else the document title without its site suffix (`…_深圳市人民政府门户网站`). */
function titleOf($: CheerioAPI): string | null {
  const heading = $('h1').first().text().replace(/[\s\u00a0]+/gu, ' ').trim();
  if (heading) return heading;
  const title = $('title').first().text().trim().split(/\s*(?:[_|]|\s-\s)\s*/u)[0] ?? '';
  return title || null;
}

/** Reads a saved web page (see the module comment). */
export async function readHtmlPage(bytes: Buffer, fileName: string): Promise<ExtractedText> {
  const decoded = decodeSourceFile(bytes, fileName);
  if (!decoded.ok) return decoded;
  const html = decoded.text;
  const $ = cheerio.load(html);
  const sourceUrl = sourceUrlOf($, html);
  $(DROPPED_SELECTORS.join(', ')).remove();
  const body = articleBody($);
  if (!body) {
    return {
      ok: false,
      reason: `${fileName} has no article body: no element of the page holds paragraphs of text (looked for ${ARTICLE_SELECTORS.join(', ')} and <p> paragraphs); save the page that shows the document itself, not a list or search page`,
    };
  }
  const metadata = readMetadataTable($, body);
  const title = titleOf($);
  // The heading may sit inside the article container; it is the title line, not a paragraph.
  const lines = htmlLines(body);
  if (title && lines[0] === title) lines.shift();
  const header = [...(sourceUrl ? [sourceUrl] : []), ...HEADER_KEYS.filter((key) => metadata.has(key)).map((key) => `${key}: ${metadata.get(key)}`)];
  // Where the table names the document, the front matter takes its title from 信息名称; otherwise the heading is the title line.
  const titleLines = title && !metadata.has('信息名称') ? [title, ''] : [];
  const warnings = [...decoded.warnings];
  if (metadata.size === 0) warnings.push('the page has no metadata table (索引号, 发布机构, 文号 …); metadata comes from the text alone');
  return { ok: true, text: [...header, ...(header.length > 0 ? [''] : []), ...titleLines, ...lines, ''].join('\n'), warnings };
}
