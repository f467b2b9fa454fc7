/**
 * The promulgation history of a law or regulation: the lines under its title that say who adopted, approved,
 * promulgated, amended and put it in force, and when —
 * `2021年6月29日 深圳市第七届人民代表大会常务委员会第二次会议通过`, `…河南省…批准`, `中华人民共和国国务院令第588号公布`,
 * `根据2009年8月27日…《关于修改部分法律的决定》第一次修正`, `2019年12月30日 施行`,
 * or one bracketed note in a plain text: `（2021年6月29日深圳市…通过　2022年…修正）`.
 * Acts are split at each date outside 《》; what each act did and which body acted are read with the tables below.
 */
import type { HistoryAction, HistoryEvent } from '../../core/types.js';
import { CHINESE_NUMERAL_CHARS, parseChineseDate } from './chinese-date.js';
import type { SourceLine } from './normalize.js';

const N = `[\\d${CHINESE_NUMERAL_CHARS}]`;
const DATE_SOURCE = `${N}{4}\\s*年\\s*${N}{1,3}\\s*月\\s*${N}{1,3}\\s*日`;
const DATES = new RegExp(DATE_SOURCE, 'gu');
const LEADING_DATE = new RegExp(`^${DATE_SOURCE}`, 'u');
/** A word that stands before a date and opens the act the date starts: `根据2009年…`, `自1999年4月1日施行`. */
const LEADING_WORD_OF_NEXT = /\s*(根据|自)\s*$/u;

/**
 * What an act did, tried in this order on the act's text with its quoted titles blanked out (a decision
 * named `《关于修改…的决定》` must not make an adoption an amendment). `修订通过` is a revision. An instrument
 * adopted separately and named in the history (`…通过的《中华人民共和国宪法修正案》`, `…通过的《全国人民代表大会常务委员会
 * 关于惩治骗购外汇、逃汇和非法买卖外汇犯罪的决定》`) amended the text.
 */
export const ACTION_PATTERNS: ReadonlyArray<{ action: HistoryAction; pattern: RegExp; onQuoted?: boolean }> = [
  { action: '修正', pattern: /通过的《/u, onQuoted: true },
  { action: '修订', pattern: /修订/u },
  { action: '修正', pattern: /修正|修改/u },
  { action: '批准', pattern: /批准/u },
  { action: '通过', pattern: /通过/u },
  { action: '公布', pattern: /公布/u },
  { action: '发布', pattern: /发布|颁布/u },
  { action: '废止', pattern: /废止/u },
  { action: '施行', pattern: /施行|实施/u },
];

/** An act that also puts the text in force: `公布施行`, `发布施行`, `2019年12月30日 施行`. */
const IN_FORCE = /施行|实施/u;

/**
 * Parts of an act's wording that are not the body's name: session and meeting numbers, order and notice
 * numbers, the decision's title, connecting words. Removing them leaves `深圳市人民代表大会常务委员会`.
 */
export const BODY_NOISE: readonly RegExp[] = [
  new RegExp(`第?${N}+届`, 'gu'),
  new RegExp(`第?${N}+次(?:全体)?(?:常务)?会议`, 'gu'),
  /\d{4}年/gu,
  /(?:部长|局长|主任|署务|委务|院务|常务)(?:办公)?会议/gu,
  new RegExp(`(?:令|公告)第?${N}+号`, 'gu'),
  /公告/gu,
  /令$/gu,
  /《[^》]*》/gu,
  new RegExp(`第${N}+次`, 'gu'),
  /^(?:经|根据|由|自)/u,
  // `中华人民共和国国务院令` and `国务院第N次常务会议` name one body.
  /(?<=^|、)中华人民共和国(?=\p{Script=Han}{2,})/gu,
  /(?:审议|批准|印发)$/u,
  /的$/u,
];

