/**
 * Formal citations of a clause, the way staff write them in memos:
 * `《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.` for a policy item,
 * `《深圳经济特区数据条例》第二十条` for an article, and, where a keyword hit lies inside one paragraph (款) or
 * item (项) of an article, down to it: `《深圳经济特区数据条例》第二十条第二款第（三）项`.
 * Pure functions of the document and clause metadata (and, for a pinpoint, the clause's spans and the hit's
 * highlight ranges).
 */
import type { Clause, ClauseSpan, PolicyDocument } from './types.js';

const CN_DIGITS = '一二三四五六七八九十百千零〇两';

const LABEL_PATTERNS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  // 第一章 / 第三条 / 第二部分
  [new RegExp(`^(第[${CN_DIGITS}\\d]+(?:章|节|条|款|项|编|部分))`), (m) => m[1] as string],
  // 四、主要任务
  [new RegExp(`^([${CN_DIGITS}]+)\\s*[、．.]`), (m) => m[1] as string],
  // （三）优化… or (3)
  [new RegExp(`^[（(]\\s*([${CN_DIGITS}\\d]+)\\s*[）)]`), (m) => `（${m[1]}）`],
  // 1. / 1、 / 1．
  [/^(\d+)\s*[.．、]/, (m) => `${m[1]}.`],
  // ① … ⑳
  [/^([\u2460-\u2473])/, (m) => m[1] as string],
];

/**
 * The structural label at the start of a heading: `四、主要任务及分工` → `四`, `（三）优化…` → `（三）`.
 * Null for a heading without one (e.g. the policy's own title).
 */
export function headingLabel(heading: string): string | null {
  // Markdown sources keep their `#` marks and the PDFs their indents.
  const text = heading.replace(/^[#\s\u3000]+/, '');
  for (const [pattern, label] of LABEL_PATTERNS) {
    const m = text.match(pattern);
    if (m) return label(m);
  }
  return null;
}

/** An article number as it is cited: `第二十条`, `第一百二十条之一`. */
const ARTICLE_NUMBER = new RegExp(`^第[${CN_DIGITS}\\d０-９]+条(?:之[${CN_DIGITS}]+)?$`, 'u');

/** An attachment heading (`附件一`, `附件2`): articles under one restart their numbering, so it is cited. */
const ATTACHMENT_HEADING = new RegExp(`^(附件[${CN_DIGITS}\\d]*)`, 'u');

/** True when a clause is a whole article: its number is `第N条` (the parser marks it kind `article`). */
export function isArticle(clause: Pick<Clause, 'number'> & Partial<Pick<Clause, 'kind'>>): boolean {
  return clause.kind === 'article' || ARTICLE_NUMBER.test(clause.number?.trim() ?? '');
}

/**
 * The clause's position as cited: heading labels outermost first, then the clause's own number. An article
 * is cited by its number alone (`第二十条`, not `第三章第一节第二十条`): article numbers run through the whole
 * text, which is how laws are cited — only an attachment, which numbers its articles anew, is named first.
 */
export function formatPosition(clause: Pick<Clause, 'path' | 'number'> & Partial<Pick<Clause, 'kind'>>): string {
  const number = clause.number?.trim();
  if (number && isArticle(clause)) {
    const attachment = clause.path.map((heading) => ATTACHMENT_HEADING.exec(heading.trim())?.[1]).find((label) => label !== undefined);
    return `${attachment ?? ''}${number}`;
  }
  const labels = clause.path.map(headingLabel).filter((l): l is string => l !== null);
  if (number) labels.push(number);
  return labels.join('');
}

const DIGIT_NAMES = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** A number in Chinese numerals as legal citations write it: 2 → 二, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 10000) return String(n);
  if (n < 10) return DIGIT_NAMES[n] as string;
  if (n < 20) return `十${n % 10 ? DIGIT_NAMES[n % 10] : ''}`;
  const units: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十']];
  let out = '';
  let rest = n;
  let zero = false;
  for (const [value, name] of units) {
    const digit = Math.floor(rest / value);
    rest %= value;
    if (digit > 0) {
      if (zero) out += '零';
      out += `${DIGIT_NAMES[digit]}${name}`;
      zero = false;
    } else if (out !== '') zero = true;
  }
  if (rest > 0) out += `${zero ? '零' : ''}${DIGIT_NAMES[rest]}`;
  return out;
}

