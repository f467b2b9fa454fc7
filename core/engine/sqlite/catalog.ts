/**
 * The documents of an index, held in memory. Every filter is a document field, so a filter is decided once
 * per document (tens of thousands even at a million clauses) instead of once per clause, and facet counts
 * are sums over documents.
 */
import type { HistoryEvent, Level, PolicyDocument } from '../../types.js';
import type { DocumentSummary, SearchFilters } from '../types.js';
import { compareDocuments } from '../result-sets.js';
import { type DocumentValidity, validityOf } from '../../versions/validity.js';

export interface CatalogEntry {
  rowid: number;
  document: PolicyDocument;
  summary: DocumentSummary;
  /** Clauses actually stored for this document. */
  storedClauses: number;
  /** Position in reading order (see {@link compareDocuments}). */
  order: number;
}

/** A `documents` row as SQLite returns it. */
export interface DocumentRow {
  rowid: number;
  id: string;
  source_file: string;
  title: string;
  notice_title: string | null;
  doc_number: string | null;
  proposal_number: string | null;
  issuer: string | null;
  date: string | null;
  effective_date: string | null;
  /** JSON array of {@link HistoryEvent}. */
  history: string;
  order_number: string | null;
  published_date: string | null;
  year: number | null;
  level: string | null;
  doc_type: string | null;
  source_url: string | null;
  clause_count: number;
  validity: string | null;
}

export function documentFromRow(r: DocumentRow): PolicyDocument {
  return {
    id: r.id,
    sourceFile: r.source_file,
    title: r.title,
    noticeTitle: r.notice_title,
    docNumber: r.doc_number,
    proposalNumber: r.proposal_number,
    issuer: r.issuer,
    date: r.date,
    effectiveDate: r.effective_date,
    history: JSON.parse(r.history) as HistoryEvent[],
    orderNumber: r.order_number,
    publishedDate: r.published_date,
    year: r.year,
    level: r.level as Level | null,
    docType: r.doc_type,
    sourceUrl: r.source_url,
    clauseCount: r.clause_count,
    ...(r.validity === null ? {} : { validity: JSON.parse(r.validity) as DocumentValidity }),
  };
}

export function summaryOf(d: PolicyDocument): DocumentSummary {
  return {
    id: d.id,
    title: d.title,
    docNumber: d.docNumber,
    proposalNumber: d.proposalNumber,
    issuer: d.issuer,
    level: d.level,
    year: d.year,
    date: d.date,
    docType: d.docType,
    ...(d.validity === undefined ? {} : { validity: d.validity }),
  };
}

/** True when a document passes every filter. Empty lists filter nothing; a missing field fails its filter. */
export function documentPasses(d: PolicyDocument, f: SearchFilters): boolean {
  if (f.docId !== undefined && d.id !== f.docId) return false;
  if (f.yearFrom !== undefined && (d.year === null || d.year < f.yearFrom)) return false;
  if (f.yearTo !== undefined && (d.year === null || d.year > f.yearTo)) return false;
  if (f.issuer?.length && (d.issuer === null || !f.issuer.includes(d.issuer))) return false;
  if (f.level?.length && (d.level === null || !f.level.includes(d.level))) return false;
  if (f.docType?.length && (d.docType === null || !f.docType.includes(d.docType))) return false;
  if (f.validity?.length && !f.validity.includes(validityOf(d).status)) return false;
  if (f.excludeWorkId !== undefined && validityOf(d).workId === f.excludeWorkId) return false;
  return true;
}

export class Catalog {
  readonly byRowid = new Map<number, CatalogEntry>();
  readonly byId = new Map<string, CatalogEntry>();
  /** Entries in reading order. */
  readonly ordered: CatalogEntry[];
  private readonly maxRowid: number;
  /** Position in reading order by document rowid. */
  private readonly orderByRowid: Int32Array;

  constructor(rows: DocumentRow[], storedClauses: Map<number, number>) {
    const documents = rows.map((r) => ({ rowid: r.rowid, document: documentFromRow(r) }));
    documents.sort((a, b) => compareDocuments(a.document, b.document));
    this.ordered = documents.map(({ rowid, document }, order) => ({
      rowid,
      document,
      summary: summaryOf(document),
      storedClauses: storedClauses.get(rowid) ?? 0,
      order,
    }));
    for (const e of this.ordered) {
      this.byRowid.set(e.rowid, e);
      this.byId.set(e.document.id, e);
    }
    this.maxRowid = rows.reduce((m, r) => Math.max(m, r.rowid), 0);
    this.orderByRowid = new Int32Array(this.maxRowid + 1);
    for (const e of this.ordered) this.orderByRowid[e.rowid] = e.order;
  }

  /** Every version of a work, oldest first (see DocumentValidity.version). */
  versionsOf(workId: string): PolicyDocument[] {
    return this.ordered
      .map((e) => e.document)
      .filter((d) => validityOf(d).workId === workId)
      .sort((a, b) => validityOf(a).version - validityOf(b).version);
  }

  /** One past the largest document rowid: the length of an array indexed by document rowid. */
  get documentBound(): number {
    return this.maxRowid + 1;
  }

  /** A document's position in reading order (for a rowid the catalog holds). */
  orderOf(docRowid: number): number {
    return this.orderByRowid[docRowid] as number;
  }

  entry(rowid: number): CatalogEntry {
    const e = this.byRowid.get(rowid);
    if (e === undefined) throw new Error(`clause refers to document rowid ${rowid}, which the index does not hold`);
    return e;
  }

  /** A mask indexed by document rowid: 1 where the document passes the filters (and is not excluded). */
  allowMask(filters: SearchFilters, excludeRowid?: number): Uint8Array {
    const mask = new Uint8Array(this.maxRowid + 1);
    for (const e of this.ordered) if (e.rowid !== excludeRowid && documentPasses(e.document, filters)) mask[e.rowid] = 1;
    return mask;
  }
}
