/**
 * What surrounds the policy itself: the web page header (URL line, 索引号, 发布机构, 发布日期, 信息名称, 文号 …),
 * the title (which conversions split over several lines), the 印发 notice that wraps a policy (greeting,
 * notice sentence, signature, date, 文号), the policy's own title line, and a closing signing block
 * (issuer, date, contact) at the end of a letter such as a proposal reply.
 */
import { isDateLine } from './chinese-date.js';
import { DOC_NUMBER } from './document-id.js';
import { parseLabel } from './headings.js';
import type { SourceLine } from './normalize.js';
import { longerThan } from './text-length.js';

/**
 * Keys of the header block of government pages converted to text (`文   号` arrives as `文号` after space repair),
 * in the order the web-page reader writes them.
 */
export const HEADER_KEYS = [
  '索引号', '信息分类', '主题分类', '发布机构', '发文机关', '成文日期', '发文日期', '发布日期', '信息名称', '标题', '文号', '关键词',
] as const;
const HEADER_LINE = new RegExp(`^(${HEADER_KEYS.join('|')})\\s*[:：]\\s*(.*)$`, 'u');
const URL_LINE = /^https?:\/\/\S+$/u;

/** A 文号 standing alone on a line, possibly after `文号：`. */
const DOC_NUMBER_LINE = new RegExp(`^(?:文号\\s*[:：]\\s*)?(${DOC_NUMBER.source})$`, 'u');

/** Endings of the name of an office that signs a document. */
const ISSUER_ENDING = /(?:人民政府|政府|办公厅|办公室|委员会|委|局|办|厅|署|中心|院|部|会|所)$/u;

/** Most lines a title is split over by a conversion (the 2013 notice title uses three). */
const MAX_TITLE_LINES = 4;
const MAX_GREETING_CHARS = 40;
const MAX_SIGNATURE_CHARS = 25;

/** The 文号 in a line that holds nothing else, or null. */
export function docNumberOfLine(line: string): string | null {
  const match = DOC_NUMBER_LINE.exec(line);
  return match ? (match[1] as string) : null;
}

/** A line holding only the name of an office: `深圳市人民政府`, `福田区科创创新局`. */
export function isSignatureLine(line: string): boolean {
  return /^[\p{Script=Han}（）]+$/u.test(line) && !longerThan(line, MAX_SIGNATURE_CHARS) && ISSUER_ENDING.test(line);
}

/** The greeting of a notice or letter: `各区人民政府，市政府直属各单位：`, `尊敬的徐飙委员：`. */
export function isGreetingLine(line: string): boolean {
  return /[：:]$/u.test(line) && !longerThan(line, MAX_GREETING_CHARS) && !/[。；]/u.test(line);
}

function bracketsOpen(text: string): boolean {
  const count = (char: string) => text.split(char).length - 1;
  return count('《') > count('》') || count('“') > count('”') || count('（') > count('）');
}

function isTitleStart(line: SourceLine): boolean {
  const text = line.text;
  return (
    line.kind === 'text' &&
    parseLabel(text) === null &&
    !isDateLine(text) &&
    docNumberOfLine(text) === null &&
    !/[。；！？：:]$/u.test(text) &&
    !URL_LINE.test(text) &&
    !HEADER_LINE.test(text)
  );
}

/** Kinds of line in the 印发 notice that wraps a policy. */
export type NoticeLineKind = 'date' | 'docNumber' | 'greeting' | 'notice' | 'signature';

export interface NoticeLine {
  kind: NoticeLineKind;
  text: string;
}

/** Everything above the body of a text. */
export interface FrontMatter {
  sourceUrl: string | null;
  /** Header fields by key (`发布日期` → `2018-11-13`). */
  header: ReadonlyMap<string, string>;
  /** Header lines as they appear in the normalised text, the URL line first. */
  headerLines: string[];
  /** The title at the top (a notice title or the document's own), its split lines joined; null when there is none. */
  topTitle: string | null;
  /** The 印发 notice lines, in order; empty when the text is not wrapped in a notice. */
  noticeLines: NoticeLine[];
  /** The policy's own title line after the notice, its split lines joined; null when absent. */
  policyTitle: string | null;
  /** Index of the first source line of the body. */
  bodyStart: number;
}

function classifyNoticeLine(text: string): NoticeLineKind | null {
  if (isDateLine(text)) return 'date';
  if (docNumberOfLine(text) !== null) return 'docNumber';
  if (isGreetingLine(text)) return 'greeting';
  if (/印发/u.test(text) && /。$/u.test(text)) return 'notice';
  if (isSignatureLine(text)) return 'signature';
  return null;
}

function nextText(lines: readonly SourceLine[], from: number): number {
  let i = from;
  while (i < lines.length && (lines[i] as SourceLine).kind !== 'text') i++;
  return i;
}

/**
 * The policy title announced by a notice: the first 《…》 of the notice sentence or of the notice title, else
 * what stands between 印发 and 的通知 (`关于印发深圳国家自主创新示范区建设实施方案的通知`).
 */
