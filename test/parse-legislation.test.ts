/**
 * Legislation read field by field, on real texts of ../shared/legislation of every kind: a code split by
 * 编 and 分编 (民法典), a code with 编, 章 and 节 amended many times (民事诉讼法, 刑法), the Constitution with its
 * preamble, a judicial interpretation, State Council regulations, a city regulation approved by its province,
 * a ministry rule, a Shanghai regulation, an amendment without articles — and, as plain texts, a Shenzhen
 * special-zone regulation and a 印发 notice whose attachment is a 办法 with articles.
 */
import { describe, expect, it } from 'vitest';
import type { Clause, ParsedDocument } from '../core/types.js';
import { ARTICLE_ITEM, ARTICLE_SUBITEM, DIVISION_STYLES, parseArticleLabel, parseDivision } from '../indexer/parse/legislative-grammar.js';
import { parseDocument } from '../indexer/parse/parse-document.js';
import { legislativeFacts, readHistory } from '../indexer/parse/promulgation.js';
import { readLegislation } from './utils/legislation.js';

function parse(rel: string): ParsedDocument {
  const { text, fileName } = readLegislation(rel);
  return parseDocument(text, fileName);
}

function article(doc: ParsedDocument, number: string): Clause {
  const found = doc.clauses.find((c) => c.number === number);
  if (!found) throw new Error(`no ${number} in ${doc.document.title}`);
  return found;
}

/** The spans of a clause as `款1`, `款1项3`, for reading. */
function spanNames(clause: Clause): string[] {
  return clause.spans.map((s) => (s.kind === 'paragraph' ? `款${s.paragraph}` : `款${s.paragraph}项${s.item}`));
}

describe('the grammar as data', () => {
  it.each([
    ['第一编 总则', true, '编', 1],
    ['人格权编', true, '编', 1],
    ['第一分编 通则', true, '分编', 2],
    ['第二章 合同的订立', false, '章', 3],
    ['第一节 级别管辖', true, '节', 4],
    ['第一部分 总体要求', false, '部分', 1],
    ['附件一', true, '附件', 0],
  ] as const)('%s is a %s heading (Markdown %s)', (line, markdown, unit, rank) => {
    expect(parseDivision(line, markdown)).toEqual({ unit, rank, text: line });
  });

  it('lists every division style it knows, outermost first', () => {
    expect(DIVISION_STYLES.map((s) => s.unit)).toEqual(['附件', '编', '编', '部分', '分编', '章', '节']);
  });

  it('does not take prose for a heading, nor a plain line ending in 编', () => {
    expect(parseDivision('第三章规定的行政处罚，由县级以上人民政府决定。', false)).toBeNull();
    expect(parseDivision('人格权编', false)).toBeNull();
  });

  it.each([
    ['第二十条 为了…', '第二十条', 20, null],
    ['第一百二十条之一 …', '第一百二十条之一', 120, 1],
    ['第127条 …', '第127条', 127, null],
    ['第１２条 …', '第１２条', 12, null],
  ] as const)('%s is article %s', (line, text, number, sub) => {
    expect(parseArticleLabel(line)).toMatchObject({ text, number, sub });
  });

  it('reads items （一） and sub-items 1． and ⒈', () => {
    expect(ARTICLE_ITEM.test('（三）数量；')).toBe(true);
    expect(ARTICLE_SUBITEM.test('1．侮辱、诽谤案')).toBe(true);
    expect(ARTICLE_SUBITEM.test('⒉暴力干涉婚姻自由案')).toBe(true);
    expect(ARTICLE_SUBITEM.test('3.28万平方米')).toBe(false);
  });
});

