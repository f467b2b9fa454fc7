/**
 * Domain types shared by the indexer, the engines and the server.
 * A document is one policy text; a clause is the smallest addressable unit a user can link to and cite.
 */

import type { DocumentValidity } from './versions/validity.js';

/** Administrative level of the issuing body: city (深圳市) or district (福田区). */
export type Level = '市' | '区';

/** One policy document with metadata read from the text itself (null where the text does not say). */
export interface PolicyDocument {
  /** Short, stable, URL-safe id, e.g. `szf-2015-54`. */
  id: string;
  /** File name inside SEEDS_DIR, e.g. `004_f58ccc0061d310c5.txt`. */
  sourceFile: string;
  /** The policy's own title, e.g. `深圳国家自主创新示范区建设实施方案`. */
  title: string;
  /** The 印发…通知 wrapper title when the policy is wrapped in a notice, else null. */
  noticeTitle: string | null;
  /** 文号 such as `深府〔2015〕54号`, or null. */
  docNumber: string | null;
  /** Proposal number when the text answers a proposal, e.g. `TA 20200005`. */
  proposalNumber: string | null;
  /** 发文机关 / 发布机构 / signing body. */
  issuer: string | null;
  /** Signing date, YYYY-MM-DD. */
  date: string | null;
  /** From a 发布日期 header, YYYY-MM-DD, else null. */
  publishedDate: string | null;
  /** Year of `date`. */
  year: number | null;
  level: Level | null;
  /** 通知 / 实施方案 / 指导意见 / 工作方案 / 提案答复 … */
  docType: string | null;
  sourceUrl: string | null;
  clauseCount: number;
  /**
   * 时效性 and the document's place among the versions of its work. Set by the corpus-level step of the indexer
   * (indexer/versions/); absent on a document fresh from the parser. Read it with `validityOf(document)`.
   */
  validity?: DocumentValidity;
}

/** What kind of block a clause is: numbered item, un-numbered paragraph, or a flattened table kept whole. */
export type ClauseKind = 'item' | 'paragraph' | 'table';

/** The smallest addressable unit of a document. */
export interface Clause {
  /** Stable, URL-safe, derived from the document id and structural position, e.g. `szf-2015-54.s4.81`. */
  id: string;
  docId: string;
  /** 0-based position in the document. */
  ordinal: number;
  /** The clause's own label, e.g. `81.` or `（三）`; null for an un-numbered paragraph. */
  number: string | null;
  /** Ancestor headings, outermost first, e.g. `["四、主要任务及分工", "（三）优化综合创新生态体系"]`. */
  path: string[];
  kind: ClauseKind;
  /** Normalised text, page breaks repaired. */
  text: string;
  /** Character offsets (UTF-16 code units, as JavaScript strings index) into the normalised document text. */
  start: number;
  end: number;
}

/** Result of parsing one source file. */
export interface ParsedDocument {
  document: PolicyDocument;
  /** Whole normalised document text; clause offsets point into it. */
  text: string;
  clauses: Clause[];
  /** Human-readable warnings for the index report (missing metadata, odd structure). */
  warnings: string[];
}

/** A clause ready for an engine: with tokens for keyword search, display keywords and its embedding. */
export interface IndexedClause extends Clause {
  /** jieba tokens of `text`, space-joined (search mode, so sub-words are present too). */
  tokens: string;
  /** Top TF-IDF keywords for display. */
  keywords: string[];
  /** L2-normalised embedding. */
  vector: Float32Array;
}

export interface IndexedDocument {
  document: PolicyDocument;
  clauses: IndexedClause[];
}

/** Splits Chinese text into words. One instance is shared by indexing and querying so both agree. */
export interface Tokenizer {
  /** Words for indexing/querying (search mode: long words plus their sub-words). */
  tokenize(text: string): string[];
  /** Top keywords of a text (jieba TF-IDF). */
  keywords(text: string, topN?: number): string[];
}

/** Turns texts into L2-normalised vectors of a fixed dimension. */
export interface Embedder {
  readonly dimensions: number;
  /** A stable identifier of the model (used as the embedding cache key). */
  readonly modelId: string;
  /** Embeds passages (clauses). */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a user query (may add a retrieval instruction). */
  embedQuery(text: string): Promise<Float32Array>;
}
