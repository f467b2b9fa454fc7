/**
 * Word, PDF and saved web pages are read into the same text as a .txt of the same document, so they parse to the
 * same clauses. The fixtures were made with LibreOffice, qpdf and img2pdf by test/fixtures/formats/make-fixtures.sh
 * (the web pages by hand, after sz.gov.cn pages); the tests read only the committed files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../core/engine/types.js';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import type { ParsedDocument } from '../core/types.js';
import { SOURCE_EXTENSIONS, readSourceText } from '../indexer/formats/read-source.js';
import { parseDocument } from '../indexer/parse/parse-document.js';
import { type IndexReport, readSeeds, runIndex } from '../indexer/pipeline.js';
import { createHashEmbedder } from './utils/hash-embedder.js';

const FIXTURES = path.join(ROOT_DIR, 'test', 'fixtures', 'formats');
const SEED_2011 = path.join(ROOT_DIR, 'seeds', '002_fa2a4b4af4ee3a92.txt');

function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

/** The text a file is read to; fails the test with the reader's reason when it refuses. */
async function textOf(bytes: Buffer, name: string): Promise<string> {
  const read = await readSourceText(bytes, name);
  if (!read.ok) throw new Error(read.reason);
  return read.text;
}

/**
 * Parses a file under a fixed name: a document without a known 文号 takes its id from the file name, and the
 * comparison is about the text, not the name.
 */
async function parsed(bytes: Buffer, name: string, asName = 'document.txt'): Promise<ParsedDocument> {
  return parseDocument(await textOf(bytes, name), asName);
}

function clauseRows(doc: ParsedDocument) {
  return doc.clauses.map((c) => ({ id: c.id, number: c.number, path: c.path, kind: c.kind, text: c.text }));
}

/** The document's metadata without what depends on offsets or counts. */
function metadataOf(doc: ParsedDocument) {
  const { clauseCount: _count, ...fields } = doc.document;
  return fields;
}

describe('the formats the indexer reads', () => {
  it('are plain text, Markdown, web pages, Word documents and PDFs', () => {
    expect(SOURCE_EXTENSIONS).toEqual(['.txt', '.md', '.html', '.htm', '.docx', '.pdf']);
  });

  it('refuses a file it has no reader for, saying which it has', async () => {
    expect(await readSourceText(Buffer.from('x'), '规定.doc')).toEqual({
      ok: false,
      reason: '规定.doc has no reader: the indexer reads .txt, .md, .html, .htm, .docx, .pdf files',
    });
  });
});

describe('a Word document (.docx, written by LibreOffice)', () => {
  it('of the 2013 福田 notice parses to the same clauses and metadata as its .txt', async () => {
    const original = await parsed(fixture('notice-2013.txt'), 'notice-2013.txt');
    const word = await parsed(fixture('notice-2013.docx'), 'notice-2013.docx');
    expect(clauseRows(word)).toEqual(clauseRows(original));
    expect(metadataOf(word)).toEqual(metadataOf(original));
    expect(word.document).toMatchObject({ id: 'ftfb-2013-20', docNumber: '福府办〔2013〕20号', date: '2013-08-25', level: '区' });
    expect(word.clauses).toHaveLength(41);
  });

  it('of 公共场所卫生管理条例 parses to the same articles, chapters and history as its Markdown', async () => {
    const original = await parsed(fixture('regulation-2019.md'), 'regulation-2019.md');
    const word = await parsed(fixture('regulation-2019.docx'), 'regulation-2019.docx');
    expect(clauseRows(word)).toEqual(clauseRows(original));
    expect(metadataOf(word)).toEqual(metadataOf(original));
    expect(word.clauses.slice(0, 3).map((c) => c.number)).toEqual(['第一条', '第二条', '第三条']);
    expect(word.clauses[1]).toMatchObject({ number: '第二条', path: ['第一章 总则'] });
    expect(word.document).toMatchObject({ title: '公共场所卫生管理条例', level: '国家', docType: '条例', date: '2016-02-06' });
  });
});

