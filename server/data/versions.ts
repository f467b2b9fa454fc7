/**
 * Versions of a work on the server: the list of versions a document page shows, the article-by-article
 * comparison of two versions (`/compare/versions`), and "the same article in the version in force".
 * Alignments are computed on request (core/versions/align-articles.ts) and kept in a small LRU cache.
 */
import { LRUCache } from 'lru-cache';
import type { PolicyDocument } from '../../core/types.js';
import type { StoredClause } from '../../core/engine/types.js';
import { formatCitation } from '../../core/citation.js';
import { badRequest, notFound } from '../../core/errors.js';
import { type AlignedPair, type Alignment, alignArticles, comparableUnits, summaryLine } from '../../core/versions/align-articles.js';
import { citationStatus, validityOf } from '../../core/versions/validity.js';
import { type CompareParams, isPlausibleId } from '../params.js';
import { urls } from '../urls.js';
import { type DiffOp, diffClauses, diffStats } from './compare.js';
import type { AppDeps } from './deps.js';
import { shownId } from './documents.js';

/** Alignments kept; a pair of 300-article laws takes ~20 ms to align, so a few dozen cover a session's browsing. */
const ALIGNMENT_CACHE_SIZE = 64;

interface LoadedDocument {
  document: PolicyDocument;
  clauses: StoredClause[];
}

/** One cache per engine: two apps in one process (tests) never share alignments. */
const caches = new WeakMap<object, LRUCache<string, Alignment<StoredClause>>>();

/** What identifies the content of a document for the cache: ids, counts and text lengths change when it is re-indexed. */
function contentKey(d: LoadedDocument): string {
  return `${d.document.id}:${d.clauses.length}:${d.clauses.reduce((n, c) => n + c.text.length, 0)}`;
}

/** The alignment of two loaded documents, older first (cached). */
export function alignDocuments(deps: AppDeps, a: LoadedDocument, b: LoadedDocument): Alignment<StoredClause> {
  let cache = caches.get(deps.engine);
  if (!cache) caches.set(deps.engine, (cache = new LRUCache({ max: ALIGNMENT_CACHE_SIZE })));
  const key = `${contentKey(a)}|${contentKey(b)}`;
  let alignment = cache.get(key);
  if (!alignment) cache.set(key, (alignment = alignArticles(comparableUnits(a.clauses), comparableUnits(b.clauses))));
  return alignment;
}

/** The other versions of a document's work, oldest first (empty for a lone document). */
export async function versionsOfDocument(deps: AppDeps, document: PolicyDocument): Promise<PolicyDocument[]> {
  const validity = validityOf(document);
  if (validity.versions <= 1) return [];
  return deps.engine.versionsOf(validity.workId);
}

/** Where "the same article in the version in force" of a clause is. */
export interface InForceLink {
  /** The document to read instead (the version in force, or the text that replaced this one). */
  document: PolicyDocument;
  /** The aligned article there; null when it was deleted, or when the other text is another work. */
  clause: StoredClause | null;
  /** unchanged / changed, or deleted when the article is gone; null when no alignment applies. */
  kind: AlignedPair['kind'] | null;
}

/** The same article in the version in force, for a clause of a document that is not in force. */
export async function inForceCounterpart(deps: AppDeps, clause: StoredClause, document: PolicyDocument): Promise<InForceLink | null> {
  const validity = validityOf(document);
  if (validity.inForceId === null) return null;
  const current = await deps.engine.getDocument(validity.inForceId);
  if (!current) return null;
  if (validityOf(current.document).workId !== validity.workId) return { document: current.document, clause: null, kind: null };
  const own = await deps.engine.getDocument(document.id);
  if (!own) return null;
  const older = validity.version <= validityOf(current.document).version;
  const alignment = older ? alignDocuments(deps, own, current) : alignDocuments(deps, current, own);
  const pair = alignment.pairs.find((p) => (older ? p.a : p.b)?.id === clause.id);
  const counterpart = pair ? (older ? pair.b : pair.a) : null;
  return { document: current.document, clause: counterpart, kind: counterpart ? (pair?.kind ?? null) : 'deleted' };
}

