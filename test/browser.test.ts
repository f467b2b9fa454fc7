/**
 * The site as staff use it, in a real browser: Debian's Chromium driven by playwright-core, against the
 * app serving the real index of the five seeds (real engine, real bge-small-zh embedder). Each test is
 * one thing a user does and what they see. Screenshots go to test-artifacts/screenshots/.
 */
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../server/app.js';
import { loadConfig } from '../core/config.js';
import { SCREENS, saveScreenshot, useBrowserSession, type ScreenName } from './utils/browser.js';
import { openRealIndex } from './utils/real-index.js';

const QUERY = '知识产权质押';

/** 深府〔2015〕54号 四（三）81., the clause every scenario comes back to. */
const CLAUSE_2015 = 'szf-2015-54.s4.81';
const CLAUSE_2015_TEXT =
  '81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台，健全知识产权转化交易机制。建立知识产权质押融资担保机制和政府、担保机构、银行、企业共同参与的风险补偿机制，创新知识产权质押融资模式。（责任单位：市市场和质量监管委）';
/** 深府办〔2010〕98号 （四）2．, its ancestor in the 2010 plan. */
const CLAUSE_2010 = 'szfb-2010-98.s4.4.2';
const CLAUSE_2010_TEXT =
  '2．推进投资服务平台建设。鼓励金融机构加大对生物、互联网、新能源企业的服务力度，探索建立信保贷联动机制，搭建专门服务于中小型创新企业的贷款担保平台，支持知识产权质押贷款。（责任单位：市科工贸信委、市场监管局）';
/** 福府办〔2013〕20号, the district's 2013 guidance. */
const CLAUSE_2013 = 'ftfb-2013-20.s3.4.1.1';

const TITLE_2015 = '深圳国家自主创新示范区建设实施方案';
const TITLE_2010 = '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）';

const session = useBrowserSession(async () => {
  const real = await openRealIndex();
  // The real index, with a rate limit no test run can reach: a run fires a few hundred requests in seconds.
  const config = loadConfig({ DATA_DIR: real.config.dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000' });
  return createApp({ config, engine: real.runtime.engine, embedder: real.runtime.embedder, logger: pino({ level: 'silent' }) });
});
const { problems } = session;
const openPage = (screen: ScreenName = 'laptop', options: BrowserContextOptions = {}) => session.openPage(screen, options);

const searchPath = (params: Record<string, string>) => `/?${new URLSearchParams({ q: QUERY, ...params })}`;

/** Waits until the address bar holds these parameters (htmx pushes the URL once the results are in). */
async function waitForParams(page: Page, expected: Record<string, string>): Promise<void> {
  await page.waitForURL((url) => Object.entries(expected).every(([name, value]) => url.searchParams.get(name) === value));
}

/** The summary line above the results, e.g. 共 3 条，关键词检索，当前第 1–3 条. */
const summary = (page: Page) => page.locator('.summary [role="status"]');

/** Each hit as a reader sees it: which clause, the year of its document, and the signals shown. */
function readHits(page: Page): Promise<Array<{ clause: string; year: string; signals: string[] }>> {
  return page.locator('.hits > .hit').evaluateAll((hits) =>
    hits.map((hit) => ({
      clause: hit.querySelector('a.hit-title')?.getAttribute('href') ?? '',
      year: hit.querySelector('.doc-meta time')?.getAttribute('datetime')?.slice(0, 4) ?? '',
      signals: [...hit.querySelectorAll('.badges .badge')].map((b) => b.textContent ?? ''),
    })),
  );
}

/** The chart's bars: year, the count printed on the bar (null for an empty year), marks, filter state. */
function readBars(page: Page): Promise<Array<{ year: number; count: number | null; marker: string | null; inFilter: boolean }>> {
  return page.locator('svg.year-chart a.bar').evaluateAll((bars) =>
    bars.map((bar) => {
      const count = bar.querySelector('text.count')?.textContent;
      return {
        year: Number(bar.getAttribute('data-year')),
        count: count ? Number(count) : null,
        marker: bar.querySelector('text.marker')?.textContent ?? null,
        inFilter: bar.classList.contains('in-filter'),
      };
    }),
  );
}

const bar = (page: Page, year: number) => page.locator(`svg.year-chart a.bar[data-year="${year}"]`);

/** Clicks a mode in the 关键词 / 语义 / 混合 switch, as a user clicks its label. */
async function switchMode(page: Page, label: '关键词' | '语义' | '混合', mode: string): Promise<void> {
  await page.locator('.modes label', { hasText: label }).click();
  await waitForParams(page, { mode });
  await summary(page).filter({ hasText: `${label}检索` }).waitFor();
}

const checkedMode = (page: Page) => page.locator('.modes input[name="mode"]:checked').getAttribute('value');

/** Text of an element with the elements matching `drop` left out (e.g. a diff side without its marks). */
function textWithout(locator: Locator, drop: string): Promise<string> {
  return locator.evaluate((el, selector) => {
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll(selector).forEach((e) => e.remove());
    return copy.textContent ?? '';
  }, drop);
}

/** Whether any part of the element is on screen, i.e. the reader sees it without scrolling. */
function isOnScreen(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
  });
}