describe('民法典 合同编: a code split by 编 and 分编', () => {
  const doc = parse('民法典/合同编.md');

  it('makes 第四百七十条 one clause with its eight items and its second paragraph', () => {
    const a470 = article(doc, '第四百七十条');
    expect(a470.id).toBe(`${doc.document.id}.a470`);
    expect(a470.kind).toBe('article');
    expect(a470.path).toEqual(['合同编', '第一分编 通则', '第二章 合同的订立']);
    expect(a470.text.split('\n')).toEqual([
      '第四百七十条 合同的内容由当事人约定，一般包括下列条款：',
      '（一）当事人的姓名或者名称和住所；',
      '（二）标的；',
      '（三）数量；',
      '（四）质量；',
      '（五）价款或者报酬；',
      '（六）履行期限、地点和方式；',
      '（七）违约责任；',
      '（八）解决争议的方法。',
      '当事人可以参照各类合同的示范文本订立合同。',
    ]);
    expect(spanNames(a470)).toEqual(['款1', '款1项1', '款1项2', '款1项3', '款1项4', '款1项5', '款1项6', '款1项7', '款1项8', '款2']);
    const item3 = a470.spans.find((s) => s.item === 3);
    expect(a470.text.slice(item3?.start, item3?.end)).toBe('（三）数量；');
    expect(a470.spans.find((s) => s.kind === 'paragraph' && s.paragraph === 2)).toMatchObject({ start: a470.text.indexOf('当事人可以'), end: a470.text.length });
  });

  it('reads the code as national law adopted by the NPC on 2020-05-28, in force 2021-01-01', () => {
    expect(doc.document).toMatchObject({
      title: '中华人民共和国民法典',
      issuer: '全国人民代表大会',
      date: '2020-05-28',
      effectiveDate: '2021-01-01',
      year: 2020,
      level: '国家',
      docType: '法典',
    });
    expect(doc.document.history).toEqual([
      { date: '2020-05-28', body: '全国人民代表大会', action: '通过', text: '2020年5月28日 第十三届全国人民代表大会第三次会议通过' },
      { date: '2021-01-01', body: null, action: '施行', text: '2021年1月1日 施行' },
    ]);
    expect(doc.clauses.every((c) => c.kind === 'article')).toBe(true);
    expect(doc.clauses[0]?.number).toBe('第四百六十三条');
    expect(doc.clauses[doc.clauses.length - 1]?.number).toBe('第九百八十八条');
  });
});

describe('民事诉讼法 (2023): a code with 编, 章 and 节, amended five times', () => {
  const doc = parse('诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md');

  it('dates the text by its latest amendment and lists every act', () => {
    expect(doc.document.date).toBe('2023-09-01');
    expect(doc.document.year).toBe(2023);
    expect(doc.document.issuer).toBe('全国人民代表大会');
    expect(doc.document.history.map((h) => [h.date, h.action, h.body])).toEqual([
      ['1991-04-09', '通过', '全国人民代表大会'],
      ['2007-10-28', '修正', '全国人民代表大会常务委员会'],
      ['2012-08-31', '修正', '全国人民代表大会常务委员会'],
      ['2017-06-27', '修正', '全国人民代表大会常务委员会'],
      ['2021-12-24', '修正', '全国人民代表大会常务委员会'],
      ['2023-09-01', '修正', '全国人民代表大会常务委员会'],
    ]);
  });

  it('puts an article under its 编, 章 and 节 with the spaces of the headings kept and the print spacing of 总 则 removed', () => {
    const a18 = article(doc, '第十八条');
    expect(a18.path).toEqual(['第一编 总则', '第二章 管辖', '第一节 级别管辖']);
    expect(a18.id).toBe(`${doc.document.id}.a18`);
  });

  it('has only articles: the zero-width spaces under its headings are not clauses', () => {
    expect(doc.clauses.filter((c) => c.kind !== 'article')).toEqual([]);
  });
});

describe('刑法: inserted articles and an attachment', () => {
  const doc = parse('刑法/刑法.md');

  it('numbers 第十七条之一 as a17-1, between a17 and a18', () => {
    const ids = doc.clauses.map((c) => c.id.slice(doc.document.id.length + 1));
    expect(ids.slice(ids.indexOf('a17'), ids.indexOf('a17') + 3)).toEqual(['a17', 'a17-1', 'a18']);
    expect(article(doc, '第十七条之一').path).toEqual(['第一编 总则', '第二章 犯罪', '第一节 犯罪和刑事责任']);
  });

  it('counts the decisions adopted separately as amendments, and dates the text by the latest', () => {
    const actions = doc.document.history.map((h) => h.action);
    expect(actions.slice(0, 3)).toEqual(['通过', '修订', '修正']);
    expect(actions.filter((a) => a === '通过')).toHaveLength(1);
    expect(doc.document.date).toBe('2023-12-29');
  });

  it('closes 第二编 分则 at 附件一', () => {
    expect(doc.clauses.filter((c) => c.kind !== 'article').every((c) => c.path[0] === '附件一' || c.path[0] === '附件二')).toBe(true);
  });
});

