/**
 * Where every clause sits (its document and its position in it), held in memory by clause rowid. Keyword
 * search takes only rowids from the full-text indexes and looks their documents up here, instead of reading
 * each matching row of the wide `clauses` table (text included) just for two integers.
 *
 * Loaded from the `clauses_by_document (doc_rowid, ordinal)` index, which covers the query (the rowid is part
 * of every index entry), so loading never touches clause text: 8 bytes per rowid in memory.
 */
import type Database from 'better-sqlite3';
import type { Catalog } from './catalog.js';
import type { ClauseRowChange } from './document-writer.js';

export class ClausePositions {
  private constructor(
    /** Document rowid by clause rowid; −1 where no clause has that rowid. */
    private readonly docRowids: Int32Array,
    private readonly ordinals: Int32Array,
    /** Number of clauses. */
    readonly size: number,
  ) {}

  static load(db: Database.Database): ClausePositions {
    const maxRowid = (db.prepare('select max(rowid) from clauses').pluck().get() as number | null) ?? 0;
    const docRowids = new Int32Array(maxRowid + 1).fill(-1);
    const ordinals = new Int32Array(maxRowid + 1);
    const rows = db
      .prepare('select rowid, doc_rowid, ordinal from clauses indexed by clauses_by_document')
      .raw()
      .iterate() as IterableIterator<[number, number, number]>;
    let size = 0;
    for (const [rowid, docRowid, ordinal] of rows) {
      docRowids[rowid] = docRowid;
      ordinals[rowid] = ordinal;
      size++;
    }
    return new ClausePositions(docRowids, ordinals, size);
  }

  /**
   * These positions after a write through this connection, without reading the clause rows again: the
   * removed documents' clauses cleared, the inserted clauses placed, in the order the write made them (a
   * document rowid freed by a removal can be taken by the next insert). Returns the clause rowids it touched
   * (cleared or placed), for the other views. The arrays are copied, so a view handed out earlier never changes.
   */
  patched(changes: readonly ClauseRowChange[]): { positions: ClausePositions; touched: Set<number> } {
    let bound = this.docRowids.length;
    for (const c of changes) if (c.kind === 'inserted') bound = Math.max(bound, c.rowid + 1);
    const docRowids = new Int32Array(bound).fill(-1);
    docRowids.set(this.docRowids);
    const ordinals = new Int32Array(bound);
    ordinals.set(this.ordinals);
    const touched = new Set<number>();
    let size = this.size;
    for (const change of changes) {
      if (change.kind === 'inserted') {
        if ((docRowids[change.rowid] as number) < 0) size++;
        docRowids[change.rowid] = change.docRowid;
        ordinals[change.rowid] = change.ordinal;
        touched.add(change.rowid);
        continue;
      }
      for (let r = 0; r < docRowids.length; r++) {
        if (docRowids[r] !== change.docRowid) continue;
        docRowids[r] = -1;
        touched.add(r);
        size--;
      }
    }
    return { positions: new ClausePositions(docRowids, ordinals, size), touched };
  }

  private docBound = -1;

  /** One past the largest document rowid of a stored clause: the length of a mask indexed by document rowid. */
  get docRowidBound(): number {
    if (this.docBound < 0) {
      let max = -1;
      for (const d of this.docRowids) if (d > max) max = d;
      this.docBound = max + 1;
    }
    return this.docBound;
  }

  /** One past the largest clause rowid: the length of an array indexed by clause rowid. */
  get rowidBound(): number {
    return this.docRowids.length;
  }

  /** The document of a stored clause. */
  docOf(rowid: number): number {
    return this.docRowids[rowid] as number;
  }

  /** Whether a clause with this rowid is stored. */
  has(rowid: number): boolean {
    return rowid < this.docRowids.length && (this.docRowids[rowid] as number) >= 0;
  }

  /** Every stored clause rowid, ascending. */
  allRowids(): Int32Array {
    const out = new Int32Array(this.size);
    let n = 0;
    for (let r = 0; r < this.docRowids.length; r++) if ((this.docRowids[r] as number) >= 0) out[n++] = r;
    return out;
  }

  /**
   * A number ordering clauses in reading order (documents in catalog order, then clause position): the
   * catalog position times 2³¹ plus the ordinal, exact in a double for any realistic corpus.
   */
  readingKey(catalog: Catalog, rowid: number): number {
    return catalog.orderOf(this.docRowids[rowid] as number) * 2 ** 31 + (this.ordinals[rowid] as number);
  }
}
