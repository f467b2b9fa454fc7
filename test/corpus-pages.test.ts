/**
 * The pages describe whatever corpus they serve: the subtitle names its size and years, the year chart spans
 * its years (grouped when there are too many to label), and the level facet lists 国家, 省, 市 and 区.
 * Checked on an index of real legislation from 1979 to 2023 and on the five seed texts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR, loadConfig } from '../core/config.js';
import { createSqliteEngine } from '../core/engine/sqlite/sqlite-engine.js';
import type { SearchEngine } from '../core/engine/types.js';
import { createJiebaTokenizer } from '../core/tokenizer/jieba-tokenizer.js';
import { readSeeds, runIndex } from '../indexer/pipeline.js';
import { createApp } from '../server/app.js';
import { SUMMARY_RECHECK_MS, getCorpusSummary } from '../server/data/corpus.js';
import { createHashEmbedder } from './utils/hash-embedder.js';
import { legislationDir } from './utils/legislation.js';

/** Seven texts: national regulations of 1979, 1980, 2019 and 2023, a provincial, a city and a county 条例. */
const LAWS = [
  '行政法规/水产资源繁殖保护条例(1972-02-10).md',
  '宪法相关法/国籍法(1980-09-10).md',
  '行政法规/公共场所卫生管理条例(2019-04-23).md',
  '行政法规/废旧金属收购业治安管理办法(2023-07-20).md',
  'DLC/浙江地方法规/地方性法规/浙江/浙江省广告管理条例(2020-07-31).md',
  'DLC/浙江地方法规/地方性法规/浙江/丽水市革命遗址保护条例(2021-08-05).md',
  'DLC/浙江地方法规/地方性法规/浙江/景宁畲族自治县促进惠明茶产业发展条例(2019-06-14).md',
];

interface CorpusApp {
  app: Express;
  close(): Promise<void>;
}