/** The same article in every other version of its work, newest version first. */
export async function sameArticleInVersions(
  deps: AppDeps,
  clause: StoredClause,
  document: PolicyDocument,
): Promise<Array<{ clause: StoredClause; document: PolicyDocument; kind: AlignedPair['kind']; similarity: number }>> {
  const versions = (await versionsOfDocument(deps, document)).filter((d) => d.id !== document.id);
  if (versions.length === 0) return [];
  const own = await deps.engine.getDocument(document.id);
  if (!own) return [];
  const mine = validityOf(document).version;
  const found = [];
  for (const version of [...versions].reverse()) {
    const other = await deps.engine.getDocument(version.id);
    if (!other) continue;
    const older = mine <= validityOf(version).version;
    const alignment = older ? alignDocuments(deps, own, other) : alignDocuments(deps, other, own);
    const pair = alignment.pairs.find((p) => (older ? p.a : p.b)?.id === clause.id);
    const counterpart = pair ? (older ? pair.b : pair.a) : null;
    if (pair && counterpart) found.push({ clause: counterpart, document: other.document, kind: pair.kind, similarity: pair.similarity ?? 0 });
  }
  return found;
}

/** One aligned pair as the compare page shows it. */
export interface VersionPairView {
  kind: AlignedPair['kind'];
  a: StoredClause | null;
  b: StoredClause | null;
  renumbered: boolean;
  moved: boolean;
  similarity: number | null;
  /** Character diff of the texts, for changed pairs only. */
  diff: DiffOp[] | null;
}

export interface VersionCompareData {
  a: { document: PolicyDocument };
  b: { document: PolicyDocument };
  /** Every version of the work, for switching the pair. */
  versions: PolicyDocument[];
  pairs: VersionPairView[];
  summary: Alignment['summary'];
  /** `新增 N 条 · 删除 M 条 · 修改 K 条`. */
  summaryLine: string;
}

export async function getVersionCompareData(deps: AppDeps, params: CompareParams): Promise<VersionCompareData> {
  const load = async (id: string, which: string): Promise<LoadedDocument> => {
    const found = isPlausibleId(id) ? await deps.engine.getDocument(id) : null;
    if (!found) throw notFound(`找不到要比较的文件 ${which}“${shownId(id)}”（No document with id ${shownId(id)} for ${which}）`);
    return found;
  };
  let [a, b] = await Promise.all([load(params.a, 'a'), load(params.b, 'b')]);
  const va = validityOf(a.document);
  const vb = validityOf(b.document);
  if (va.workId !== vb.workId) {
    throw badRequest(
      `《${a.document.title}》与《${b.document.title}》不是同一文件的两个版本；比较两个条款请用 /compare（a and b are not versions of one work）`,
    );
  }
  // Older on the left, whichever order the link gave.
  if (va.version > vb.version) [a, b] = [b, a];
  const alignment = alignDocuments(deps, a, b);
  return {
    a: { document: a.document },
    b: { document: b.document },
    versions: await deps.engine.versionsOf(va.workId),
    pairs: alignment.pairs.map((p) => ({
      kind: p.kind,
      a: p.a,
      b: p.b,
      renumbered: p.renumbered,
      moved: p.moved,
      similarity: p.similarity,
      diff: p.kind === 'changed' && p.a && p.b ? diffClauses(p.a.text, p.b.text) : null,
    })),
    summary: alignment.summary,
    summaryLine: summaryLine(alignment.summary),
  };
}

const pairClause = (c: StoredClause | null, document: PolicyDocument) =>
  c === null ? null : { id: c.id, number: c.number, text: c.text, url: urls.clause(c.id), citation: formatCitation(document, c) + citationStatus(document.validity) };

export function versionCompareJson(data: VersionCompareData) {
  return {
    ok: true as const,
    a: { document: data.a.document, status: validityOf(data.a.document).status },
    b: { document: data.b.document, status: validityOf(data.b.document).status },
    summary: data.summary,
    summaryLine: data.summaryLine,
    pairs: data.pairs.map((p) => ({
      kind: p.kind,
      renumbered: p.renumbered,
      moved: p.moved,
      similarity: p.similarity,
      a: pairClause(p.a, data.a.document),
      b: pairClause(p.b, data.b.document),
      diff: p.diff,
      stats: p.diff ? diffStats(p.diff) : null,
    })),
    versions: data.versions.map((d) => ({ id: d.id, title: d.title, date: d.date, status: validityOf(d).status, url: urls.document(d.id) })),
    links: { html: urls.compareVersions(data.a.document.id, data.b.document.id) },
  };
}
