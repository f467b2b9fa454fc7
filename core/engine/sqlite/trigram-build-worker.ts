/**
 * The worker of trigram-build.ts: indexes clause texts into a side database's trigram table as they arrive,
 * and optimises it when told the last one came.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { TRIGRAM_TABLE_SQL } from './schema.js';
import type { TrigramWorkerMessage, TrigramWorkerReply } from './trigram-build.js';

const { file } = workerData as { file: string };
const db = new Database(file);
// A scratch file nobody else opens: no journal, no syncs.
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
// The table's content table is named but never read: rows are indexed from the values sent, and nothing here
// queries or deletes. It exists so the definition is complete.
db.exec(`create table clauses (rowid integer primary key, text text not null) strict; ${TRIGRAM_TABLE_SQL}`);
// Segments are merged once, by 'optimize' at the end: merging as they pile up cost a third more in total.
db.exec("insert into clause_trigrams (clause_trigrams, rank) values ('automerge', 0)");
const indexText = db.prepare('insert into clause_trigrams (rowid, text) values (?, ?)');
const insertRows = db.transaction((rowids: number[], texts: string[]) => {
  rowids.forEach((rowid, i) => indexText.run(rowid, texts[i]));
});

parentPort?.on('message', (message: TrigramWorkerMessage) => {
  let reply: TrigramWorkerReply | null = null;
  try {
    if (message.kind === 'rows') insertRows(message.rowids, message.texts);
    else {
      // Merged into one segment; then FTS5's usual merging again, since these settings are copied too.
      db.exec("insert into clause_trigrams (clause_trigrams) values ('optimize'); insert into clause_trigrams (clause_trigrams, rank) values ('automerge', 4);");
      db.close();
      reply = { kind: 'done' };
    }
  } catch (error) {
    reply = { kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  if (reply !== null) parentPort?.postMessage(reply);
});
