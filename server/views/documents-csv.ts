/**
 * The document list as a CSV file for Excel: the same conventions as the search export (UTF-8 with a BOM,
 * CRLF, formula-looking cells neutralised), one row per document with its permanent link.
 */
import { stringify } from 'csv-stringify/sync';
import type { PolicyDocument } from '../../core/types.js';
import { validityOf } from '../../core/versions/validity.js';
import { urls } from '../urls.js';
import { neutraliseFormula } from './search-csv.js';

export const DOCUMENT_CSV_COLUMNS = ['序号', '文件标题', '文号', '发文机关', '成文日期', '年份', '层级', '文件类型', '条款数', '时效性', '链接', '文件ID'] as const;

/** Rows for the documents; `origin` (e.g. `http://intranet:3000`) makes the links absolute, '' keeps them relative. */
export function documentsCsv(documents: readonly PolicyDocument[], origin: string): string {
  const rows = documents.map((d, i) =>
    [
      String(i + 1),
      d.title,
      d.docNumber ?? d.proposalNumber ?? '',
      d.issuer ?? '',
      d.date ?? '',
      d.year === null ? '' : String(d.year),
      d.level ?? '',
      d.docType ?? '',
      String(d.clauseCount),
      validityOf(d).status,
      origin + urls.document(d.id),
      d.id,
    ].map(neutraliseFormula),
  );
  return stringify([[...DOCUMENT_CSV_COLUMNS], ...rows], { bom: true, record_delimiter: 'windows' });
}

/** `条文文件目录-2024-05-01.csv`. */
export function documentsCsvFileName(today: Date): string {
  return `条文文件目录-${today.toISOString().slice(0, 10)}.csv`;
}