describe('a PDF with a text layer (printed from the Word document by LibreOffice)', () => {
  it('of 公共场所卫生管理条例 joins the wrapped lines back into the same articles as its Markdown', async () => {
    const original = await parsed(fixture('regulation-2019.md'), 'regulation-2019.md');
    const pdf = await parsed(fixture('regulation-2019.pdf'), 'regulation-2019.pdf');
    expect(clauseRows(pdf)).toEqual(clauseRows(original));
    expect(metadataOf(pdf)).toEqual(metadataOf(original));
    expect(pdf.clauses.find((c) => c.number === '第十四条')?.text).toBe(original.clauses.find((c) => c.number === '第十四条')?.text);
  });

  it('of the 2013 福田 notice gives the same clauses, across its six pages; only the table loses its empty corner cell', async () => {
    const original = await parsed(fixture('notice-2013.txt'), 'notice-2013.txt');
    const pdf = await parsed(fixture('notice-2013.pdf'), 'notice-2013.pdf');
    expect(metadataOf(pdf)).toEqual(metadataOf(original));
    expect(clauseRows(pdf).slice(0, -1)).toEqual(clauseRows(original).slice(0, -1));
    // A PDF places no text for an empty cell; every figure is there, in its row.
    const table = original.clauses.at(-1)?.text ?? '';
    expect(table.startsWith('\t2012年\t2013年')).toBe(true);
    expect(pdf.clauses.at(-1)?.text).toBe(table.slice(1));
    expect(pdf.clauses.at(-1)?.text).toContain('专利申请量（件）\t9500\t10000\t12000\t12000');
  });
});

