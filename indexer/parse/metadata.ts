/**
 * Document metadata read from the text itself: title, notice title, 文号, proposal number, issuer, dates, level,
 * type and source URL. A field the text does not state is null, with a warning for the index report; nothing
 * is guessed.
 */
import type { Level, PolicyDocument } from '../../core/types.js';
import { parseChineseDate } from './chinese-date.js';
import { docNumberPrefix } from './document-id.js';
import type { Closing, FrontMatter } from './front-matter.js';
import { docNumberOfLine, isNoticeTitle, titleFromNotice } from './front-matter.js';

/** Metadata of a document, before its id and clause count are known. */
export type DocumentMetadata = Omit<PolicyDocument, 'id' | 'sourceFile' | 'clauseCount'> & { warnings: string[] };

/**
 * Document types by the ending of a title, longest first so `指导意见` wins over `意见`.
 * A proposal reply (`…提案的回复`) is recognised separately.
 */
const DOC_TYPES = [
  '指导意见', '实施意见', '实施方案', '工作方案', '行动方案', '行动计划', '实施细则', '管理办法', '暂行办法',
  '若干措施', '若干规定', '若干政策', '规划纲要', '决定', '办法', '规定', '意见', '方案', '规划', '措施', '政策',
  '细则', '纲要', '条例', '通知', '通告', '公告', '批复', '报告', '函',
] as const;

/** The document type a title names: `…指导意见（2013—2017年）` → `指导意见`, `…提案的回复` → `提案答复`. */
export function docTypeOfTitle(title: string): string | null {
  // A trailing period in brackets names the years covered, not the type.
  const bare = title.replace(/(?:（[^（）]*）|\([^()]*\))+$/u, '');
  if (/提案(?:的)?(?:回复|答复)$/u.test(bare)) return '提案答复';
  return DOC_TYPES.find((type) => bare.endsWith(type)) ?? null;
}

/**
 * Level of government of an issuer: a district office (`福田区人民政府办公室`, `深圳市福田区…`) is 区, the city
 * (`深圳市人民政府`) is 市; null for anything else.
 */
export function levelOfIssuer(issuer: string): Level | null {
  if (/^(?:深圳市)?\p{Script=Han}{2,3}区/u.test(issuer)) return '区';
  if (/^深圳市?/u.test(issuer)) return '市';
  return null;
}

/** A proposal number such as `TA 20200005` in the title of a proposal reply. */
export function proposalNumberOfTitle(title: string): string | null {
  if (!/提案/u.test(title)) return null;
  return /[A-Z]{1,4}\s?\d{6,10}/u.exec(title)?.[0] ?? null;
}

/** The issuer named before 关于/印发 in a notice title: `福田区人民政府办公室关于印发…` → `福田区人民政府办公室`. */
function issuerOfNoticeTitle(noticeTitle: string): string | null {
  return /^(\p{Script=Han}+?)(?:关于)?印发/u.exec(noticeTitle)?.[1] ?? null;
}

/** Reads the metadata of a document from its front matter and closing block. */
export function readMetadata(front: FrontMatter, closing: Closing, fileName: string): DocumentMetadata {
  const warnings: string[] = [];
  const header = front.header;
  const infoName = header.get('信息名称') || null;

  const noticeTitle = front.topTitle && isNoticeTitle(front.topTitle) ? front.topTitle : infoName && isNoticeTitle(infoName) ? infoName : null;
  const noticeSentence = front.noticeLines.find((line) => line.kind === 'notice')?.text ?? null;
  let title =
    (noticeTitle ? titleFromNotice(noticeTitle, noticeSentence) : null) ?? front.topTitle ?? front.policyTitle ?? infoName;
  if (!title) {
    title = fileName.replace(/\.[^.]*$/u, '');
    warnings.push(`no title found; the file name "${title}" stands in for it`);
  }

  const proposalNumber = proposalNumberOfTitle(title);
  const docNumber =
    (header.get('文号') ? docNumberOfLine(header.get('文号') as string) : null) ??
    front.noticeLines.map((line) => docNumberOfLine(line.text)).find((value) => value !== null) ??
    null;
  if (!docNumber && !proposalNumber) warnings.push('no 文号 (document number) found');

  const signature = [...front.noticeLines, ...closing.lines].find((line) => line.kind === 'signature')?.text ?? null;
  const issuer = signature ?? (header.get('发布机构') || header.get('发文机关') || null) ?? (noticeTitle ? issuerOfNoticeTitle(noticeTitle) : null);
  if (!issuer) warnings.push('no issuer (signing body or 发布机构) found');

  const dateLine = [...front.noticeLines, ...closing.lines].find((line) => line.kind === 'date')?.text ?? null;
  const date = dateLine ? parseChineseDate(dateLine) : null;
  if (!date) warnings.push('no signing date found');

  const publishedText = header.get('发布日期');
  const publishedDate = publishedText ? parseChineseDate(publishedText) : null;
  if (publishedText && !publishedDate) warnings.push(`发布日期 "${publishedText}" is not a date`);

  const level = (issuer ? levelOfIssuer(issuer) : null) ?? (docNumber ? docNumberPrefix(docNumber)?.level : null) ?? null;
  if (!level) warnings.push('level (市 or 区) could not be told from the issuer or 文号');

  const docType = docTypeOfTitle(title);
  if (!docType) warnings.push(`document type not recognised from the title "${title}"`);

  return {
    title,
    noticeTitle,
    docNumber,
    proposalNumber,
    issuer,
    date,
    publishedDate,
    year: date ? Number(date.slice(0, 4)) : null,
    level,
    docType,
    sourceUrl: front.sourceUrl,
    warnings,
  };
}
