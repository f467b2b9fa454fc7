import type { Clause, IndexedDocument, Level, PolicyDocument } from '../types.js';
import type { DocumentValidity, ValidityStatus } from '../versions/validity.js';

/** The three ways to search: exact words, meaning, or both fused. */
export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

/** Which signal found a hit. */
export type Signal = 'keyword' | 'semantic';

export interface SearchFilters {
  yearFrom?: number;
  yearTo?: number;
  issuer?: string[];
  level?: Level[];
  docType?: string[];
  docId?: string;
  /** 时效性: only documents with one of these statuses (a document without validity counts as 现行有效). */
  validity?: ValidityStatus[];
  /** Leaves out every version of this work (similar clauses of other works). */
  excludeWorkId?: string;
}

export interface SearchRequest {
  /** The user's query as typed (quoted phrases are exact). May be empty: then only filters apply (keyword mode). */
  q: string;
  mode: SearchMode;
  filters: SearchFilters;
  limit: number;
  offset: number;
  /** Query embedding; required for `semantic` and `hybrid` (computed by the caller with Embedder.embedQuery). */
  vector?: Float32Array;
}

/** A clause as an engine returns it: with the TF-IDF keywords computed at indexing, for display. */
export type StoredClause = Clause & { keywords: string[] };

/** Document fields carried on every hit so a result list needs no second lookup. */
export type DocumentSummary = Pick<
  PolicyDocument,
  'id' | 'title' | 'docNumber' | 'proposalNumber' | 'issuer' | 'level' | 'year' | 'date' | 'docType' | 'validity'
>;

export interface SearchHit {
  clause: StoredClause;
  document: DocumentSummary;
  /** Higher is better. Keyword: bm25-derived; semantic/similar: cosine similarity; hybrid: fused score. */
  score: number;
  /** Which signals matched this clause. */
  matched: Signal[];
  /** [start, end) character offsets into `clause.text` of matched query terms, sorted, non-overlapping. */
  highlights: Array<[number, number]>;
}

/** Facet counts. Disjunctive: each facet is counted with every filter applied except its own. */
export interface Facets {
  year: Record<string, number>;
  issuer: Record<string, number>;
  level: Record<string, number>;
  docType: Record<string, number>;
  /** 时效性 status → clauses. */
  validity: Record<string, number>;
  /** Year × level counts for the term-over-time chart (year filter not applied). */
  yearByLevel: Record<string, Record<string, number>>;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Facets;
}

export interface SimilarOptions {
  /** Exclude clauses of the source clause's own document (default true). */
  otherDocsOnly?: boolean;
  filters?: SearchFilters;
  limit?: number;
}

export interface SimilarResult {
  source: StoredClause;
  hits: SearchHit[];
}

export interface EngineHealth {
  ok: boolean;
  engine: string;
  /** Plain-language reason when not ok. */
  message?: string;
}

export interface EngineStats {
  documents: number;
  clauses: number;
  /** ISO time the current index was built, if known. */
  builtAt: string | null;
  /** Fingerprint of the corpus + model the index was built from (for staleness checks). */
  fingerprint: string | null;
}

/** What the incremental indexer and the admin page need to know of each stored document. */
export interface StoredSource {
  docId: string;
  sourceFile: string;
  /** {@link DocumentSource.hash} as stored; null for a document written without one. */
  sourceHash: string | null;
  /** {@link DocumentSource.warnings} as stored. */
  warnings: string[];
  /** {@link DocumentSource.metadata} as stored. */
  metadata: unknown;
  clauses: number;
  /** Clauses of this document whose vector is stored: `embedded < clauses` means "waiting for vectors". */
  embedded: number;
}

/** How much of the index semantic search can see. */
export interface VectorCoverage {
  clauses: number;
  /** Clauses with a stored vector; semantic, hybrid and similar search only ever find these. */
  embedded: number;
}

/** A stored clause still waiting for its vector. */
export interface PendingClause {
  id: string;
  text: string;
}

/** A computed vector for a stored clause; `text` is the text it was computed from. */
export interface ClauseVector {
  clauseId: string;
  text: string;
  vector: Float32Array;
}

/**
 * One interface, two adapters (SQLite embedded default, Meilisearch production).
 * Every adapter passes the shared contract suite in test/engine-contract.test.ts.
 */
export interface SearchEngine {
  readonly name: 'sqlite' | 'meilisearch';
  /** Atomically replaces the whole index: readers see the old index or the new one, never half. */
  replaceAll(docs: IndexedDocument[], meta: { fingerprint: string }): Promise<void>;
  /** Inserts or replaces one document and its clauses. */
  upsert(doc: IndexedDocument): Promise<void>;
  /** Removes a document and its clauses; no-op if absent. */
  remove(docId: string): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Null when the clause id is unknown. */
  similar(clauseId: string, opts?: SimilarOptions): Promise<SimilarResult | null>;
  getClause(id: string): Promise<{ clause: StoredClause; document: PolicyDocument } | null>;
  getDocument(id: string): Promise<{ document: PolicyDocument; clauses: StoredClause[] } | null>;
  listDocuments(): Promise<PolicyDocument[]>;
  /**
   * Sets the validity of indexed documents without rewriting their clauses: after an incremental change the
   * corpus-level step (indexer/versions/) may change the status of documents that were not touched (a new
   * version makes the old one 已被修改). Unknown ids are skipped.
   */
  setValidity(entries: ReadonlyArray<{ docId: string; validity: DocumentValidity }>): Promise<void>;
  /** Records what the index was last synchronised from (EngineStats.fingerprint), without rewriting anything. */
  setFingerprint(fingerprint: string): Promise<void>;
  /** Every stored document's source file, source hash and vector coverage; empty when there is no index. */
  sources(): Promise<StoredSource[]>;
  /** Clauses stored and clauses with a vector; zeros when there is no index. */
  coverage(): Promise<VectorCoverage>;
  /** Up to `limit` stored clauses without a vector, in storage order (the same order on every call). */
  clausesWithoutVectors(limit: number): Promise<PendingClause[]>;
  /**
   * Stores vectors of stored clauses, committed together. An entry whose clause is gone or whose text is no
   * longer `text` (its document was replaced meanwhile) is skipped. Returns the number stored.
   */
  setVectors(entries: readonly ClauseVector[]): Promise<number>;
  /** Every version of a work (documents with this `validity.workId`), oldest first; empty for an unknown work. */
  versionsOf(workId: string): Promise<PolicyDocument[]>;
  health(): Promise<EngineHealth>;
  stats(): Promise<EngineStats>;
  close(): Promise<void>;
}
