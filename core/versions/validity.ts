/**
 * 时效性: whether a document is the text in force. Computed once per corpus at index time (indexer/versions/),
 * stored with the document by both engines, shown on every hit, clause page and citation.
 */

/** The statuses legal databases use, in the order a facet lists them. */
export const VALIDITY_STATUSES = ['现行有效', '尚未生效', '已被修改', '已废止'] as const;

export type ValidityStatus = (typeof VALIDITY_STATUSES)[number];

/** What search shows unless asked for history: the texts in force. */
export const DEFAULT_VALIDITY: readonly ValidityStatus[] = ['现行有效'];

/** What decided a status, so a page can say why. */
export type ValidityBasis =
  /** The only version, or the newest version in force. */
  | 'versions'
  /** A metadata file beside the source (`name.meta.json` or front matter). */
  | 'metadata'
  /** Another text of the corpus says `《…》同时废止`. */
  | 'repeal'
  /** The text's own effective date lies ahead. */
  | 'effective-date';

/** A document's place among the versions of its work, and whether it is in force. */
export interface DocumentValidity {
  status: ValidityStatus;
  /** Documents with the same work id are versions of one text (same normalised title and issuer). */
  workId: string;
  /** 1 for the oldest version of the work. */
  version: number;
  /** How many versions of the work the corpus holds. */
  versions: number;
  /**
   * The document to read instead of this one: the version of the work in force, or the document that
   * replaces it. Null when this document is itself in force, or nothing in the corpus is.
   */
  inForceId: string | null;
  /** 施行 date, YYYY-MM-DD, when known. */
  effectiveDate: string | null;
  /** Date the document stopped being in force (repealed or replaced), when known. */
  repealDate: string | null;
  /** The document whose text repeals this one (`……同时废止`) or that a metadata file says replaces it. */
  repealedBy: string | null;
  basis: ValidityBasis;
}

/** A lone document nobody has said anything about: in force, its own work. */
export function loneValidity(docId: string): DocumentValidity {
  return {
    status: '现行有效',
    workId: `doc:${docId}`,
    version: 1,
    versions: 1,
    inForceId: null,
    effectiveDate: null,
    repealDate: null,
    repealedBy: null,
    basis: 'versions',
  };
}

/** A document's validity; one indexed before validity existed counts as a lone document in force. */
export function validityOf(document: { id: string; validity?: DocumentValidity | undefined }): DocumentValidity {
  return document.validity ?? loneValidity(document.id);
}

/** True for a status in force today. */
export function isInForce(status: ValidityStatus): boolean {
  return status === '现行有效';
}

export function isValidityStatus(value: string): value is ValidityStatus {
  return (VALIDITY_STATUSES as readonly string[]).includes(value);
}

/**
 * The status as a citation shows it, or '' when there is nothing to say: a lone document in force is cited
 * as it always was; a version of a work with several versions, or a text not in force, says which it is.
 * `《中华人民共和国行政复议法》第十条` + `（已被修改）`.
 */
export function citationStatus(validity: DocumentValidity | undefined): string {
  if (validity === undefined) return '';
  if (validity.status === '现行有效' && validity.versions <= 1) return '';
  return `（${validity.status}）`;
}
