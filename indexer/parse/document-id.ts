/**
 * Document ids: short, stable, URL-safe, and readable by someone who knows the 文号 or the title. They go into
 * deep links that must keep working for years, so they are derived from what the text says, not from file
 * names or file order.
 */
import { createHash } from 'node:crypto';
import type { HistoryEvent, Level } from '../../core/types.js';

/** An issuing office's 文号 prefix, the id code it gets, and the level of government it belongs to. */
export interface DocNumberPrefix {
  prefix: string;
  code: string;
  level: Level;
}

/**
 * Every 文号 prefix the indexer knows. Longer prefixes first: `深府办` must win over `深府`.
 * Codes are the pinyin initials: 深府 shēn fǔ → szf (sz for Shenzhen, as in the city's own URLs),
 * 福府办 fú fǔ bàn → ftfb (ft for Futian).
 */
export const DOC_NUMBER_PREFIXES: readonly DocNumberPrefix[] = [
  { prefix: '深府办函', code: 'szfbh', level: '市' },
  { prefix: '深府办', code: 'szfb', level: '市' },
  { prefix: '深府函', code: 'szfh', level: '市' },
  { prefix: '深府', code: 'szf', level: '市' },
  { prefix: '福府办', code: 'ftfb', level: '区' },
  { prefix: '福府', code: 'ftf', level: '区' },
];

/** A 文号 taken apart: `深府〔2015〕54号` → 深府, 2015, 54. */
export interface DocNumberParts {
  prefix: string;
  year: number;
  serial: number;
}

/** Pattern of a 文号: issuer abbreviation, year in 〔〕 (or similar brackets), serial number, 号. */
export const DOC_NUMBER = /([\p{Script=Han}]{1,12})[〔［\[【（(](\d{4})[〕］\]】）)](\d{1,5})号/u;

/** Parses a 文号; null when the text does not contain one. */
export function parseDocNumber(docNumber: string): DocNumberParts | null {
  const match = DOC_NUMBER.exec(docNumber);
  if (!match) return null;
  return { prefix: match[1] as string, year: Number(match[2]), serial: Number(match[3]) };
}

/** The known prefix a 文号 starts with, if any. */
export function docNumberPrefix(docNumber: string): DocNumberPrefix | null {
  const parts = parseDocNumber(docNumber);
  if (!parts) return null;
  return DOC_NUMBER_PREFIXES.find((entry) => parts.prefix === entry.prefix) ?? null;
}

/** What a document id can be made from. */
export interface DocumentIdSource {
  docNumber: string | null;
  proposalNumber: string | null;
  fileName: string;
  /** The title the text itself gives; null when it gives none (the file name then stands in for it). */
  title: string | null;
  /** The promulgation history (empty for a policy document). */
  history: readonly HistoryEvent[];
  /** Signing date, or adoption / latest amendment (YYYY-MM-DD). */
  date: string | null;
  effectiveDate: string | null;
  /**
   * The heading of the part this text is, when it is one part of a larger text filed on its own (民法典 split
   * by 编: `人格权编`), else null. Parts share their code's title and dates, so the part keeps them apart.
   */
  part: string | null;
}

/** A document id, and a warning when it had to fall back to the file name. */
export interface DocumentIdResult {
  id: string;
  warning: string | null;
}

/** Letters, digits and dashes of a file name, lower-case: `004_f58ccc0061d310c5.txt` → `004-f58ccc0061d310c5`. */
function fileSlug(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/u, '');
  return base
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '')
    .slice(0, 24)
    .replace(/-+$/u, '');
}

/**
 * Prefixes a title loses in its id, as people cite it: `中华人民共和国行政复议法` is cited as 《行政复议法》.
 * Changing this table changes ids that memos link to.
 */
export const ID_TITLE_PREFIXES: readonly string[] = ['中华人民共和国'];

/**
 * What stays of a title (or part heading) in an id: Chinese characters, Latin letters and digits, full-width
 * forms folded (NFKC); spaces, punctuation and brackets go, so the id needs no escaping but for its Chinese
 * characters and never holds a `.` (the separator of clause ids) or a `/`.
 * `北京市实施《中华人民共和国水法》办法` → `北京市实施中华人民共和国水法办法`.
 */
export function titleSlug(title: string): string {
  let slug = title.normalize('NFKC').replace(/[^\p{Script=Han}A-Za-z0-9]+/gu, '');
  for (const prefix of ID_TITLE_PREFIXES) {
    if (slug.startsWith(prefix) && slug.length > prefix.length + 1) slug = slug.slice(prefix.length);
  }
  return slug;
}

