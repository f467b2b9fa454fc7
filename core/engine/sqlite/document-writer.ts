/**
 * Writes documents, clauses and vectors into an index database. Callers own the transaction: a whole
 * rebuild, or one upsert, commits or rolls back as a unit.
 */
import type Database from 'better-sqlite3';
import type { IndexedDocument } from '../../types.js';
import type { ClauseVector } from '../types.js';
import { characterGrams } from './character-grams.js';
import type { DocumentValidity } from '../../versions/validity.js';

/** A vector as sqlite-vec reads it: float32 little-endian bytes (a view, no copy). */
export function vectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Binary quantisation: bit i (little-endian within each byte) is set when dimension i is positive. */
export function signBits(vector: Float32Array): Buffer {
  const bits = Buffer.alloc(Math.ceil(vector.length / 8));
  for (let i = 0; i < vector.length; i++) {
    if ((vector[i] as number) > 0) bits[i >> 3] = (bits[i >> 3] as number) | (1 << (i & 7));
  }
  return bits;
}

/** Raised for input an index cannot hold; nothing of the write it belongs to is committed. */
export class InvalidDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidDocumentError';
  }
}

/**
 * What a write did to the clause rows, in order: documents whose clauses were deleted, and clauses inserted.
 * The open index patches its in-memory views from this instead of reloading them from every row (which
 * costs a few hundred milliseconds at 150k clauses and seconds at a million: the first search after one new
 * document was written paid it).
 */
export type ClauseRowChange =
  | { kind: 'removed'; docRowid: number }
  | { kind: 'inserted'; rowid: number; docRowid: number; ordinal: number };

export class DocumentWriter {
  /**
   * Every change to the clause rows this writer made, in order, when asked for (see {@link ClauseRowChange});
   * a full build, which nobody reads while it writes, keeps none.
   */
  readonly clauseChanges: ClauseRowChange[] | null;
  private readonly insertDocumentRow: Database.Statement;
  private readonly insertClauseRow: Database.Statement;
  private readonly insertVectorRow: Database.Statement;
  private readonly insertGramsRow: Database.Statement;
  private readonly findDocument: Database.Statement;
  private readonly deleteClauseRows: Database.Statement;
  private readonly deleteDocumentRow: Database.Statement;
  private readonly upsertMeta: Database.Statement;
  private readonly updateValidity: Database.Statement;
  private readonly findClause: Database.Statement;
  private readonly replaceVectorRow: Database.Statement;