describe('宪法: a preamble before the first article', () => {
  const doc = parse('宪法/宪法.md');

  it('makes each paragraph of the 序言 a clause under 序言, then articles under their chapter', () => {
    expect(doc.clauses[0]).toMatchObject({ id: `${doc.document.id}.p1`, kind: 'paragraph', number: null, path: ['序言'] });
    expect(doc.clauses[0]?.text).toBe('中国是世界上历史最悠久的国家之一。中国各族人民共同创造了光辉灿烂的文化，具有光荣的革命传统。');
    expect(article(doc, '第一条')).toMatchObject({ id: `${doc.document.id}.a1`, path: ['第一章 总纲'] });
    expect(spanNames(article(doc, '第一条'))).toEqual(['款1', '款2']);
  });

  it('reads the five amendments as 修正 and dates the text 2018-03-11', () => {
    expect(doc.document.history.filter((h) => h.action === '修正').map((h) => h.date)).toEqual([
      '1988-04-12', '1993-03-29', '1999-03-15', '2004-03-14', '2018-03-11',
    ]);
    expect(doc.document).toMatchObject({ date: '2018-03-11', effectiveDate: '1982-12-04', level: '国家', docType: '法' });
  });
});

describe('a judicial interpretation: 最高人民法院关于适用《刑事诉讼法》的解释', () => {
  const doc = parse('司法解释/最高人民法院关于适用《刑事诉讼法》的解释(2021-01-26).md');

  it('is adopted by the court’s judicial committee and in force from 2021-03-01', () => {
    expect(doc.document).toMatchObject({
      title: '最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释',
      issuer: '最高人民法院审判委员会',
      date: '2020-12-07',
      effectiveDate: '2021-03-01',
      level: '国家',
      docType: '解释',
    });
    expect(doc.warnings.filter((w) => !w.includes('derived from the file name'))).toEqual([]);
  });

  it('keeps the sub-items ⒈ ⒉ of an item inside that item', () => {
    const a1 = article(doc, '第一条');
    const item1 = a1.spans.find((s) => s.kind === 'item' && s.item === 1);
    expect(a1.text.slice(item1?.start, item1?.end)).toMatch(/^（一）告诉才处理的案件：\n⒈侮辱、诽谤案/u);
    expect(a1.text.slice(item1?.start, item1?.end)).toContain('⒋侵占案');
  });
});

describe('State Council regulations', () => {
  it('个体工商户条例: promulgated by 国务院令第596号, revised by a State Council decision', () => {
    const doc = parse('行政法规/个体工商户条例(2016-02-06).md');
    expect(doc.document).toMatchObject({
      issuer: '国务院',
      orderNumber: '中华人民共和国国务院令第596号',
      date: '2014-02-19',
      effectiveDate: '2011-11-01',
      level: '国家',
      docType: '条例',
    });
    expect(doc.document.history.map((h) => [h.date, h.action, h.body])).toEqual([
      ['2011-04-16', '公布', '国务院'],
      ['2014-02-19', '修订', '国务院'],
    ]);
    expect(article(doc, '第二条').path).toEqual([]);
    expect(spanNames(article(doc, '第二条'))).toEqual(['款1', '款2', '款3']);
  });
});

describe('local regulations', () => {
  it('郑州市停车场建设管理条例: adopted by the city, approved (批准) by the province, at city level', () => {
    const doc = parse('DLC/河南地方法规/地方性法规/河南/郑州市停车场建设管理条例(2019-08-27).md');
    expect(doc.document).toMatchObject({
      issuer: '郑州市人民代表大会常务委员会',
      date: '2019-06-27',
      effectiveDate: '2019-10-01',
      year: 2019,
      level: '市',
      docType: '条例',
    });
    expect(doc.document.history.map((h) => [h.date, h.action, h.body])).toEqual([
      ['2019-06-27', '通过', '郑州市人民代表大会常务委员会'],
      ['2019-07-26', '批准', '河南省人民代表大会常务委员会'],
    ]);
  });

  it('上海市专利保护条例: a municipality ranks as a province; with no history the year is that of its effective date', () => {
    const doc = parse('DLC/上海地方法规/地方性法规/上海/上海市专利保护条例.md');
    expect(doc.document).toMatchObject({ level: '省', date: null, effectiveDate: '2002-07-01', year: 2002, issuer: null });
    expect(doc.warnings).toContain('no adoption date in the text; the year 2002 is that of its effective date');
  });
});