describe('searching across years', () => {
  it(`typing "${QUERY}" shows the 2015, 2010 and 2013 clauses that contain it, a year chart with their bars, and puts the query in the URL`, async () => {
    const page = await openPage();
    await page.goto('/');
    // Typed key by key into the box, as a user would; htmx searches once typing pauses.
    await page.locator('#q').pressSequentially(QUERY);
    await waitForParams(page, { q: QUERY, mode: 'hybrid' });
    await summary(page).waitFor();

    const hits = await readHits(page);
    expect(hits.filter((h) => h.signals.includes('关键词'))).toEqual([
      { clause: `/c/${CLAUSE_2015}`, year: '2015', signals: ['关键词', '语义'] },
      { clause: `/c/${CLAUSE_2010}`, year: '2010', signals: ['关键词', '语义'] },
      { clause: `/c/${CLAUSE_2013}`, year: '2013', signals: ['关键词', '语义'] },
    ]);
    await expect(page.locator('.hit mark').first().textContent()).resolves.toBe(QUERY);
    await expect(page.title()).resolves.toBe(`“${QUERY}”的检索结果 · 条文`);

    const bars = await readBars(page);
    expect(bars.map((b) => b.year)).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
    // The chart counts the clauses that contain the words themselves, whatever the mode.
    expect(bars.filter((b) => b.count !== null)).toEqual([
      { year: 2010, count: 1, marker: '▲首现', inFilter: true },
      { year: 2013, count: 1, marker: null, inFilter: true },
      { year: 2015, count: 1, marker: '▲最近', inFilter: true },
    ]);
    await expect(page.locator('figure.chart figcaption .chart-title').textContent()).resolves.toBe(`含“${QUERY}”的条款数（按年份）`);
    await expect(page.locator('figure.chart figcaption .chart-span').textContent()).resolves.toBe('首现 2010 年 · 最近 2015 年');

    await saveScreenshot(page, 'search-typed-laptop');
  });

  it('switching between 关键词, 语义 and 混合 changes the results and the mode in the URL, and Back brings the previous mode back', async () => {
    const page = await openPage();
    await page.goto(searchPath({}));

    await switchMode(page, '关键词', 'keyword');
    await expect(summary(page).textContent()).resolves.toBe('共 3 条，关键词检索，当前第 1–3 条');
    expect((await readHits(page)).map((h) => h.clause)).toEqual([`/c/${CLAUSE_2015}`, `/c/${CLAUSE_2010}`, `/c/${CLAUSE_2013}`]);
    await expect(checkedMode(page)).resolves.toBe('keyword');

    await switchMode(page, '语义', 'semantic');
    const semantic = await readHits(page);
    // Semantic search also finds clauses that say it in other words, and marks every hit as 语义 only.
    expect(semantic.length).toBeGreaterThan(3);
    expect(semantic[0]?.clause).toBe(`/c/${CLAUSE_2015}`);
    expect(new Set(semantic.map((h) => h.signals.join()))).toEqual(new Set(['语义']));
    await expect(checkedMode(page)).resolves.toBe('semantic');

    await switchMode(page, '混合', 'hybrid');
    const hybrid = await readHits(page);
    expect(new Set(hybrid.flatMap((h) => h.signals))).toEqual(new Set(['关键词', '语义']));
    expect(hybrid.map((h) => h.clause)).not.toEqual(semantic.map((h) => h.clause));

    await page.goBack();
    await waitForParams(page, { mode: 'semantic' });
    await summary(page).filter({ hasText: '语义检索' }).waitFor();
    await expect(checkedMode(page)).resolves.toBe('semantic');
    await expect(page.locator('#q').inputValue()).resolves.toBe(QUERY);
  });

  it('clicking the 2015 bar of the chart keeps only the 2015 clauses and puts the year in the URL', async () => {
    const page = await openPage();
    await page.goto(searchPath({}));
    // The year facet counts the hits of this search per year; the filtered list must show exactly those.
    const chip2015 = await page.locator('.year-list a', { hasText: '2015' }).textContent();
    const count2015 = Number(chip2015?.match(/^2015 (\d+)$/)?.[1]);
    expect(count2015).toBeGreaterThan(0);

    await bar(page, 2015).click();
    await waitForParams(page, { q: QUERY, yearFrom: '2015', yearTo: '2015' });
    await page.locator('.active-filters .chip', { hasText: '2015年' }).waitFor();

    await expect(summary(page).textContent()).resolves.toBe(`共 ${count2015} 条，混合检索，当前第 1–${count2015} 条`);
    const hits = await readHits(page);
    expect(hits).toHaveLength(count2015);
    expect(new Set(hits.map((h) => h.year))).toEqual(new Set(['2015']));
    expect((await readBars(page)).filter((b) => b.inFilter).map((b) => b.year)).toEqual([2015]);
    await expect(page.locator('.year-list a[aria-current="page"]').textContent()).resolves.toBe(`2015 ${count2015}`);

    await saveScreenshot(page, 'year-filter-laptop');
  });
});

