import { MeilisearchApiError, type Key, type KeyCreation } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { READ_ONLY_ACTIONS, findOrCreateReadOnlyKey, readOnlyKeySpec, uuidV4FromSeed } from '../core/engine/meili/keys.js';

const INDEXES = ['tiaowen_clauses', 'tiaowen_documents'];

function apiError(status: number, code: string): MeilisearchApiError {
  return new MeilisearchApiError(new Response(null, { status }), { message: code, code, type: 'invalid_request', link: '' });
}

/** A key store that behaves like Meilisearch's /keys routes. */
function fakeKeyStore(initial: Key[] = []) {
  const keys = new Map(initial.map((k) => [k.uid, k]));
  const created: KeyCreation[] = [];
  return {
    created,
    async getKey(uid: string): Promise<Key> {
      const key = keys.get(uid);
      if (!key) throw apiError(404, 'api_key_not_found');
      return key;
    },
    async createKey(options: KeyCreation): Promise<Key> {
      created.push(options);
      const uid = options.uid as string;
      const key = { ...options, uid, key: `derived-from-master-${uid}`, name: options.name ?? null, description: '' } as unknown as Key;
      keys.set(uid, key);
      return key;
    },
  };
}

describe('the read-only key the web server queries with', () => {
  it('may search and read, nothing else, and only the live indexes', () => {
    const spec = readOnlyKeySpec(INDEXES);
    expect(spec.actions).toEqual(['search', 'documents.get', 'stats.get', 'version']);
    expect(spec.actions).toEqual([...READ_ONLY_ACTIONS]);
    expect(spec.indexes).toEqual(INDEXES);
    expect(spec.expiresAt).toBeNull();
  });

  it('has a uuid v4 uid that is the same for every app instance and changes with what the key may do', () => {
    const a = readOnlyKeySpec(INDEXES).uid;
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(readOnlyKeySpec([...INDEXES].reverse()).uid).toBe(a);
    expect(readOnlyKeySpec(['other_clauses', 'other_documents']).uid).not.toBe(a);
    expect(uuidV4FromSeed('x')).toBe(uuidV4FromSeed('x'));
  });

  it('is created the first time and found afterwards, never created twice', async () => {
    const store = fakeKeyStore();
    const first = await findOrCreateReadOnlyKey(store, INDEXES);
    const second = await findOrCreateReadOnlyKey(store, INDEXES);
    expect(first).toBe(`derived-from-master-${readOnlyKeySpec(INDEXES).uid}`);
    expect(second).toBe(first);
    expect(store.created).toHaveLength(1);
  });

  it('reads the key another instance created in the meantime', async () => {
    const store = fakeKeyStore();
    const racing = {
      getKey: store.getKey,
      async createKey(options: KeyCreation): Promise<Key> {
        await store.createKey(options);
        throw apiError(409, 'api_key_already_exists');
      },
    };
    expect(await findOrCreateReadOnlyKey(racing, INDEXES)).toBe(`derived-from-master-${readOnlyKeySpec(INDEXES).uid}`);
  });

  it('passes on any other failure (a wrong master key is not "no key yet")', async () => {
    const store = { ...fakeKeyStore(), getKey: async () => Promise.reject(apiError(403, 'invalid_api_key')) };
    await expect(findOrCreateReadOnlyKey(store, INDEXES)).rejects.toThrow('invalid_api_key');
  });
});
