import { describe, expect, it } from 'vitest';
import { parseDocument } from '../indexer/parse/parse-document.js';
import type { Clause, ParsedDocument } from '../core/types.js';
import { SEED_NAMES, parseAllSeeds, parseSeed } from './fixtures/parse/seeds.js';

const docs = parseAllSeeds();

function clause(doc: ParsedDocument, id: string): Clause {
  const found = doc.clauses.find((c) => c.id === id);
  if (!found) throw new Error(`no clause ${id} in ${doc.document.id}`);
  return found;
}

/** The parts of a clause a reader sees next to its text. */
function where(c: Clause) {
  return { kind: c.kind, number: c.number, path: c.path };
}

describe('clause counts', () => {
  it.each([
    // notice, 一 1, 二 4, 三 31, 四 2, attachment list, attachment table
    ['futian2013', 41],
    // notice, preamble, five sections whose headings the web conversion lost (9, 8, 7, 6, 4), attachment list
    ['plan2018', 37],
    // notice, preamble, ten lost-heading sections (7, 3, 5, 10, 2, 4, 3, 3, 1, 6), attachment list
    ['plan2010', 47],
    // greeting with opening paragraph, then sections 一–五 (3, 6, 4, 6, 6)
    ['reply2020', 26],
    // notice, preamble, 一 1, 二 4, 三 1, 四 items 1–109, 五 3
    ['zone2015', 120],
  ] as const)('%s has %i clauses', (name, count) => {
    expect(docs[name].clauses).toHaveLength(count);
    expect(docs[name].document.clauseCount).toBe(count);
  });
});

describe('numbers and paths', () => {
  it('puts item 81 of the 2015 plan under 四 and （三）, with the id the issue names', () => {
    expect(where(clause(docs.zone2015, 'szf-2015-54.s4.81'))).toEqual({
      kind: 'item',
      number: '81.',
      path: ['四、主要任务及分工', '（三）优化综合创新生态体系。'],
    });
    expect(clause(docs.zone2015, 'szf-2015-54.s4.81').text).toBe(
      '81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台，健全知识产权转化交易机制。建立知识产权质押融资担保机制和政府、担保机构、银行、企业共同参与的风险补偿机制，创新知识产权质押融资模式。（责任单位：市市场和质量监管委）',
    );
  });

  it('numbers the 2015 plan items 1–109 through the six sub-sections of 四', () => {
    const items = docs.zone2015.clauses.filter((c) => c.id.startsWith('szf-2015-54.s4.'));
    expect(items.map((c) => c.id)).toEqual(Array.from({ length: 109 }, (_, i) => `szf-2015-54.s4.${i + 1}`));
    expect(new Set(items.map((c) => c.path[1]))).toEqual(
      new Set([
        '（一）增强自主创新能力。',
        '（二）打造创新型产业集群。',
        '（三）优化综合创新生态体系。',
        '（四）统筹规划空间布局。',
        '（五）全面推进开放创新。',
        '（六）优化创新发展环境。',
      ]),
    );
    expect(where(clause(docs.zone2015, 'szf-2015-54.s5.1'))).toEqual({ kind: 'item', number: '（一）', path: ['五、保障措施'] });
  });

  it('keeps the full path where the 2013 guideline restarts its item numbers in each sub-section', () => {
    expect(where(clause(docs.futian2013, 'ftfb-2013-20.s3.3.2.1'))).toEqual({
      kind: 'item',
      number: '（1）',
      path: ['三、发展举措', '（三）拓展新兴产业空间，打造科技企业加速器', '2．产业空间拓展'],
    });
    expect(where(clause(docs.futian2013, 'ftfb-2013-20.s3.2.1'))).toEqual({
      kind: 'item',
      number: '1．',
      path: ['三、发展举措', '（二）重点突出新一代信息通讯技术、物联网、互联网及新材料新能源产业高端研发及总部'],
    });
    expect(where(clause(docs.futian2013, 'ftfb-2013-20.s1.p1'))).toEqual({ kind: 'paragraph', number: null, path: ['一、指导思想'] });
    expect(where(clause(docs.futian2013, 'ftfb-2013-20.s2.3'))).toEqual({ kind: 'item', number: '（三）', path: ['二、发展目标'] });
  });

  it('makes a short numbered line followed by a sibling an item, not a heading', () => {
    expect(clause(docs.futian2013, 'ftfb-2013-20.s3.2.5').text).toBe('5．建立基于互联网的跨国技术转移平台，争取中美企业创新中心落户福田。');
  });

  it('counts the sections of the web texts whose headings were lost, and puts （一）指导思想。 in the path', () => {
    expect(where(clause(docs.plan2018, 'szf-2018-84.s1.1.p1'))).toEqual({ kind: 'paragraph', number: null, path: ['（一）指导思想。'] });
    expect(where(clause(docs.plan2018, 'szf-2018-84.s3.2.3'))).toEqual({ kind: 'item', number: '3．', path: ['（二）引导优质科技产业资源配置。'] });
    expect(clause(docs.plan2018, 'szf-2018-84.s4.1.p1').text).toMatch(/积极争取组建国家产业创新中心和国家制造业创新中心。（责任单位：市科技创新委、发展改革委、经贸信息委）$/);
    expect(where(clause(docs.plan2010, 'szfb-2010-98.s4.4.2'))).toEqual({ kind: 'item', number: '2．', path: ['（四）完善产业投资平台。'] });
    expect(where(clause(docs.plan2010, 'szfb-2010-98.s9.p1'))).toEqual({ kind: 'paragraph', number: null, path: [] });
  });

  it('reads the Markdown and bold headings of the 2020 reply by their numbering, without the Markdown', () => {
    expect(where(clause(docs.reply2020, 'ta-20200005.s1.3'))).toEqual({
      kind: 'item',
      number: '（三）',
      path: ['一、落实产业资金政策，为科技创新提供全方位支持'],
    });
    expect(clause(docs.reply2020, 'ta-20200005.s1.3').text.startsWith('（三）落实“福田英才荟”人才激励政策。积极做好')).toBe(true);
    expect(where(clause(docs.reply2020, 'ta-20200005.s4.6'))).toEqual({
      kind: 'item',
      number: '（六）',
      path: ['四、开展技术合作交流，为科技创新搭建发展平台'],
    });
    // Summary paragraphs after a section's items belong to the section.
    expect(where(clause(docs.reply2020, 'ta-20200005.s5.p1'))).toEqual({
      kind: 'paragraph',
      number: null,
      path: ['五、助力科技成果转化，为科技创新打通“最后一公里”'],
    });
  });
});

