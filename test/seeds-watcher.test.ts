/**
 * Dropping files into SEEDS_DIR while the server runs: what a user sees in keyword search after adding,
 * changing and removing a document, its metadata file, a document still being copied, and an archive
 * copied at once.
 */
import { createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR, loadConfig } from '../core/config.js';
import { isWatchedName } from '../server/seeds/seeds-watcher.js';
import { createLiveApp, eventually, type LiveApp } from './utils/live-app.js';
import { useTempDirs } from './utils/temp-dirs.js';
import { policyText } from './utils/policy-text.js';

const tempDir = useTempDirs();

const QUANTUM = policyText('深圳市量子信息产业发展若干措施', '深科技创新〔2021〕12号', [
  '支持量子通信示范应用，对承担国家重大专项的企业给予资助。',
  '建设量子计算公共服务平台，向中小企业开放算力资源。',
]);

const SEED = '002_fa2a4b4af4ee3a92.txt';

async function keyword(t: LiveApp, q: string): Promise<{ total: number; titles: string[] }> {
  const res = await request(t.app).get(`/api/search?q=${encodeURIComponent(q)}&mode=keyword&validity=all`).expect(200);
  return { total: res.body.total, titles: res.body.hits.map((h: { title: string }) => h.title) };
}

/** The changes of batches after the first `from`, flattened. */
const changesSince = (t: LiveApp, from: number) => t.batches.slice(from).flat().map((c) => `${c.event} ${c.file}`);

let t: LiveApp;
beforeAll(async () => {
  t = await createLiveApp({
    root: tempDir('watch'),
    files: { [SEED]: readFileSync(path.join(ROOT_DIR, 'seeds', SEED)) },
    watchDebounceMs: 150,
    stabilityMs: 250,
  });
});
afterAll(async () => {
  await t?.close();
});

