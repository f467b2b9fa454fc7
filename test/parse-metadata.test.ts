import { describe, expect, it } from 'vitest';
import { chineseNumeralToNumber, parseChineseDate } from '../indexer/parse/chinese-date.js';
import { DOCUMENT_ID_FORMS, type DocumentIdSource, documentId, titleSlug, versionDate } from '../indexer/parse/document-id.js';
import { docTypeOfTitle, levelOfIssuer } from '../indexer/parse/metadata.js';
import { parseDocument } from '../indexer/parse/parse-document.js';
import type { HistoryEvent, PolicyDocument } from '../core/types.js';
import { SEED_FILES, parseAllSeeds } from './fixtures/parse/seeds.js';

const docs = parseAllSeeds();

describe('metadata of the five texts, field by field', () => {
  it('reads the 2013 Futian notice: 文号 and date from the notice, titles joined from three lines', () => {
    expect(docs.futian2013.document).toEqual<PolicyDocument>({
      id: 'ftfb-2013-20',
      sourceFile: SEED_FILES.futian2013,
      title: '加速推动战略性新兴产业发展的指导意见（2013—2017年）',
      noticeTitle: '福田区人民政府办公室关于印发《加速推动战略性新兴产业发展的指导意见（2013—2017年）》的通知',
      docNumber: '福府办〔2013〕20号',
      proposalNumber: null,
      issuer: '福田区人民政府办公室',
      date: '2013-08-25',
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: null,
      year: 2013,
      level: '区',
      docType: '指导意见',
      sourceUrl: null,
      clauseCount: 41,
    });
  });

  it('reads the 2018 plan: web header for 文号, 发布日期 and URL; signature for the signing date', () => {
    expect(docs.plan2018.document).toEqual<PolicyDocument>({
      id: 'szf-2018-84',
      sourceFile: SEED_FILES.plan2018,
      title: '深圳市关于进一步加快发展战略性新兴产业的实施方案',
      noticeTitle: '深圳市人民政府印发关于进一步加快发展战略性新兴产业实施方案的通知',
      docNumber: '深府〔2018〕84号',
      proposalNumber: null,
      issuer: '深圳市人民政府',
      date: '2018-11-02',
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: '2018-11-13',
      year: 2018,
      level: '市',
      docType: '实施方案',
      sourceUrl: 'http://www.sz.gov.cn/zfgb/2018/gb1077/201811/t20181115_14515363.htm',
      clauseCount: 37,
    });
  });

  it('reads the 2010 plan: signing date in Chinese numerals, the source dash ― kept in the title', () => {
    expect(docs.plan2010.document).toEqual<PolicyDocument>({
      id: 'szfb-2010-98',
      sourceFile: SEED_FILES.plan2010,
      title: '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）',
      noticeTitle: '深圳市人民政府办公厅关于印发深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）的通知',
      docNumber: '深府办〔2010〕98号',
      proposalNumber: null,
      issuer: '深圳市人民政府办公厅',
      date: '2010-12-01',
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: '2011-01-19',
      year: 2010,
      level: '市',
      docType: '工作方案',
      sourceUrl: 'http://www.sz.gov.cn/zfgb/2011/gb727/201101/t20110119_1631361.htm',
      clauseCount: 47,
    });
  });

  it('reads the 2020 proposal reply: title from the Markdown heading, issuer and date from the signing block', () => {
    expect(docs.reply2020.document).toEqual<PolicyDocument>({
      id: 'ta-20200005',
      sourceFile: SEED_FILES.reply2020,
      title: '关于对《TA 20200005 “关于引进俄罗斯“卡脖子”尖端技术，加速科技成果转化，打造大湾区科技创新新高地”》提案的回复',
      noticeTitle: null,
      docNumber: null,
      proposalNumber: 'TA 20200005',
      // As signed, although the bureau is the 福田区科技创新局.
      issuer: '福田区科创创新局',
      date: '2020-08-10',
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: null,
      year: 2020,
      level: '区',
      docType: '提案答复',
      sourceUrl: null,
      clauseCount: 26,
    });
  });

  it('reads the 2015 plan: notice title without the spaces of the conversion, 文号 from its own line', () => {
    expect(docs.zone2015.document).toEqual<PolicyDocument>({
      id: 'szf-2015-54',
      sourceFile: SEED_FILES.zone2015,
      title: '深圳国家自主创新示范区建设实施方案',
      noticeTitle: '深圳市人民政府关于印发深圳国家自主创新示范区建设实施方案的通知',
      docNumber: '深府〔2015〕54号',
      proposalNumber: null,
      issuer: '深圳市人民政府',
      date: '2015-07-22',
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: null,
      year: 2015,
      level: '市',
      docType: '实施方案',
      sourceUrl: null,
      clauseCount: 120,
    });
  });

  it('has no warning for any of the five texts', () => {
    for (const doc of Object.values(docs)) expect(doc.warnings, doc.document.sourceFile).toEqual([]);
  });
});