describe('a ministry rule without history: 机动车登记规定', () => {
  const doc = parse('部门规章/公安部/机动车登记规定(2021-12-17).md');

  it('takes the year from the file name, with a warning, and is national', () => {
    expect(doc.document).toMatchObject({ date: null, year: 2021, level: '国家', docType: '规定', effectiveDate: '2022-05-01' });
    expect(doc.warnings).toContain('no date in the text; the year 2021 is taken from the file name');
  });

  it('joins the print-spaced title 总 则 of its first chapter', () => {
    expect(article(doc, '第一条').path).toEqual(['第一章 总则']);
  });
});

describe('an amendment without articles: 刑法修正案（十）', () => {
  const doc = parse('刑法/刑法修正案（十）.md');

  it('is paragraphs, national, of type 修正案', () => {
    expect(doc.clauses.map((c) => [c.id.slice(doc.document.id.length + 1), c.kind])).toEqual([
      ['p1', 'paragraph'], ['p2', 'paragraph'], ['p3', 'paragraph'], ['p4', 'paragraph'],
    ]);
    expect(doc.document).toMatchObject({ level: '国家', docType: '修正案', date: '2017-11-04', issuer: '全国人民代表大会常务委员会' });
  });
});

describe('plain texts a user adds', () => {
  const regulation = [
    '深圳经济特区数据条例',
    '',
    '（2021年6月29日深圳市第七届人民代表大会常务委员会第二次会议通过）',
    '',
    '第一章　总　　则',
    '',
    '第一条　为了规范数据处理活动，保护自然人、法人和非法人组织的合法权益，促进数据作为生产要素开放流动和开发利用，加快建设数字经济、数字社会、数字政府，根据有关法律、行政法规的基本原则，结合深圳经济特区实际，制定本条例。',
    '第二条　本条例中下列用语的含义：',
    '（一）数据，是指任何以电子或者其他方式对信息的记录。',
    '（二）个人数据，是指载有可识别特定自然人信息的数据。',
    '第三章　公共数据',
    '第一节　一般规定',
    '第二十条　处理个人数据应当具有明确、合理的目的。',
    '处理个人数据应当告知下列事项：',
    '（一）数据处理者的名称或者姓名和联系方式；',
    '（二）处理个人数据的种类和范围；',
    '（三）处理个人数据的目的和方式；',
    '（四）存储个人数据的期限；',
    '第一百条　本条例自2022年1月1日起施行。',
  ].join('\n');
  const doc = parseDocument(regulation, '深圳经济特区数据条例.txt');

  it('reads the bracketed history line, the plain chapter and section headings and whole articles', () => {
    expect(doc.document).toMatchObject({
      title: '深圳经济特区数据条例',
      issuer: '深圳市人民代表大会常务委员会',
      date: '2021-06-29',
      effectiveDate: '2022-01-01',
      year: 2021,
      level: '市',
      docType: '条例',
    });
    expect(doc.clauses.map((c) => [c.id, c.number, c.path])).toEqual([
      [`${doc.document.id}.a1`, '第一条', ['第一章 总则']],
      [`${doc.document.id}.a2`, '第二条', ['第一章 总则']],
      [`${doc.document.id}.a20`, '第二十条', ['第三章 公共数据', '第一节 一般规定']],
      [`${doc.document.id}.a100`, '第一百条', ['第三章 公共数据', '第一节 一般规定']],
    ]);
    const a20 = article(doc, '第二十条');
    expect(a20.text).toBe(
      '第二十条 处理个人数据应当具有明确、合理的目的。\n处理个人数据应当告知下列事项：\n（一）数据处理者的名称或者姓名和联系方式；\n（二）处理个人数据的种类和范围；\n（三）处理个人数据的目的和方式；\n（四）存储个人数据的期限；',
    );
    expect(spanNames(a20)).toEqual(['款1', '款2', '款2项1', '款2项2', '款2项3', '款2项4']);
  });

  it('gives a 印发 notice its notice clause and the attached 办法 its articles', () => {
    const notice = [
      '深圳市人民政府关于印发深圳市科技创新券管理办法的通知',
      '深府〔2021〕3号',
      '各区人民政府，市政府直属各单位：',
      '现将《深圳市科技创新券管理办法》印发给你们，请认真贯彻执行。',
      '深圳市人民政府',
      '2021年1月8日',
      '深圳市科技创新券管理办法',
      '第一章 总则',
      '第一条 为了降低中小企业创新成本，制定本办法。',
      '第二条 本办法所称科技创新券，是指政府向企业发放的用于购买科技服务的凭证。',
      '第二章 附则',
      '第三条 本办法自2021年2月1日起施行。',
    ].join('\n');
    const parsed = parseDocument(notice, 'kjcxq.txt');
    expect(parsed.document).toMatchObject({ id: 'szf-2021-3', title: '深圳市科技创新券管理办法', date: '2021-01-08', level: '市', docType: '管理办法' });
    expect(parsed.clauses.map((c) => [c.id, c.kind, c.number, c.path])).toEqual([
      ['szf-2021-3.p1', 'paragraph', null, []],
      ['szf-2021-3.a1', 'article', '第一条', ['第一章 总则']],
      ['szf-2021-3.a2', 'article', '第二条', ['第一章 总则']],
      ['szf-2021-3.a3', 'article', '第三条', ['第二章 附则']],
    ]);
    expect(parsed.clauses[0]?.text).toContain('现将《深圳市科技创新券管理办法》印发给你们');
  });
});

