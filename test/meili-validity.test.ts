/** How 时效性 is stored in and asked of Meilisearch: record shapes, filters and facets (no server needed). */
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../core/types.js';
import type { DocumentValidity } from '../core/versions/validity.js';
import { documentFromRecord, summaryFromRecord, toClauseRecord, toDocumentRecord } from '../core/engine/meili/documents.js';
import { filterExpression, filtersFacet } from '../core/engine/meili/filters.js';
import { PAGE_FIELDS, assembleSearch, planSearch } from '../core/engine/meili/search-plan.js';
import { FIXTURE_DOCUMENTS, fixtureClause } from './utils/fixture-corpus.js';
import { hashVector } from './utils/hash-embedder.js';

const superseded: DocumentValidity = {
  status: '已被修改', workId: 'w-0123456789ab', version: 1, versions: 2, inForceId: 'xzfy-2023',
  effectiveDate: null, repealDate: null, repealedBy: null, basis: 'versions',
};
const base = FIXTURE_DOCUMENTS.find((d) => d.document.id === 'szf-2015-54')!.document;
const doc: PolicyDocument = { ...base, validity: superseded };
const clause = () => {
  const c = fixtureClause('szf-2015-54.6');
  return { ...c, tokens: '', headingTokens: '', keywords: [], vector: hashVector(c.text) };
};

describe('Meilisearch records carry 时效性', () => {
  it('a clause record has the flat status and work id to filter on, and the validity to show', () => {
    const record = toClauseRecord(clause(), doc);
    expect(record).toMatchObject({ status: '已被修改', workId: 'w-0123456789ab', validity: superseded });
    expect(summaryFromRecord(record).validity).toEqual(superseded);
    expect(PAGE_FIELDS).toContain('validity');
  });

  it('a document indexed without versions is in force, its own work', () => {
    const record = toClauseRecord(clause(), base);
    expect(record).toMatchObject({ status: '现行有效', workId: 'doc:szf-2015-54' });
    expect('validity' in record).toBe(false);
  });

  it('a document record round-trips its validity and has the work id flat', () => {
    const record = toDocumentRecord(doc);
    expect(record.workId).toBe('w-0123456789ab');
    expect(documentFromRecord(record)).toEqual(doc);
  });
});

describe('Meilisearch filters for 时效性', () => {
  it('filters statuses on the flat field and leaves a work out of similar clauses', () => {
    expect(filterExpression({ validity: ['现行有效'], excludeWorkId: 'w-0123456789ab' })).toBe('status IN ["现行有效"] AND workId != "w-0123456789ab"');
    expect(filterExpression({ validity: ['现行有效', '已被修改'], level: ['市'] }, 'validity')).toBe('level IN ["市"]');
    expect(filtersFacet({ validity: ['现行有效'] }, 'validity')).toBe(true);
  });

  it('counts the 时效性 facet without its own filter, from the status field', () => {
    const plan = planSearch({ q: '知识产权质押', mode: 'keyword', filters: { validity: ['现行有效'] }, limit: 20, offset: 0 }, 'test_clauses');
    expect(plan.queries.map((q) => [q.filter, q.facets])).toEqual([
      ['status IN ["现行有效"]', ['year', 'issuer', 'level', 'docType', 'yearLevel']],
      [undefined, ['status']],
    ]);
    const result = assembleSearch(plan, [
      { indexUid: 'test_clauses', hits: [], totalHits: 3, facetDistribution: {}, processingTimeMs: 1, query: '' } as never,
      { indexUid: 'test_clauses', hits: [], totalHits: 5, facetDistribution: { status: { 现行有效: 3, 已被修改: 2 } }, processingTimeMs: 1, query: '' } as never,
    ]);
    expect(result.total).toBe(3);
    expect(result.facets.validity).toEqual({ 现行有效: 3, 已被修改: 2 });
  });
});

describe('Meilisearch partial update of 时效性', () => {
  it('patches only the validity fields of a record, by its encoded id', async () => {
    const { validityPatch } = await import('../core/engine/meili/meili-engine.js');
    expect(validityPatch('szf-2015-54__6', superseded)).toEqual({ id: 'szf-2015-54__6', validity: superseded, workId: 'w-0123456789ab' });
  });
});
