import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { describe, expect, it } from 'vitest';
import {
  createJiebaTokenizer,
  parseUserDict,
  POLICY_TERMS_FILE,
  readPolicyTerms,
} from '../core/tokenizer/jieba-tokenizer.js';

const tokenizer = createJiebaTokenizer();
const seed = (file: string) => readFileSync(path.join(import.meta.dirname, '..', 'seeds', file), 'utf8');

/** The 2015 clause 81. of 深府〔2015〕54号, as the seed has it on one line. */
const clause81 = seed('004_f58ccc0061d310c5.txt')
  .split('\n')
  .find((line) => line.startsWith('81. '))!;

describe('jieba tokenizer: search-mode words', () => {
  it('splits "知识产权质押" into the whole term and every dictionary word inside it', () => {
    expect(tokenizer.tokenize('知识产权质押')).toEqual(['知识', '知识产权', '产权', '质押', '知识产权质押']);
  });

  it('keeps "深港科技创新合作区" as one token, with its sub-words before it', () => {
    expect(tokenizer.tokenize('加快建设深港科技创新合作区（深圳园区）')).toEqual([
      '加快',
      '建设',
      '深港',
      '科技',
      '科技创新',
      '创新',
      '合作',
      '深港科技创新合作区',
      '深圳',
      '园区',
    ]);
  });

  it('finds 海上风电 and 海洋新能源 in a natural-language question', () => {
    expect(tokenizer.tokenize('怎样推动海上风电等海洋新能源发展')).toEqual([
      '怎样',
      '推动',
      '海上',
      '上风',
      '风电',
      '海上风电',
      '等',
      '海洋',
      '新能源',
      '能源',
      '海洋新能源',
      '发展',
    ]);
  });

  it('drops punctuation and spaces, lower-cases latin, and keeps numbers and latin words whole', () => {
    expect(tokenizer.tokenize('全社会研发投入占 GDP 比重达到 4.25%，5G通信、ＡＢＣ；TA 20200005')).toEqual([
      '全',
      '社会',
      '研发',
      '投入',
      '研发投入',
      '占',
      'gdp',
      '比重',
      '达到',
      '4.25',
      '5g',
      '通信',
      'abc',
      'ta',
      '20200005',
    ]);
  });

  it('gives a query the same tokens as the same words inside a clause', () => {
    const clauseTokens = tokenizer.tokenize(clause81);
    for (const query of ['知识产权质押', '知识产权质押融资', '风险补偿']) {
      for (const token of tokenizer.tokenize(query)) expect(clauseTokens).toContain(token);
    }
  });

  it('returns nothing for text without words', () => {
    expect(tokenizer.tokenize('，。；  ——（）\n')).toEqual([]);
    expect(tokenizer.tokenize('')).toEqual([]);
  });

  it('keeps every policy-term entry whole', () => {
    const split = readPolicyTerms().filter((term) => !tokenizer.tokenize(term).includes(term));
    expect(split).toEqual([]);
  });
});

describe('jieba tokenizer: keywords', () => {
  it('picks the topic of clause 81 of the 2015 plan, not the responsible bodies', () => {
    expect(clause81).toContain('（责任单位：市市场和质量监管委）');
    expect(tokenizer.keywords(clause81)).toEqual(['知识产权质押融资', '机制', '知识产权', '担保', '风险补偿']);
  });

  it('drops pure numbers and generic verbs such as 达到, and honours topN', () => {
    // The 2015 plan's targets: jieba alone ranks 达到 first and 4.25, 2.5, 2020, 10000 among the top 8.
    const text = '到 2020 年，全社会研发投入占 GDP 比重达到 4.25%，高新技术产业产值达到 2.5 万亿元，国家级高新技术企业数量达到 10000 家';
    expect(tokenizer.keywords(text, 3)).toEqual(['研发投入', 'GDP', '高新技术产业']);
    expect(tokenizer.keywords(text, 8)).toEqual(['研发投入', 'GDP', '高新技术产业', '国家级高新技术企业', '产值', '万亿元', '比重', '数量']);
  });
});