/** A version date in a file name: `行政复议法(2023-09-01).md`. */
const FILE_NAME_DATE = /[（(](\d{4}-\d{2}-\d{2})[）)]/u;

/** Acts of a history that make a version of the text (施行 and 废止 do not change its wording). */
const VERSION_ACTS: ReadonlySet<HistoryEvent['action']> = new Set(['通过', '批准', '公布', '发布', '修正', '修订']);

/**
 * The date that tells this version of a text from the others: the latest act of its history that made a
 * version (the collection writes some amendments as a second `…会议通过`, so the latest act, not the first),
 * else its date, else its effective date, else the version date in its file name; null when there is none.
 */
export function versionDate(source: Pick<DocumentIdSource, 'history' | 'date' | 'effectiveDate' | 'fileName'>): string | null {
  const acts = source.history
    .filter((event) => event.date !== null && VERSION_ACTS.has(event.action))
    .map((event) => event.date as string)
    .sort();
  return acts[acts.length - 1] ?? source.date ?? source.effectiveDate ?? FILE_NAME_DATE.exec(source.fileName)?.[1] ?? null;
}

/** One way of making a document id, tried in the order of {@link DOCUMENT_ID_FORMS}. */
export interface DocumentIdForm {
  /** What the id is made from. */
  form: '文号' | '提案号' | '标题和日期';
  /** The id, or null when the source lacks what this form needs. */
  make(source: DocumentIdSource): string | null;
}

/**
 * The forms of a document id, first match wins:
 * - 文号 with a known prefix: `深府〔2015〕54号` → `szf-2015-54`;
 * - proposal number: `TA 20200005` → `ta-20200005`;
 * - title, part and version date: `中华人民共和国行政复议法` revised 2023-09-01 → `行政复议法-2023-09-01`,
 *   民法典's 人格权编 → `民法典-人格权编-2020-05-28`, a text without any date → its title alone.
 * Only a text with no title of its own falls back to the file name (see {@link documentId}).
 */
export const DOCUMENT_ID_FORMS: readonly DocumentIdForm[] = [
  {
    form: '文号',
    make(source) {
      if (!source.docNumber) return null;
      const parts = parseDocNumber(source.docNumber);
      const known = docNumberPrefix(source.docNumber);
      return parts && known ? `${known.code}-${parts.year}-${parts.serial}` : null;
    },
  },
  {
    form: '提案号',
    make(source) {
      const match = /^([a-z]+)(\d+)$/u.exec(source.proposalNumber?.toLowerCase().replace(/[^a-z0-9]+/gu, '') ?? '');
      return match ? `${match[1]}-${match[2]}` : null;
    },
  },
  {
    form: '标题和日期',
    make(source) {
      const title = source.title === null ? '' : titleSlug(source.title);
      if (title === '') return null;
      const part = source.part === null ? '' : titleSlug(source.part);
      const date = versionDate(source);
      return [title, part, date].filter((piece) => piece !== null && piece !== '').join('-');
    },
  },
];

/**
 * The document id (see {@link DOCUMENT_ID_FORMS}). The same text always gets the same id, whatever its file is
 * called; two versions of one law differ in their dates. A text with neither 文号, proposal number nor a title
 * of its own gets the file name's slug plus a short hash of the file name (the hash keeps ids apart when two
 * names slug alike, such as two Chinese names with no Latin letters), with a warning.
 */
export function documentId(source: DocumentIdSource): DocumentIdResult {
  const unknownPrefix =
    source.docNumber && !docNumberPrefix(source.docNumber)
      ? `文号 ${source.docNumber} has a prefix the indexer does not know (add it to DOC_NUMBER_PREFIXES in indexer/parse/document-id.ts)`
      : null;
  for (const form of DOCUMENT_ID_FORMS) {
    const id = form.make(source);
    if (id !== null) return { id, warning: unknownPrefix ? `${unknownPrefix}; document id ${id} is made from its title and date` : null };
  }
  const hash = createHash('sha256').update(source.fileName).digest('hex').slice(0, 6);
  const slug = fileSlug(source.fileName);
  const id = slug ? `${slug}-${hash}` : `doc-${hash}`;
  const why = unknownPrefix ?? 'no 文号, proposal number or title found';
  return { id, warning: `${why}; document id ${id} is derived from the file name and changes if the file is renamed` };
}