describe('a text without recognisable metadata', () => {
  const parsed = parseDocument('为加快科技创新，制定本措施。\n\n支持企业建设研发中心。\n', '随手记.txt');

  it('parses into clauses with null fields instead of throwing', () => {
    expect(parsed.document).toEqual<PolicyDocument>({
      id: expect.stringMatching(/^doc-[0-9a-f]{6}$/) as unknown as string,
      sourceFile: '随手记.txt',
      title: '随手记',
      noticeTitle: null,
      docNumber: null,
      proposalNumber: null,
      issuer: null,
      date: null,
      effectiveDate: null,
      history: [],
      orderNumber: null,
      publishedDate: null,
      year: null,
      level: null,
      docType: null,
      sourceUrl: null,
      clauseCount: 2,
    });
    expect(parsed.clauses.map((clause) => clause.text)).toEqual(['为加快科技创新，制定本措施。', '支持企业建设研发中心。']);
  });

  it('says in warnings what is missing', () => {
    expect(parsed.warnings).toEqual([
      'no title found; the file name "随手记" stands in for it',
      'no 文号 (document number) found',
      'no issuer (signing body or 发布机构) found',
      'no signing date found',
      'level (国家, 省, 市 or 区) could not be told from the issuer, 文号 or title',
      'document type not recognised from the title "随手记"',
      `no 文号, proposal number or title found; document id ${parsed.document.id} is derived from the file name and changes if the file is renamed`,
    ]);
  });

  it('parses an empty text to no clauses and a warning', () => {
    const empty = parseDocument('', 'empty.txt');
    expect(empty.clauses).toEqual([]);
    expect(empty.warnings).toContain('no clauses found: the text has no paragraphs after its header');
  });
});

describe('document ids', () => {
  /** A source with nothing but what a case sets. */
  const source = (fields: Partial<DocumentIdSource>): DocumentIdSource => ({
    docNumber: null,
    proposalNumber: null,
    fileName: 'x.txt',
    title: null,
    history: [],
    date: null,
    effectiveDate: null,
    part: null,
    ...fields,
  });
  const act = (date: string, action: HistoryEvent['action']): HistoryEvent => ({ date, action, body: null, text: '' });

  it('tries the 文号, then the proposal number, then the title and date', () => {
    expect(DOCUMENT_ID_FORMS.map((form) => form.form)).toEqual(['文号', '提案号', '标题和日期']);
  });

  it.each([
    ['深府〔2015〕54号', 'szf-2015-54'],
    ['深府办〔2010〕98号', 'szfb-2010-98'],
    ['深府〔2018〕84号', 'szf-2018-84'],
    ['福府办〔2013〕20号', 'ftfb-2013-20'],
    ['福府〔2019〕3号', 'ftf-2019-3'],
  ])('%s → %s', (docNumber, id) => {
    expect(documentId(source({ docNumber, title: '某某方案', date: '2015-07-22' }))).toEqual({ id, warning: null });
  });

  it('uses the proposal number of a proposal reply', () => {
    expect(documentId(source({ proposalNumber: 'TA 20200005', title: '关于对《TA 20200005 …》提案的回复' })).id).toBe('ta-20200005');
  });

  it.each([
    ['a law, cited without 中华人民共和国', { title: '中华人民共和国行政复议法', history: [act('1999-04-29', '通过'), act('2023-09-01', '修订'), act('2024-01-01', '施行')] }, '行政复议法-2023-09-01'],
    ['its older version', { title: '中华人民共和国行政复议法', history: [act('1999-04-29', '通过'), act('2017-09-01', '修正')] }, '行政复议法-2017-09-01'],
    ['a text the collection re-adopts (`…会议通过` twice): the later act', { title: '北京市实施《中华人民共和国水法》办法', history: [act('2004-05-27', '通过'), act('2022-11-25', '通过')] }, '北京市实施中华人民共和国水法办法-2022-11-25'],
    ['a part of a code filed on its own', { title: '中华人民共和国民法典', part: '人格权编', history: [act('2020-05-28', '通过')] }, '民法典-人格权编-2020-05-28'],
    ['a text with no history: its effective date', { title: '上海市专利保护条例', effectiveDate: '2002-07-01' }, '上海市专利保护条例-2002-07-01'],
    ['a text dated only by its file name', { title: '机动车登记规定', fileName: '机动车登记规定(2021-12-17).md' }, '机动车登记规定-2021-12-17'],
    ['a policy without 文号: its signing date; brackets and spaces go', { title: '关于支持 5G 产业（试行）的若干措施', date: '2020-03-01' }, '关于支持5G产业试行的若干措施-2020-03-01'],
    ['a text with no date at all: its title alone', { title: '上海市人民代表大会常务委员会议事规则' }, '上海市人民代表大会常务委员会议事规则'],
  ])('%s → its title and version date', (_what, fields, id) => {
    expect(documentId(source(fields))).toEqual({ id, warning: null });
  });

  it('gives the same id whatever the file is called', () => {
    const law = { title: '中华人民共和国行政复议法', history: [act('2023-09-01', '修订')] };
    expect(documentId(source({ ...law, fileName: '行政复议法(2023-09-01).md' })).id).toBe(documentId(source({ ...law, fileName: 'copy.md' })).id);
  });

  it('makes ids of title and date when the 文号 prefix is unknown, and says so', () => {
    const result = documentId(source({ docNumber: '粤府〔2016〕1号', title: '广东省促进科技成果转化实施方案', date: '2016-03-01' }));
    expect(result).toEqual({
      id: '广东省促进科技成果转化实施方案-2016-03-01',
      warning: '文号 粤府〔2016〕1号 has a prefix the indexer does not know (add it to DOC_NUMBER_PREFIXES in indexer/parse/document-id.ts); document id 广东省促进科技成果转化实施方案-2016-03-01 is made from its title and date',
    });
  });

  it('falls back to the file name plus a short hash, with a warning, only for a text without a title', () => {
    const result = documentId(source({ docNumber: '粤府〔2016〕1号', fileName: '005_Guangdong Plan.txt' }));
    expect(result.id).toMatch(/^005-guangdong-plan-[0-9a-f]{6}$/);
    expect(result.warning).toContain('粤府〔2016〕1号 has a prefix the indexer does not know');
    expect(documentId(source({ docNumber: '粤府〔2016〕1号', fileName: '005_Guangdong Plan.txt' })).id).toBe(result.id);
  });

  it.each([
    ['中华人民共和国行政复议法', '行政复议法'],
    ['中华人民共和国', '中华人民共和国'],
    ['最高人民法院关于适用《中华人民共和国民事诉讼法》的解释', '最高人民法院关于适用中华人民共和国民事诉讼法的解释'],
    ['最高人民法院、最高人民检察院关于执行《刑法》 确定罪名的补充规定（七）', '最高人民法院最高人民检察院关于执行刑法确定罪名的补充规定七'],
    ['宪法修正案（1988年）', '宪法修正案1988年'],
    ['ＡＢＣ.条例/草案', 'ABC条例草案'],
  ])('title %s → id part %s', (title, slug) => {
    expect(titleSlug(title)).toBe(slug);
  });

  it('takes the version date from acts that make a version, not from 施行 or 废止', () => {
    expect(versionDate(source({ history: [act('2019-06-27', '通过'), act('2019-07-25', '批准'), act('2019-10-01', '施行')] }))).toBe('2019-07-25');
    expect(versionDate(source({ history: [act('2001-01-01', '公布'), act('2020-01-01', '废止')] }))).toBe('2001-01-01');
  });
});