describe('a running server watching SEEDS_DIR', () => {
  it('makes a file copied into the folder keyword-searchable within seconds', async () => {
    expect((await keyword(t, '量子通信')).total).toBe(0);
    const before = t.batches.length;
    writeFileSync(path.join(t.seedsDir, '100_quantum.txt'), QUANTUM);
    const found = await eventually(async () => {
      const r = await keyword(t, '量子通信');
      expect(r.total).toBe(1);
      return r;
    });
    expect(found.titles).toEqual(['深圳市量子信息产业发展若干措施']);
    expect(changesSince(t, before)).toEqual(['add 100_quantum.txt']);
    // The seed indexed before is still there.
    expect((await keyword(t, '生物医疗设备')).total).toBeGreaterThan(0);
  });

  it('replaces the document when its file changes', async () => {
    writeFileSync(path.join(t.seedsDir, '100_quantum.txt'), QUANTUM.replace('量子通信示范应用', '量子密钥分发网络'));
    await eventually(async () => expect((await keyword(t, '量子密钥分发')).total).toBe(1));
    expect((await keyword(t, '量子通信')).total).toBe(0);
  });

  it('counts a metadata file beside the source as a change of that document', async () => {
    const before = t.batches.length;
    writeFileSync(path.join(t.seedsDir, '100_quantum.meta.json'), JSON.stringify({ status: '已废止', repealDate: '2024-01-01' }));
    const doc = await eventually(async () => {
      const res = await request(t.app).get(`/api/documents?validity=${encodeURIComponent('已废止')}`).expect(200);
      expect(res.body.documents.map((d: { title: string }) => d.title)).toEqual(['深圳市量子信息产业发展若干措施']);
      return res.body.documents[0];
    });
    expect(doc.status).toBe('已废止');
    expect(changesSince(t, before)).toEqual(['add 100_quantum.meta.json']);
  });

  it('drops the document from search when its file is removed', async () => {
    rmSync(path.join(t.seedsDir, '100_quantum.meta.json'));
    rmSync(path.join(t.seedsDir, '100_quantum.txt'));
    await eventually(async () => expect((await keyword(t, '量子密钥分发')).total).toBe(0));
    const res = await request(t.app).get('/api/documents').expect(200);
    expect(res.body.documents.map((d: { sourceFile: string }) => d.sourceFile)).toEqual([SEED]);
  });

  it('does not read a document still being copied: one sync, with the whole text', async () => {
    const before = t.batches.length;
    const text = policyText('深圳市海洋经济发展专项措施', '深科技创新〔2021〕13号', ['支持海洋电子信息装备研发。', '建设深远海养殖示范基地，推动渔业转型升级。']);
    const half = Math.floor(Buffer.byteLength(text) / 2);
    const bytes = Buffer.from(text);
    const stream = createWriteStream(path.join(t.seedsDir, '101_ocean.txt'));
    stream.write(bytes.subarray(0, half));
    // A pause shorter than the stability threshold, as a slow copy over the network makes.
    await new Promise((r) => setTimeout(r, 100));
    await new Promise<void>((resolve) => stream.end(bytes.subarray(half), resolve));
    await eventually(async () => expect((await keyword(t, '深远海养殖')).total).toBe(1));
    expect(changesSince(t, before)).toEqual(['add 101_ocean.txt']);
    const doc = (await request(t.app).get('/api/documents').expect(200)).body.documents.find((d: { sourceFile: string }) => d.sourceFile === '101_ocean.txt');
    expect(doc.title).toBe('深圳市海洋经济发展专项措施');
    expect(doc.clauseCount).toBe(2);
  });

  it('syncs an archive copied at once in one batch', async () => {
    const before = t.batches.length;
    for (const [i, term] of ['氢能燃料电池', '低空经济飞行器', '合成生物制造'].entries()) {
      writeFileSync(path.join(t.seedsDir, `20${i}_batch.txt`), policyText(`深圳市${term}产业措施`, `深科技创新〔2022〕${i + 1}号`, [`支持${term}关键技术攻关。`]));
    }
    await eventually(async () => {
      for (const term of ['氢能燃料电池', '低空经济飞行器', '合成生物制造']) expect((await keyword(t, term)).total).toBe(1);
    });
    expect(t.batches.length - before).toBe(1);
    expect(changesSince(t, before).sort()).toEqual(['add 200_batch.txt', 'add 201_batch.txt', 'add 202_batch.txt']);
  });

  it('ignores hidden files and files the indexer does not read', async () => {
    await t.watcher?.idle();
    const before = t.batches.length;
    writeFileSync(path.join(t.seedsDir, '.~lock.100_quantum.txt#'), 'lock');
    writeFileSync(path.join(t.seedsDir, '.upload-1234.txt'), QUANTUM);
    writeFileSync(path.join(t.seedsDir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    await new Promise((r) => setTimeout(r, 1000));
    expect(t.batches.length).toBe(before);
    expect((await keyword(t, '量子通信')).total).toBe(0);
  });
});

describe('which names the watcher follows', () => {
  it.each([
    ['004_f58ccc0061d310c5.txt', true],
    ['行政复议法(2023-09-01).md', true],
    ['REPORT.TXT', true],
    ['行政复议法(2017-09-01).meta.json', true],
    ['.hidden.txt', false],
    ['._004.txt', false],
    ['notes.json', false],
    ['photo.jpg', false],
    ['004.txt.swp', false],
  ])('%s → %s', (name, watched) => {
    expect(isWatchedName(name)).toBe(watched);
  });
});

describe('WATCH_SEEDS', () => {
  it('is on by default for the embedded engine and off for Meilisearch, which this server only reads', () => {
    expect(loadConfig({}).watch).toEqual({ enabled: true, debounceMs: 1000 });
    expect(loadConfig({ WATCH_SEEDS: 'false' }).watch.enabled).toBe(false);
    expect(loadConfig({ MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'k' }).watch.enabled).toBe(false);
  });

  it('refuses WATCH_SEEDS=true with Meilisearch, saying what to do instead', () => {
    expect(() => loadConfig({ MEILI_URL: 'http://meili:7700', MEILI_MASTER_KEY: 'k', WATCH_SEEDS: 'true' })).toThrow(
      'WATCH_SEEDS=true needs the embedded engine: the web server only reads Meilisearch; run the indexer service (npm run index) after changing SEEDS_DIR.',
    );
  });
});
