/**
 * Document metadata read from the text itself: title, notice title, 文号, proposal number, issuer, dates, level,
 * type and source URL; for legislation also the promulgation history, the effective date and the order number.
 * A field the text does not state is null, with a warning for the index report; nothing is guessed.
 */
import type { Level, PolicyDocument } from '../../core/types.js';
import { parseChineseDate } from './chinese-date.js';
import { legislativeFacts } from './promulgation.js';
import { docNumberPrefix } from './document-id.js';
import type { Closing, FrontMatter } from './front-matter.js';
import { docNumberOfLine, isNoticeTitle, titleFromNotice } from './front-matter.js';

/** Metadata of a document, before its id and clause count are known. */
export type DocumentMetadata = Omit<PolicyDocument, 'id' | 'sourceFile' | 'clauseCount'> & { warnings: string[] };

/**
 * Document types by the ending of a title, longest first so `指导意见` wins over `意见`.
 * A proposal reply (`…提案的回复`) is recognised separately.
 */
export const DOC_TYPES = [
  '指导意见', '实施意见', '实施方案', '工作方案', '行动方案', '行动计划', '实施细则', '管理办法', '暂行办法',
  '若干措施', '若干规定', '若干政策', '规划纲要', '修正案', '决定', '办法', '规定', '意见', '方案', '规划', '措施', '政策',
  '细则', '纲要', '条例', '通知', '通告', '公告', '批复', '报告', '函', '解释', '规则', '答复', '决议', '安排', '章程',
  '守则', '解答', '标准', '法典', '法',
] as const;

/** The document type a title names: `…指导意见（2013—2017年）` → `指导意见`, `…提案的回复` → `提案答复`. */
export function docTypeOfTitle(title: string): string | null {
  // A trailing period in brackets names the years covered, not the type.
  const bare = title.replace(/(?:（[^（）]*）|\([^()]*\))+$/u, '');
  if (/提案(?:的)?(?:回复|答复)$/u.test(bare)) return '提案答复';
  return DOC_TYPES.find((type) => bare.endsWith(type)) ?? null;
}

/**
 * Levels of government by how a body's name (or a title naming its place) begins, tried in order: national
 * names (`全国人民代表大会…`, `国务院`, `最高人民法院`, `国家…局`), a district or county (`福田区…`, `深圳市福田区…`, `上海市浦东新区…`), then the four municipalities directly under the
 * central government, which rank as provinces (`上海市人民代表大会…`), provinces and autonomous regions, cities
 * (`深圳市…`, `郑州市…`, `深圳经济特区…`), and a ministry named alone (`公安部`, `海关总署`).
 */
export const LEVEL_RULES: ReadonlyArray<{ level: Level; pattern: RegExp }> = [
  // National names first: `国家市场监督管理总局` is not a city named 国家市.
  { level: '国家', pattern: /^(?:中华人民共和国|中国|全国人民代表大会|全国人大|国务院|最高人民法院|最高人民检察院|中央|中共中央|国家|政务院)/u },
  // A body that names its level relative to its place: `市十四届人大常委会`, `县人民代表大会`.
  { level: '区', pattern: /^(?:区|县)(?:第|人民|人大)/u },
  { level: '市', pattern: /^市(?:第|人民|人大|\p{Script=Han}{1,2}届)/u },
  { level: '省', pattern: /^省(?:第|人民|人大)/u },
  { level: '区', pattern: /^\p{Script=Han}{2,12}自治县/u },
  { level: '区', pattern: /^(?:\p{Script=Han}{2,3}省)?(?:\p{Script=Han}{2,3}市)?\p{Script=Han}{2,3}[区县](?!域)/u },
  { level: '省', pattern: /^(?:北京|天津|上海|重庆)市/u },
  { level: '省', pattern: /^\p{Script=Han}{2,3}省|^\p{Script=Han}{2,8}自治区/u },
  { level: '市', pattern: /^\p{Script=Han}{2,4}市|^\p{Script=Han}{2,8}自治州|^深圳经济特区|^深圳/u },
  { level: '国家', pattern: /^\p{Script=Han}{1,8}(?:部|总署|总局|银行|委员会)$/u },
];

/** Level of government of an issuing body or of the place a title names; null when no rule fits. */
export function levelOfIssuer(issuer: string): Level | null {
  return LEVEL_RULES.find((rule) => rule.pattern.test(issuer))?.level ?? null;
}

/**
 * Provinces and provincial-level municipalities as titles name them without 省/市 (`上海港口条例`,
 * `浙江…`). A local regulation always names its place in its title.
 */
export const PROVINCE_NAMES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏',
  '宁夏', '新疆', '香港', '澳门',
] as const;

/**
 * Level of a law or regulation from its title when its history names no body: the place it names, else
 * 国家 — Chinese local legislation always carries its region in its title, national legislation does not
 * (`中华人民共和国…法`, `…条例` of the State Council, `最高人民法院关于…`).
 */