describe('dates, types and levels', () => {
  it.each([
    ['2015年7月22日', '2015-07-22'],
    ['（2013年8月25日）', '2013-08-25'],
    ['二○一○年十二月一日', '2010-12-01'],
    ['二〇二〇年八月三十一日', '2020-08-31'],
    ['2020 年 8 月 10 日', '2020-08-10'],
    ['2018-11-13', '2018-11-13'],
    ['2019年2月30日', null],
    ['无日期', null],
  ])('%s → %s', (text, date) => {
    expect(parseChineseDate(text)).toBe(date);
  });

  it('reads Chinese numerals with and without 十 and 百', () => {
    expect([chineseNumeralToNumber('十二'), chineseNumeralToNumber('二十一'), chineseNumeralToNumber('一百零九')]).toEqual([12, 21, 109]);
    expect(chineseNumeralToNumber('二○一○')).toBe(2010);
    expect(chineseNumeralToNumber('甲')).toBeNull();
  });

  it.each([
    ['加速推动战略性新兴产业发展的指导意见（2013—2017年）', '指导意见'],
    ['深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）', '工作方案'],
    ['关于对《TA 20200005 “…”》提案的回复', '提案答复'],
    ['深圳市人民政府关于印发深圳国家自主创新示范区建设实施方案的通知', '通知'],
    ['福田区支持科技创新发展若干措施', '若干措施'],
  ])('%s is a %s', (title, type) => {
    expect(docTypeOfTitle(title)).toBe(type);
  });

  it.each([
    ['深圳市人民政府办公厅', '市'],
    ['福田区人民政府办公室', '区'],
    ['深圳市福田区科技创新局', '区'],
    ['深圳市人民代表大会常务委员会', '市'],
    ['郑州市人民代表大会常务委员会', '市'],
    ['市十四届人大常委会', '市'],
    ['上海市浦东新区人民代表大会常务委员会', '区'],
    ['景宁畲族自治县人民代表大会', '区'],
    ['广东省人民政府', '省'],
    ['河南省人民代表大会常务委员会', '省'],
    ['上海市人民代表大会常务委员会', '省'],
    ['重庆市人民代表大会常务委员会', '省'],
    ['广西壮族自治区人民代表大会常务委员会', '省'],
    ['全国人民代表大会常务委员会', '国家'],
    ['国务院', '国家'],
    ['最高人民法院审判委员会', '国家'],
    ['公安部', '国家'],
    ['国家市场监督管理总局', '国家'],
  ] as const)('%s is at level %s', (issuer, level) => {
    expect(levelOfIssuer(issuer)).toBe(level);
  });

  it('knows no level for a body that names no place or national office', () => {
    expect(levelOfIssuer('科技创新局')).toBeNull();
  });
});