/** Indexes copies of `sources` (absolute paths) with the hash embedder and builds the app on them. */
async function corpusApp(sources: string[], env: Record<string, string> = {}): Promise<CorpusApp> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-corpus-'));
  const corpus = path.join(root, 'corpus');
  mkdirSync(corpus);
  for (const source of sources) copyFileSync(source, path.join(corpus, path.basename(source)));
  const tokenizer = createJiebaTokenizer();
  const embedder = createHashEmbedder();
  const config = loadConfig({ DATA_DIR: path.join(root, 'data'), SEEDS_DIR: corpus, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  if (config.engine.kind !== 'sqlite') throw new Error('these tests run on the embedded engine');
  mkdirSync(config.dataDir, { recursive: true });
  const engine: SearchEngine = await createSqliteEngine({ file: config.engine.file, tokenizer });
  const report = await runIndex(await readSeeds(corpus), corpus, { engine, tokenizer, embedder });
  const failed = report.files.filter((f) => f.status !== 'indexed');
  if (failed.length > 0) throw new Error(`not indexed: ${JSON.stringify(failed)}`);
  return {
    app: createApp({ config, engine, embedder, logger: pino({ level: 'silent' }) }),
    async close() {
      await engine.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`${start} not found`);
  return text.slice(from, text.indexOf(end, from) + end.length);
}

describe('a corpus of legislation from 1979 to 2023', () => {
  let t: CorpusApp;
  let home: string;
  beforeAll(async () => {
    t = await corpusApp(LAWS.map((file) => path.join(legislationDir(), file)));
    home = (await request(t.app).get('/').expect(200)).text;
  });
  afterAll(() => t.close());

  it('is described by its size and years in the subtitle and the home page title', () => {
    expect(home).toContain('<small>7 份文件 · 1979–2023</small>');
    expect(home).toContain('<title>条文 · 7 份文件 · 1979–2023</title>');
    expect(home).not.toContain('福田');
  });

  it('names the corpus on an error page too, as on every other page', async () => {
    const missing = (await request(t.app).get('/c/no-such-clause').expect(404)).text;
    expect(missing).toContain('<small>7 份文件 · 1979–2023</small>');
  });

  it('draws the year chart in ten five-year bars, 1975–1979 to 2020–2024, each linking to its years', () => {
    const chart = between(home, '<figure class="chart">', '</figure>');
    expect(chart).toContain('<span class="chart-grouping">每柱 5 年</span>');
    expect(chart.match(/<a class="bar /g)).toHaveLength(10);
    expect(chart).toContain('data-year="1975" data-year-to="1979"');
    expect(chart).toContain('data-year="2020" data-year-to="2024"');
    expect(chart).toContain('href="/?yearFrom=1980&amp;yearTo=1984"');
    expect(chart).toContain('首现 1979 年 · 最近 2023 年');
  });

  it('stacks and names the four levels in the chart legend', () => {
    const legend = between(home, '<span class="legend">', '</span></figcaption>');
    expect(legend.replace(/<[^>]+>/g, '').trim().split(/\s+/)).toEqual(['国家级', '省级', '市级', '区级']);
    const chart = between(home, '<svg class="year-chart"', '</svg>');
    for (const cls of ['bar-national', 'bar-province', 'bar-city', 'bar-district']) expect(chart, cls).toContain(`class="${cls}"`);
  });

  it('lists the four levels in the level facet, from 国家 down to 区', () => {
    const facet = between(home, '<legend>层级</legend>', '</fieldset>');
    const labels = [...facet.matchAll(/<span class="facet-label">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(labels).toEqual(['国家级', '省级', '市级', '区级']);
  });

  it('filters to a group of years from a bar', async () => {
    const res = await request(t.app).get('/api/search?yearFrom=1980&yearTo=1984').expect(200);
    expect(res.body.hits.length).toBeGreaterThan(0);
    expect(new Set(res.body.hits.map((h: { year: number }) => h.year))).toEqual(new Set([1980]));
  });
});

describe('the corpus description, read from the engine', () => {
  it('is asked of the engine at most once every few seconds, however many pages are served', async () => {
    let statsCalls = 0;
    const engine = {
      stats: async () => {
        statsCalls++;
        return { fingerprint: 'f', builtAt: '2026-01-01', documents: 2, clauses: 10 };
      },
      listDocuments: async () => [{ year: 2019 }, { year: 2021 }],
    } as unknown as SearchEngine;
    let clock = 1_000_000;
    const now = () => clock;
    expect(await getCorpusSummary({ engine }, now)).toEqual({ documents: 2, years: { first: 2019, last: 2021 } });
    for (let i = 0; i < 20; i++) await getCorpusSummary({ engine }, now);
    expect(statsCalls).toBe(1);
    clock += SUMMARY_RECHECK_MS;
    await getCorpusSummary({ engine }, now);
    expect(statsCalls).toBe(2);
  });
});

describe('a configured subtitle', () => {
  let t: CorpusApp;
  beforeAll(async () => {
    t = await corpusApp([path.join(legislationDir(), LAWS[1] as string)], { SITE_SUBTITLE: '某区司法局法规库' });
  });
  afterAll(() => t.close());

  it('replaces the description of the corpus on every page', async () => {
    expect((await request(t.app).get('/').expect(200)).text).toContain('<small>某区司法局法规库</small>');
    expect((await request(t.app).get('/d').expect(200)).text).toContain('<small>某区司法局法规库</small>');
  });
});

describe('the five seed texts', () => {
  let t: CorpusApp;
  let home: string;
  beforeAll(async () => {
    const seeds = path.join(ROOT_DIR, 'seeds');
    t = await corpusApp((await readSeeds(seeds)).map((f) => path.join(seeds, f.name)));
    home = (await request(t.app).get('/').expect(200)).text;
  });
  afterAll(() => t.close());

  it('are described as 5 份文件 · 2010–2020', () => {
    expect(home).toContain('<small>5 份文件 · 2010–2020</small>');
  });

  it('still get one bar per year, 2010 to 2020, and a legend of the two levels they have', () => {
    const chart = between(home, '<figure class="chart">', '</figure>');
    expect(chart).not.toContain('chart-grouping');
    expect([...chart.matchAll(/data-year="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020]);
    expect(chart).not.toContain('data-year-to');
    const legend = between(home, '<span class="legend">', '</span></figcaption>');
    expect(legend.replace(/<[^>]+>/g, '').trim().split(/\s+/)).toEqual(['市级', '区级']);
  });

  it('show 市 before 区 in the level facet', () => {
    const facet = between(home, '<legend>层级</legend>', '</fieldset>');
    expect([...facet.matchAll(/<span class="facet-label">([^<]+)<\/span>/g)].map((m) => m[1])).toEqual(['市级', '区级']);
  });
});