export function levelOfLegislationTitle(title: string): Level {
  const named = levelOfIssuer(title);
  if (named) return named;
  const province = PROVINCE_NAMES.find((name) => title.startsWith(name));
  if (province) return ['北京', '天津', '上海', '重庆'].includes(province) || !/^\p{Script=Han}{2,4}市/u.test(title) ? '省' : '市';
  return '国家';
}

/** How the warning for a text without a title starts (the file name then stands in for the title). */
export const NO_TITLE_WARNING = 'no title found';

/** A version date in a file name: `行政复议法(2023-09-01).md`. */
const FILE_NAME_DATE = /[（(](\d{4})-(\d{2})-(\d{2})[）)]/u;

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
export function readMetadata(
  front: FrontMatter,
  closing: Closing,
  fileName: string,
  promulgation: readonly string[] = [],
  /** The text is made of articles (第N条): read as legislation even without a history. */
  legislative = false,
): DocumentMetadata {
  const warnings: string[] = [];
  const facts = promulgation.length > 0 ? legislativeFacts(promulgation) : null;
  const header = front.header;
  const infoName = header.get('信息名称') || null;

  const noticeTitle = front.topTitle && isNoticeTitle(front.topTitle) ? front.topTitle : infoName && isNoticeTitle(infoName) ? infoName : null;
  const noticeSentence = front.noticeLines.find((line) => line.kind === 'notice')?.text ?? null;
  let title =
    (noticeTitle ? titleFromNotice(noticeTitle, noticeSentence) : null) ?? front.topTitle ?? front.policyTitle ?? infoName;
  if (!title) {
    title = fileName.replace(/\.[^.]*$/u, '');
    warnings.push(`${NO_TITLE_WARNING}; the file name "${title}" stands in for it`);
  }

  const proposalNumber = proposalNumberOfTitle(title);
  const docNumber =
    (header.get('文号') ? docNumberOfLine(header.get('文号') as string) : null) ??
    front.noticeLines.map((line) => docNumberOfLine(line.text)).find((value) => value !== null) ??
    null;
  // Laws and regulations carry an order number or none, not a 文号.
  if (!docNumber && !proposalNumber && !facts) warnings.push('no 文号 (document number) found');

  const signature = [...front.noticeLines, ...closing.lines].find((line) => line.kind === 'signature')?.text ?? null;
  const issuer =
    facts?.issuer ??
    signature ??
    (header.get('发布机构') || header.get('发文机关') || null) ??
    (noticeTitle ? issuerOfNoticeTitle(noticeTitle) : null);
  if (!issuer) warnings.push('no issuer (signing body or 发布机构) found');

  const dateLine = [...front.noticeLines, ...closing.lines].find((line) => line.kind === 'date')?.text ?? null;
  // A web page's table may date the document (成文日期 on gov.cn, 发文日期 elsewhere) where the text has no date line.
  const headerDate = header.get('成文日期') || header.get('发文日期') || null;
  const date = facts?.date ?? (dateLine ? parseChineseDate(dateLine) : null) ?? (headerDate ? parseChineseDate(headerDate) : null);
  let year = date ? Number(date.slice(0, 4)) : null;
  const effectiveDate = facts?.effectiveDate ?? null;
  if (!date && effectiveDate) {
    year = Number(effectiveDate.slice(0, 4));
    warnings.push(`no adoption date in the text; the year ${year} is that of its effective date`);
  } else if (!date) {
    const named = FILE_NAME_DATE.exec(fileName);
    if (named) {
      year = Number(named[1]);
      warnings.push(`no date in the text; the year ${year} is taken from the file name`);
    } else warnings.push(facts ? 'no date in the promulgation history' : 'no signing date found');
  }

  const publishedText = header.get('发布日期');
  const publishedDate = publishedText ? parseChineseDate(publishedText) : null;
  if (publishedText && !publishedDate) warnings.push(`发布日期 "${publishedText}" is not a date`);

  const level =
    (issuer ? levelOfIssuer(issuer) : null) ??
    (docNumber ? docNumberPrefix(docNumber)?.level : null) ??
    (facts || legislative ? levelOfLegislationTitle(title) : levelOfIssuer(title));
  if (!level) warnings.push('level (国家, 省, 市 or 区) could not be told from the issuer, 文号 or title');

  const docType = docTypeOfTitle(title);
  if (!docType) warnings.push(`document type not recognised from the title "${title}"`);

  return {
    title,
    noticeTitle,
    docNumber,
    proposalNumber,
    issuer,
    date,
    effectiveDate,
    history: facts?.history ?? [],
    orderNumber: facts?.orderNumber ?? null,
    publishedDate,
    year,
    level,
    docType,
    sourceUrl: front.sourceUrl,
    warnings,
  };
}
