/** Data for the document page `/d/:id`, the clause deep link `/c/:id` and the document list. */
import type { PolicyDocument } from '../../core/types.js';
import type { StoredClause } from '../../core/engine/types.js';
import { formatCitation } from '../../core/citation.js';
import { notFound } from '../../core/errors.js';
import { isPlausibleId } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { buildOutline, documentBlocks, type DocumentBlock, type OutlineNode } from './outline.js';

export interface DocumentData {
  document: PolicyDocument;
  clauses: StoredClause[];
  blocks: DocumentBlock[];
  outline: OutlineNode[];
}

export interface ClauseData {
  clause: StoredClause;
  document: PolicyDocument;
  citation: string;
  /** The whole document, so the page shows the clause in context. */
  context: DocumentData;
}

/** Shortens an id for an error message; ids come from the URL and may be anything. */
export const shownId = (id: string) => (id.length > 60 ? `${id.slice(0, 60)}…` : id);

export async function getDocumentData(deps: AppDeps, id: string): Promise<DocumentData> {
  const found = isPlausibleId(id) ? await deps.engine.getDocument(id) : null;
  if (!found) throw notFound(`找不到文件“${shownId(id)}”（No document with id ${shownId(id)}）`);
  const clauses = [...found.clauses].sort((a, b) => a.ordinal - b.ordinal);
  const blocks = documentBlocks(clauses);
  return { document: found.document, clauses, blocks, outline: buildOutline(blocks) };
}

export async function getClauseData(deps: AppDeps, id: string): Promise<ClauseData> {
  const found = isPlausibleId(id) ? await deps.engine.getClause(id) : null;
  if (!found) throw notFound(`找不到条款“${shownId(id)}”（No clause with id ${shownId(id)}）`);
  const context = await getDocumentData(deps, found.clause.docId);
  return {
    clause: found.clause,
    document: found.document,
    citation: formatCitation(found.document, found.clause),
    context,
  };
}

export async function listDocuments(deps: AppDeps): Promise<PolicyDocument[]> {
  const documents = await deps.engine.listDocuments();
  // Newest first: staff mostly look for the current policy.
  return [...documents].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title, 'zh'));
}

export function clauseJson(data: ClauseData) {
  return {
    ok: true as const,
    clause: data.clause,
    document: data.document,
    citation: data.citation,
    links: {
      html: urls.clause(data.clause.id),
      document: urls.api.document(data.document.id),
      similar: urls.api.similar(data.clause.id),
    },
  };
}

export function documentJson(data: DocumentData) {
  return {
    ok: true as const,
    document: data.document,
    clauses: data.clauses,
    links: { html: urls.document(data.document.id) },
  };
}
