/**
 * What the browser tests need around playwright-core: a Chromium that is already on the machine or
 * inside node_modules (never a downloaded browser), the app on a real socket, the two screen sizes we
 * care about, a record of everything the page complains about, and screenshots saved as test artifacts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
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

/** A Chromium the tests can drive, and where it came from (printed when a launch fails). */
export interface FoundChromium {
  executablePath: string;
  source: 'debian' | 'path' | 'npm';
  /** Environment the binary needs on this machine (npm build only: bundled libraries and fonts). */
  env?: Record<string, string>;
}

/** Debian's fixed path, else whatever `chromium` is on PATH, else undefined. */
export function findSystemChromium(): FoundChromium | undefined {
  if (existsSync(CHROMIUM_PATH)) return { executablePath: CHROMIUM_PATH, source: 'debian' };
  try {
    const found = execFileSync('which', ['chromium'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (found) return { executablePath: found, source: 'path' };
  } catch {
    // `which` exits non-zero when there is none; the npm package is the fallback.
  }
  return undefined;
}

/**
 * The Chromium inside the `@sparticuz/chromium` dev dependency (its binary ships in the npm tarball as
 * brotli files; nothing is downloaded). The package inflates into `os.tmpdir()` and trusts any
 * `chromium` file it finds there — including a half-written one from a run that was killed, or one
 * another test run on the same machine is still writing. So we inflate it, in a child process whose
 * TMPDIR is a fresh staging folder, then rename that folder into place: rename is atomic, so the
 * versioned folder either holds a complete browser or does not exist.
 */
export function unpackNpmChromium(cacheRoot = os.tmpdir()): FoundChromium {
  // The package's exports hide package.json; its entry point sits two folders below it.
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', '..', 'package.json'), 'utf8')) as { version: string };
  const target = path.join(cacheRoot, `tiaowen-chromium-${version}`);
  const executablePath = path.join(target, 'chromium');
  if (existsSync(executablePath)) return { executablePath, source: 'npm', env: npmChromiumEnv(target) };

  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(path.join(cacheRoot, `tiaowen-chromium-${version}.partial-`));
  try {
    const script = "const c = (await import('@sparticuz/chromium')).default; process.stdout.write(await c.executablePath());";
    const inflated = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT_DIR,
      // The Lambda runtime name makes the package also inflate al2023/lib (NSS and expat): a minimal
      // machine without libnss3 runs the binary against those (see npmChromiumEnv).
      env: { ...process.env, TMPDIR: staging, AWS_LAMBDA_JS_RUNTIME: 'nodejs20.x' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    if (path.resolve(inflated) !== path.join(staging, 'chromium')) {
      throw new Error(`@sparticuz/chromium inflated to ${inflated}, expected ${path.join(staging, 'chromium')}`);
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another run renamed its copy first: use that one and drop ours.
      if (!existsSync(executablePath)) throw error;
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(
      `No Chromium for the browser tests: none at ${CHROMIUM_PATH} or on PATH, and unpacking the one inside ` +
        `@sparticuz/chromium failed (${(error as Error).message}). Run \`npm ci\` (it is a dev dependency), or ` +
        '`apt-get install chromium`. Never download a browser for them.',
      { cause: error },
    );
  }
  return { executablePath, source: 'npm', env: npmChromiumEnv(target) };
}

/**
 * What the npm build needs from the environment here: the bundled libraries when the system lacks one
 * the binary links against (`ldd` says "not found"), and a font configuration when the machine has
 * none (a bare container), pointing at the bundled fonts and whatever /usr/share/fonts holds.
 */
function npmChromiumEnv(target: string): Record<string, string> {
  const env: Record<string, string> = {};
  const executablePath = path.join(target, 'chromium');
  let missingLibraries = false;
  try {
    missingLibraries = execFileSync('ldd', [executablePath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('not found');
  } catch {
    missingLibraries = true; // no ldd (or it failed): the bundled set is the safer bet
  }
  if (missingLibraries) {
    const bundled = path.join(target, 'al2023', 'lib');
    env.LD_LIBRARY_PATH = process.env.LD_LIBRARY_PATH ? `${bundled}:${process.env.LD_LIBRARY_PATH}` : bundled;
  }
  if (!existsSync('/etc/fonts/fonts.conf') && !process.env.FONTCONFIG_PATH) {
    const dir = path.join(target, 'fontconfig');
    mkdirSync(dir, { recursive: true });
    const conf = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      `  <dir>${path.join(target, 'fonts', 'fonts')}</dir>`,
      '  <dir>/usr/share/fonts</dir>',
      `  <cachedir>${path.join(target, 'fontconfig', 'cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'fonts.conf'), conf);
    env.FONTCONFIG_PATH = dir;
  }
  return env;
}

/** The Chromium to drive: the system's when installed, else the one shipped in node_modules. */
export function findChromium(): FoundChromium {
  return findSystemChromium() ?? unpackNpmChromium();
}

/** Launches Chromium headless; a failure names the binary it tried. */
export async function launchChromium(): Promise<Browser> {
  const found = findChromium();
  try {
    const env = found.env && Object.keys(found.env).length ? { ...process.env, ...found.env } : undefined;
    return await chromium.launch({ executablePath: found.executablePath, args: CHROMIUM_ARGS, ...(env ? { env } : {}) });
  } catch (error) {
    throw new Error(`Chromium (${found.source}, ${found.executablePath}) would not start: ${(error as Error).message}`, { cause: error });
  }
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

/** One browser and one served app for a test file, and a fresh page for each test. */
export interface BrowserSession {
  /** The served app's origin, e.g. `http://127.0.0.1:40123` (once the file's tests have started). */
  readonly origin: string;
  /** Everything any page complained about during the current test; each test fails unless it is empty. */
  readonly problems: string[];
  /** A fresh browser profile (no cookies, no history) with one tab on the given screen. */
  openPage(screen?: ScreenName, options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Registers the file's hooks: Chromium and the app `startApp` builds start together before the tests, each
 * test's browser profiles are closed after it (and its page problems asserted empty), and everything stops
 * after the last test (`stopApp` last, once nothing is connected to the app).
 */
export function useBrowserSession(startApp: () => Promise<Express>, stopApp?: () => Promise<void>): BrowserSession {
  let browser: Browser | undefined;
  let served: ServedApp | undefined;
  const problems: string[] = [];
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    const [app, launched] = await Promise.all([startApp(), launchChromium()]);
    browser = launched;
    served = await serveApp(app);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await stopApp?.();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.splice(0), 'console errors, uncaught exceptions or failed requests').toEqual([]);
  });
  return {
    get origin() {
      if (!served) throw new Error('the browser session has not started: use it inside a test');
      return served.origin;
    },
    problems,
    async openPage(screen = 'laptop', options = {}) {
      if (!browser || !served) throw new Error('the browser session has not started: use it inside a test');
      const context = await browser.newContext({ ...SCREENS[screen], baseURL: served.origin, locale: 'zh-CN', ...options });
      // Fail in seconds, not after playwright's default 30 s: every page here answers in well under one.
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      const page = await context.newPage();
      recordProblems(page, problems);
      return page;
    },
  };
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
