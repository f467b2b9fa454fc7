/**
 * All 3,335 real legislation texts of ../shared/legislation parse, and what a reader relies on holds for
 * every one of them: each article is one clause, article numbers run on, no Markdown or HTML comment shows
 * as text, and every document has a title, a year and a level. The few places where a text breaks a rule on
 * purpose are listed below with the reason, so a new exception fails the test until someone explains it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../core/types.js';
import type { NumberingException } from '../indexer/parse/articles.js';
import { parseArticleLabel } from '../indexer/parse/legislative-grammar.js';
import { repairLine } from '../indexer/parse/normalize.js';
import { parseDocumentWithDetails } from '../indexer/parse/parse-document.js';
import { legislationDir, legislationFiles, readLegislation } from './utils/legislation.js';

/**
 * Article numbers that do not increase, accepted because the text means them so. Each entry: the files it
 * covers, the kind of exception, and why.
 */
const ALLOWED_NUMBERING_EXCEPTIONS: ReadonlyArray<{ files: RegExp; reason: NumberingException['reason']; why: string }> = [
  {
    files: /确定罪名的补充规定/u,
    reason: 'repeat',
    why: 'a table of Criminal Law articles and the crimes they define; an article that defines two crimes is listed twice',
  },
];

/**
 * Texts whose lines starting with 第N条 are not articles of their own: no two of them follow on and no chapter
 * holds them, so the parser reads the text as paragraphs (indexer/parse/articles.ts, `hasArticles`).
 */
const NOT_ARTICLES: ReadonlyArray<{ file: RegExp; why: string }> = [
  {
    file: /确定罪名的补充规定（[四五]）/u,
    why: 'a table of the Criminal Law articles an amendment changed (第151条第3款, 第180条第4款 …) and the crimes they define',
  },
];

/** Texts that give no date at all — no history, no date in an article, none in the file name. */
const ALLOWED_WITHOUT_YEAR: ReadonlyArray<{ file: string; why: string }> = [
  { file: '上海市人民代表大会常务委员会议事规则.md', why: 'the collection dropped its history; the text names no date' },
  { file: '劳动仲裁和劳动诉讼的攻略.md', why: 'a practical guide the collection files under 其他, not a law' },
];

/**
 * Files that hold a version another file holds too: the same title and the same history, so the same
 * document id. Indexing both reports the second as a clash; each pair was checked to be one text.
 */
const SAME_VERSION_FILED_TWICE: ReadonlyArray<{ files: [string, string]; why: string }> = [
  { files: ['宪法相关法/居民身份证法(2011-10-29).md', '行政法/居民身份证法(2011-10-29).md'], why: 'one law filed under two branches' },
  { files: ['社会法/反电信网络诈骗法(2022-09-02).md', '行政法/反电信网络诈骗法(2022-09-02).md'], why: 'one law filed under two branches' },
  { files: ['社会法/职业病防治法(2018-12-29).md', '经济法/职业病防治法(2018-12-29).md'], why: 'one law filed under two branches' },
  { files: ['经济法/广告法(2021-04-29).md', '行政法/广告法(2021-04-29).md'], why: 'one law filed under two branches' },
  {
    files: ['司法解释/最高人民法院关于适用《民事诉讼法》的解释(2022-04-01).md', '司法解释/最高人民法院关于适用《民事诉讼法》的解释(2022-04-02).md'],
    why: 'the 2022 text twice, one copy with its title repeated over three lines',
  },
  {
    files: ['司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2022-04-04).md', '司法解释/最高人民法院关于审理人身损害赔偿案件适用法律若干问题的解释(2022-04-24).md'],
    why: 'the 2022 text twice, one copy with its title repeated over three lines',
  },
  ...[
    '关于办理强奸、猥亵未成年人刑事案件适用法律若干问题的解释',
    '关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释（三）',
    '关于办理操纵证券、期货市场刑事案件适用法律若干问题的解释',
    '关于办理非法从事资金支付结算业务、非法买卖外汇刑事案件适用法律若干问题的解释',
  ].map((title) => ({ files: [`最高人民法院 最高人民检察院${title}`, `最高人民法院、最高人民检察院${title}`] as [string, string], why: 'a joint interpretation filed twice, its two courts joined by a space in one name and by 、 in the other' })),
];

