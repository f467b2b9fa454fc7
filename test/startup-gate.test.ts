/**
 * `npm start` listens before the model and jieba are loaded: what a user and a health check see in the
 * seconds before the app is ready.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { STARTING_MESSAGE, createStartupGate } from '../server/http/startup-gate.js';

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the start-up gate', () => {
  it('answers /api/health with 503 "服务正在启动" at once, before the app exists', async () => {
    const base = await serve(createStartupGate().handle);
    const res = await fetch(`${base}/api/health?verbose=1`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ ok: false, error: { code: 'starting', message: STARTING_MESSAGE } });
  });

  it('holds a search made during start-up and answers it from the app once the app is ready', async () => {
    const gate = createStartupGate();
    const base = await serve(gate.handle);
    let answered = false;
    const search = fetch(`${base}/api/search?q=${encodeURIComponent('知识产权质押')}`).then(async (r) => {
      answered = true;
      return { status: r.status, body: await r.text() };
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(answered).toBe(false);
    gate.open((req, res) => res.end(`app: ${decodeURIComponent(req.url ?? '')}`));
    expect(await search).toEqual({ status: 200, body: 'app: /api/search?q=知识产权质押' });
    // Later requests, health included, go straight to the app.
    expect(await (await fetch(`${base}/api/health`)).text()).toBe('app: /api/health');
  });

  it('answers the waiting requests 503 when start-up fails (the process then exits)', async () => {
    const gate = createStartupGate();
    const base = await serve(gate.handle);
    const page = fetch(`${base}/?q=x`);
    await new Promise((r) => setTimeout(r, 50));
    gate.fail();
    const res = await page;
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('starting');
  });
});