describe('promulgation histories', () => {
  it('splits a joint adoption at each date and gives the first half the verb of the second', () => {
    expect(
      readHistory(['2012年12月3日最高人民法院审判委员会第1562次会议、2013年1月1日最高人民检察院第十一届检察委员会第八十五次会议通过']).map((h) => [
        h.date,
        h.action,
        h.body,
      ]),
    ).toEqual([
      ['2012-12-03', '通过', '最高人民法院审判委员会'],
      ['2013-01-01', '通过', '最高人民检察院检察委员会'],
    ]);
  });

  it('reads full-width digits and a dateless 自公布之日起施行', () => {
    const facts = legislativeFacts(['２０１２年１２月１９日 中华人民共和国公安部令第１２５号发布，自发布之日起施行']);
    expect(facts).toMatchObject({ date: '2012-12-19', effectiveDate: '2012-12-19', issuer: '公安部', orderNumber: '中华人民共和国公安部令第125号' });
  });
});

describe('history lines keep the space between date and act (history-date-space)', () => {
  it('上海口岸服务条例: each act reads as the text writes it, `2011年11月17日 上海市…通过`', () => {
    const doc = parse('DLC/上海地方法规/地方性法规/上海/上海口岸服务条例(2020-05-14).md');
    expect(doc.document.history.map((h) => h.text)).toEqual([
      '2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过',
      '2020年5月14日 上海市第十五届人民代表大会常务委员会第二十一次会议《关于修改本市部分地方性法规的决定》第一次修正',
    ]);
    // The document text shows the history lines the same way.
    expect(doc.text).toContain('\n2011年11月17日 上海市第十三届人民代表大会常务委员会第三十次会议通过\n');
  });

  it('公安机关办理行政案件程序规定: full-width digits, and 根据 / 自 kept with the act they open', () => {
    const doc = parse('部门规章/公安部/公安机关办理行政案件程序规定(2019-04-27).md');
    expect(doc.document.history.map((h) => h.text).slice(0, 3)).toEqual([
      '2012年12月3日 公安部部长办公会议通过',
      '2012年12月19日 中华人民共和国公安部令第125号发布',
      '2013年1月1日 施行',
    ]);
    expect(readHistory(['1999年3月10日 海关总署发布 自1999年4月1日施行']).map((h) => h.text)).toEqual(['1999年3月10日 海关总署发布', '自1999年4月1日施行']);
    expect(readHistory(['1997年10月17日 重庆市人大常委会通过 根据', '2010年7月23日 重庆市人大常委会《关于修改部分地方性法规的决定》修正']).map((h) => [h.action, h.text])).toEqual([
      ['通过', '1997年10月17日 重庆市人大常委会通过'],
      ['修正', '根据2010年7月23日 重庆市人大常委会《关于修改部分地方性法规的决定》修正'],
    ]);
  });
});

