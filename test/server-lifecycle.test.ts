/**
 * `npm start` as an operator sees it: it refuses bad configuration with a clear message, serves an
 * existing current index without rebuilding it, answers from the first second while it builds a new one,
 * and on SIGTERM finishes what is in flight and exits 0.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { STARTING_MESSAGE } from '../server/http/startup-gate.js';
import { freePort } from './utils/free-port.js';
import { legislationDir, legislationFiles } from './utils/legislation.js';

const ENTRY = path.join(ROOT_DIR, 'server', 'index.ts');
const children: ChildProcessWithoutNullStreams[] = [];

function startServer(env: Record<string, string>) {
  // node --import tsx rather than the tsx binary, so signals reach the server process itself.
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, output })),
  );
  return { child, exited, output: () => output };
}

/** The first health answer after start-up: it listens within a second, and says 503 starting until the model and index are open. */
async function waitForHealth(port: number, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status !== 503 || Date.now() > deadline) return res;
      const body = await res.clone().json();
      if (body.error?.code !== 'starting') return res;
      expect(body).toEqual({ ok: false, error: { code: 'starting', message: STARTING_MESSAGE } });
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start', () => {
  it('refuses to start on invalid settings, naming each one and how to fix it', async () => {
    const server = startServer({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    const { code, output } = await server.exited;
    expect(code).toBe(2);
    expect(output).toContain('Invalid configuration:');
    expect(output).toContain('PORT="eighty"');
    expect(output).toContain('LOG_LEVEL="loud"');
  });

  it('serves a current index without rebuilding it, and on SIGTERM finishes the request in flight and exits 0', async () => {
    const port = await freePort();
    const server = startServer({ DATA_DIR: inject('realIndexDataDir'), PORT: String(port), LOG_LEVEL: 'info' });
    const health = await waitForHealth(port);
    expect(health.status).toBe(200);
    // The check runs once the server listens.
    for (const deadline = Date.now() + 10_000; !server.output().includes('index is current') && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(server.output()).toContain('index is current');
    expect(server.output()).not.toContain('"msg":"indexing"');

    // A request whose headers are still arriving when SIGTERM comes: it must still be answered.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += d.toString()));
    const closed = new Promise((r) => socket.once('close', r));
    socket.write('GET /api/search?q=%E5%AD%B5%E5%8C%96%E5%99%A8&mode=keyword HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((r) => setTimeout(r, 100));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    socket.write('Connection: close\r\n\r\n');
    await closed;
    expect(response.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');

    const { code, output } = await server.exited;
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    // New connections are refused once it has stopped.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
  });

  it('answers /api/health while the first index is being built, then keyword search before the vectors are in', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-first-build-'));
    try {
      // 200 real laws (about 9,000 articles): long enough to build that the first answers come while it runs.
      const seeds = path.join(dir, 'seeds');
      mkdirSync(seeds);
      for (const rel of legislationFiles().slice(0, 200)) copyFileSync(path.join(legislationDir(), rel), path.join(seeds, path.basename(rel)));
      const port = await freePort();
      const server = startServer({ DATA_DIR: path.join(dir, 'data'), SEEDS_DIR: seeds, PORT: String(port), LOG_LEVEL: 'info' });
      const first = await waitForHealth(port);
      expect(first.status).toBe(503);
      const building = await first.json();
      expect(building.engine.message).toBe('索引正在建立，请稍候（the index is being built）');
      expect(building.indexing.running).toBe(true);

      let ready = first;
      for (const deadline = Date.now() + 120_000; ready.status !== 200 && Date.now() < deadline; ) {
        await new Promise((r) => setTimeout(r, 250));
        ready = await fetch(`http://127.0.0.1:${port}/api/health`);
      }
      expect(ready.status, server.output()).toBe(200);
      const health = await ready.json();
      expect(health.indexing.lastRun).toMatchObject({ mode: 'full', files: { indexed: 200 } });
      // Keyword search answers now; most vectors are still being computed.
      expect(health.vectors.complete).toBe(false);
      expect(health.vectors.embedded).toBeLessThan(health.vectors.clauses / 2);
      const search = await fetch(`http://127.0.0.1:${port}/api/search?q=${encodeURIComponent('行政复议')}&mode=keyword`);
      expect(search.status).toBe(200);
      expect((await search.json()).total).toBeGreaterThan(0);
      server.child.kill('SIGKILL');
      await server.exited;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
