/**
 * The shapes Tiaowen stores in Meilisearch, and the pure conversions between them and the domain types.
 *
 * Two indexes: one record per clause (with the document's fields copied in, so a hit needs no second
 * lookup, and with its embedding under `_vectors.default`), and one record per document plus a single
 * `_meta` record that says when and from what the index was built. The meta record lives in the
 * documents index so that one swap replaces data and meta together.
 */
import type { Clause, DocumentSource, IndexedClause, IndexedDocument, Level, PolicyDocument } from '../../types.js';
import type { DocumentSummary, StoredClause } from '../types.js';
import { charsField, gramsField } from './grams.js';
import { type ValidityStatus, validityOf } from '../../versions/validity.js';

/** Name of the embedder in the index settings; search, hybrid and similar all refer to it. */
export const EMBEDDER = 'default';

/** Meilisearch's limit on a document id, in bytes. */
const MAX_ID_BYTES = 511;

/** Characters Meilisearch accepts in ids that we pass through unchanged (`_` is our escape character). */
const PLAIN_ID_CHAR = /^[A-Za-z0-9-]$/;

/**
 * Maps one of our ids to a valid Meilisearch id (`[a-zA-Z0-9_-]`, at most 511 bytes), reversibly.
 * Clause ids contain dots (`szf-2015-54.s4.81`): `.` becomes `__`, so the common case stays readable
 * (`szf-2015-54__s4__81`). Any other character (including `_` itself) becomes `_` plus its UTF-16 code
 * unit in four hex digits, so every id, whatever it contains, has exactly one encoding.
 */
