/**
 * The admin page as an administrator sees it: sign in with the token, upload documents, replace and remove
 * one, see each file's state; and what happens without the token, from another site, and with a malformed
 * upload (which gets its reason and changes nothing else).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { createHashEmbedder } from './utils/hash-embedder.js';
import { createLiveApp, type LiveApp } from './utils/live-app.js';
import { createTestApp } from './utils/test-app.js';
import { useTempDirs } from './utils/temp-dirs.js';
import { policyText as signedPolicyText } from './utils/policy-text.js';

const tempDir = useTempDirs();
const TOKEN = 'admin-token-for-tests-0123456789';
const SEED = '002_fa2a4b4af4ee3a92.txt';
const SEED_TITLE = '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）';

const policyText = (title: string, docNumber: string, clauses: string[]) => signedPolicyText(title, docNumber, clauses, { signed: true });

const QUANTUM = policyText('深圳市量子信息产业发展若干措施', '深府〔2021〕12号', [
  '支持量子通信示范应用，对承担国家重大专项的企业给予资助。',
  '建设量子计算公共服务平台，向中小企业开放算力资源。',
]);
/** No header at all: indexed, with the parser's warnings. */
const NO_HEADER = '深圳市海洋经济发展专项措施\n\n一、支持海洋电子信息装备研发。\n二、建设深远海养殖示范基地。\n';

let t: LiveApp;
let origin: string;
let cookie: string;
let server: Server;

beforeAll(async () => {
  t = await createLiveApp({
    root: tempDir('admin'),
    files: { [SEED]: readFileSync(path.join(ROOT_DIR, 'seeds', SEED)) },
    env: { ADMIN_TOKEN: TOKEN, UPLOAD_MAX_MB: '1' },
  });
  // One listening server, so the Origin a same-site form sends is known.
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = await request(server).post('/admin/login').type('form').send({ token: TOKEN }).expect(303);
  cookie = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await t?.close();
});

async function keywordTotal(q: string): Promise<number> {
  return (await request(server).get(`/api/search?q=${encodeURIComponent(q)}&mode=keyword&validity=all`).expect(200)).body.total;
}

/** What the folder and the index hold, to check that a refused upload changed neither. */
async function snapshot() {
  const docs = (await request(server).get('/api/documents').expect(200)).body.documents.map((d: { id: string; clauseCount: number }) => `${d.id}:${d.clauseCount}`);
  return { files: readdirSync(t.seedsDir).sort(), docs };
}

const upload = (file: string | Buffer, name: string, fields: Record<string, string> = {}) => {
  let req = request(server).post('/admin/upload').set('Cookie', cookie).set('Origin', origin);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  // filepath, not filename: form-data would cut `../x.txt` down to `x.txt` before it reaches the server.
  // (the typings of attach lack form-data's filepath option)
  const options = { filepath: name, contentType: 'text/plain' } as unknown as { filename: string; contentType: string };
  return req.attach('file', typeof file === 'string' ? Buffer.from(file) : file, options);
};

