/**
 * Domain types shared by the indexer, the engines and the server.
 * A document is one policy text; a clause is the smallest addressable unit a user can link to and cite.
 */

import type { DocumentValidity } from './versions/validity.js';

/**
 * Administrative level of the body that made the text: 国家 (national: 全国人大, 国务院, ministries, 最高人民法院),
 * 省 (a province, autonomous region or the four municipalities directly under the central government),
 * 市 (a city such as 深圳市 or 郑州市) or 区 (a district or county such as 福田区).
 */
export type Level = '国家' | '省' | '市' | '区';

/** Every level, from the top down (facets and filters list them in this order). */
export const LEVELS: readonly Level[] = ['国家', '省', '市', '区'];

/** What an act in a text's promulgation history did: 通过, 批准, 公布, 发布, 修正, 修订, 施行 or 废止. */
export type HistoryAction = '通过' | '批准' | '公布' | '发布' | '修正' | '修订' | '施行' | '废止';

/** One act of a text's promulgation history: `2021年6月29日 深圳市第七届人民代表大会常务委员会第二次会议通过`. */
export interface HistoryEvent {
  /** YYYY-MM-DD, or null when the line gives none (`自公布之日起施行`). */
  date: string | null;
  /** The acting body as written without session numbers (`深圳市人民代表大会常务委员会`), null when unnamed. */
  body: string | null;
  action: HistoryAction;
  /** The line as the text gives it. */
  text: string;
}

/** One policy document with metadata read from the text itself (null where the text does not say). */
export interface PolicyDocument {
  /**
   * Short, stable id made from the 文号 (`szf-2015-54`) or, without one, from the title and version date
   * (`行政复议法-2023-09-01`); Chinese characters, ASCII letters, digits and `-` only (indexer/parse/document-id.ts).
   */
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
  /**
   * Signing date, YYYY-MM-DD; for legislation the adoption date (通过), or the latest amendment (修正/修订)
   * for an amended text.
   */
  date: string | null;
  /** Date it takes effect (施行), YYYY-MM-DD, or null. */
  effectiveDate: string | null;
  /** The promulgation history, in the order the text gives it; empty for a policy document. */
  history: HistoryEvent[];
  /** 主席令 / 国务院令 / 部令 number the text was promulgated with, e.g. `中华人民共和国主席令第四十五号`. */
  orderNumber: string | null;
  /** From a 发布日期 header, YYYY-MM-DD, else null. */
  publishedDate: string | null;
  /** Year of `date` (or, with a warning, of the date in the file name when the text gives none). */
  year: number | null;
  level: Level | null;
  /** From the title: 法 / 条例 / 规定 / 办法 / 解释 / 通知 / 实施方案 / 指导意见 / 工作方案 / 提案答复 … */
  docType: string | null;
  sourceUrl: string | null;
  clauseCount: number;
  /**
   * 时效性 and the document's place among the versions of its work. Set by the corpus-level step of the indexer
   * (indexer/versions/); absent on a document fresh from the parser. Read it with `validityOf(document)`.
   */
  validity?: DocumentValidity;
}

/** What kind of block a clause is: numbered item, un-numbered paragraph, a flattened table kept whole, or a whole article (第N条). */
export type ClauseKind = 'item' | 'paragraph' | 'table' | 'article';

/**
 * A paragraph (款) or an item (项) of an article, as offsets into the clause's `text`. Paragraphs are
 * numbered 1… within the article; items 1… within their paragraph. An item's span lies inside its paragraph's.
 */
export interface ClauseSpan {
  kind: 'paragraph' | 'item';
  /** The 款 the span is or lies in, from 1. */
  paragraph: number;
  /** The 项 number for an item (（三） → 3), null for a paragraph. */
  item: number | null;
  /** The item's label as written (`（三）`), null for a paragraph. */
  label: string | null;
  start: number;
  end: number;
}

/** The smallest addressable unit of a document. */
export interface Clause {
  /** Stable, URL-safe, derived from the document id and structural position, e.g. `szf-2015-54.s4.81`. */
  id: string;
  docId: string;
  /** 0-based position in the document. */
  ordinal: number;
  /** The clause's own label, e.g. `81.`, `（三）` or `第二十条`; null for an un-numbered paragraph. */
  number: string | null;
  /** Ancestor headings, outermost first, e.g. `["四、主要任务及分工", "（三）优化综合创新生态体系"]`. */
  path: string[];
  kind: ClauseKind;
  /** Normalised text, page breaks repaired; an article keeps its paragraph breaks as newlines. */
  text: string;
  /** Character offsets (UTF-16 code units, as JavaScript strings index) into the normalised document text. */
  start: number;
  end: number;
  /** An article's paragraphs and items (offsets into `text`); empty for every other clause. */
  spans: ClauseSpan[];
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
  /**
   * jieba tokens of the clause's heading path (its chapter and section titles), space-joined: a second column
   * of the word index, so a question about 知识产权 finds the articles under 第五章 知识产权保护 that never
   * repeat the heading's words. Never part of keyword recall, which matches the clause text only.
   */
  headingTokens: string;
  /** Top TF-IDF keywords for display. */
  keywords: string[];
  /**
   * L2-normalised embedding, or null when it is not computed yet: a clause is keyword-searchable as soon as
   * it is stored, and joins semantic search once its vector is stored (SearchEngine.setVectors).
   */
  vector: Float32Array | null;
}

/** Where a stored document came from, so an incremental run can tell an unchanged file from a changed one. */
export interface DocumentSource {
  /** Hash of the source file's bytes, its metadata file's bytes, the index format and the model (pipeline.ts). */
  hash: string;
  /** The file's own warnings (decoding, metadata, parsing) when it was indexed, to report again while it is unchanged. */
  warnings: string[];
  /**
   * The file's validated metadata (metadata file or front matter) as JSON, null when it has none: the
   * corpus-level step needs it for every document, and an unchanged file is not read again to find it.
   */
  metadata: unknown;
}

export interface IndexedDocument {
  document: PolicyDocument;
  clauses: IndexedClause[];
  /** Absent for documents written without a source file (tests, synthetic corpora): they always count as changed. */
  source?: DocumentSource;
}

/** How to build a tokenizer again in another thread (the indexer's parse workers): its dictionary. */
export interface TokenizerRecipe {
  kind: 'jieba';
  userDictPath: string;
}

/** Splits Chinese text into words. One instance is shared by indexing and querying so both agree. */
export interface Tokenizer {
  /** Present when an equal tokenizer can be built in a worker thread. */
  readonly recipe?: TokenizerRecipe;
  /** Words for indexing/querying (search mode: long words plus their sub-words). */
  tokenize(text: string): string[];
  /** Top keywords of a text (jieba TF-IDF). */
  keywords(text: string, topN?: number): string[];
  /** `tokenize` and `keywords` of one text at once (indexing: where it can, the text is segmented once). */
  analyse(text: string, topN?: number): { tokens: string[]; keywords: string[] };
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