describe('notice, preamble and signing blocks', () => {
  it('makes the notice of the 2015 plan one clause: 文号, greeting, notice, signature and date', () => {
    expect(clause(docs.zone2015, 'szf-2015-54.p1').text).toBe(
      '文号：深府〔2015〕54号\n各区人民政府，市政府直属各单位：\n现将《深圳国家自主创新示范区建设实施方案》印发给你们，请遵照执行。\n深圳市人民政府\n2015年7月22日',
    );
    expect(where(clause(docs.zone2015, 'szf-2015-54.p2'))).toEqual({ kind: 'paragraph', number: null, path: [] });
  });

  it('makes the notice of the 2010 plan, signed in Chinese numerals, one clause', () => {
    expect(clause(docs.plan2010, 'szfb-2010-98.p1').text).toBe(
      '各区人民政府，市政府直属各单位：\n《深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）》已经市政府同意，现予印发，请认真组织实施。\n深圳市人民政府办公厅\n二○一○年十二月一日',
    );
  });

  it('opens the 2020 reply with its greeting and first paragraph as one clause, and leaves the signing block out', () => {
    const first = clause(docs.reply2020, 'ta-20200005.p1');
    expect(first.text.split('\n')).toEqual([
      '尊敬的徐飙委员：',
      '您于福田区政协五届六次会议大会上提出的“关于引进俄罗斯“卡脖子”尖端技术，加速科技成果转化，打造大湾区科技创新新高地的建议”已收悉。感谢您对福田科技创新工作的关心支持。根据我局工作实际，现答复如下：',
    ]);
    const texts = docs.reply2020.clauses.map((c) => c.text).join('\n');
    expect(texts).not.toContain('福田区科创创新局');
    expect(texts).not.toContain('联系人');
    expect(docs.reply2020.text.endsWith('福田区科创创新局\n2020年8月10日\n(联系人: 陈杰, 联系电话: 82976207)')).toBe(true);
  });

  it('keeps the attachment list of the 2010 plan as one clause, not as items 2 and 3', () => {
    expect(clause(docs.plan2010, 'szfb-2010-98.p3').text).toBe(
      '附件：1．战略性新兴产业推进工作考核方案（略）\n2．深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）责任分工一览表\n3．项目分工一览表（生物互联网新能源）（略）',
    );
  });
});

