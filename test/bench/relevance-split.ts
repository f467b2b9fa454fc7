/**
 * The dev/test split of the judged query set, fixed by query id. Pure, so a test can check that the split
 * stored in test/fixtures/relevance.json is the one this function gives, and that it never moves.
 *
 * Queries the ranking was tuned on before the split existed (`tunedBefore`) are always dev. The others are
 * split per kind: ordered by the sha256 of their id, alternately dev and test, so each kind is halved (the
 * odd one goes to dev) and the order queries are listed in does not matter. The split is made once and
 * stored with the queries; queries added later are split among themselves the same way.
 */
import { createHash } from 'node:crypto';

export type Split = 'dev' | 'test';

export interface SplitInput {
  id: string;
  kind: string;
}

function idHash(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('hex');
}

/** Split of every query: `tunedBefore` ids are dev; the rest alternate dev/test by id hash within their kind. */
export function splitQueries(queries: readonly SplitInput[], tunedBefore: ReadonlySet<string>): Map<string, Split> {
  const out = new Map<string, Split>();
  const byKind = new Map<string, string[]>();
  for (const q of queries) {
    if (tunedBefore.has(q.id)) {
      out.set(q.id, 'dev');
      continue;
    }
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), q.id]);
  }
  for (const ids of byKind.values()) {
    const ordered = [...ids].sort((a, b) => (idHash(a) < idHash(b) ? -1 : idHash(a) > idHash(b) ? 1 : 0));
    ordered.forEach((id, i) => out.set(id, i % 2 === 0 ? 'dev' : 'test'));
  }
  return out;
}