/** Full-width digits (`２０１８年`) as ASCII, so dates and numbers read alike. */
function asciiDigits(text: string): string {
  return text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** The text with everything inside 《》 (and the brackets nested in it) replaced by spaces of equal length. */
function maskQuoted(text: string): string {
  let depth = 0;
  let out = '';
  for (const char of text) {
    if (char === '《') depth++;
    out += depth > 0 ? ' '.repeat(char.length) : char;
    if (char === '》' && depth > 0) depth--;
  }
  return out;
}

/** An order number: `中华人民共和国主席令第四十五号`, `中华人民共和国国务院令第588号`, `交通部令第8号`. */
const ORDER_NUMBER = new RegExp(`((?:\\p{Script=Han}|、)+令第${N}+号)`, 'u');

/** One act read from the history: the event, plus the order number it names. */
interface Act extends HistoryEvent {
  orderNumber: string | null;
  inForce: boolean;
}

function actionOf(text: string, masked: string): HistoryAction | null {
  for (const { action, pattern, onQuoted } of ACTION_PATTERNS) if (pattern.test(onQuoted ? text : masked)) return action;
  return null;
}

/** Every verb of an act, to cut the body's name off before the first of them. */
const ANY_VERB = new RegExp(ACTION_PATTERNS.filter((p) => !p.onQuoted).map((p) => p.pattern.source).join('|'), 'u');

/**
 * The acting body: named before the first verb (`…常务委员会第二次会议通过`, `中华人民共和国国务院令第588号公布`),
 * else the body whose decision made the change (`《国务院关于修改部分行政法规的决定》第一次修订` → 国务院).
 */
function bodyOf(text: string, masked: string): string | null {
  return namedBody(masked) ?? namedBody(/《([^《》]+?)关于/u.exec(text)?.[1] ?? '');
}

function namedBody(masked: string): string | null {
  let text = masked.replace(/\s+/gu, '');
  const at = text.search(ANY_VERB);
  if (at >= 0) text = text.slice(0, at);
  text = text.replace(/[，。、；：\s（）()]+$/u, '').replace(/^[，。、；：\s（）()]+/u, '');
  for (const noise of BODY_NOISE) text = text.replace(noise, '');
  text = text.replace(/[，。、；：\s（）()]+$/u, '').replace(/^[，。、；：\s（）()]+/u, '');
  return /\p{Script=Han}{2,}/u.test(text) ? text : null;
}

/**
 * The acts of a history, in the order written. An act with no verb of its own (the first half of a joint
 * adoption: `最高人民法院审判委员会第1234次会议、2013年1月1日最高人民检察院…通过`) takes the verb of the act after it.
 */
export function readHistory(lines: readonly string[]): HistoryEvent[] {
  return readActs(lines).map(({ date, body, action, text }) => ({ date, body, action, text }));
}

function readActs(lines: readonly string[]): Act[] {
  const joined = asciiDigits(lines.join('\n')).replace(/^[（(]|[）)]$/gu, '');
  const masked = maskQuoted(joined);
  const starts = [...masked.matchAll(DATES)].map((m) => m.index as number);
  const pieces: Array<{ text: string; masked: string; date: string | null; lead: string }> = starts.map((start, k) => {
    const end = starts[k + 1] ?? joined.length;
    const text = joined.slice(start, end).replace(LEADING_WORD_OF_NEXT, '').trim();
    const date = parseChineseDate(text.slice(0, 20));
    // `根据2009年8月27日…修正`, `自1999年4月1日施行`: the word before a date belongs to the act the date starts.
    const lead = k === 0 ? '' : (LEADING_WORD_OF_NEXT.exec(joined.slice(starts[k - 1] as number, start))?.[1] ?? '');
    return { text, masked: maskQuoted(text).slice((LEADING_DATE.exec(text) ?? [''])[0].length), date, lead };
  });
  // A dateless line that says when the text takes effect: `自公布之日起施行`.
  const tail = joined.slice(starts[starts.length - 1] ?? 0);
  const acts: Act[] = [];
  let pendingAction: HistoryAction | null = null;
  for (let k = pieces.length - 1; k >= 0; k--) {
    const piece = pieces[k] as (typeof pieces)[number];
    const action: HistoryAction | null = actionOf(piece.text, piece.masked) ?? pendingAction;
    pendingAction = action;
    if (!action) continue;
    const order = ORDER_NUMBER.exec(piece.masked.replace(/\s+/gu, ''));
    acts.unshift({
      date: piece.date,
      body: bodyOf(piece.text.slice((LEADING_DATE.exec(piece.text) ?? [''])[0].length), piece.masked),
      action,
      text: `${piece.lead}${piece.text}`.replace(/\s+/gu, ' ').replace(/[，,]$/u, ''),
      orderNumber: order ? (order[1] as string).replace(/^、/u, '') : null,
      inForce: IN_FORCE.test(piece.masked),
    });
  }
  if (starts.length === 0 && /公布之日|发布之日/u.test(tail)) {
    acts.push({ date: null, body: null, action: '施行', text: tail.trim(), orderNumber: null, inForce: true });
  }
  return acts;
}

/** What the history says about the text as a whole. */
export interface LegislativeFacts {
  history: HistoryEvent[];
  /** Adoption date, or the latest amendment's for an amended text. */
  date: string | null;
  effectiveDate: string | null;
  /** The adopting body (else the promulgating one), without session numbers. */
  issuer: string | null;
  /** The latest 主席令 / 国务院令 / 部令 number. */
  orderNumber: string | null;
}

const ADOPTING_ACTIONS: readonly HistoryAction[] = ['通过', '修订', '公布', '发布', '批准'];

/** Reads the facts of a promulgation history (see {@link LegislativeFacts}). */
export function legislativeFacts(lines: readonly string[]): LegislativeFacts {
  const acts = readActs(lines);
  const dated = (actions: readonly HistoryAction[]) => acts.filter((a) => a.date !== null && actions.includes(a.action));
  const amendments = dated(['修正', '修订']);
  const adoption = dated(['通过'])[0] ?? dated(['批准'])[0] ?? dated(['公布', '发布'])[0] ?? dated(['施行'])[0] ?? null;
  // A history that names no act (a line cut short: `2020年11月9日 最高人民法院审判委员会`) still dates the text.
  const firstDate = parseChineseDate(asciiDigits(lines.join('\n')));
  const date = (amendments[amendments.length - 1] ?? adoption)?.date ?? firstDate;

  const inForce = acts.filter((a) => a.inForce);
  const lastInForce = inForce[inForce.length - 1];
  let effectiveDate = lastInForce?.date ?? null;
  if (lastInForce && effectiveDate === null) {
    // `自公布之日起施行`: in force from promulgation.
    effectiveDate = dated(['公布', '发布'])[0]?.date ?? null;
  }

  let issuer: string | null = null;
  for (const action of ADOPTING_ACTIONS) {
    issuer = acts.find((a) => a.action === action && a.body !== null)?.body ?? null;
    if (issuer) break;
  }
  const orders = acts.filter((a) => a.orderNumber !== null);
  return {
    history: acts.map(({ date: d, body, action, text }) => ({ date: d, body, action, text })),
    date,
    effectiveDate,
    issuer,
    orderNumber: orders[orders.length - 1]?.orderNumber ?? null,
  };
}

/** A line of a history: it starts with a date (or `根据` and a date) and names an act, or is bracketed whole. */
const HISTORY_LINE = new RegExp(`^[（(]?(?:根据|经)?\\s*${N}{4}\\s*年\\s*${N}{1,3}\\s*月\\s*${N}{1,3}\\s*日`, 'u');

function namesAnAct(text: string): boolean {
  const masked = maskQuoted(text);
  return ACTION_PATTERNS.some(({ pattern, onQuoted }) => pattern.test(onQuoted ? text : masked));
}

/** The history lines of a text and the source lines they occupy. */
export interface PromulgationBlock {
  texts: string[];
  /** Indices of the source lines taken (they are not body lines). */
  lineIndices: number[];
}

/**
 * The history lines under the title, from `start`. In the Markdown texts of the legislation collection they
 * run up to `<!-- INFO END -->` (`infoEnd`, the index of that line); Markdown headings in between (`# 人格权编`)
 * stay in the body. Without the marker, lines are taken while they read as acts: dated with a verb, or a
 * bracketed note (`（2021年6月29日…通过）`, which may wrap over several lines).
 */
export function readPromulgation(lines: readonly SourceLine[], start: number, infoEnd: number | null): PromulgationBlock {
  const texts: string[] = [];
  const lineIndices: number[] = [];
  if (infoEnd !== null) {
    for (let i = start; i < infoEnd && i < lines.length; i++) {
      const line = lines[i] as SourceLine;
      if (line.kind !== 'text' || line.markdownHeading) continue;
      texts.push(line.text);
      lineIndices.push(i);
    }
    return { texts, lineIndices };
  }
  let i = start;
  while (i < lines.length) {
    const line = lines[i] as SourceLine;
    if (line.kind !== 'text') {
      i++;
      continue;
    }
    if (line.markdownHeading || !HISTORY_LINE.test(asciiDigits(line.text))) break;
    // A bracketed note runs to its closing bracket.
    let text = line.text;
    const taken = [i];
    let j = i + 1;
    if (/^[（(]/u.test(text)) {
      while (text.split(/[（(]/u).length > text.split(/[）)]/u).length && j < lines.length && j < i + 8) {
        const next = lines[j] as SourceLine;
        if (next.kind === 'text') {
          text += next.text;
          taken.push(j);
        }
        j++;
      }
    }
    if (!namesAnAct(text)) break;
    texts.push(text);
    lineIndices.push(...taken);
    i = j;
  }
  return { texts, lineIndices };
}