describe('jieba tokenizer: one cut for tokens and keywords (indexing)', () => {
  const seedLines = ['000_897e7fd67109cef8.txt', '002_fa2a4b4af4ee3a92.txt', '004_f58ccc0061d310c5.txt']
    .flatMap((file) => seed(file).split('\n'))
    .filter((line) => line.trim().length >= 20);

  it('gives every seed line the same tokens and keywords as tokenize and keywords do separately', () => {
    expect(seedLines.length).toBeGreaterThan(200);
    for (const line of seedLines) {
      expect(tokenizer.analyse(line)).toEqual({ tokens: tokenizer.tokenize(line), keywords: tokenizer.keywords(line) });
    }
  });

  it("weighs each candidate as jieba's own TF-IDF extractor does", () => {
    const jieba = nodejieba as unknown as { extract(text: string, topN: number): Array<{ word: string; weight: number }> };
    for (const line of seedLines.slice(0, 60)) {
      const source = line.normalize('NFKC');
      const expected = new Map(jieba.extract(source, 1000).map((k) => [k.word, k.weight]));
      const ours = tokenizer.keywords(source, 1000);
      // Every keyword we keep is one of jieba's, and they come in jieba's weight order.
      const weights = ours.map((word) => expected.get(word));
      expect(weights.every((w) => w !== undefined)).toBe(true);
      expect(weights).toEqual([...weights].sort((a, b) => (b as number) - (a as number)));
    }
  });

  it('keeps the capitals of a keyword while its tokens are lower-cased', () => {
    const text = '全社会研发投入占 GDP 比重达到 4.25%';
    expect(tokenizer.analyse(text).tokens).toContain('gdp');
    expect(tokenizer.analyse(text).keywords).toContain('GDP');
  });
});

describe('policy-term dictionary', () => {
  it('holds the terms the issue names and 80–200 entries, no duplicates', () => {
    const terms = readPolicyTerms();
    expect(terms.length).toBeGreaterThanOrEqual(80);
    expect(terms.length).toBeLessThanOrEqual(200);
    expect(new Set(terms).size).toBe(terms.length);
    for (const term of ['知识产权质押', '战略性新兴产业', '国家高新技术企业', '科技金融', '众创空间', '孵化器', '深港科技创新合作区']) {
      expect(terms).toContain(term);
    }
  });

  it('reads `word`, `word tag` and `word freq tag` lines and skips comments', () => {
    expect(parseUserDict('# comment\n\n海上风电\n微小卫星 nz\n核心技术 1000 n\r\n')).toEqual([
      { word: '海上风电', line: '海上风电' },
      { word: '微小卫星', line: '微小卫星 nz' },
      { word: '核心技术', line: '核心技术 1000 n' },
    ]);
  });

  it('names the line of a malformed entry instead of letting jieba abort the process', () => {
    expect(() => parseUserDict('海上风电\n核心 技术 很 重要', 'terms.txt')).toThrow(
      'terms.txt:2: "核心 技术 很 重要" is not `word`, `word tag` or `word freq tag`',
    );
  });

  it('refuses a second, different dictionary in the same process and accepts the same one again', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tiaowen-dict-'));
    const other = path.join(dir, 'other.txt');
    writeFileSync(other, '某个新词\n');
    expect(() => createJiebaTokenizer({ userDictPath: other })).toThrow(/one dictionary per process/);
    // Same content under another name is the same dictionary.
    const copy = path.join(dir, 'copy.txt');
    writeFileSync(copy, readFileSync(POLICY_TERMS_FILE));
    expect(createJiebaTokenizer({ userDictPath: copy }).tokenize('众创空间')).toEqual(['空间', '众创空间']);
    rmSync(dir, { recursive: true, force: true });
  });
});