export function encodeMeiliId(id: string): string {
  if (id.length === 0) throw new RangeError('an id cannot be empty');
  let out = '';
  for (let i = 0; i < id.length; i++) {
    const ch = id[i] as string;
    if (ch === '.') out += '__';
    else if (PLAIN_ID_CHAR.test(ch)) out += ch;
    else out += `_${id.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  if (out.length > MAX_ID_BYTES) {
    throw new RangeError(`id "${id.slice(0, 40)}…" is too long for Meilisearch (${out.length} > ${MAX_ID_BYTES} bytes once encoded)`);
  }
  return out;
}

/** Inverse of {@link encodeMeiliId}. Throws on a string that no id encodes to. */
export function decodeMeiliId(encoded: string): string {
  let out = '';
  for (let i = 0; i < encoded.length; i++) {
    const ch = encoded[i] as string;
    if (ch !== '_') {
      if (!PLAIN_ID_CHAR.test(ch)) throw new RangeError(`"${encoded}" is not an encoded id: unexpected "${ch}"`);
      out += ch;
      continue;
    }
    if (encoded[i + 1] === '_') {
      out += '.';
      i += 1;
      continue;
    }
    const hex = encoded.slice(i + 1, i + 5);
    if (!/^[0-9a-f]{4}$/.test(hex)) throw new RangeError(`"${encoded}" is not an encoded id: bad escape at ${i}`);
    out += String.fromCharCode(Number.parseInt(hex, 16));
    i += 4;
  }
  return out;
}

/** Id of the one record in the documents index that is not a document. No document id encodes to it. */
export const META_ID = '_meta';

/**
 * One clause as stored in the clauses index: the clause (its id moved to `clauseId`, since `id` is the encoded
 * primary key), its search fields, and the document fields a hit shows.
 */
export type ClauseRecord = Omit<Clause, 'id'> &
  Omit<DocumentSummary, 'id'> & {
    /** Encoded clause id (the primary key). */
    id: string;
    clauseId: string;
    /** jieba search-mode tokens, space-joined (word-level search for other Meilisearch clients). */
    tokens: string;
    /** jieba tokens of the heading path, space-joined (the embedded engine ranks by them too). */
    headingTokens: string;
    /** Character bigrams of the text, encoded as digit words: what keyword search matches (see grams.ts). */
    grams: string;
    /** Characters of the text, encoded as digit words: for one-character terms. */
    chars: string;
    keywords: string[];
    /** 时效性, flat so it can be filtered and faceted (the full validity rides along in `validity`). */
    status: ValidityStatus;
    /** The work the document is a version of, flat for the `workId !=` filter of similar clauses. */
    workId: string;
    /** `2015|市`: one facet that yields the year × level counts in a single query. Null when either part is unknown. */
    yearLevel: string | null;
    /** False until the clause's vector is stored (SearchEngine.setVectors); filterable, so pending clauses are one filter away. */
    hasVector: boolean;
    /** Null: not computed yet (Meilisearch then leaves the clause out of vector search). */
    _vectors: { [EMBEDDER]: number[] | null };
  };

/** One document as stored in the documents index. */
export interface DocumentRecord extends Omit<PolicyDocument, 'id'> {
  /** Encoded document id (the primary key). */
  id: string;
  recordType: 'document';
  docId: string;
  /** Flat copy of `validity.workId`, filterable: the versions of a work are one filter away. */
  workId: string;
  /** DocumentSource.hash; null for a document written without one (and for records written before it existed). */
  sourceHash?: string | null;
  /** DocumentSource.warnings. */
  sourceWarnings?: string[];
  /** DocumentSource.metadata. */
  sourceMetadata?: unknown;
  /** Clauses of this document with a stored vector (kept up to date by setVectors). */
  embeddedClauses?: number;
}

/** When and from what the index was built; stored next to the documents so a swap replaces both. */
export interface MetaRecord {
  id: typeof META_ID;
  recordType: 'meta';
  fingerprint: string;
  builtAt: string;
  documents: number;
  clauses: number;
}

/** Separator of the combined year × level facet value. */
const YEAR_LEVEL_SEPARATOR = '|';

/** The combined facet value for a year and a level, or null when either is unknown. */
export function yearLevelValue(year: number | null, level: Level | null): string | null {
  return year === null || level === null ? null : `${year}${YEAR_LEVEL_SEPARATOR}${level}`;
}

/** Splits a combined facet value back into its year and level. */
export function splitYearLevel(value: string): { year: string; level: string } | null {
  const at = value.indexOf(YEAR_LEVEL_SEPARATOR);
  if (at <= 0 || at === value.length - 1) return null;
  return { year: value.slice(0, at), level: value.slice(at + 1) };
}

/**
 * A float32 written with nine significant digits reads back to the same float32, and takes half the
 * JSON of the float64 expansion `Array.from` would produce (a clause vector is 512 numbers).
 */
export function vectorToJson(vector: Float32Array): number[] {
  return Array.from(vector, (v) => Number(v.toPrecision(9)));
}

/** The record for one clause, with its document's fields copied in. */
export function toClauseRecord(clause: IndexedClause, doc: PolicyDocument): ClauseRecord {
  return {
    id: encodeMeiliId(clause.id),
    clauseId: clause.id,
    docId: clause.docId,
    ordinal: clause.ordinal,
    number: clause.number,
    path: clause.path,
    kind: clause.kind,
    text: clause.text,
    start: clause.start,
    end: clause.end,
    spans: clause.spans,
    tokens: clause.tokens,
    headingTokens: clause.headingTokens,
    grams: gramsField(clause.text),
    chars: charsField(clause.text),
    keywords: clause.keywords,
    title: doc.title,
    docNumber: doc.docNumber,
    proposalNumber: doc.proposalNumber,
    issuer: doc.issuer,
    level: doc.level,
    year: doc.year,
    date: doc.date,
    docType: doc.docType,
    ...(doc.validity === undefined ? {} : { validity: doc.validity }),
    status: validityOf(doc).status,
    workId: validityOf(doc).workId,
    yearLevel: yearLevelValue(doc.year, doc.level),
    hasVector: clause.vector !== null,
    _vectors: { [EMBEDDER]: clause.vector === null ? null : vectorToJson(clause.vector) },
  };
}

/** The record for one document. */
export function toDocumentRecord(doc: PolicyDocument, source?: DocumentSource, embeddedClauses = 0): DocumentRecord {
  const { id, ...rest } = doc;
  return {
    ...rest,
    id: encodeMeiliId(id),
    recordType: 'document',
    docId: id,
    workId: validityOf(doc).workId,
    sourceHash: source?.hash ?? null,
    sourceWarnings: source?.warnings ?? [],
    sourceMetadata: source?.metadata ?? null,
    embeddedClauses,
  };
}

/** All records of a set of documents, clause records in document order. */
export function toRecords(docs: IndexedDocument[]): { documents: DocumentRecord[]; clauses: ClauseRecord[] } {
  return {
    documents: docs.map((d) => toDocumentRecord(d.document, d.source, d.clauses.filter((c) => c.vector !== null).length)),
    clauses: docs.flatMap((d) => d.clauses.map((c) => toClauseRecord(c, d.document))),
  };
}

/** The clause a record holds (without the search-only fields). */
export function clauseFromRecord(record: ClauseRecord): StoredClause {
  return {
    id: record.clauseId,
    docId: record.docId,
    ordinal: record.ordinal,
    number: record.number,
    path: record.path,
    kind: record.kind,
    text: record.text,
    start: record.start,
    end: record.end,
    // Records written before articles had spans carry none.
    spans: record.spans ?? [],
    keywords: record.keywords,
  };
}

/** The document fields a clause record carries. */
export function summaryFromRecord(record: ClauseRecord): DocumentSummary {
  return {
    id: record.docId,
    title: record.title,
    docNumber: record.docNumber,
    proposalNumber: record.proposalNumber,
    issuer: record.issuer,
    level: record.level,
    year: record.year,
    date: record.date,
    docType: record.docType,
    ...(record.validity ? { validity: record.validity } : {}),
  };
}

/** The document a record holds. */
export function documentFromRecord(record: DocumentRecord): PolicyDocument {
  return {
    id: record.docId,
    sourceFile: record.sourceFile,
    title: record.title,
    noticeTitle: record.noticeTitle,
    docNumber: record.docNumber,
    proposalNumber: record.proposalNumber,
    issuer: record.issuer,
    date: record.date,
    // Records written before legislative metadata existed lack these fields.
    effectiveDate: record.effectiveDate ?? null,
    history: record.history ?? [],
    orderNumber: record.orderNumber ?? null,
    publishedDate: record.publishedDate,
    year: record.year,
    level: record.level,
    docType: record.docType,
    sourceUrl: record.sourceUrl,
    clauseCount: record.clauseCount,
    ...(record.validity ? { validity: record.validity } : {}),
  };
}

/**
 * The embedding of a record fetched with `retrieveVectors`. Meilisearch answers
 * `{ embeddings: number[][], regenerate }`; the plain forms we send are accepted too.
 */
export function retrievedVector(record: { _vectors?: Record<string, unknown> }): number[] | null {
  const entry = record._vectors?.[EMBEDDER];
  const candidate = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? (entry as { embeddings?: unknown }).embeddings : entry;
  if (!Array.isArray(candidate) || candidate.length === 0) return null;
  const first = candidate[0];
  const vector = Array.isArray(first) ? first : candidate;
  return vector.every((v) => typeof v === 'number') ? (vector as number[]) : null;
}

/** Cosine similarity of two vectors of the same length (0 when either is all zeros). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`vectors differ in length: ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
