/**
 * Versions and 时效性 on real laws from ../shared/legislation, as a user meets them in the JSON API: which
 * text is in force, what changed between two versions, and what search shows by default and with history.
 * Corpus: the five seeds plus 行政复议法 2017/2023, 道路运输条例 2019/2022/2023 and 民事诉讼法 2021/2023
 * (test/utils/versions-app.ts), indexed by the real pipeline with the hash embedder.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urls } from '../server/urls.js';
import { type VersionsApp, createVersionsApp } from './utils/versions-app.js';

let t: VersionsApp;
beforeAll(async () => {
  t = await createVersionsApp();
});
afterAll(() => t?.close());

const status = (key: Parameters<VersionsApp['doc']>[0]) => t.doc(key).validity;

describe('which version is in force', () => {
  it('行政复议法: the 2023 revision is 现行有效, the 2017 text 已被修改 and points to it', () => {
    expect(status('xzfy2023')).toMatchObject({ status: '现行有效', version: 2, versions: 2, inForceId: null, effectiveDate: '2024-01-01' });
    expect(status('xzfy2017')).toMatchObject({ status: '已被修改', version: 1, versions: 2, inForceId: t.doc('xzfy2023').id });
    expect(status('xzfy2017')?.workId).toBe(status('xzfy2023')?.workId);
  });

  it('道路运输条例: three versions ordered by date, only the 2023 one in force', () => {
    expect(['dlys2019', 'dlys2022', 'dlys2023'].map((k) => [status(k as 'dlys2019')?.status, status(k as 'dlys2019')?.version])).toEqual([
      ['已被修改', 1],
      ['已被修改', 2],
      ['现行有效', 3],
    ]);
    expect(status('dlys2019')?.inForceId).toBe(t.doc('dlys2023').id);
  });

  it('民事诉讼法: 2023 in force, 2021 已被修改; a different work from 行政复议法', () => {
    expect(status('mssx2023')?.status).toBe('现行有效');
    expect(status('mssx2021')).toMatchObject({ status: '已被修改', inForceId: t.doc('mssx2023').id });
    expect(status('mssx2021')?.workId).not.toBe(status('xzfy2017')?.workId);
  });

  it('the five seeds stay what they were: each its own work, in force', async () => {
    const seeds = (await t.engine.listDocuments()).filter((d) => /^00\d_/.test(d.sourceFile));
    expect(seeds).toHaveLength(5);
    expect(seeds.map((d) => [d.validity?.status, d.validity?.versions])).toEqual(Array(5).fill(['现行有效', 1]));
  });

  it('the index report warns where a law repeals a text the corpus does not hold', () => {
    const warnings = (key: Parameters<VersionsApp['doc']>[0]) => t.report.files.find((f) => f.docId === t.doc(key).id)?.warnings ?? [];
    expect(warnings('mssx2023')).toContainEqual(expect.stringMatching(/^repeals 《中华人民共和国民事诉讼法（试行）》 .*which is not in the corpus: nothing marked 已废止$/));
    expect(warnings('xzfy2017')).toContainEqual(expect.stringMatching(/^repeals 《行政复议条例》 .*not in the corpus/));
  });
});

describe('GET /api/compare/versions', () => {
  /**
   * 道路运输条例 2022-03-29 → 2023-07-20, counted by hand from the two texts (83 and 82 articles):
   * - 第一条–第六十二条, 第六十四条, 第六十六条, 第六十七条: word for word the same (65 articles);
   * - 第六十三条 (unlicensed operation) rewritten into three items by kind of transport: changed;
   * - 第六十五条: its third paragraph split in two, the 备案 penalty for 机动车维修 lowered: changed;
   * - 第六十八条 (不按照规定携带车辆营运证) dropped: deleted, so every later article moves up by one;
   * - old 第六十九条 → new 第六十八条: now 客运经营者 only, 强行招揽 moved to a new paragraph: changed;
   * - old 第七十条 → 第六十九条, 第七十二条 → 第七十一条, 第七十三条 → 第七十二条, 第七十四条 → 第七十三条: same text;
   * - old 第七十一条 → 第七十条 (道路旅客运输站, a new paragraph for 货物运输站): changed;
   * - old 第七十五条 → 第七十四条 (国籍识别标志 split into its own paragraph): changed;
   * - old 第七十六条–第八十三条 → 第七十五条–第八十二条: same text (8 articles).
   * So: 0 added, 1 deleted, 5 changed, 65 + 4 + 8 = 77 unchanged; 15 articles (old 69–83) renumbered.
   */
  it('道路运输条例 2022 → 2023 matches the hand count: 新增 0 条 · 删除 1 条 · 修改 5 条', async () => {
    const res = await request(t.app).get(`/api/compare/versions?a=${t.doc('dlys2022').id}&b=${t.doc('dlys2023').id}`).expect(200);
    expect(res.body.summaryLine).toBe('新增 0 条 · 删除 1 条 · 修改 5 条');
    expect(res.body.summary).toEqual({ added: 0, deleted: 1, changed: 5, unchanged: 77, renumbered: 15, moved: 0 });
    const named = (kind: string) =>
      res.body.pairs.filter((p: { kind: string }) => p.kind === kind).map((p: { a: { number: string } | null; b: { number: string } | null }) => `${p.a?.number ?? '-'}→${p.b?.number ?? '-'}`);
    expect(named('deleted')).toEqual(['第六十八条→-']);
    expect(named('changed')).toEqual(['第六十三条→第六十三条', '第六十五条→第六十五条', '第六十九条→第六十八条', '第七十一条→第七十条', '第七十五条→第七十四条']);
    const deleted = res.body.pairs.find((p: { kind: string }) => p.kind === 'deleted');
    expect(deleted.a.text).toContain('不按照规定携带车辆营运证');
    // A changed pair carries the clause-compare diff: equal+delete rebuild A, equal+insert rebuild B.
    const changed = res.body.pairs.find((p: { kind: string }) => p.kind === 'changed');
    const side = (ops: Array<{ op: string; text: string }>, drop: string) => ops.filter((o) => o.op !== drop).map((o) => o.text).join('');
    expect(side(changed.diff, 'insert')).toBe(changed.a.text);
    expect(side(changed.diff, 'delete')).toBe(changed.b.text);
  });

  it('puts the older version on the left whichever order the link gives', async () => {
    const res = await request(t.app).get(`/api/compare/versions?a=${t.doc('dlys2023').id}&b=${t.doc('dlys2022').id}`).expect(200);
    expect(res.body.a.document.id).toBe(t.doc('dlys2022').id);
    expect(res.body.summary.deleted).toBe(1);
  });

  it('行政复议法 2017 → 2023, a full revision: 43 → 90 articles, new ones named, a moved article found', async () => {
    const res = await request(t.app).get(`/api/compare/versions?a=${t.doc('xzfy2017').id}&b=${t.doc('xzfy2023').id}`).expect(200);
    const { added, deleted, changed, unchanged } = res.body.summary;
    expect(added - deleted).toBe(90 - 43);
    expect(changed + unchanged + deleted).toBe(43);
    const pair = (bNumber: string) => res.body.pairs.find((p: { b: { number: string } | null }) => p.b?.number === bNumber);
    // 第五条 on 调解 is new in 2023; the 2017 第十条 on who is 申请人 now stands as 第十四条.
    expect(pair('第五条')).toMatchObject({ kind: 'added', a: null });
    expect(pair('第五条').b.text).toMatch(/^第五条 行政复议机关办理行政复议案件，可以进行调解。/);
    expect(pair('第十四条')).toMatchObject({ kind: 'changed', moved: true, a: { number: '第十条' } });
    expect(res.body.summaryLine).toBe(`新增 ${added} 条 · 删除 ${deleted} 条 · 修改 ${changed} 条`);
  });

  it('refuses two documents that are not versions of one work', async () => {
    const res = await request(t.app).get(`/api/compare/versions?a=${t.doc('xzfy2017').id}&b=${t.doc('dlys2023').id}`).expect(400);
    expect(res.body.error.message).toContain('不是同一文件的两个版本');
  });

  it('the HTML page shows the summary on top and each pair marked', async () => {
    const res = await request(t.app).get(`/compare/versions?a=${t.doc('dlys2022').id}&b=${t.doc('dlys2023').id}`).expect(200);
    expect(res.text).toContain('新增 0 条 · 删除 1 条 · 修改 5 条');
    expect(res.text.match(/class="pair pair-changed"/g)).toHaveLength(5);
    expect(res.text).toContain('第六十九条 → 第六十八条');
    expect(res.headers.link).toContain('/api/compare/versions?');
  });
});