describe('similar clauses and compare', () => {
  it('相似条款 opens a lineage of similar clauses from other documents in place, and 比较 shows the 2010 wording (left) and the 2015 wording (right) with the differences marked', async () => {
    const page = await openPage();
    const resultsUrl = searchPath({ mode: 'keyword' });
    await page.goto(resultsUrl);
    const hit = page.locator('.hit').filter({ has: page.locator(`a.hit-title[href="/c/${CLAUSE_2015}"]`) });

    await hit.getByRole('link', { name: '相似条款' }).click();
    const panel = hit.locator('.similar-panel');
    await panel.waitFor();
    // The panel opens inside the results; the page and its URL stay where they were.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(resultsUrl);

    const lineage = await panel.locator('.lineage-item').evaluateAll((items) =>
      items.map((item) => ({
        year: Number(item.querySelector('.lineage-year')?.textContent),
        source: item.classList.contains('is-source'),
        clause: item.querySelector('.lineage-head a')?.getAttribute('href') ?? null,
      })),
    );
    const years = lineage.map((l) => l.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    expect(lineage.filter((l) => l.source)).toEqual([{ year: 2015, source: true, clause: null }]);
    const others = lineage.filter((l) => !l.source);
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other.clause).not.toMatch(/^\/c\/szf-2015-54\./);
    expect(others.map((o) => o.clause)).toContain(`/c/${CLAUSE_2010}`);
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'similar-panel-laptop');

    const from2010 = panel.locator('.lineage-item').filter({ has: page.locator(`.lineage-head a[href="/c/${CLAUSE_2010}"]`) });
    await from2010.getByRole('link', { name: '比较' }).click();
    // The older clause is on the left, so 删去/新增 read as how the wording changed from 2010 to 2015.
    await page.waitForURL(`${session.origin}/compare?a=${CLAUSE_2010}&b=${CLAUSE_2015}`);

    const sideA = page.locator('.compare-side.side-a');
    const sideB = page.locator('.compare-side.side-b');
    await expect(sideA.locator('.side-title').textContent()).resolves.toBe(TITLE_2010);
    await expect(sideB.locator('.side-title').textContent()).resolves.toBe(TITLE_2015);
    await expect(sideA.locator('.side-label').textContent()).resolves.toBe('A · 2010');
    await expect(sideB.locator('.side-label').textContent()).resolves.toBe('B · 2015');

    // Each side reads as its own clause, marks and all.
    const textA = sideA.locator('.diff-text');
    const textB = sideB.locator('.diff-text');
    await expect(textA.textContent()).resolves.toBe(CLAUSE_2010_TEXT);
    await expect(textB.textContent()).resolves.toBe(CLAUSE_2015_TEXT);
    // Deletions are marked only on the left, insertions only on the right.
    await expect(textA.locator('ins').count()).resolves.toBe(0);
    await expect(textB.locator('del').count()).resolves.toBe(0);
    const deleted = (await textA.locator('del').allTextContents()).join('');
    const inserted = (await textB.locator('ins').allTextContents()).join('');
    expect(deleted.length).toBeGreaterThan(0);
    expect(inserted.length).toBeGreaterThan(0);
    // What is left unmarked is the wording both share, and it is the same on both sides.
    const sharedA = await textWithout(textA, 'del');
    expect(sharedA).toBe(await textWithout(textB, 'ins'));
    expect(sharedA).toContain(QUERY);
    // The counts above the diff are the marked characters.
    await expect(page.locator('.stat-del').textContent()).resolves.toBe(`删去 ${[...deleted].length} 字`);
    await expect(page.locator('.stat-ins').textContent()).resolves.toBe(`新增 ${[...inserted].length} 字`);

    await saveScreenshot(page, 'compare-from-similar-laptop', { fullPage: true });
  });
});

