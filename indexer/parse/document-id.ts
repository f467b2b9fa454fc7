/**
 * Document ids: short, stable, URL-safe, and readable by someone who knows the 文号. They go into deep
 * links that must keep working for years, so they are derived from what the text says, not from file order.
 */
import { createHash } from 'node:crypto';
import type { Level } from '../../core/types.js';

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
 * The document id: from the 文号 (`深府〔2015〕54号` → `szf-2015-54`), else from the proposal number
 * (`TA 20200005` → `ta-20200005`), else the file name's slug plus a short hash of the file name
 * (the hash keeps ids apart when two names slug alike, such as two Chinese names with no Latin letters).
 */
export function documentId(source: DocumentIdSource): DocumentIdResult {
  if (source.docNumber) {
    const parts = parseDocNumber(source.docNumber);
    const known = docNumberPrefix(source.docNumber);
    if (parts && known) return { id: `${known.code}-${parts.year}-${parts.serial}`, warning: null };
  }
  if (source.proposalNumber) {
    const slug = source.proposalNumber.toLowerCase().replace(/[^a-z0-9]+/gu, '');
    const match = /^([a-z]+)(\d+)$/u.exec(slug);
    if (match) return { id: `${match[1]}-${match[2]}`, warning: null };
  }
  const hash = createHash('sha256').update(source.fileName).digest('hex').slice(0, 6);
  const slug = fileSlug(source.fileName);
  const id = slug ? `${slug}-${hash}` : `doc-${hash}`;
  const why = source.docNumber
    ? `文号 ${source.docNumber} has a prefix the indexer does not know (add it to DOC_NUMBER_PREFIXES in indexer/parse/document-id.ts)`
    : 'no 文号 or proposal number found';
  return { id, warning: `${why}; document id ${id} is derived from the file name and changes if the file is renamed` };
}