describe('search shows the texts in force unless asked for history', () => {
  const Q = encodeURIComponent('行政复议申请');

  it('by default every hit is 现行有效, and the 时效性 facet counts the history left out', async () => {
    const res = await request(t.app).get(`/api/search?q=${Q}&mode=keyword&limit=100`).expect(200);
    expect(res.body.query.validity).toEqual(['现行有效']);
    expect(res.body.total).toBeGreaterThan(0);
    expect(new Set(res.body.hits.map((h: { status: string }) => h.status))).toEqual(new Set(['现行有效']));
    expect(new Set(res.body.hits.map((h: { docId: string }) => h.docId))).toEqual(new Set([t.doc('xzfy2023').id]));
    expect(res.body.facets.validity['现行有效']).toBe(res.body.total);
    expect(res.body.facets.validity['已被修改']).toBeGreaterThan(0);
  });

  it('validity=all includes history, each hit saying its status and linking to the version in force', async () => {
    const current = await request(t.app).get(`/api/search?q=${Q}&mode=keyword&limit=100`).expect(200);
    const all = await request(t.app).get(`/api/search?q=${Q}&mode=keyword&limit=100&validity=all`).expect(200);
    expect(all.body.query.validity).toBe('all');
    expect(all.body.total).toBe(current.body.total + current.body.facets.validity['已被修改']);
    const old = all.body.hits.find((h: { docId: string }) => h.docId === t.doc('xzfy2017').id);
    expect(old).toMatchObject({ status: '已被修改', inForce: urls.inForce(old.id) });
    expect(old.citation).toMatch(/^《中华人民共和国行政复议法》.*（已被修改）$/);
    expect(all.body.links.html).toContain('validity=all');
  });

  it('validity=已被修改 shows only superseded versions', async () => {
    const res = await request(t.app).get(`/api/search?q=${Q}&mode=keyword&limit=100&validity=${encodeURIComponent('已被修改')}`).expect(200);
    expect(new Set(res.body.hits.map((h: { docId: string }) => h.docId))).toEqual(new Set([t.doc('xzfy2017').id]));
  });
});

