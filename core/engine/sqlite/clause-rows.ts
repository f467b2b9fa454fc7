/**
 * Reading clauses back: rows to `Clause` objects, and a page of ranked rowids to search hits.
 */
import type { ClauseKind, ClauseSpan } from '../../types.js';
import { highlightRanges } from '../highlights.js';
import type { SearchHit, Signal, StoredClause } from '../types.js';
import type { OpenIndex } from './index-file.js';

/** The clause columns a `Clause` is made of, selected from `clauses`. */
export const CLAUSE_COLUMNS = 'rowid, id, doc_rowid, doc_id, ordinal, number, path, kind, text, start, end, keywords, spans';

export interface ClauseRow {
  rowid: number;
  id: string;
  doc_rowid: number;
  doc_id: string;
  ordinal: number;
  number: string | null;
  path: string;
  kind: string;
  text: string;
  start: number;
  end: number;
  /** JSON array. */
  keywords: string;
  /** JSON array of {@link ClauseSpan}. */
  spans: string;
}

export function clauseFromRow(r: ClauseRow): StoredClause {
  return {
    id: r.id,
    docId: r.doc_id,
    ordinal: r.ordinal,
    number: r.number,
    path: JSON.parse(r.path) as string[],
    kind: r.kind as ClauseKind,
    text: r.text,
    start: r.start,
    end: r.end,
    keywords: JSON.parse(r.keywords) as string[],
    spans: JSON.parse(r.spans) as ClauseSpan[],
  };
}

/** Clause rows by rowid, for the given rowids. */
export function clauseRows(index: OpenIndex, rowids: readonly number[]): Map<number, ClauseRow> {
  if (rowids.length === 0) return new Map();
  const rows = index
    .statement(`select ${CLAUSE_COLUMNS} from clauses where rowid in (select value from json_each(?))`)
    .all(JSON.stringify(rowids)) as ClauseRow[];
  return new Map(rows.map((r) => [r.rowid, r]));
}

/** One ranked entry of a result list. */
export interface RankedEntry {
  rowid: number;
  score: number;
  matched: Signal[];
}

/** Search hits for ranked entries, in the given order, highlighted where `needles` occur. */
export function toHits(index: OpenIndex, entries: readonly RankedEntry[], needles: readonly string[]): SearchHit[] {
  const rows = clauseRows(
    index,
    entries.map((e) => e.rowid),
  );
  const catalog = index.catalog();
  return entries.map((e) => {
    const row = rows.get(e.rowid);
    if (row === undefined) throw new Error(`clause rowid ${e.rowid} vanished while its hits were read`);
    return {
      clause: clauseFromRow(row),
      document: catalog.entry(row.doc_rowid).summary,
      score: e.score,
      matched: e.matched,
      highlights: highlightRanges(row.text, needles),
    };
  });
}
