/**
 * What the browser tests need around playwright-core: Debian's Chromium (never a downloaded browser),
 * the app on a real socket, the two screen sizes we care about, a record of everything the page
 * complains about, and screenshots saved as test artifacts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT_DIR } from '../../core/config.js';

/** Where Debian's `chromium` package puts its launcher. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots land here (git-ignored); CI keeps the folder as an artifact. */
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-artifacts', 'screenshots');

/** A laptop and a phone (the width of an iPhone 12–15), the two screens staff use. */
export const SCREENS = {
  laptop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
} satisfies Record<string, BrowserContextOptions>;

export type ScreenName = keyof typeof SCREENS;

// The launcher runs headless on a build machine: no sandbox (CI runs as root in a container), no GPU,
// and nothing that phones home or updates itself while the tests run.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** The Chromium executable: Debian's fixed path, else whatever `chromium` is on PATH. */
export function findChromium(): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  try {
    const found = execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found) return found;
  } catch {
    // `which` exits non-zero when there is none; the error below says what to do.
  }
  throw new Error(
    `Chromium not found at ${CHROMIUM_PATH} or on PATH. The browser tests drive Debian's Chromium; install it with ` +
      '`sudo apt-get install chromium` (.ci/run does this in CI). Never download a browser for them.',
  );
}

/** Launches Debian's Chromium headless. Throws with the install command when it is missing. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

/** The app listening on 127.0.0.1 on a free port. */
export interface ServedApp {
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  close(): Promise<void>;
}

export function serveApp(app: Express): Promise<ServedApp> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            // Chromium keeps connections alive; without this, close() would wait for them to time out.
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}

/**
 * Everything a page reports as wrong: console errors and warnings, uncaught exceptions, failed
 * requests and HTTP errors. Each entry names the page it happened on.
 */
export function recordProblems(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()} on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught ${error.name} on ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.request().method()} ${response.url()}`);
  });
}

/** Saves what the screen shows (or the whole page) as `test-artifacts/screenshots/<name>.png`. */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // The picture should show final glyphs; `animations: 'disabled'` fast-forwards transitions (the toast).
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? false, animations: 'disabled' });
  return file;
}