describe('readable document ids for texts without a 文号', () => {
  it.each([
    ['诉讼与非诉讼程序法/行政复议法(2017-09-01).md', '行政复议法-2017-09-01'],
    ['诉讼与非诉讼程序法/行政复议法(2023-09-01).md', '行政复议法-2023-09-01'],
    ['行政法规/道路运输条例(2022-03-29).md', '道路运输条例-2022-03-29'],
    // The collection files this text under 2019, but the text itself was last revised in 2016.
    ['行政法规/道路运输条例(2019-03-02).md', '道路运输条例-2016-02-06'],
    ['民法典/总则.md', '民法典-2020-05-28'],
    ['民法典/人格权编.md', '民法典-人格权编-2020-05-28'],
    ['民法典/附则.md', '民法典-附则-2020-05-28'],
    // Its history stops at 2004 (the collection dropped the 2019 line); ids never come from the file name.
    ['DLC/北京地方法规/地方性法规/北京/北京市实施《水法》办法(2019-07-26).md', '北京市实施中华人民共和国水法办法-2004-05-27'],
    ['DLC/北京地方法规/地方性法规/北京/北京市实施《水法》办法(2022-11-25).md', '北京市实施中华人民共和国水法办法-2022-11-25'],
    ['DLC/上海地方法规/地方性法规/上海/上海市专利保护条例.md', '上海市专利保护条例-2002-07-01'],
    ['宪法/宪法修正案（1988年）.md', '宪法修正案1988年-1988-04-12'],
  ])('%s → %s', (rel, id) => {
    const doc = parse(rel);
    expect(doc.document.id).toBe(id);
    expect(doc.warnings.filter((w) => w.includes('document id'))).toEqual([]);
  });

  it('民法典 第一千条 links as 民法典-人格权编-2020-05-28.a1000, whatever the file is called', () => {
    const { text } = readLegislation('民法典/人格权编.md');
    expect(article(parseDocument(text, '人格权编.md'), '第一千条').id).toBe('民法典-人格权编-2020-05-28.a1000');
    expect(article(parseDocument(text, 'renamed copy.md'), '第一千条').id).toBe('民法典-人格权编-2020-05-28.a1000');
  });
});

describe('what makes a text one of articles (single-article-line)', () => {
  const policy = (lines: string[]) =>
    parseDocument(['福田区关于促进数据要素市场发展的若干措施', '一、总体要求', ...lines, '福田区人民政府办公室', '2022年3月1日'].join('\n'), 'futian-data.txt');

  it('a policy with one line that starts with 第三条 stays a policy: sections, paragraphs and items, no article', () => {
    const doc = policy([
      '为贯彻落实《深圳经济特区数据条例》，结合本区实际，制定本措施。',
      '第三条所称数据处理者，在本措施中包括在福田区登记注册的企业。',
      '二、支持措施',
      '（一）支持数据交易。对在深圳数据交易所完成交易的企业，按交易额给予奖励。',
      '（二）支持人才引进。',
    ]);
    expect(doc.clauses.map((c) => [c.id.slice(doc.document.id.length), c.kind, c.number, c.path])).toEqual([
      ['.s1.p1', 'paragraph', null, ['一、总体要求']],
      ['.s1.p2', 'paragraph', null, ['一、总体要求']],
      ['.s2.1', 'item', '（一）', ['二、支持措施']],
      ['.s2.2', 'item', '（二）', ['二、支持措施']],
    ]);
    expect(doc.document.id).toBe('福田区关于促进数据要素市场发展的若干措施-2022-03-01');
  });

  it('nor does a policy that quotes two articles out of sequence, with no chapters', () => {
    const doc = policy(['第三条所称数据处理者包括本区企业。', '第二十条规定的告知事项，由区数据局统一公示。']);
    expect(doc.clauses.some((c) => c.kind === 'article')).toBe(false);
  });

  it('two articles that follow on make a text of articles', () => {
    const doc = policy(['第一条 为了促进数据要素市场发展，制定本措施。', '第二条 本措施适用于福田区。']);
    expect(doc.clauses.map((c) => [c.number, c.kind])).toEqual([
      ['第一条', 'article'],
      ['第二条', 'article'],
    ]);
  });

  it('第五条 then 第五条之一 follow on too', () => {
    const doc = policy(['第五条 本区设立数据发展基金。', '第五条之一 基金由区财政局管理。']);
    expect(doc.clauses.map((c) => c.id.slice(doc.document.id.length))).toEqual(['.a5', '.a5-1']);
  });

  it('飞行基本规则: an excerpt with one article per chapter keeps its articles under their chapters', () => {
    const doc = parse('行政法规/飞行基本规则(2007-10-18).md');
    const articles = doc.clauses.filter((c) => c.kind === 'article');
    expect(articles.map((c) => c.number).slice(0, 3)).toEqual(['第一条', '第十一条', '第二十八条']);
    expect(articles[1]?.path).toEqual(['第二章 空域管理']);
  });

  it('确定罪名的补充规定（四）: a table of Criminal Law articles out of order (第151条第3款, 第180条第4款) is no text of articles', () => {
    const doc = parse('司法解释/最高人民法院、最高人民检察院关于执行《刑法》确定罪名的补充规定（四）(2009-10-14).md');
    expect(doc.clauses.some((c) => c.kind === 'article')).toBe(false);
    expect(doc.text).toContain('第151条第3款');
  });
});