  /**
   * @param dimensions vector length every clause must have; null lets the first vector decide.
   * @param options.trackChanges keep {@link clauseChanges} (a write to a live index).
   */
  constructor(
    db: Database.Database,
    private dimensions: number | null,
    options: { trackChanges?: boolean } = {},
  ) {
    this.clauseChanges = options.trackChanges ? [] : null;
    this.insertDocumentRow = db.prepare(`
      insert into documents (id, source_file, title, notice_title, doc_number, proposal_number, issuer, date,
        effective_date, history, order_number, published_date, year, level, doc_type, source_url, clause_count, validity,
        source_hash, source_warnings, source_metadata)
      values (@id, @sourceFile, @title, @noticeTitle, @docNumber, @proposalNumber, @issuer, @date,
        @effectiveDate, @history, @orderNumber, @publishedDate, @year, @level, @docType, @sourceUrl, @clauseCount, @validity,
        @sourceHash, @sourceWarnings, @sourceMetadata)`);
    this.insertClauseRow = db.prepare(`
      insert into clauses (id, doc_rowid, doc_id, ordinal, number, path, kind, text, start, end, tokens, heading_tokens, keywords, spans)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertVectorRow = db.prepare('insert into clause_vectors (rowid, embedding, bits) values (?, ?, ?)');
    this.insertGramsRow = db.prepare('insert into clause_grams (rowid, grams) values (?, ?)');
    this.findDocument = db.prepare('select rowid from documents where id = ?').pluck();
    this.deleteClauseRows = db.prepare('delete from clauses where doc_rowid = ?');
    this.deleteDocumentRow = db.prepare('delete from documents where rowid = ?');
    this.updateValidity = db.prepare('update documents set validity = ? where id = ?');
    this.findClause = db.prepare('select rowid, text from clauses where id = ?');
    this.replaceVectorRow = db.prepare('insert or replace into clause_vectors (rowid, embedding, bits) values (?, ?, ?)');
    this.upsertMeta = db.prepare('insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value');
  }

  /** The vector length this index holds, once known. */
  get vectorDimensions(): number | null {
    return this.dimensions;
  }

  /**
   * Inserts a document with its clauses and vectors and returns the clauses' rowids, in order. Throws
   * {@link InvalidDocumentError} on a bad vector.
   */
  insert({ document: d, clauses, source }: IndexedDocument): number[] {
    const docRowid = Number(
      this.insertDocumentRow.run({
        id: d.id,
        sourceFile: d.sourceFile,
        title: d.title,
        noticeTitle: d.noticeTitle,
        docNumber: d.docNumber,
        proposalNumber: d.proposalNumber,
        issuer: d.issuer,
        date: d.date,
        effectiveDate: d.effectiveDate,
        history: JSON.stringify(d.history),
        orderNumber: d.orderNumber,
        publishedDate: d.publishedDate,
        year: d.year,
        level: d.level,
        docType: d.docType,
        sourceUrl: d.sourceUrl,
        clauseCount: d.clauseCount,
        validity: d.validity === undefined ? null : JSON.stringify(d.validity),
        sourceHash: source?.hash ?? null,
        sourceWarnings: JSON.stringify(source?.warnings ?? []),
        sourceMetadata: source?.metadata == null ? null : JSON.stringify(source.metadata),
      }).lastInsertRowid,
    );
    const rowids: number[] = [];
    for (const c of clauses) {
      if (c.vector !== null) this.checkVector(c.id, c.vector);
      const clauseRowid = this.insertClauseRow.run(
        c.id,
        docRowid,
        d.id,
        c.ordinal,
        c.number,
        JSON.stringify(c.path),
        c.kind,
        c.text,
        c.start,
        c.end,
        c.tokens,
        c.headingTokens,
        JSON.stringify(c.keywords),
        JSON.stringify(c.spans),
      ).lastInsertRowid;
      rowids.push(Number(clauseRowid));
      this.clauseChanges?.push({ kind: 'inserted', rowid: Number(clauseRowid), docRowid, ordinal: c.ordinal });
      if (c.vector !== null) this.insertVectorRow.run(clauseRowid, vectorBlob(c.vector), signBits(c.vector));
      // Written here, not by the insert trigger: SQL cannot split text into character grams.
      this.insertGramsRow.run(clauseRowid, characterGrams(c.text));
    }
    return rowids;
  }

  /** Deletes a document and its clauses (the delete trigger clears their index entries and vectors). */
  remove(docId: string): boolean {
    const rowid = this.findDocument.get(docId) as number | undefined;
    if (rowid === undefined) return false;
    this.deleteClauseRows.run(rowid);
    this.deleteDocumentRow.run(rowid);
    this.clauseChanges?.push({ kind: 'removed', docRowid: rowid });
    return true;
  }

  /** Replaces a document's validity; false when no such document is stored. */
  setValidity(docId: string, validity: DocumentValidity): boolean {
    return this.updateValidity.run(JSON.stringify(validity), docId).changes > 0;
  }

  /** Stores computed vectors of stored clauses; skips clauses that are gone or whose text changed. Returns how many were stored. */
  setVectors(entries: readonly ClauseVector[]): number {
    let stored = 0;
    for (const { clauseId, text, vector } of entries) {
      const row = this.findClause.get(clauseId) as { rowid: number; text: string } | undefined;
      if (row === undefined || row.text !== text) continue;
      this.checkVector(clauseId, vector);
      this.replaceVectorRow.run(row.rowid, vectorBlob(vector), signBits(vector));
      stored++;
    }
    return stored;
  }

  setMeta(entries: Record<string, string>): void {
    for (const [key, value] of Object.entries(entries)) this.upsertMeta.run(key, value);
  }

  private checkVector(clauseId: string, vector: Float32Array): void {
    if (!(vector instanceof Float32Array) || vector.length === 0) {
      throw new InvalidDocumentError(`clause ${clauseId} has no embedding vector`);
    }
    if (this.dimensions === null) {
      this.dimensions = vector.length;
      this.setMeta({ dimensions: String(vector.length) });
    } else if (vector.length !== this.dimensions) {
      throw new InvalidDocumentError(
        `clause ${clauseId} has a ${vector.length}-dimensional vector but the index holds ${this.dimensions}-dimensional vectors; ` +
          'rebuild the whole index (npm run index) after changing the model',
      );
    }
    for (const x of vector) {
      if (!Number.isFinite(x)) throw new InvalidDocumentError(`clause ${clauseId} has a vector with a non-finite value`);
    }
  }
}
