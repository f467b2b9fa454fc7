/**
 * Which documents are versions of one work. Two documents are versions of one work when their titles agree
 * once version marks are taken off (`中华人民共和国民事诉讼法（2017年修正）` = `民事诉讼法`) and their issuers
 * agree once the office that drafted for the body is taken off (`全国人民代表大会常务委员会` = `全国人民代表大会`).
 * Pure: the rules are tables, tested case by case in test/work-identity.test.ts.
 */
import { createHash } from 'node:crypto';

const CN_NUMERAL = '〇零一二三四五六七八九十';

/**
 * Bracketed version marks at the end of a title, taken off before comparing. Period brackets such as
 * `（2013—2017年）` are NOT version marks: a plan for 2013–2017 and one for 2018–2022 are different plans,
 * neither amends the other. 试行/暂行 stay too: a 试行 text is a work of its own, which the final text
 * repeals explicitly (`《…（试行）》同时废止`).
 */
export const VERSION_SUFFIXES: readonly RegExp[] = [
  // （2018年修正） （2018年修订） （2018年修订版） （2018年版）. A bare year is not one: 宪法修正案（1988年） and
  // 宪法修正案（1993年） are two amendments, both in force.
  new RegExp(`[（(]\\s*(?:\\d{4}|[${CN_NUMERAL}]{4})\\s*年?\\s*(?:第[${CN_NUMERAL}\\d]+次)?\\s*(?:修正|修订|修改|修正本|修订本|修正版|修订版|版|本)\\s*[）)]$`, 'u'),
  // （修正） （修订） （修订版）
  /[（(]\s*(?:修正|修订|修改)(?:本|版)?\s*[）)]$/u,
  // (2017-09-01): the version date LawRefBook puts in file names, in a title taken from a file name
  /[（(]\s*\d{4}-\d{2}-\d{2}\s*[）)]$/u,
];

/** Prefixes a title may carry or omit: `中华人民共和国行政复议法` is cited as `《行政复议法》`. */
export const OPTIONAL_TITLE_PREFIXES: readonly string[] = ['中华人民共和国'];

/** Spaces of every width, zero-width marks and the title marks themselves (a title cited inside 《》 or 〈〉). */
const IGNORED_IN_TITLES = /[\s\u3000\u200b-\u200d\ufeff《》〈〉<>「」]/gu;

/** Half-width brackets compare equal to full-width ones. */
function fullWidthBrackets(text: string): string {
  return text.replace(/\(/g, '（').replace(/\)/g, '）');
}

/**
 * A title with version marks, spaces, title marks and optional prefixes taken off: what versions of one work
 * share. `《中华人民共和国行政复议法（2017年修正）》` → `行政复议法`.
 */
export function normaliseTitle(title: string): string {
  // NFKC folds full-width digits (２０１８) and turns full-width brackets half-width; compare on full-width.
  let key = fullWidthBrackets(title.normalize('NFKC').replace(IGNORED_IN_TITLES, ''));
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of VERSION_SUFFIXES) {
      const stripped = key.replace(suffix, '');
      if (stripped !== key && stripped.length > 0) {
        key = stripped;
        changed = true;
      }
    }
  }
  for (const prefix of OPTIONAL_TITLE_PREFIXES) {
    if (key.startsWith(prefix) && key.length > prefix.length) key = key.slice(prefix.length);
  }
  return key;
}

/**
 * Endings of an issuer that name the office acting for a body, taken off before comparing: a law adopted by
 * 全国人民代表大会 and amended by its 常务委员会 is still one law; a 市政府 policy re-issued by its 办公厅 one policy.
 */
export const ISSUER_OFFICE_SUFFIXES: readonly string[] = ['常务委员会', '常委会', '办公厅', '办公室'];

/** The issuer as versions of one work share it, or null when unknown. */
export function normaliseIssuer(issuer: string | null): string | null {
  if (issuer === null) return null;
  let key = issuer.normalize('NFKC').replace(IGNORED_IN_TITLES, '');
  for (const suffix of ISSUER_OFFICE_SUFFIXES) {
    if (key.endsWith(suffix) && key.length > suffix.length) {
      key = key.slice(0, -suffix.length);
      break;
    }
  }
  return key === '' ? null : key;
}

/** A short, stable id for a work: the same title and issuer keys always give the same id. */
export function workIdOf(titleKey: string, issuerKey: string | null): string {
  const hash = createHash('sha256').update(`${titleKey}\u0000${issuerKey ?? ''}`).digest('hex');
  return `w-${hash.slice(0, 12)}`;
}

/** What identifies a document's work: its title and issuer. */
export interface WorkCandidate {
  id: string;
  title: string;
  issuer: string | null;
}

/**
 * Groups documents into works. Documents with the same normalised title and issuer are one work; a document
 * whose issuer is unknown joins the work of its title when exactly one issuer has that title, and otherwise
 * stays apart (it cannot be told which of two same-titled works it belongs to).
 * Returns work id by document id.
 */
export function groupWorks(docs: readonly WorkCandidate[]): Map<string, string> {
  const byTitle = new Map<string, WorkCandidate[]>();
  for (const doc of docs) {
    const key = normaliseTitle(doc.title);
    byTitle.set(key, [...(byTitle.get(key) ?? []), doc]);
  }
  const workOf = new Map<string, string>();
  for (const [titleKey, members] of byTitle) {
    const issuers = new Set(members.map((d) => normaliseIssuer(d.issuer)).filter((i): i is string => i !== null));
    const only = issuers.size === 1 ? ([...issuers][0] as string) : null;
    for (const doc of members) {
      const issuerKey = normaliseIssuer(doc.issuer);
      if (issuerKey !== null) workOf.set(doc.id, workIdOf(titleKey, issuerKey));
      else if (only !== null || issuers.size === 0) workOf.set(doc.id, workIdOf(titleKey, only));
      else workOf.set(doc.id, workIdOf(titleKey, `?${doc.id}`));
    }
  }
  return workOf;
}
