/**
 * The search as a CSV file staff open in Excel: UTF-8 with a byte-order mark (without it Excel reads
 * Chinese as mojibake), CRLF line ends, one row per clause, with its citation and permanent link.
 */
import { stringify } from 'csv-stringify/sync';
import type { SearchHit } from '../../core/engine/types.js';
import { formatCitation, pinpoint } from '../../core/citation.js';
import { citationStatus, validityOf } from '../../core/versions/validity.js';
import { urls } from '../urls.js';
import { formatPath, SIGNAL_LABELS } from './format.js';

export const CSV_COLUMNS = ['序号', '文件标题', '文号', '发文机关', '层级', '年份', '成文日期', '时效性', '位置', '条款编号', '条款内容', '匹配方式', '得分', '引用', '链接', '条款ID'] as const;

/**
 * Excel runs a cell starting with = + - @ as a formula; document text must never become one.
 * A leading apostrophe makes Excel show the text as typed.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Rows for the hits; `origin` (e.g. `http://intranet:3000`) makes the links absolute, '' keeps them relative. */
export function searchCsv(hits: readonly SearchHit[], origin: string): string {
  const rows = hits.map((hit, i) => {
    const { clause, document } = hit;
    const point = pinpoint(clause, hit.highlights);
    return [
      String(i + 1),
      document.title,
      document.docNumber ?? '',
      document.issuer ?? '',
      document.level ?? '',
      document.year === null ? '' : String(document.year),
      document.date ?? '',
      validityOf(document).status,
      formatPath(clause.path),
      clause.number ?? '',
      clause.text,
      hit.matched.map((s) => SIGNAL_LABELS[s]).join('+'),
      hit.score.toFixed(4),
      formatCitation(document, clause, point) + citationStatus(document.validity),
      origin + urls.clause(clause.id, point),
      clause.id,
    ].map(neutraliseFormula);
  });
  return stringify([[...CSV_COLUMNS], ...rows], { bom: true, record_delimiter: 'windows' });
}

/** A safe download name: `条文检索-知识产权质押-2024-05-01.csv`. */
export function csvFileName(q: string, today: Date): string {
  // eslint-disable-next-line no-control-regex
  const term = [...q.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')].slice(0, 30).join('') || '全部条款';
  return `条文检索-${term}-${today.toISOString().slice(0, 10)}.csv`;
}
