/**
 * The documents page and the admin upload in a real browser (Chromium via playwright-core): sign in, upload a
 * document through the form, find it on /d, filter /d with a checkbox (htmx swaps the list and pushes the URL)
 * and sort it. The app is the live one of test/utils/live-app.ts: real pipeline, hash embedder, temp SEEDS_DIR.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { saveScreenshot, useBrowserSession } from './utils/browser.js';
import { createLiveApp, type LiveApp } from './utils/live-app.js';
import { useTempDirs } from './utils/temp-dirs.js';

const tempDir = useTempDirs();
const TOKEN = 'browser-admin-token-0123456789';
const SEEDS = ['000_897e7fd67109cef8.txt', '002_fa2a4b4af4ee3a92.txt', '004_f58ccc0061d310c5.txt'];

const QUANTUM = `http://www.sz.gov.cn/example/quantum.htm
发布机构: 深圳市人民政府
发布日期: 2021-03-01
信息名称: 深圳市量子信息产业发展若干措施
文   号: 深府〔2021〕12号

一、支持量子通信示范应用，对承担国家重大专项的企业给予资助。
二、建设量子计算公共服务平台，向中小企业开放算力资源。

深圳市人民政府
2021年3月1日
`;

let t: LiveApp;
const session = useBrowserSession(
  async () => {
    const files = Object.fromEntries(SEEDS.map((name) => [name, readFileSync(path.join(ROOT_DIR, 'seeds', name))]));
    t = await createLiveApp({ root: tempDir('browser-docs'), files, env: { ADMIN_TOKEN: TOKEN } });
    return t.app;
  },
  () => t?.close(),
);
const openPage = () => session.openPage();

const titles = (page: Page) => page.locator('.doc-table tbody .doc-title a').allTextContents();

describe('uploading a document and finding it on /d', () => {
  it('signs in, uploads through the form, and the new document heads the list, newest first', async () => {
    const page = await openPage();
    await page.goto('/admin');
    await page.waitForURL((url) => url.pathname === '/admin/login');
    await page.locator('#token').fill(TOKEN);
    await page.locator('.admin-login button[type=submit]').click();
    await page.waitForURL((url) => url.pathname === '/admin');
    await page.locator('h1', { hasText: '文件管理' }).waitFor();

    await page.locator('.admin-upload input[type=file]').setInputFiles({ name: '100_量子信息.txt', mimeType: 'text/plain', buffer: Buffer.from(QUANTUM) });
    await page.locator('.admin-upload button[type=submit]').click();
    await page.locator('.upload-results .accepted', { hasText: '100_量子信息.txt' }).waitFor();
    await expect(page.locator('.upload-results .accepted').textContent()).resolves.toContain('已收录，深圳市量子信息产业发展若干措施（2 条）');
    await saveScreenshot(page, 'admin-upload');

    await page.locator('.site-nav a', { hasText: '文件' }).click();
    await page.waitForURL((url) => url.pathname === '/d');
    expect(await titles(page)).toEqual([
      '深圳市量子信息产业发展若干措施',
      '深圳国家自主创新示范区建设实施方案',
      '加速推动战略性新兴产业发展的指导意见（2013—2017年）',
      '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）',
    ]);
  });
});

describe('/d in the browser', () => {
  it('ticking 区级 swaps the list in place and puts the filter in the address bar; the sort links keep it', async () => {
    const page = await openPage();
    await page.goto('/d');
    await page.locator('#facets label', { hasText: '区级' }).locator('input').check();
    await page.waitForURL((url) => url.searchParams.get('level') === '区');
    await expect.poll(() => titles(page)).toEqual(['加速推动战略性新兴产业发展的指导意见（2013—2017年）']);
    await page.locator('#facets label', { hasText: '区级' }).locator('input').uncheck();
    await page.waitForURL((url) => !url.searchParams.has('level'));
    await page.locator('.sort-switch a', { hasText: '日期从旧到新' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'oldest');
    await expect.poll(async () => (await titles(page))[0]).toBe('深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）');
    await saveScreenshot(page, 'documents-oldest');
  });

  it('shows each level, type and validity label on one line, not broken a character a line', async () => {
    const page = await openPage();
    await page.goto('/d');
    const heights = await page.$$eval('.doc-table .doc-level .level, .doc-table .doc-validity .status', (labels) =>
      labels.map((label) => ({ text: label.textContent, height: label.getBoundingClientRect().height, font: parseFloat(getComputedStyle(label).fontSize) })),
    );
    expect(heights.length).toBeGreaterThan(0);
    for (const h of heights) expect(h.height, `${h.text} is ${h.height} px high`).toBeLessThan(h.font * 2.2);
  });
});
