/**
 * Metadata files beside real laws: what a user writes when no title rule can tell (a text repealed by a
 * decision outside the corpus, a revision not yet in effect), and the clear error a bad file gets.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legislationDir } from './utils/legislation.js';
import { VERSION_FILES, type VersionsApp, createVersionsApp } from './utils/versions-app.js';

let t: VersionsApp;
beforeAll(async () => {
  const revision2023 = readFileSync(path.join(legislationDir(), VERSION_FILES.xzfy2023), 'utf8');
  t = await createVersionsApp({
    extraFiles: {
      // The State Council repeals the 2023 道路运输条例 (say) by a decision the corpus does not hold.
      '道路运输条例(2023-07-20).meta.json': JSON.stringify({ status: '已废止', repealDate: '2025-06-01' }),
      // A typo'd status: the file is refused, naming itself and the field; the law is indexed all the same.
      '民事诉讼法(2021-12-24).meta.json': JSON.stringify({ status: '失效' }),
      // Front matter on the 2023 revision: it takes effect later than the text says.
      '行政复议法(2023-09-01).md': `---\neffectiveDate: 2027-01-01\n---\n${revision2023}`,
    },
  });
});
afterAll(() => t?.close());

const fileReport = (file: string) => t.report.files.find((f) => f.file === file);

describe('a metadata file overrides what the versions say', () => {
  it('道路运输条例 2023 marked 已废止: no version in force, the older ones stay 已被修改 with nothing to point to', () => {
    expect(t.doc('dlys2023').validity).toMatchObject({ status: '已废止', basis: 'metadata', repealDate: '2025-06-01', inForceId: null });
    expect(t.doc('dlys2022').validity).toMatchObject({ status: '已被修改', inForceId: null });
    expect(t.doc('dlys2019').validity).toMatchObject({ status: '已被修改', inForceId: null });
  });

  it('front matter puts the 2023 行政复议法 ahead: 尚未生效, and the 2017 text stays in force', () => {
    expect(t.doc('xzfy2023').validity).toMatchObject({ status: '尚未生效', basis: 'effective-date', effectiveDate: '2027-01-01', inForceId: t.doc('xzfy2017').id });
    expect(t.doc('xzfy2017').validity).toMatchObject({ status: '现行有效', inForceId: null });
    // The front matter is metadata, not text: the first clause is still the law's own.
    expect(fileReport('行政复议法(2023-09-01).md')?.status).toBe('indexed');
  });

  it('a bad metadata file is reported with its name and field and ignored as a whole', () => {
    expect(fileReport('民事诉讼法(2021-12-24).md')).toMatchObject({ status: 'indexed' });
    expect(fileReport('民事诉讼法(2021-12-24).md')?.warnings).toContain(
      'metadata ignored: 民事诉讼法(2021-12-24).meta.json: field "status" must be one of 现行有效, 尚未生效, 已被修改, 已废止',
    );
    expect(t.doc('mssx2021').validity?.status).toBe('已被修改');
  });

  it('search in force leaves out the repealed 道路运输条例 and shows the 2017 行政复议法', async () => {
    const res = await request(t.app).get(`/api/search?q=${encodeURIComponent('道路运输经营')}&mode=keyword&limit=100`).expect(200);
    expect(res.body.total).toBe(0);
    expect(res.body.facets.validity['已废止']).toBeGreaterThan(0);
    const review = await request(t.app).get(`/api/search?q=${encodeURIComponent('行政复议申请')}&mode=keyword&limit=100`).expect(200);
    expect(new Set(review.body.hits.map((h: { docId: string }) => h.docId))).toEqual(new Set([t.doc('xzfy2017').id]));
  });
});