const MARKUP = /<!--|-->|^#{1,6}\s|\*\*|^\|.*\|$|\]\(https?:/mu;

interface Parsed {
  rel: string;
  text: string;
  parsed: ParsedDocument;
  exceptions: NumberingException[];
}

let corpus: Parsed[] = [];
let elapsedMs = 0;

beforeAll(() => {
  const dir = legislationDir();
  const files = legislationFiles(dir);
  const texts = files.map((rel) => ({ rel, ...readLegislation(rel, dir) }));
  const started = performance.now();
  corpus = texts.map(({ rel, text, fileName }) => {
    const { parsed, details } = parseDocumentWithDetails(text, fileName);
    return { rel, text, parsed, exceptions: details.exceptions };
  });
  elapsedMs = performance.now() - started;
  const articles = corpus.reduce((n, d) => n + d.parsed.clauses.filter((c) => c.kind === 'article').length, 0);
  const clauses = corpus.reduce((n, d) => n + d.parsed.clauses.length, 0);
  const warnings = corpus.reduce((n, d) => n + d.parsed.warnings.length, 0);
  const levels: Record<string, number> = {};
  for (const d of corpus) levels[d.parsed.document.level ?? 'none'] = (levels[d.parsed.document.level ?? 'none'] ?? 0) + 1;
  console.log(
    `legislation: ${corpus.length} documents, ${articles} articles, ${clauses} clauses, ${warnings} warnings; ` +
      `levels ${JSON.stringify(levels)}; parsed in ${Math.round(elapsedMs)} ms`,
  );
});

/** Body lines (after `<!-- INFO END -->`) that start with 第N条, as the parser repairs them. */
function articleLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/u);
  const infoEnd = lines.findIndex((line) => /<!--\s*INFO END\s*-->/u.test(line));
  return lines
    .slice(infoEnd + 1)
    .map(repairLine)
    .filter((line) => !line.markdownHeading && parseArticleLabel(line.text) !== null)
    .map((line) => line.text);
}