describe('a clause deep link', () => {
  it(`opening /c/${CLAUSE_2015} in a fresh browser lands on the clause, highlighted and scrolled into view, with its place in the outline marked`, async () => {
    const page = await openPage();
    await page.goto(`/c/${CLAUSE_2015}`);

    const focus = page.locator('.clause.focus');
    await expect(focus.count()).resolves.toBe(1);
    await expect(focus.getAttribute('id')).resolves.toBe(CLAUSE_2015);
    await expect(focus.getAttribute('aria-current')).resolves.toBe('true');
    await expect(focus.locator('.focus-label').textContent()).resolves.toBe('当前条款');
    await expect(focus.locator('.clause-text').textContent()).resolves.toBe(CLAUSE_2015_TEXT);
    await expect(focus.locator('.citation-box .citation').textContent()).resolves.toBe('《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.');

    // Highlighted: the focus background, which its neighbour does not have.
    const background = (locator: Locator) => locator.evaluate((el) => getComputedStyle(el).backgroundColor);
    await expect(background(focus)).resolves.toBe('rgb(255, 251, 232)');
    await expect(background(page.locator('[id="szf-2015-54.s4.82"]'))).resolves.not.toBe('rgb(255, 251, 232)');

    // Clause 81 sits far down a 120-clause document: the page has scrolled to it and keyboard focus is on it.
    await expect(page.evaluate(() => window.scrollY)).resolves.toBeGreaterThan(1000);
    await expect(isOnScreen(focus)).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe(CLAUSE_2015);

    await expect(page.locator('.outline li.current > a').allTextContents()).resolves.toEqual(['四、主要任务及分工', '（三）优化综合创新生态体系。']);
    await expect(page.title()).resolves.toBe('《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81. · 条文');

    await saveScreenshot(page, 'clause-deep-link-laptop');
  });

  it('复制引用 copies the formal citation and the permanent link, and says 已复制', async () => {
    const page = await openPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.origin });
    await page.goto(`/c/${CLAUSE_2015}`);
    const focus = page.locator('.clause.focus');

    await focus.getByRole('button', { name: '复制引用' }).click();
    await focus.getByRole('button', { name: '已复制' }).waitFor();
    await expect(page.locator('.toast.show').textContent()).resolves.toBe('已复制到剪贴板');
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      `《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.\n${session.origin}/c/${CLAUSE_2015}`,
    );
    await saveScreenshot(page, 'citation-copied-laptop');
    // The button goes back to its label, ready for the next copy.
    await focus.getByRole('button', { name: '复制引用' }).waitFor();
  });

  it('复制链接 on a search hit copies the absolute permanent link of that clause', async () => {
    const page = await openPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.origin });
    await page.goto(searchPath({ mode: 'keyword' }));
    const hit = page.locator('.hit').filter({ has: page.locator(`a.hit-title[href="/c/${CLAUSE_2010}"]`) });

    await hit.getByRole('link', { name: '复制链接' }).click();
    await hit.getByRole('link', { name: '已复制' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(`${session.origin}/c/${CLAUSE_2010}`);
    // Copying does not follow the link.
    expect(new URL(page.url()).pathname).toBe('/');
  });
});