describe('a government web page saved from the browser (.html)', () => {
  it('parses to the same clauses as the text taken from the same page (seed 002)', async () => {
    const original = await parsed(readFileSync(SEED_2011), '002.txt');
    const page = await parsed(fixture('policy-page-2011.html'), 'policy-page-2011.html');
    expect(clauseRows(page)).toEqual(clauseRows(original));
    expect(page.clauses).toHaveLength(47);
  });

  it('takes 文号, 发布机构, 发布日期 and the address from the page, and drops navigation, scripts and footer', async () => {
    const page = await parsed(fixture('policy-page-2011.html'), 'policy-page-2011.html');
    expect(page.document).toMatchObject({
      id: 'szfb-2010-98',
      title: '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）',
      docNumber: '深府办〔2010〕98号',
      issuer: '深圳市人民政府办公厅',
      date: '2010-12-01',
      publishedDate: '2011-01-19',
      year: 2010,
      level: '市',
      sourceUrl: 'http://www.sz.gov.cn/zfgb/2011/gb727/201101/t20110119_1631361.htm',
    });
    for (const chrome of ['要闻动态', '当前位置', '打印本页', '分享到', '相关文章', '版权所有', '粤ICP备', '_hmt', 'document.write', '字体']) {
      expect(page.text, chrome).not.toContain(chrome);
    }
    expect(page.text).toContain('索引号: 043000-10-2011-005183');
    expect(page.text).toContain('主题分类: 科技、教育\\工业、交通');
  });

  it('reads a gov.cn metadata table (发文机关, 成文日期, 发文字号, 标题) and dates a text that states no date by its 成文日期', async () => {
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>国务院办公厅关于加快发展外贸新业态新模式的意见_政府信息公开专栏</title></head>
<body><div class="header"><a href="/">首页</a> <a href="/zhengce/">政策</a></div>
<table class="bd1"><tbody>
<tr><td><b>索 引 号：</b></td><td>000014349/2021-00065</td><td><b>主题分类：</b></td><td>商贸、海关、旅游\\对外经贸合作</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2021年07月02日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国务院办公厅关于加快发展外贸新业态新模式的意见</td></tr>
<tr><td><b>发文字号：</b></td><td>国办发〔2021〕24号</td><td><b>发布日期：</b></td><td>2021年07月09日</td></tr>
</tbody></table>
<div class="pages_content" id="UCAP-CONTENT">
<p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>
<p>新业态新模式是我国外贸发展的有生力量，也是国际贸易发展的重要趋势。</p>
<p>一、积极支持运用新技术新工具赋能外贸发展</p>
<p>（一）推广数字智能技术应用。运用数字技术和数字工具，推动外贸全流程各环节优化提升。</p>
</div>
<div class="footer">主办单位：国务院办公厅 运行维护单位：中国政府网运行中心 版权所有：中国政府网</div>
<script>var share = true;</script></body></html>`;
    const page = await parsed(Buffer.from(html), 'guobanfa.html', 'guobanfa.html');
    expect(page.document).toMatchObject({
      title: '国务院办公厅关于加快发展外贸新业态新模式的意见',
      docNumber: '国办发〔2021〕24号',
      issuer: '国务院办公厅',
      date: '2021-07-02',
      publishedDate: '2021-07-09',
      year: 2021,
      level: '国家',
      docType: '意见',
    });
    expect(page.clauses.map((c) => c.text)).toContain('（一）推广数字智能技术应用。运用数字技术和数字工具，推动外贸全流程各环节优化提升。');
    expect(page.text).not.toContain('版权所有');
  });
});

describe('a seeds folder with bad files beside good ones in every format', () => {
  const tokenizer = createJiebaTokenizer();
  let dir: string;
  let engine: SearchEngine;
  let report: IndexReport;

  const entry = (name: string) => {
    const found = report.files.find((f) => f.file === name);
    if (!found) throw new Error(`${name} missing from the report`);
    return found;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-formats-'));
    const seeds = path.join(dir, 'seeds');
    mkdirSync(seeds);
    for (const name of ['notice-2013.docx', 'regulation-2019.pdf', 'policy-page-2011.html', 'renamed-text.docx', 'encrypted.pdf', 'scanned.pdf', 'no-article.html']) {
      copyFileSync(path.join(FIXTURES, name), path.join(seeds, name));
    }
    writeFileSync(path.join(seeds, 'broken.pdf'), '%PDF-1.7\nthis is where the rest of the file was lost\n');
    engine = await createSqliteEngine({ file: path.join(dir, 'tiaowen.sqlite'), tokenizer });
    report = await runIndex(await readSeeds(seeds), seeds, { engine, tokenizer, embedder: createHashEmbedder() });
  });

  afterAll(async () => {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the Word document, the PDF and the web page', () => {
    expect(report.ok).toBe(true);
    expect(entry('notice-2013.docx')).toMatchObject({ status: 'indexed', docId: 'ftfb-2013-20', clauses: 41, error: null });
    expect(entry('regulation-2019.pdf')).toMatchObject({ status: 'indexed', clauses: 19, error: null });
    expect(entry('policy-page-2011.html')).toMatchObject({ status: 'indexed', docId: 'szfb-2010-98', clauses: 47, error: null });
    expect(report.documents).toBe(3);
  });

  it('says a renamed text file is not a .docx', () => {
    expect(entry('renamed-text.docx')).toMatchObject({
      status: 'failed',
      error: 'renamed-text.docx is not a Word .docx file (a .docx is a zip archive; this file is not one); open it in Word or LibreOffice and save it as .docx',
    });
  });

  it('says a PDF needs a password', () => {
    expect(entry('encrypted.pdf')).toMatchObject({
      status: 'failed',
      error: 'encrypted.pdf is an encrypted PDF that needs a password to open; save an unprotected copy (or export the text) and index that',
    });
  });

  it('says a scanned PDF has no text layer', () => {
    expect(entry('scanned.pdf').status).toBe('failed');
    expect(entry('scanned.pdf').error).toBe(
      'scanned.pdf 是扫描件，无文字层: its 1 page hold only images, no text; run OCR on it (for example ocrmypdf -l chi_sim) or index the text as .txt/.docx',
    );
  });

  it('says a list page has no article body', () => {
    expect(entry('no-article.html').status).toBe('failed');
    expect(entry('no-article.html').error).toMatch(/^no-article\.html has no article body: /u);
  });

  it('says a truncated PDF is not a valid PDF', () => {
    expect(entry('broken.pdf').status).toBe('failed');
    expect(entry('broken.pdf').error).toMatch(/^broken\.pdf is not a valid PDF \(.+\); save or export it again as PDF$/u);
  });

  it('finds an article of the PDF by keyword, cited by its number', async () => {
    const result = await engine.search({ q: '卫生许可证', mode: 'keyword', filters: {}, limit: 10, offset: 0 });
    const numbers = result.hits.filter((h) => h.clause.docId === entry('regulation-2019.pdf').docId).map((h) => h.clause.number);
    expect(numbers).toContain('第四条');
    expect(numbers).toContain('第八条');
  });
});