/** Where inside an article a citation points: one paragraph (款), or one item (项) of a paragraph. */
export interface Pinpoint {
  /** The 款, from 1. */
  paragraph: number;
  /** The 项 (（三） → 3), or null when the pinpoint is a whole paragraph. */
  item: number | null;
  /**
   * As cited after the article number: `第二款`, `第二款第（三）项`, or `第（三）项` in an article of one paragraph
   * (where there is no second 款 to tell apart).
   */
  label: string;
  /** Offsets of the paragraph or item in the clause text. */
  start: number;
  end: number;
}

function pinpointOf(spans: readonly ClauseSpan[], span: ClauseSpan): Pinpoint {
  const paragraphs = spans.filter((s) => s.kind === 'paragraph').length;
  const paragraph = paragraphs > 1 ? `第${chineseNumeral(span.paragraph)}款` : '';
  const item = span.item !== null ? `第（${chineseNumeral(span.item)}）项` : '';
  return { paragraph: span.paragraph, item: span.item, label: `${paragraph}${item}`, start: span.start, end: span.end };
}

/**
 * The paragraph or item of an article that holds every highlighted range, or null when the ranges spread
 * over more than one paragraph, when there are none, or when the clause is not an article with more than
 * the one paragraph its number already names. An item is preferred to its paragraph.
 */
export function pinpoint(clause: Pick<Clause, 'spans'>, highlights: ReadonlyArray<readonly [number, number]>): Pinpoint | null {
  if (highlights.length === 0 || clause.spans.length === 0) return null;
  const holds = (span: ClauseSpan) => highlights.every(([start, end]) => span.start <= start && end <= span.end);
  const item = clause.spans.find((span) => span.kind === 'item' && holds(span));
  if (item) return pinpointOf(clause.spans, item);
  const paragraphs = clause.spans.filter((span) => span.kind === 'paragraph');
  if (paragraphs.length < 2) return null;
  const paragraph = paragraphs.find(holds);
  return paragraph ? pinpointOf(clause.spans, paragraph) : null;
}

/**
 * The pinpoint a deep link asks for (`/c/<id>?k=2&x=3`: 款 2, 项 3), or null when the article has no such
 * paragraph or item. Without an item the whole paragraph is meant.
 */
export function pinpointAt(clause: Pick<Clause, 'spans'>, paragraph: number, item: number | null = null): Pinpoint | null {
  const span = clause.spans.find((s) => s.paragraph === paragraph && (item === null ? s.kind === 'paragraph' : s.kind === 'item' && s.item === item));
  return span ? pinpointOf(clause.spans, span) : null;
}

/** Book-title marks inside a cited title become single marks, as Chinese typography requires for nesting. */
function nestedTitle(title: string): string {
  return title.replace(/《/g, '〈').replace(/》/g, '〉');
}

/**
 * The formal citation of a clause. The document number (文号) goes in parentheses; a document without
 * one cites its proposal number instead, unless the title already carries it. A pinpoint (see
 * {@link pinpoint}) narrows an article's citation to one paragraph or item.
 */
export function formatCitation(
  document: Pick<PolicyDocument, 'title' | 'docNumber' | 'proposalNumber'>,
  clause: Pick<Clause, 'path' | 'number'> & Partial<Pick<Clause, 'kind'>>,
  point: Pick<Pinpoint, 'label'> | null = null,
): string {
  const title = `《${nestedTitle(document.title.trim())}》`;
  const reference = document.docNumber?.trim() || document.proposalNumber?.trim() || '';
  const showReference = reference !== '' && !document.title.includes(reference);
  return `${title}${showReference ? `（${reference}）` : ''}${formatPosition(clause)}${point?.label ?? ''}`;
}