describe('a clause of a superseded version', () => {
  it('links to the same article in the version in force, even when its number changed', async () => {
    const old = `${t.doc('dlys2022').id}.a73`;
    const res = await request(t.app).get(`/api/clauses/${old}`).expect(200);
    expect(res.body.status).toBe('已被修改');
    expect(res.body.citation).toMatch(/^《中华人民共和国道路运输条例》.*第七十三条（已被修改）$/);
    expect(res.body.inForce).toMatchObject({ documentId: t.doc('dlys2023').id, clauseId: `${t.doc('dlys2023').id}.a72`, kind: 'unchanged' });
    const redirect = await request(t.app).get(`/c/${old}/in-force`).expect(302);
    expect(redirect.headers.location).toBe(urls.clause(`${t.doc('dlys2023').id}.a72`));
  });

  it('a deleted article leads to the text in force as a whole', async () => {
    const res = await request(t.app).get(`/api/clauses/${t.doc('dlys2022').id}.a68`).expect(200);
    expect(res.body.inForce).toMatchObject({ documentId: t.doc('dlys2023').id, clauseId: null, kind: 'deleted' });
    const page = await request(t.app).get(`/c/${t.doc('dlys2022').id}.a68`).expect(200);
    expect(page.text).toContain('现行版本已删去本条');
  });

  it('the clause page shows the status and where the article stands now', async () => {
    const page = await request(t.app).get(`/c/${t.doc('dlys2022').id}.a73`).expect(200);
    expect(page.text).toContain('<span class="status status-amended"');
    expect(page.text).toContain('现行版本中的本条');
    expect(page.text).toContain(`href="${urls.clause(`${t.doc('dlys2023').id}.a72`)}"`);
  });
});

