/**
 * Versions in a real browser: search shows the texts in force, one click brings in history, a superseded
 * clause leads to the same article in force, and a document page leads to the article-by-article comparison.
 * Real laws from ../shared/legislation with the seeds (test/utils/versions-app.ts), Chromium via playwright-core.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, useBrowserSession } from './utils/browser.js';
import { type VersionsApp, createVersionsApp } from './utils/versions-app.js';

let t: VersionsApp;
const session = useBrowserSession(
  async () => (t = await createVersionsApp({ keys: ['xzfy2017', 'xzfy2023', 'dlys2019', 'dlys2022', 'dlys2023'] })).app,
  () => t?.close(),
);
const openPage = () => session.openPage();

/** The 时效性 badge of every hit, in order. */
const hitStatuses = (page: Page) => page.locator('.hits > .hit .hit-head .status').allTextContents();

describe('时效性 in search', () => {
  it('shows only texts in force; 含历史版本 brings in the 2017 行政复议法, marked 已被修改, linking to the article in force', async () => {
    const page = await openPage();
    await page.goto(`/?${new URLSearchParams({ q: '行政复议申请', mode: 'keyword' })}`);
    const inForce = await hitStatuses(page);
    expect(inForce.length).toBeGreaterThan(0);
    expect(new Set(inForce)).toEqual(new Set(['现行有效']));
    const facet = page.locator('.facet-validity');
    await expect(facet.locator('label', { hasText: '已被修改' }).count()).resolves.toBe(1);

    await facet.locator('a', { hasText: '含历史版本' }).click();
    await page.waitForURL((url) => url.searchParams.get('validity') === 'all');
    await page.locator('.hits .status', { hasText: '已被修改' }).first().waitFor();
    expect(new Set(await hitStatuses(page))).toEqual(new Set(['现行有效', '已被修改']));
    await saveScreenshot(page, 'versions-search-history');

    const old = page.locator('.hits > .hit', { has: page.locator('.status', { hasText: '已被修改' }) }).first();
    const oldClause = (await old.locator('a.hit-title').getAttribute('href')) ?? '';
    await old.locator('a.in-force-link').click();
    // Ids are the law's title and date (行政复议法-2023-09-01), percent-encoded in links.
    await page.waitForURL((url) => decodeURIComponent(url.pathname).startsWith(`/c/${t.doc('xzfy2023').id}.`));
    await expect(page.locator('.doc-status .status').textContent()).resolves.toBe('现行有效');
    expect(decodeURIComponent(oldClause).startsWith(`/c/${t.doc('xzfy2017').id}.`)).toBe(true);

    // Back to history: the toggle reads 只看现行有效 and goes back to the default URL.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('validity') === 'all');
    await page.locator('.facet-validity a', { hasText: '只看现行有效' }).click();
    await page.waitForURL((url) => !url.searchParams.has('validity'));
    await page.locator('.hits > .hit').first().waitFor();
    expect(new Set(await hitStatuses(page))).toEqual(new Set(['现行有效']));
  });
});

describe('versions of a document', () => {
  it('道路运输条例 2022: the page lists three versions; 与本版本比较 with 2023 shows 新增 0 条 · 删除 1 条 · 修改 5 条', async () => {
    const page = await openPage();
    await page.goto(`/d/${t.doc('dlys2022').id}`);
    await expect(page.locator('.doc-status .status').textContent()).resolves.toBe('已被修改');
    const versions = page.locator('.version-list > li');
    await expect(versions.count()).resolves.toBe(3);
    await versions.nth(2).locator('a', { hasText: '与本版本比较' }).click();
    await page.waitForURL((url) => url.pathname === '/compare/versions');
    await expect(page.locator('.version-summary strong').textContent()).resolves.toBe('新增 0 条 · 删除 1 条 · 修改 5 条');
    const deleted = page.locator('tr.pair-deleted');
    await expect(deleted.count()).resolves.toBe(1);
    await expect(deleted.locator('td').first().textContent()).resolves.toContain('不按照规定携带车辆营运证');
    // A changed article shows what was taken out on the left and what came in on the right.
    const changed = page.locator('tr.pair-changed').first();
    await expect(changed.locator('del').count()).resolves.toBeGreaterThan(0);
    await expect(changed.locator('ins').count()).resolves.toBeGreaterThan(0);
    await saveScreenshot(page, 'versions-compare');
  });
});

describe('similar clauses of a superseded article', () => {
  it('道路运输条例 2022 第七十三条: the panel lists the article in 2023 first, other works in force; 含历史版本 swaps in their history in place', async () => {
    const page = await openPage();
    const search = `/?${new URLSearchParams({ q: '虚假的机动车维修合格证', mode: 'keyword', validity: 'all' })}`;
    await page.goto(search);
    const clause = `${t.doc('dlys2022').id}.a73`;
    const hit = page.locator('.hits > .hit', { has: page.locator(`a.hit-title[href="/c/${encodeURIComponent(clause)}"]`) });
    await hit.getByRole('link', { name: '相似条款' }).click();
    const panel = hit.locator('.similar-panel');
    await panel.waitFor();
    await expect(panel.locator('.same-article .badge-version').first().textContent()).resolves.toBe('同一条文 · 其他版本');
    const otherStatuses = () => panel.locator('ol.lineage:not(.same-article) > li:not(.is-source) .lineage-head .status').allTextContents();
    expect(new Set(await otherStatuses())).toEqual(new Set(['现行有效']));

    await panel.locator('a.similar-history', { hasText: '含历史版本' }).click();
    await hit.locator('.similar-panel a.similar-history', { hasText: '只看现行有效' }).waitFor();
    expect(new Set(await otherStatuses())).toContain('已被修改');
    // Still the search page: the panel was swapped in place.
    expect(new URL(page.url()).searchParams.get('q')).toBe('虚假的机动车维修合格证');
    await saveScreenshot(page, 'versions-similar-history');
  });
});
