/**
 * The embedded index's tables. One SQLite file holds everything: documents, clauses, two full-text indexes
 * over the clauses (jieba words for ranking, trigrams for substring recall) plus a character-gram index for
 * terms of one or two characters, the clause vectors and meta.
 */
import type Database from 'better-sqlite3';

/** Bump whenever the tables below change; an index with another version must be rebuilt (`npm run index`). */
export const SCHEMA_VERSION = 6;

/**
 * The trigram index's definition, also used by a full build's side database (trigram-build.ts), which
 * must define it identically for its index to be copied over.
 */
export const TRIGRAM_TABLE_SQL = `create virtual table clause_trigrams using fts5 (
  text, content = 'clauses', content_rowid = 'rowid', tokenize = 'trigram'
);`;

const SCHEMA_SQL = `
create table meta (
  key text primary key,
  value text not null
) strict;

create table documents (
  rowid integer primary key,
  id text not null unique,
  source_file text not null,
  title text not null,
  notice_title text,
  doc_number text,
  proposal_number text,
  issuer text,
  date text,
  effective_date text,
  history text not null,   -- JSON array of { date, body, action, text }
  order_number text,
  published_date text,
  year integer,
  level text,
  doc_type text,
  source_url text,
  clause_count integer not null,
  validity text,           -- JSON DocumentValidity (时效性, work, versions); null before the corpus step ran
  source_hash text,        -- DocumentSource.hash: an unchanged file is not indexed again; null when written without one
  source_warnings text not null default '[]', -- JSON array: the file's own warnings when it was indexed
  source_metadata text     -- JSON: the file's validated metadata (metadata file or front matter), null when none
) strict;

create table clauses (
  rowid integer primary key,
  id text not null unique,
  doc_rowid integer not null,
  doc_id text not null,
  ordinal integer not null,
  number text,
  path text not null,      -- JSON array of ancestor headings
  kind text not null,
  text text not null,
  start integer not null,
  end integer not null,
  tokens text not null,    -- jieba search-mode tokens, space-joined
  heading_tokens text not null, -- jieba tokens of the heading path, space-joined (ranking only)
  keywords text not null,  -- JSON array
  spans text not null      -- JSON array of an article's paragraph and item spans
) strict;
create index clauses_by_document on clauses (doc_rowid, ordinal);

-- Ranking index: the jieba tokens are already words, so unicode61 only has to split on the spaces. The heading
-- column lets a clause rank for the words of the chapter it sits in (weighted in keyword-search.ts).
create virtual table clause_words using fts5 (
  tokens, heading_tokens, content = 'clauses', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
-- Recall index: every three-character window of the raw text, so any substring of three or more characters
-- is found wherever it sits inside a longer word.
${TRIGRAM_TABLE_SQL}
-- Short-term index: the distinct single characters and character pairs of the text (character-grams.ts), so a
-- one- or two-character term is one token lookup. Only which clauses hold a gram matters: no positions, no
-- stored copy of the grams (contentless, with deletes by rowid).
create virtual table clause_grams using fts5 (
  grams, content = '', contentless_delete = 1, detail = none, tokenize = 'unicode61 remove_diacritics 0'
);
-- Per-word clause counts of the word index, to leave a question's commonest words out of its OR query.
create virtual table clause_word_counts using fts5vocab (clause_words, 'row');

-- One row per clause whose vector is computed (a clause is stored first and gets its vector later, see
-- SearchEngine.setVectors); a clause without a row is keyword-searchable only.
-- embedding: float32 little-endian (sqlite-vec's vector format), for exact cosine re-ranking.
-- bits: one sign bit per dimension, for the in-memory Hamming pre-selection (see vector-search.ts).
create table clause_vectors (
  rowid integer primary key,
  embedding blob not null,
  bits blob not null
) strict;

create trigger clauses_unindexed after delete on clauses begin
  insert into clause_words (clause_words, rowid, tokens, heading_tokens) values ('delete', old.rowid, old.tokens, old.heading_tokens);
  insert into clause_trigrams (clause_trigrams, rowid, text) values ('delete', old.rowid, old.text);
  delete from clause_grams where rowid = old.rowid;
  delete from clause_vectors where rowid = old.rowid;
end;
`;

/**
 * Keeps the word and trigram indexes in step with each clause written from now on. Created after a full
 * build's bulk load (see {@link createSchema}), because indexing row by row as each clause arrives costs about
 * three times what one pass over the finished table does (FTS5's 'rebuild').
 */
const INDEX_ON_INSERT_SQL = `
create trigger clauses_indexed after insert on clauses begin
  insert into clause_words (rowid, tokens, heading_tokens) values (new.rowid, new.tokens, new.heading_tokens);
  insert into clause_trigrams (rowid, text) values (new.rowid, new.text);
end;
`;

/**
 * Creates every table in an empty database and records the schema version.
 * `bulkLoad`: the word and trigram indexes stay empty while clauses are inserted; {@link finishBulkLoad} fills
 * them in one pass and from then on every insert indexes itself. Only for a database nobody reads yet.
 */
export function createSchema(db: Database.Database, options: { bulkLoad?: boolean } = {}): void {
  db.exec(SCHEMA_SQL);
  if (!options.bulkLoad) db.exec(INDEX_ON_INSERT_SQL);
  db.prepare('insert into meta (key, value) values (?, ?)').run('schemaVersion', String(SCHEMA_VERSION));
}

/**
 * Indexes every clause of a bulk-loaded database in one pass, then indexes each later insert as it comes.
 * `trigrams: 'filled'`: the trigram index was built elsewhere (trigram-build.ts) and is, or will be, copied in.
 */
export function finishBulkLoad(db: Database.Database, options: { trigrams: 'rebuild' | 'filled' } = { trigrams: 'rebuild' }): void {
  db.exec(`
    insert into clause_words (clause_words) values ('rebuild');
    ${options.trigrams === 'rebuild' ? REBUILD_TRIGRAMS_SQL : ''}
    ${INDEX_ON_INSERT_SQL}`);
}

/** Fills the trigram index from the clause texts in one pass (after clearing it). */
export const REBUILD_TRIGRAMS_SQL = `
  insert into clause_trigrams (clause_trigrams) values ('delete-all');
  insert into clause_trigrams (clause_trigrams) values ('rebuild');`;

/** The schema version recorded in a database, or null when it has no `meta` table (not an index). */
export function readSchemaVersion(db: Database.Database): number | null {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'meta'").get();
  if (table === undefined) return null;
  const row = db.prepare("select value from meta where key = 'schemaVersion'").get() as { value: string } | undefined;
  return row === undefined ? null : Number(row.value);
}