describe('without JavaScript', () => {
  it(`submitting the search form for "${QUERY}" in 关键词 mode shows the three hits, and the chart's 2015 bar is a working link`, async () => {
    const page = await openPage('laptop', { javaScriptEnabled: false });
    await page.goto('/');
    await page.locator('#q').fill(QUERY);
    await page.locator('.modes label', { hasText: '关键词' }).click();
    await page.getByRole('button', { name: '检索', exact: true }).click();
    await waitForParams(page, { q: QUERY, mode: 'keyword' });

    await expect(summary(page).textContent()).resolves.toBe('共 3 条，关键词检索，当前第 1–3 条');
    expect((await readHits(page)).map((h) => [h.clause, h.year])).toEqual([
      [`/c/${CLAUSE_2015}`, '2015'],
      [`/c/${CLAUSE_2010}`, '2010'],
      [`/c/${CLAUSE_2013}`, '2013'],
    ]);
    // Buttons that need JavaScript are hidden; the filter form gets a submit button instead.
    await expect(page.getByRole('button', { name: '复制引用' }).first().isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: '应用筛选' }).isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'nojs-search-laptop');

    await bar(page, 2015).click();
    await waitForParams(page, { yearFrom: '2015', yearTo: '2015' });
    expect((await readHits(page)).map((h) => h.clause)).toEqual([`/c/${CLAUSE_2015}`]);
  });
});

/** The pages staff open every day, and what each must show once loaded. */
const MAIN_PAGES: Array<{ name: string; path: string; shows: string }> = [
  { name: 'home', path: '/', shows: '.start .corpus' },
  { name: 'search', path: searchPath({}), shows: '.hits .hit' },
  { name: 'document', path: '/d/szf-2015-54', shows: '.doc-body .clause' },
  { name: 'clause', path: `/c/${CLAUSE_2015}`, shows: '.clause.focus' },
  { name: 'similar', path: `/c/${CLAUSE_2015}/similar`, shows: '.similar-panel .lineage-item' },
  { name: 'compare', path: `/compare?a=${CLAUSE_2015}&b=${CLAUSE_2010}`, shows: '.compare-grid .diff-text' },
  { name: 'documents', path: '/d', shows: '.doc-table tbody tr' },
];

describe('every main page', () => {
  it('loads on a laptop and on a phone without a console error, an uncaught exception or a failed request', async () => {
    for (const screen of ['laptop', 'phone'] as const) {
      const page = await openPage(screen);
      for (const { name, path, shows } of MAIN_PAGES) {
        await page.goto(path);
        await page.locator(shows).first().waitFor();
        if (screen === 'laptop') await saveScreenshot(page, `${name}-laptop`);
      }
    }
    // afterEach would also catch these; asserting here makes this the test that names them.
    expect(problems).toEqual([]);
  });

  it('fits a phone screen (390 px) without sideways scrolling', async () => {
    const page = await openPage('phone');
    const overflowing: string[] = [];
    for (const { name, path, shows } of MAIN_PAGES) {
      await page.goto(path);
      await page.locator(shows).first().waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > SCREENS.phone.viewport.width) overflowing.push(`${name} is ${width} px wide`);
      await saveScreenshot(page, `${name}-phone`);
    }
    expect(overflowing).toEqual([]);

    // The similar panel opened from a hit, on a phone.
    await page.goto(searchPath({ mode: 'keyword' }));
    const hit = page.locator('.hit').first();
    await hit.getByRole('link', { name: '相似条款' }).click();
    await hit.locator('.similar-panel').waitFor();
    await hit.locator('.similar-panel').scrollIntoViewIfNeeded();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(SCREENS.phone.viewport.width);
    await saveScreenshot(page, 'similar-panel-phone');
  });
});
