/** Data for the compare page: two clauses and a character-level diff between them. */
import { diffChars } from 'diff';
import type { Clause, PolicyDocument } from '../../core/types.js';
import type { SearchHit } from '../../core/engine/types.js';
import { formatCitation } from '../../core/citation.js';
import { notFound } from '../../core/errors.js';
import { isPlausibleId, type CompareParams } from '../params.js';
import { urls } from '../urls.js';
import type { AppDeps } from './deps.js';
import { shownId } from './documents.js';

/** One run of the diff: text both share, text only B has (insert) or only A has (delete). */
export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface DiffStats {
  /** Characters (code points) in each kind of run. */
  equal: number;
  inserted: number;
  deleted: number;
  /** Share of the longer text that is unchanged, 0–1. */
  sameRatio: number;
}

export interface ComparedClause {
  clause: Clause;
  document: PolicyDocument;
  citation: string;
}

export interface CompareData {
  a: ComparedClause;
  b: ComparedClause;
  diff: DiffOp[];
  stats: DiffStats;
  /** Other clauses similar to A, to compare with next. */
  alternatives: SearchHit[];
}

/** Past this, diffing two long, unrelated texts would hold the event loop; we fall back to replace-all. */
const DIFF_TIMEOUT_MS = 300;

/** Shared runs this short between two changes are folded into the change. */
const SHORT_EQUAL = 2;

/**
 * Folds short shared runs that sit between two changes into those changes, then orders each change as
 * "deleted, then inserted". A raw character diff of two Chinese sentences keeps single shared characters
 * (、 的 和) that cut every phrase into confetti; folded, the changes read as phrases.
 * Keeps the invariant: equal+delete texts give A, equal+insert texts give B.
 */
export function foldShortEquals(ops: readonly DiffOp[], maxLength = SHORT_EQUAL): DiffOp[] {
  const expanded: DiffOp[] = [];
  ops.forEach((op, i) => {
    const before = ops[i - 1];
    const after = ops[i + 1];
    const between = before && after && before.op !== 'equal' && after.op !== 'equal';
    if (op.op === 'equal' && between && [...op.text].length <= maxLength) {
      expanded.push({ op: 'delete', text: op.text }, { op: 'insert', text: op.text });
    } else {
      expanded.push(op);
    }
  });
  const folded: DiffOp[] = [];
  let deleted = '';
  let inserted = '';
  const flush = () => {
    if (deleted) folded.push({ op: 'delete', text: deleted });
    if (inserted) folded.push({ op: 'insert', text: inserted });
    deleted = '';
    inserted = '';
  };
  for (const op of expanded) {
    if (op.op === 'delete') deleted += op.text;
    else if (op.op === 'insert') inserted += op.text;
    else {
      flush();
      folded.push(op);
    }
  }
  flush();
  return folded;
}

/** Character-level diff of A → B as operations, folded for reading. Pure. */
export function diffClauses(a: string, b: string): DiffOp[] {
  const changes = diffChars(a, b, { timeout: DIFF_TIMEOUT_MS });
  if (!changes) {
    return [
      ...(a ? [{ op: 'delete' as const, text: a }] : []),
      ...(b ? [{ op: 'insert' as const, text: b }] : []),
    ];
  }
  return foldShortEquals(changes.map((c) => ({ op: c.added ? 'insert' : c.removed ? 'delete' : 'equal', text: c.value })));
}

export function diffStats(ops: readonly DiffOp[]): DiffStats {
  const count = (op: DiffOp['op']) => ops.filter((o) => o.op === op).reduce((n, o) => n + [...o.text].length, 0);
  const equal = count('equal');
  const inserted = count('insert');
  const deleted = count('delete');
  const longer = Math.max(equal + inserted, equal + deleted);
  return { equal, inserted, deleted, sameRatio: longer === 0 ? 1 : equal / longer };
}

export async function getCompareData(deps: AppDeps, params: CompareParams): Promise<CompareData> {
  const load = async (id: string, which: string): Promise<ComparedClause> => {
    const found = isPlausibleId(id) ? await deps.engine.getClause(id) : null;
    if (!found) throw notFound(`找不到要比较的条款 ${which}“${shownId(id)}”（No clause with id ${shownId(id)} for ${which}）`);
    return { ...found, citation: formatCitation(found.document, found.clause) };
  };
  const [a, b] = await Promise.all([load(params.a, 'a'), load(params.b, 'b')]);
  const similar = await deps.engine.similar(a.clause.id, { limit: 6, otherDocsOnly: true });
  const diff = diffClauses(a.clause.text, b.clause.text);
  return {
    a,
    b,
    diff,
    stats: diffStats(diff),
    alternatives: (similar?.hits ?? []).filter((h) => h.clause.id !== b.clause.id).slice(0, 5),
  };
}

export function compareJson(data: CompareData) {
  return {
    ok: true as const,
    a: { clause: data.a.clause, document: data.a.document, citation: data.a.citation },
    b: { clause: data.b.clause, document: data.b.document, citation: data.b.citation },
    diff: data.diff,
    stats: data.stats,
    links: { html: urls.compare(data.a.clause.id, data.b.clause.id), swap: urls.api.compare(data.b.clause.id, data.a.clause.id) },
  };
}
