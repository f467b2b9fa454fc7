/**
 * Deep links to legislation read as what they point at: `/c/行政复议法-2023-09-01.a20` is 第二十条 of the 2023
 * 行政复议法, in the pages, the JSON API and the links the app builds. The same version filed twice is a clash
 * the index report names. Corpus: the seeds plus 行政复议法 2017 and 2023 (test/utils/versions-app.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legislationDir } from './utils/legislation.js';
import { type VersionsApp, VERSION_FILES, createVersionsApp } from './utils/versions-app.js';

const ID_2023 = '行政复议法-2023-09-01';
const ID_2017 = '行政复议法-2017-09-01';
const enc = encodeURIComponent;
/** The 2023 text once more, under another name: the same version filed twice. */
const COPY = '行政复议法(2023-09-01)副本.md';

let t: VersionsApp;
beforeAll(async () => {
  const text = readFileSync(path.join(legislationDir(), VERSION_FILES.xzfy2023), 'utf8');
  t = await createVersionsApp({ keys: ['xzfy2017', 'xzfy2023'], extraFiles: { [COPY]: text } });
});
afterAll(() => t?.close());

describe('a Chinese document id through every route', () => {
  it('indexes the two versions under their titles and dates', async () => {
    const ids = (await t.engine.listDocuments()).map((d) => d.id).filter((id) => id.startsWith('行政复议法'));
    expect(ids.sort()).toEqual([ID_2017, ID_2023]);
  });

  it('GET /api/clauses/行政复议法-2023-09-01.a20 answers 第二十条 with its ids and links as they were asked for', async () => {
    const res = await request(t.app).get(`/api/clauses/${enc(`${ID_2023}.a20`)}`).expect(200);
    expect(res.body.clause).toMatchObject({ id: `${ID_2023}.a20`, docId: ID_2023, number: '第二十条' });
    expect(res.body.document.id).toBe(ID_2023);
  });

  it('GET /api/documents/<id> and /d/<id> show the 2023 text', async () => {
    const api = await request(t.app).get(`/api/documents/${enc(ID_2023)}`).expect(200);
    expect(api.body.document).toMatchObject({ id: ID_2023, title: '中华人民共和国行政复议法' });
    const page = await request(t.app).get(`/d/${enc(ID_2023)}`).expect(200);
    expect(page.text).toContain('<h1');
    expect(page.text).toContain('中华人民共和国行政复议法');
    // Each article's anchor is its clause id; links to it are percent-encoded and decode to the id.
    expect(page.text).toContain(`id="${ID_2023}.a20"`);
    expect(page.headers.link).toBe(`</api/documents/${enc(ID_2023)}>; rel="alternate"; type="application/json"`);
  });

  it('GET /c/行政复议法-2023-09-01.a20 shows the article and advertises its JSON twin in ASCII', async () => {
    const page = await request(t.app).get(`/c/${enc(`${ID_2023}.a20`)}`).expect(200);
    expect(page.text).toContain('第二十条');
    expect(page.headers.link).toBe(`</api/clauses/${enc(`${ID_2023}.a20`)}>; rel="alternate"; type="application/json"`);
  });

  it('the superseded 2017 article links to the 2023 one by its readable id', async () => {
    const res = await request(t.app).get(`/c/${enc(`${ID_2017}.a10`)}/in-force`).expect(302);
    expect(decodeURIComponent(res.headers.location as string)).toBe(`/c/${ID_2023}.a14`);
  });

  it('search hits carry the readable ids', async () => {
    const res = await request(t.app).get(`/api/search?q=${enc('行政复议机关')}&mode=keyword&limit=5`).expect(200);
    expect(res.body.hits.length).toBeGreaterThan(0);
    for (const hit of res.body.hits) {
      expect(hit.id.startsWith(`${ID_2023}.a`)).toBe(true);
      expect(hit.docId).toBe(ID_2023);
      expect(decodeURIComponent(hit.url)).toBe(`/c/${hit.id}`);
    }
  });

  it('an id with characters no id has is a 404, not an engine query', async () => {
    const res = await request(t.app).get(`/api/clauses/${enc('行政复议法 2023')}`).expect(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('the same version filed twice', () => {
  it('indexes one file and reports the other as a clash of ids', () => {
    const files = t.report.files.filter((f) => f.file === COPY || f.file === path.basename(VERSION_FILES.xzfy2023));
    expect(files.map((f) => f.status).sort()).toEqual(['failed', 'indexed']);
    const [failed, indexed] = [files.find((f) => f.status === 'failed'), files.find((f) => f.status === 'indexed')];
    expect(failed?.error).toBe(
      `document id ${ID_2023} is already used by ${indexed?.file} (same 文号, or same title and version date: the same version filed twice?); remove one of the two files`,
    );
  });
});
