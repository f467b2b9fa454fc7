/** Data for the document page `/d/:id`, the clause deep link `/c/:id` and the document list. */
import type { PolicyDocument } from '../../core/types.js';
import type { StoredClause } from '../../core/engine/types.js';
import { formatCitation, pinpointAt, type Pinpoint } from '../../core/citation.js';
import { notFound } from '../../core/errors.js';
import { isPlausibleId, type PinpointParams } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { buildOutline, documentBlocks, type DocumentBlock, type OutlineNode } from './outline.js';
import { citationStatus, validityOf } from '../../core/versions/validity.js';
import { type InForceLink, inForceCounterpart, versionsOfDocument } from './versions.js';

export interface DocumentData {
  document: PolicyDocument;
  clauses: StoredClause[];
  blocks: DocumentBlock[];
  outline: OutlineNode[];
  /** Every version of the document's work, oldest first; empty for a lone document. */
  versions: PolicyDocument[];
}

export interface ClauseData {
  clause: StoredClause;
  document: PolicyDocument;
  /** The citation, narrowed to the pinpointed 款 or 项 when the link names one. */
  citation: string;
  /** The paragraph or item of the article the link points at (`?k=2&x=3`), else null. */
  pinpoint: Pinpoint | null;
  /** The whole document, so the page shows the clause in context. */
  context: DocumentData;
  /** For a clause of a text not in force: the same article in the version in force. */
  inForce: InForceLink | null;
}

/** Shortens an id for an error message; ids come from the URL and may be anything. */
export const shownId = (id: string) => (id.length > 60 ? `${id.slice(0, 60)}…` : id);

export async function getDocumentData(deps: AppDeps, id: string): Promise<DocumentData> {
  const found = isPlausibleId(id) ? await deps.engine.getDocument(id) : null;
  if (!found) throw notFound(`找不到文件“${shownId(id)}”（No document with id ${shownId(id)}）`);
  const clauses = [...found.clauses].sort((a, b) => a.ordinal - b.ordinal);
  const blocks = documentBlocks(clauses);
  const versions = await versionsOfDocument(deps, found.document);
  return { document: found.document, clauses, blocks, outline: buildOutline(blocks), versions };
}

export async function getClauseData(deps: AppDeps, id: string, at: PinpointParams = { paragraph: null, item: null }): Promise<ClauseData> {
  const found = isPlausibleId(id) ? await deps.engine.getClause(id) : null;
  if (!found) throw notFound(`找不到条款“${shownId(id)}”（No clause with id ${shownId(id)}）`);
  const point = at.paragraph === null ? null : pinpointAt(found.clause, at.paragraph, at.item);
  if (at.paragraph !== null && point === null) {
    const what = at.item === null ? `第${at.paragraph}款` : `第${at.paragraph}款第${at.item}项`;
    throw notFound(
      `${found.clause.number ?? '本条款'}没有${what}（Clause ${shownId(id)} has no paragraph ${at.paragraph}${at.item === null ? '' : ` item ${at.item}`}）`,
    );
  }
  const [context, inForce] = await Promise.all([
    getDocumentData(deps, found.clause.docId),
    inForceCounterpart(deps, found.clause, found.document),
  ]);
  return {
    clause: found.clause,
    document: found.document,
    citation: formatCitation(found.document, found.clause, point) + citationStatus(found.document.validity),
    pinpoint: point,
    context,
    inForce,
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
    pinpoint: data.pinpoint === null ? null : { ...data.pinpoint, url: urls.clause(data.clause.id, data.pinpoint) },
    status: validityOf(data.document).status,
    inForce:
      data.inForce === null
        ? null
        : {
            documentId: data.inForce.document.id,
            clauseId: data.inForce.clause?.id ?? null,
            kind: data.inForce.kind,
            url: data.inForce.clause ? urls.clause(data.inForce.clause.id) : urls.document(data.inForce.document.id),
          },
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
    status: validityOf(data.document).status,
    clauses: data.clauses,
    versions: data.versions.map((d) => ({
      id: d.id,
      title: d.title,
      date: d.date,
      status: validityOf(d).status,
      version: validityOf(d).version,
      url: urls.document(d.id),
      compare: d.id === data.document.id ? null : urls.compareVersions(data.document.id, d.id),
    })),
    links: { html: urls.document(data.document.id) },
  };
}