describe('signing in', () => {
  it('sends a visitor without a session to the sign-in form, which shows no documents', async () => {
    const res = await request(server).get('/admin').expect(303);
    expect(res.headers.location).toBe('/admin/login');
    const form = await request(server).get('/admin/login').expect(200);
    expect(form.text).toContain('<form class="admin-login" action="/admin/login" method="post">');
    expect(form.text).toContain('<input id="token" type="password" name="token" autocomplete="current-password" required>');
    expect(form.text).not.toContain(SEED);
  });

  it('refuses a wrong token and sets no cookie', async () => {
    const res = await request(server).post('/admin/login').type('form').send({ token: 'wrong-token-0123456789' }).expect(401);
    expect(res.text).toContain('管理令牌不正确（wrong admin token）');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('with the token sets an HttpOnly, SameSite=Strict session cookie and goes to the page', async () => {
    const res = await request(server).post('/admin/login').type('form').send({ token: TOKEN }).expect(303);
    expect(res.headers.location).toBe('/admin');
    const set = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(set).toMatch(/^tiaowen_admin=\d{13}\.[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; Expires=.+; HttpOnly; SameSite=Strict$/);
    const page = await request(server).get('/admin').set('Cookie', cookie).expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('<h1 class="page-title">文件管理</h1>');
    expect(page.text).toContain(`<td class="doc-title"><a href="/d/szfb-2010-98">${SEED_TITLE}</a></td>`);
    expect(page.text).toContain('共 1 个文件');
  });

  it('does not accept a forged or expired cookie', async () => {
    await request(server).get('/admin').set('Cookie', 'tiaowen_admin=1700000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').expect(303);
    await request(server).get('/admin').set('Cookie', `${cookie.slice(0, -2)}xx`).expect(303);
  });
});

describe('uploading through the admin page', () => {
  it('stores a new document, indexes it and says so; keyword search finds it at once', async () => {
    expect(await keywordTotal('量子通信')).toBe(0);
    const res = await upload(QUANTUM, '100_quantum.txt').expect(200);
    expect(res.text).toContain('<strong>100_quantum.txt</strong>：已收录，<a href="/d/');
    expect(res.text).toContain('>深圳市量子信息产业发展若干措施</a>（2 条）');
    expect(await keywordTotal('量子通信')).toBe(1);
    expect(readFileSync(path.join(t.seedsDir, '100_quantum.txt'), 'utf8')).toBe(QUANTUM);
  });

  it('lists the warnings of a document indexed with warnings, on the result and in the state table', async () => {
    const res = await upload(NO_HEADER, '101_ocean.txt').expect(200);
    expect(res.text).toContain('<li>no 文号 (document number) found</li>');
    await t.vectorsIn();
    const page = await request(server).get('/admin').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('<span class="status status-pending">已索引（有提示）</span>');
    const state = (await request(server).get('/api/admin/documents').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body;
    const ocean = state.files.find((f: { file: string }) => f.file === '101_ocean.txt');
    expect(ocean).toMatchObject({ state: 'indexed-with-warnings', label: '已索引（有提示）', title: '深圳市海洋经济发展专项措施', clauses: 2, error: null });
    expect(ocean.warnings).toContain('no 文号 (document number) found');
  });

  it('accepts a Chinese file name as sent', async () => {
    await upload(policyText('深圳市低空经济产业措施', '深府〔2022〕3号', ['支持低空经济飞行器研发。']), '低空经济措施.md').expect(200);
    expect(readdirSync(t.seedsDir)).toContain('低空经济措施.md');
    expect(await keywordTotal('低空经济飞行器')).toBe(1);
  });

  it('reads every format the parser reads: a Word file is indexed like its text', async () => {
    const res = await upload(readFileSync(path.join(ROOT_DIR, 'test/fixtures/formats/notice-2013.docx')), 'notice-2013.docx').expect(200);
    expect(res.text).toContain('<strong>notice-2013.docx</strong>：已收录');
    expect(res.text).toContain('>加速推动战略性新兴产业发展的指导意见（2013—2017年）</a>');
    const removed = await request(server).post('/admin/remove').set('Cookie', cookie).set('Origin', origin).type('form').send({ file: 'notice-2013.docx' }).expect(200);
    expect(removed.text).toContain('已删除“notice-2013.docx”');
  });

  it('does not overwrite a file of the same name unless 替换同名文件 is ticked', async () => {
    const changed = QUANTUM.replace('量子通信示范应用', '量子密钥分发网络');
    const before = await snapshot();
    const refused = await upload(changed, '100_quantum.txt').expect(409);
    expect(refused.text).toContain('已有同名文件“100_quantum.txt”；如要替换，请勾选“替换同名文件”');
    expect(await snapshot()).toEqual(before);
    const replaced = await upload(changed, '100_quantum.txt', { replace: '1' }).expect(200);
    expect(replaced.text).toContain('<strong>100_quantum.txt</strong>：已替换“100_quantum.txt”');
    expect(await keywordTotal('量子密钥分发')).toBe(1);
    expect(await keywordTotal('量子通信')).toBe(0);
  });

  it('replaces one document from its row, whatever the uploaded file is called', async () => {
    const res = await upload(NO_HEADER.replace('深远海养殖', '海上风电运维'), 'ocean-v2.txt', { target: '101_ocean.txt' }).expect(200);
    expect(res.text).toContain('<strong>ocean-v2.txt</strong>：已替换“101_ocean.txt”');
    expect(readdirSync(t.seedsDir)).not.toContain('ocean-v2.txt');
    expect(await keywordTotal('海上风电运维')).toBe(1);
    expect(await keywordTotal('深远海养殖')).toBe(0);
  });

  it('refuses a second file whose 文号 is already indexed from another file', async () => {
    const before = await snapshot();
    const res = await upload(QUANTUM, 'quantum-copy.txt').expect(409);
    expect(res.text).toMatch(/文件ID [^（]+（同一文号）已由“100_quantum.txt”收录；如是同一文件的新版本，请替换“100_quantum.txt”/);
    expect(await snapshot()).toEqual(before);
  });

  it('removes a document: the file goes and search no longer finds it', async () => {
    const res = await request(server).post('/admin/remove').set('Cookie', cookie).set('Origin', origin).type('form').send({ file: '低空经济措施.md' }).expect(200);
    expect(res.text).toContain('已删除“低空经济措施.md”，其文件已从索引中移除。');
    expect(readdirSync(t.seedsDir)).not.toContain('低空经济措施.md');
    expect(await keywordTotal('低空经济飞行器')).toBe(0);
  });
});

describe('a malformed upload gets its reason and changes nothing else', () => {
  it.each([
    ['a format the parser does not read', Buffer.from('MZ\x90\x00'), 'setup.exe', 415, '不支持的文件格式“.exe”：可上传 .txt、.md、.html、.htm、.docx、.pdf 文件'],
    ['a file over UPLOAD_MAX_MB', Buffer.alloc(1024 * 1024 + 1, '条'), 'big.txt', 413, '文件超过 1 MB 的上限，未保存任何文件'],
    ['a .txt that parses to zero clauses', Buffer.from('http://x.invalid/a\n发布机构: 深圳市人民政府\n发布日期: 2021-03-01\n'), 'empty.txt', 422, '无法收录：no text to index: the file parsed to zero clauses'],
    ['a scanned PDF without a text layer', readFileSync(path.join(ROOT_DIR, 'test/fixtures/formats/scanned.pdf')), 'scanned.pdf', 422, '无法收录：scanned.pdf 是扫描件，无文字层: its 1 page hold only images, no text'],
    ['a binary file named .txt', Buffer.from([0, 1, 2, 0xff, 0, 0]), 'binary.txt', 422, '无法收录：binary.txt is binary (contains NUL bytes), not a text file'],
    ['a name that climbs out of the folder', Buffer.from(QUANTUM.replace('12号', '99号')), '../x.txt', 400, '文件名“../x.txt”含有路径；只能上传单个文件，不能指定目录'],
    ['a hidden file name', Buffer.from(QUANTUM.replace('12号', '98号')), '.x.txt', 400, '文件名“.x.txt”以“.”开头，是隐藏文件'],
  ])('%s', async (_what, bytes, name, status, reason) => {
    const before = await snapshot();
    const res = await upload(bytes, name).expect(status);
    expect(res.text).toContain(reason);
    expect(await snapshot()).toEqual(before);
    expect(readdirSync(path.dirname(t.seedsDir))).toEqual(['data', 'seeds']);
    // The index keeps serving what it served.
    expect(await keywordTotal('量子密钥分发')).toBe(1);
  });

  it('answers the JSON API with the error shape and the per-file result', async () => {
    const res = await request(server).post('/api/admin/documents').set('Authorization', `Bearer ${TOKEN}`).attach('file', Buffer.from('x'), { filename: 'notes.docm' }).expect(415);
    expect(res.body.ok).toBe(false);
    expect(res.body.error.code).toBe('unsupported_format');
    expect(res.body.results).toHaveLength(1);
    expect(res.body.results[0]).toMatchObject({ upload: 'notes.docm', accepted: false, status: 415 });
  });
});

describe('without the token, or from another site', () => {
  it('an upload without a session or token is not stored', async () => {
    const before = await snapshot();
    const page = await request(server).post('/admin/upload').attach('file', Buffer.from(QUANTUM.replace('12号', '77号')), { filename: 'anon.txt' }).expect(401);
    expect(page.text).toContain('<form class="admin-login"');
    const api = await request(server).post('/api/admin/documents').attach('file', Buffer.from(QUANTUM.replace('12号', '77号')), { filename: 'anon.txt' }).expect(401);
    expect(api.body.error.code).toBe('unauthorized');
    const wrong = await request(server).post('/api/admin/documents').set('Authorization', 'Bearer not-the-token-0123456789').attach('file', Buffer.from('x'), { filename: 'anon.txt' }).expect(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(await snapshot()).toEqual(before);
  });

  it('a form posted from another origin with the session cookie is refused (CSRF)', async () => {
    const before = await snapshot();
    const res = await request(server).post('/admin/remove').set('Cookie', cookie).set('Origin', 'http://evil.example').type('form').send({ file: '100_quantum.txt' }).expect(403);
    expect(res.text).toContain('拒绝跨站请求：管理操作只能从本站页面提交');
    await request(server).post('/admin/remove').set('Cookie', cookie).type('form').send({ file: '100_quantum.txt' }).expect(403);
    expect(await snapshot()).toEqual(before);
  });
});

describe('the state of every file, as JSON', () => {
  it('lists a file dropped into the folder that the indexer refuses, with the reason, first', async () => {
    writeFileSync(path.join(t.seedsDir, '300_blank.txt'), '   \n');
    await t.sync.sync('test');
    await t.vectorsIn();
    const res = await request(server).get('/api/admin/documents').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.body.files[0]).toEqual({
      file: '300_blank.txt',
      state: 'refused',
      label: '未收录',
      docId: null,
      title: null,
      clauses: 0,
      embedded: 0,
      warnings: [],
      error: '300_blank.txt contains only whitespace',
      url: null,
    });
    expect(res.body.files.map((f: { file: string; state: string }) => `${f.file} ${f.state}`)).toEqual([
      '300_blank.txt refused',
      '101_ocean.txt indexed-with-warnings',
      '002_fa2a4b4af4ee3a92.txt indexed',
      '100_quantum.txt indexed',
    ]);
    const page = await request(server).get('/admin').set('Cookie', cookie).expect(200);
    expect(page.text).toContain('<span class="status status-repealed">未收录</span><p class="reason">300_blank.txt contains only whitespace</p>');
    expect(page.headers.link).toBe('</api/admin/documents>; rel="alternate"; type="application/json"');
  });

  it('removes a document through the API', async () => {
    const res = await request(server).delete('/api/admin/documents/300_blank.txt').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.body).toEqual({ ok: true, file: '300_blank.txt', removed: true, documentId: null });
    await request(server).delete(`/api/admin/documents/${encodeURIComponent('../002_fa2a4b4af4ee3a92.txt')}`).set('Authorization', `Bearer ${TOKEN}`).expect(400);
  });
});

describe('limits', () => {
  it('locks sign-in after ten wrong tokens from one address, even for the right token', async () => {
    const fresh = await createTestApp({ hostile: false, env: { ADMIN_TOKEN: TOKEN } });
    try {
      for (let i = 0; i < 10; i++) await request(fresh.app).post('/admin/login').type('form').send({ token: `wrong-${i}-0123456789abcdef` }).expect(401);
      const res = await request(fresh.app).post('/admin/login').type('form').send({ token: TOKEN }).expect(429);
      expect(res.text).toContain('登录失败次数过多，请 15 分钟后再试');
    } finally {
      await fresh.close();
    }
  });

  it('limits admin requests to 60 a minute per address', async () => {
    const fresh = await createTestApp({ hostile: false, env: { ADMIN_TOKEN: TOKEN } });
    try {
      for (let i = 0; i < 60; i++) await request(fresh.app).get('/admin').expect(303);
      const res = await request(fresh.app).get('/admin').expect(429);
      expect(res.text).toContain('管理操作过于频繁：每分钟最多 60 次');
    } finally {
      await fresh.close();
    }
  });
});

describe('a folder of many files', () => {
  it('shows the state table 100 files a page, refused files first', async () => {
    const files: Record<string, string> = { '000_blank.txt': '  \n' };
    for (let i = 1; i <= 104; i++) {
      files[`${String(i).padStart(3, '0')}_rule.txt`] = policyText(`深圳市第${i}批测试办法`, `深府〔2020〕${i}号`, [`第${i}项测试条款的内容。`]);
    }
    const many = await createLiveApp({ root: tempDir('admin-many'), files, env: { ADMIN_TOKEN: TOKEN } });
    try {
      const login = await request(many.app).post('/admin/login').type('form').send({ token: TOKEN }).expect(303);
      const session = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
      await many.vectorsIn();
      const first = await request(many.app).get('/admin').set('Cookie', session).expect(200);
      expect(first.text).toContain('共 105 个文件：已索引 104 · 有提示 0 · 等待语义向量 0 · 等待索引 0 · 未收录 1');
      expect([...first.text.matchAll(/<td class="doc-number">([^<]+)<\/td>/g)].map((m) => m[1]).slice(0, 2)).toEqual(['000_blank.txt', '001_rule.txt']);
      expect(first.text.match(/<tr>\n<td class="doc-number">/g)).toHaveLength(100);
      expect(first.text).toContain('<span class="pg current" aria-current="page">第 1 / 2 页</span>');
      expect(first.text).toContain('<a class="pg next" rel="next" href="/admin?page=2">下一页</a>');
      const second = await request(many.app).get('/admin?page=2').set('Cookie', session).expect(200);
      expect([...second.text.matchAll(/<td class="doc-number">([^<]+)<\/td>/g)].map((m) => m[1])).toEqual(['100_rule.txt', '101_rule.txt', '102_rule.txt', '103_rule.txt', '104_rule.txt']);
    } finally {
      await many.close();
    }
  });
});

describe('a document whose vectors are still being computed', () => {
  it('is keyword-searchable and shown as 等待语义向量 with its count, then as 已索引 once they are in', async () => {
    // An embedder that holds every batch until the test lets it go.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hash = createHashEmbedder();
    const embedder = { ...hash, embed: async (texts: string[]) => (await gate, hash.embed(texts)) };
    const slow = await createLiveApp({ root: tempDir('admin-vectors'), files: { [SEED]: readFileSync(path.join(ROOT_DIR, 'seeds', SEED)) }, env: { ADMIN_TOKEN: TOKEN }, embedder });
    try {
      const bearer = { Authorization: `Bearer ${TOKEN}` };
      const waiting = (await request(slow.app).get('/api/admin/documents').set(bearer).expect(200)).body.files[0];
      expect(waiting).toMatchObject({ file: SEED, state: 'waiting-for-vectors', label: '等待语义向量', embedded: 0 });
      expect(waiting.clauses).toBeGreaterThan(40);
      const search = await request(slow.app).get(`/api/search?q=${encodeURIComponent('生物医疗设备')}&mode=keyword`).expect(200);
      expect(search.body.total).toBeGreaterThan(0);
      const login = await request(slow.app).post('/admin/login').type('form').send({ token: TOKEN }).expect(303);
      const session = (login.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
      const page = await request(slow.app).get('/admin').set('Cookie', session).expect(200);
      expect(page.text).toContain(`<span class="status status-amended">等待语义向量</span><p class="reason-vectors">语义向量 0 / ${waiting.clauses} 条；关键词检索已可找到本文件</p>`);
      release();
      await slow.vectorsIn();
      const done = (await request(slow.app).get('/api/admin/documents').set(bearer).expect(200)).body.files[0];
      expect(done).toMatchObject({ file: SEED, state: 'indexed', embedded: waiting.clauses, clauses: waiting.clauses });
    } finally {
      release();
      await slow.close();
    }
  });
});

describe('without ADMIN_TOKEN', () => {
  it('has no admin page and no admin API', async () => {
    const plain = await createTestApp({ hostile: false });
    try {
      await request(plain.app).get('/admin').expect(404);
      await request(plain.app).get('/api/admin/documents').expect(404);
    } finally {
      await plain.close();
    }
  });
});