describe('tables', () => {
  it('makes each flattened table one table clause, and only those', () => {
    const tables = Object.values(docs).flatMap((doc) => doc.clauses.filter((c) => c.kind === 'table').map((c) => c.id));
    expect(tables).toEqual(['ftfb-2013-20.a1.t1', 'szfb-2010-98.s10.1.t1']);
    for (const doc of Object.values(docs)) {
      for (const c of doc.clauses) expect(c.text, c.id).not.toMatch(/^[\d.%]+$/);
    }
  });

  it('attaches the 2013 attachment table to its attachment heading, rows on lines and cells tab-separated', () => {
    const table = clause(docs.futian2013, 'ftfb-2013-20.a1.t1');
    expect(table.path).toEqual(['附件', '新兴产业发展五年具体指标']);
    expect(table.text).toBe(
      [
        '\t2012年\t2013年\t2015年\t2017年',
        '高新技术产品增加值（亿元）\t198\t225\t300\t400',
        '国家高新技术企业（个）\t460\t520\t600\t800',
        '专利申请量（件）\t9500\t10000\t12000\t12000',
        '专利授权量（件）\t5000\t6000\t6500\t8000',
        '高端项目及创新资源（含市级以上工程中心、重点实验室、公共技术服务平台等）\t33\t递增6个，达39\t递增15个，达54\t递增20个，达74',
      ].join('\n'),
    );
  });

  it('recovers the rows of the 2010 district table, which has no row separators', () => {
    const table = clause(docs.plan2010, 'szfb-2010-98.s10.1.t1');
    expect(table.path).toEqual(['（一）分解目标，分头落实。']);
    expect(table.text.split('\n')).toEqual([
      '单位：亿元',
      '\t2011年\t2012年\t生物\t互联网\t新能源\t生物\t互联网\t新能源',
      '全市\t700\t540\t750\t900\t800\t1100',
      '福田区\t28\t170\t5\t30\t250\t8',
      '罗湖区\t5\t18\t4\t6\t36\t5',
      '南山区\t360\t345\t250\t460\t498\t350',
      '盐田区\t19\t1\t1\t27\t2\t2',
      '宝安区\t226\t2\t50\t288\t5\t65',
      '龙岗区\t20\t2\t300\t26\t5\t470',
      '光明新区\t14\t1\t60\t20\t2\t80',
      '坪山新区\t28\t1\t80\t43\t2\t120',
    ]);
  });
});

describe('clause ids and offsets', () => {
  it.each(SEED_NAMES)('%s: ids are unique, URL-safe and identical when parsed again', (name) => {
    const first = parseSeed(name);
    const second = parseSeed(name);
    const ids = first.clauses.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9.-]+$/);
    expect(second.clauses.map((c) => c.id)).toEqual(ids);
    expect(second).toEqual(first);
  });

  it.each(SEED_NAMES)('%s: every clause text is its slice of the document text, in order', (name) => {
    const doc = docs[name];
    let previousEnd = 0;
    doc.clauses.forEach((c, ordinal) => {
      expect(c.ordinal).toBe(ordinal);
      expect(c.docId).toBe(doc.document.id);
      expect(c.id.startsWith(`${doc.document.id}.`)).toBe(true);
      expect(doc.text.slice(c.start, c.end)).toBe(c.text);
      expect(c.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = c.end;
    });
  });

  it('parses all five texts in milliseconds', () => {
    const started = performance.now();
    for (const name of SEED_NAMES) parseSeed(name);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('structure of texts outside the corpus', () => {
  const ids = (text: string) => parseDocument(text, 'fixture.txt').clauses.map((c) => c.id.replace(/^[^.]+\./, ''));

  it('leaves sub-sections in the ids when item numbers restart in each', () => {
    expect(ids('一、任务\n（一）甲\n1．做甲一。\n2．做甲二。\n（二）乙\n1．做乙一。\n2．做乙二。\n')).toEqual(['s1.1.1', 's1.1.2', 's1.2.1', 's1.2.2']);
  });

  it('drops the sub-section from ids when items run on through the sub-sections', () => {
    expect(ids('一、任务\n（一）甲\n1．做甲一。\n2．做甲二。\n（二）乙\n3．做乙一。\n')).toEqual(['s1.1', 's1.2', 's1.3']);
  });

  it('gives a twice-used number a suffix and a warning instead of a duplicate id', () => {
    const parsed = parseDocument('一、总则\n（一）第一项内容。具体要求。\n（一）重复编号的内容。具体要求。\n', 'fixture.txt');
    expect(parsed.clauses.map((c) => c.id.replace(/^[^.]+\./, ''))).toEqual(['s1.1', 's1.1-2']);
    expect(parsed.warnings).toContain('two clauses are numbered as s1.1; the later one is s1.1-2');
  });

  it('turns an un-numbered Markdown heading into a section of its own', () => {
    const parsed = parseDocument('# 标题\n\n## 背景\n\n第一段。\n\n## 做法\n\n第二段。\n', 'fixture.md');
    expect(parsed.clauses.map((c) => [c.id.replace(/^[^.]+\./, ''), c.path])).toEqual([
      ['s1.p1', ['背景']],
      ['s2.p1', ['做法']],
    ]);
  });
});
