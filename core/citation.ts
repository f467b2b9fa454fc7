/**
 * Formal citations of a clause, the way staff write them in memos:
 * `《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.`
 * Pure functions of the document and clause metadata.
 */
import type { Clause, PolicyDocument } from './types.js';

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

/** The clause's position as cited: heading labels outermost first, then the clause's own number. */
export function formatPosition(clause: Pick<Clause, 'path' | 'number'>): string {
  const labels = clause.path.map(headingLabel).filter((l): l is string => l !== null);
  const number = clause.number?.trim();
  if (number) labels.push(number);
  return labels.join('');
}

/** Book-title marks inside a cited title become single marks, as Chinese typography requires for nesting. */
function nestedTitle(title: string): string {
  return title.replace(/《/g, '〈').replace(/》/g, '〉');
}

/**
 * The formal citation of a clause. The document number (文号) goes in parentheses; a document without
 * one cites its proposal number instead, unless the title already carries it.
 */
export function formatCitation(
  document: Pick<PolicyDocument, 'title' | 'docNumber' | 'proposalNumber'>,
  clause: Pick<Clause, 'path' | 'number'>,
): string {
  const title = `《${nestedTitle(document.title.trim())}》`;
  const reference = document.docNumber?.trim() || document.proposalNumber?.trim() || '';
  const showReference = reference !== '' && !document.title.includes(reference);
  return `${title}${showReference ? `（${reference}）` : ''}${formatPosition(clause)}`;
}