export function titleFromNotice(noticeTitle: string, noticeSentence: string | null): string | null {
  for (const text of [noticeSentence, noticeTitle]) {
    const quoted = text ? /《([^《》]+)》/u.exec(text) : null;
    if (quoted) return quoted[1] as string;
  }
  const between = /印发(.+?)(?:的)?通知$/u.exec(noticeTitle);
  return between ? (between[1] as string) : null;
}

/** True when a title is the 印发 notice wrapping a policy rather than the policy itself. */
export function isNoticeTitle(title: string): boolean {
  return /印发/u.test(title) && /通知$/u.test(title);
}

/** Reads the front matter of a text (see the module comment). */
export function readFrontMatter(lines: readonly SourceLine[]): FrontMatter {
  const header = new Map<string, string>();
  const headerLines: string[] = [];
  let sourceUrl: string | null = null;
  let i = nextText(lines, 0);

  const first = lines[i];
  if (first && URL_LINE.test(first.text)) {
    sourceUrl = first.text;
    headerLines.push(first.text);
    i++;
  }
  for (; i < lines.length; i++) {
    const line = lines[i] as SourceLine;
    const match = line.kind === 'text' ? HEADER_LINE.exec(line.text) : null;
    if (!match) break;
    header.set(match[1] as string, (match[2] as string).trim());
    headerLines.push(line.text);
  }
  i = nextText(lines, i);

  let topTitle: string | null = null;
  const start = lines[i];
  if (start && isTitleStart(start)) {
    topTitle = start.text;
    i++;
    // A title split by the conversion continues while a bracket or quote it opened is still open.
    for (let taken = 1; taken < MAX_TITLE_LINES && bracketsOpen(topTitle); taken++) {
      const next = nextText(lines, i);
      const line = lines[next];
      if (!line || !isTitleStart(line)) break;
      topTitle += line.text;
      i = next + 1;
    }
  }

  const wrapped = (topTitle !== null && isNoticeTitle(topTitle)) || isNoticeTitle(header.get('信息名称') ?? '');
  const noticeLines: NoticeLine[] = [];
  if (wrapped) {
    for (let next = nextText(lines, i); next < lines.length; next = nextText(lines, i)) {
      const text = (lines[next] as SourceLine).text;
      const kind = classifyNoticeLine(text);
      if (kind === null) break;
      noticeLines.push({ kind, text });
      i = next + 1;
    }
  }

  let policyTitle: string | null = null;
  const noticeTitle = topTitle !== null && isNoticeTitle(topTitle) ? topTitle : header.get('信息名称') ?? null;
  const expected = wrapped && noticeTitle ? titleFromNotice(noticeTitle, noticeLines.find((l) => l.kind === 'notice')?.text ?? null) : null;
  if (expected) {
    // The policy title may itself be split: `加速推动…指导意见` / `（2013—2017年）`.
    let joined = '';
    for (let next = nextText(lines, i), taken = 0; next < lines.length && taken < MAX_TITLE_LINES; next = nextText(lines, next + 1), taken++) {
      joined += (lines[next] as SourceLine).text;
      if (!expected.startsWith(joined)) break;
      if (joined === expected) {
        policyTitle = joined;
        i = next + 1;
        break;
      }
    }
  }

  return { sourceUrl, header, headerLines, topTitle, noticeLines, policyTitle, bodyStart: i };
}

/** Kinds of line in a closing signing block. */
export type ClosingLineKind = 'date' | 'signature' | 'contact';

export interface ClosingLine {
  kind: ClosingLineKind;
  text: string;
}

/** The signing block at the end of a letter, and where the body ends. */
export interface Closing {
  /** Closing lines in source order; empty when the text ends with its body. */
  lines: ClosingLine[];
  /** Index of the source line after the last line of the body. */
  bodyEnd: number;
}

const CONTACT_LINE = /^[（(]?\s*(?:联系人|联系电话|联系方式)/u;

function classifyClosingLine(text: string): ClosingLineKind | null {
  if (isDateLine(text)) return 'date';
  if (CONTACT_LINE.test(text)) return 'contact';
  if (isSignatureLine(text)) return 'signature';
  return null;
}

/**
 * Reads the closing signing block (`福田区科创创新局` / `2020年8月10日` / `(联系人: …)`) from the end of the
 * text. It is metadata, not a clause: the issuer and date it holds go into the document's metadata.
 */
export function readClosing(lines: readonly SourceLine[], bodyStart: number): Closing {
  const found: ClosingLine[] = [];
  let bodyEnd = lines.length;
  for (let i = lines.length - 1; i >= bodyStart; i--) {
    const line = lines[i] as SourceLine;
    if (line.kind !== 'text') continue;
    const kind = classifyClosingLine(line.text);
    if (kind === null) break;
    found.unshift({ kind, text: line.text });
    bodyEnd = i;
  }
  if (!found.some((line) => line.kind === 'date' || line.kind === 'signature')) return { lines: [], bodyEnd: lines.length };
  return { lines: found, bodyEnd };
}
