/**
 * API keys. The master key never serves a query: the web server derives a read-only key from it (or is
 * given one as MEILI_SEARCH_KEY), and only the indexer process uses the master key itself. Key values are
 * never logged, never put in an error message, and never leave this process.
 *
 * The read-only key has a deterministic uid (Meilisearch keys may be created with a caller-chosen uuid v4,
 * and the key value is derived from the master key and that uid), so every app instance finds the same key
 * instead of creating one per start-up. The uid is derived from what the key may do; a change of actions
 * or indexes therefore yields a new key rather than a mismatched old one.
 */
import { createHash } from 'node:crypto';
import type { Key, KeyCreation } from 'meilisearch';
import { meiliErrorCode } from './errors.js';

/**
 * What the web server may do: search, read documents by id (clause and document pages), read index stats
 * (health, staleness) and the version (the ≥ v1.25 check). Nothing that writes.
 */
export const READ_ONLY_ACTIONS = ['search', 'documents.get', 'stats.get', 'version'] as const;

/** The part of the client this module needs (the master-key client satisfies it). */
export interface KeyAdmin {
  getKey(uidOrKey: string): Promise<Key>;
  createKey(options: KeyCreation): Promise<Key>;
}

/** A uuid v4 derived from a seed: the version and variant bits are set, the rest comes from sha256. */
export function uuidV4FromSeed(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The key Tiaowen's web server uses for the given live indexes. */
export function readOnlyKeySpec(indexes: readonly string[]): KeyCreation & { uid: string } {
  const sorted = [...indexes].sort();
  const actions = [...READ_ONLY_ACTIONS];
  return {
    uid: uuidV4FromSeed(`tiaowen read-only key\n${JSON.stringify({ actions, indexes: sorted })}`),
    name: `tiaowen-read-only:${sorted.join(',')}`,
    description: 'Tiaowen web server: search and read only. Created by the app from the master key.',
    actions,
    indexes: sorted,
    expiresAt: null,
  };
}

/** Finds the read-only key for `indexes`, creating it the first time; returns the key value. */
export async function findOrCreateReadOnlyKey(admin: KeyAdmin, indexes: readonly string[]): Promise<string> {
  const spec = readOnlyKeySpec(indexes);
  try {
    return (await admin.getKey(spec.uid)).key;
  } catch (error) {
    if (meiliErrorCode(error) !== 'api_key_not_found') throw error;
  }
  try {
    return (await admin.createKey(spec)).key;
  } catch (error) {
    // Another instance created it between our two calls: it is the same key, read it.
    if (meiliErrorCode(error) === 'api_key_already_exists') return (await admin.getKey(spec.uid)).key;
    throw error;
  }
}