describe('document pages list the versions', () => {
  it('the JSON lists all three versions of 道路运输条例 with their statuses and compare links', async () => {
    const res = await request(t.app).get(`/api/documents/${t.doc('dlys2022').id}`).expect(200);
    // The file named (2019-03-02) lists its amendments up to 2016-02-06: its own date is the text's.
    expect(res.body.versions.map((v: { date: string; status: string }) => [v.date, v.status])).toEqual([
      ['2016-02-06', '已被修改'],
      ['2022-03-29', '已被修改'],
      ['2023-07-20', '现行有效'],
    ]);
    expect(res.body.versions[2].compare).toBe(urls.compareVersions(t.doc('dlys2022').id, t.doc('dlys2023').id));
    expect(res.body.versions[1].compare).toBeNull();
  });

  it('the page shows 版本（3 个） with a compare link to each other version; a seed shows none', async () => {
    const page = await request(t.app).get(`/d/${t.doc('dlys2023').id}`).expect(200);
    expect(page.text).toContain('版本（3 个）');
    expect(page.text.match(/与本版本比较/g)).toHaveLength(2);
    const seed = await request(t.app).get('/d/szf-2015-54').expect(200);
    expect(seed.text).not.toContain('版本（');
  });
});

describe('similar clauses list the same article in the other versions first', () => {
  it('道路运输条例 2022 第七十三条: 2023 第七十二条 and 2019 第七十三条 first, marked; then other works only', async () => {
    const res = await request(t.app).get(`/api/clauses/${t.doc('dlys2022').id}.a73/similar`).expect(200);
    expect(res.body.versions.map((v: { id: string; sameArticle: boolean; status: string }) => [v.id, v.sameArticle, v.status])).toEqual([
      [`${t.doc('dlys2023').id}.a72`, true, '现行有效'],
      [`${t.doc('dlys2019').id}.a73`, true, '已被修改'],
    ]);
    const work = t.doc('dlys2022').validity?.workId;
    const versionIds = new Set([t.doc('dlys2019').id, t.doc('dlys2022').id, t.doc('dlys2023').id]);
    expect(res.body.hits.length).toBeGreaterThan(0);
    expect(res.body.hits.some((h: { docId: string }) => versionIds.has(h.docId))).toBe(false);
    expect(work).toBeTruthy();
  });

  it('the panel marks them 同一条文 · 其他版本 above the other works', async () => {
    const res = await request(t.app).get(`/c/${t.doc('dlys2022').id}.a73/similar`).expect(200);
    const text = res.text;
    expect(text).toContain('本条在其他版本中');
    expect(text.match(/同一条文 · 其他版本/g)).toHaveLength(2);
    expect(text.indexOf('本条在其他版本中')).toBeLessThan(text.indexOf('其他文件中的相似条款'));
  });

  it('other works show their texts in force: no 行政复议法 2017 or 民事诉讼法 2021 clause unless history is asked for', async () => {
    const old = new Set([t.doc('xzfy2017').id, t.doc('mssx2021').id]);
    const res = await request(t.app).get(urls.api.similar(`${t.doc('dlys2022').id}.a73`)).expect(200);
    expect(res.body.validity).toEqual(['现行有效']);
    expect(res.body.hits.length).toBeGreaterThan(0);
    expect(new Set(res.body.hits.map((h: { status: string }) => h.status))).toEqual(new Set(['现行有效']));
    expect(res.body.hits.some((h: { docId: string }) => old.has(h.docId))).toBe(false);

    const all = await request(t.app).get(res.body.links.withHistory).expect(200);
    expect(all.body.validity).toBe('all');
    expect(all.body.hits.some((h: { docId: string }) => old.has(h.docId))).toBe(true);
    // The same article in the source's own versions is listed either way.
    expect(all.body.versions).toEqual(res.body.versions);
  });

  it('every clause in the panel shows its status; a superseded one links to the article in force', async () => {
    const id = `${t.doc('dlys2022').id}.a73`;
    const panel = await request(t.app).get(urls.similar(id, { validity: null })).expect(200);
    const items = panel.text.split('<li class="lineage-item').slice(1).filter((item) => !item.startsWith(' is-source'));
    expect(items.length).toBeGreaterThan(2);
    for (const item of items) expect(item).toMatch(/<span class="status status-[a-z-]+"[^>]*>(现行有效|已被修改)<\/span>/u);
    const superseded = items.filter((item) => !item.startsWith(' is-version') && item.includes('>已被修改</span>'));
    expect(superseded.length).toBeGreaterThan(0);
    for (const item of superseded) expect(item).toContain('查看现行版本中的本条');
    expect(panel.text).toContain(`href="${urls.similar(id)}">只看现行有效</a>`);
    const fresh = await request(t.app).get(urls.similar(id)).expect(200);
    expect(fresh.text).toContain(`href="${urls.similar(id, { validity: null })}">含历史版本</a>`);
  });
});