describe('the legislation collection', () => {
  it('is there: all 3,335 texts', () => {
    expect(corpus).toHaveLength(3335);
  });

  it('starts exactly one article clause at every line that starts with 第N条', () => {
    const mismatched = corpus.filter(({ rel, text, parsed }) => {
      if (NOT_ARTICLES.some((n) => n.file.test(rel))) return parsed.clauses.some((c) => c.kind === 'article');
      const expected = articleLines(text);
      const firstLines = parsed.clauses.filter((c) => c.kind === 'article').map((c) => c.text.split('\n')[0]);
      // A line the source cut mid-sentence (`…合理确定其劳动` / `定额和计件报酬标准。`) is joined to its continuation.
      return expected.length !== firstLines.length || expected.some((line, k) => !(firstLines[k] as string).startsWith(line));
    });
    expect(mismatched.map((d) => d.rel)).toEqual([]);
    // Each listed text is still there and still has lines that start with 第N条.
    for (const listed of NOT_ARTICLES) {
      expect(corpus.filter((d) => listed.file.test(d.rel) && articleLines(d.text).length > 0).length).toBeGreaterThan(0);
    }
  });

  it('numbers articles upwards within each part, except where listed with a reason', () => {
    const unexplained = corpus.flatMap(({ rel, exceptions }) =>
      exceptions
        .filter((e) => !ALLOWED_NUMBERING_EXCEPTIONS.some((allowed) => allowed.files.test(rel) && allowed.reason === e.reason))
        .map((e) => `${rel}: ${e.previous} → ${e.article} (${e.reason})`),
    );
    expect(unexplained).toEqual([]);
    // Each allowed exception is still needed.
    for (const allowed of ALLOWED_NUMBERING_EXCEPTIONS) {
      expect(corpus.some(({ rel, exceptions }) => allowed.files.test(rel) && exceptions.some((e) => e.reason === allowed.reason))).toBe(true);
    }
  });

  it('shows no Markdown marker or HTML comment in any clause', () => {
    const marked = corpus.flatMap(({ rel, parsed }) => parsed.clauses.filter((c) => MARKUP.test(c.text)).map((c) => `${rel}: ${c.id}`));
    expect(marked).toEqual([]);
  });

  it('gives every document a title, a level and — unless listed — a year', () => {
    expect(corpus.filter((d) => !d.parsed.document.title).map((d) => d.rel)).toEqual([]);
    expect(corpus.filter((d) => d.parsed.document.level === null).map((d) => d.rel)).toEqual([]);
    const withoutYear = corpus.filter((d) => d.parsed.document.year === null).map((d) => d.rel.split('/').pop());
    expect(withoutYear.sort()).toEqual(ALLOWED_WITHOUT_YEAR.map((a) => a.file).sort());
  });

  it('gives every clause a unique, URL-safe id', () => {
    const bad = corpus.filter(({ parsed }) => {
      const ids = parsed.clauses.map((c) => c.id);
      return new Set(ids).size !== ids.length || ids.some((id) => !/^[\p{Script=Han}A-Za-z0-9.-]+$/u.test(id));
    });
    expect(bad.map((d) => d.rel)).toEqual([]);
  });

  it('gives every document a readable id of its title and version date, one per version', () => {
    // None falls back to the file name: every text has a title.
    expect(corpus.filter(({ parsed }) => parsed.warnings.some((w) => w.includes('derived from the file name'))).map((d) => d.rel)).toEqual([]);
    // Only texts that hold the same version as another file share its id.
    const byId = new Map<string, string[]>();
    for (const { rel, parsed } of corpus) byId.set(parsed.document.id, [...(byId.get(parsed.document.id) ?? []), rel]);
    const shared = [...byId.values()].filter((rels) => rels.length > 1);
    const listed = (rels: string[]) =>
      SAME_VERSION_FILED_TWICE.some(({ files }) => rels.length === 2 && files.every((file) => rels.some((rel) => rel.replace(/ +/gu, ' ').includes(file))));
    expect(shared.filter((rels) => !listed(rels))).toEqual([]);
    expect(shared).toHaveLength(SAME_VERSION_FILED_TWICE.length);
    // Versions of one law keep apart: 行政复议法 2017 and 2023, 道路运输条例 2019, 2022 and 2023.
    const idOf = (file: string) => corpus.find((d) => d.rel.endsWith(file))?.parsed.document.id;
    expect(['行政复议法(2017-09-01).md', '行政复议法(2023-09-01).md'].map(idOf)).toEqual(['行政复议法-2017-09-01', '行政复议法-2023-09-01']);
    expect(['道路运输条例(2019-03-02).md', '道路运输条例(2022-03-29).md', '道路运输条例(2023-07-20).md'].map(idOf)).toEqual([
      '道路运输条例-2016-02-06',
      '道路运输条例-2022-03-29',
      '道路运输条例-2023-07-20',
    ]);
  });

  it('spans every article with its paragraphs, each item inside its paragraph', () => {
    const bad: string[] = [];
    for (const { rel, parsed } of corpus) {
      for (const clause of parsed.clauses) {
        if (clause.kind !== 'article') continue;
        const paragraphs = clause.spans.filter((s) => s.kind === 'paragraph');
        const ok =
          paragraphs[0]?.start === 0 &&
          paragraphs[paragraphs.length - 1]?.end === clause.text.length &&
          clause.spans.every((s) => s.start < s.end && s.end <= clause.text.length) &&
          clause.spans
            .filter((s) => s.kind === 'item')
            .every((item) => paragraphs.some((p) => p.paragraph === item.paragraph && p.start <= item.start && item.end <= p.end));
        if (!ok) bad.push(`${rel}: ${clause.id}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps the space between a chapter label and its title', () => {
    const glued = corpus.flatMap(({ rel, text, parsed }) =>
      parsed.clauses
        .flatMap((c) => c.path)
        .filter((heading) => /^第[一二三四五六七八九十百]+[章节编]\p{Script=Han}/u.test(heading))
        // Only where the source itself separates them.
        .filter((heading) => !text.includes(heading))
        .map((heading) => `${rel}: ${heading}`),
    );
    expect([...new Set(glued)]).toEqual([]);
  });
});
