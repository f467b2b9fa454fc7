import { describe, expect, it } from 'vitest';
import { parseLabel } from '../indexer/parse/headings.js';
import { endsSentence, shouldJoinAcrossBreak } from '../indexer/parse/page-breaks.js';
import { repairLine } from '../indexer/parse/normalize.js';
import { parseAllSeeds, readSeed } from './fixtures/parse/seeds.js';

describe('shouldJoinAcrossBreak', () => {
  it.each([
    // Cut mid-word by a page break: joined.
    [
      '13. 支持中央企业、知名跨国公司和民营骨干企业在深设立科研机构，与深圳本土企业开展产业共性技术、关键核',
      '心技术协同创新，促进产业化应用开发的新突破。', true],
    [
      '40. 以市场需求为导向，强化产业链上下游配套能力，打造航空电子、无人机、卫星导航、航空航天材料、微小卫',
      '星和通用航空现代服务等核心产业集群。', true],
    ['（二）打造华强北超级孵化器。…以华强北为核心整合周边产业空', '间，通过政府扶持降低空间成本。', true],
    ['深入贯彻落实…对深圳工作的重要批示精神，围绕', '“四个全面”战略部署，主动适应经济发展新常态。', true],
    ['截至2020年5月底，已', '受理、审核31家企业申报业务。', true],
    // A colon inside an unclosed bracket does not end the sentence.
    ['…打造高端节能环保服务业集聚区和半导体照明集聚区。（责任单位：', '市发展改革委、经贸信息委、科技创新委）', true],
    // A responsibility note on its own line belongs to the item above it.
    ['…打造具有国际影响力的航空航天产业集聚区。', '（责任单位：市经贸信息委、发展改革委、科技创新委）', true],
    // Sentence ends: kept apart.
    ['建立海洋灾害预警预报工作体系。', '48. 发展追溯药品进料、生产、加工、销售、使用全环节的档案信息技术。', false],
    ['…经济结构优化，制定本指导意见。', '二、发展目标', false],
    ['各区（新区）产业发展目标分解如下：', '单位：亿元', false],
    ['…推动形成新一代信息技术全产业链。”', '另外，在谈的项目还有50多个。', false],
    ['（责任单位：市科技创新委）', '2. 支持中小微企业创新。', false],
    // Headings and titles are never glued to what follows; a numbered line of a heading's length is a heading.
    ['（三）拓展新兴产业空间，打造科技企业加速器', '国际创新中心环境优越、物业高端。', false],
    ['一、指导思想', '深入贯彻落实党的十八大以来中央各项决策部署。', false],
    ['（一）制定更加积极的政策，引导和吸引创新资源高端发展', '对于获得省、市及国家级重点实验室给予奖励。', false],
    ['（二）重点突出新一代信息通讯技术、物联网、互联网及新材料新能源产业高端研发及总部', '1．新一代信息技术——推进通信技术试验。', false],
    ['1．充分发挥国际创新中心这一载体的“科技之芯、聚集高端”', '国际创新中心环境优越、物业高端。', false],
    ['深圳国家自主创新示范区建设实施方案', '为全面落实《中共中央国务院关于深化体制机制改革…的若干意见》。', false],
    ['深圳市人民政府', '2015年7月22日', false],
    // The next line starts a heading, an item, a bullet or an attachment: never joined.
    ['…发展新一代电子信息技术、新材料、新能源汇集的产业策源地与', '（3）聚集高端资源，形成特色产业集群。', false],
    ['…促进战略性新兴产业发展，围绕', '——坚持创新驱动、服务发展。', false],
    ['…加大知识产权专项资助力度，扶持', '附件：新兴产业发展五年具体指标', false],
  ])('%s + %s → %s', (prev, next, joined) => {
    expect(shouldJoinAcrossBreak(prev, next)).toBe(joined);
  });

  it('treats sentence-final punctuation, with closing quotes after it, as the end of a sentence', () => {
    expect(endsSentence('形成更加浓郁的创新氛围和创新文化。')).toBe(true);
    expect(endsSentence('打造“世界科技第一展。”')).toBe(true);
    expect(endsSentence('其中：')).toBe(true);
    expect(endsSentence('（责任单位：市科技创新委）')).toBe(true);
    expect(endsSentence('（责任单位：')).toBe(false);
    expect(endsSentence('汇聚深')).toBe(false);
  });
});

describe('page breaks repaired in the five texts', () => {
  const docs = parseAllSeeds();
  const all = Object.values(docs).flatMap((doc) => doc.clauses);
  const idsContaining = (phrase: string) => all.filter((clause) => clause.text.includes(phrase)).map((clause) => clause.id);

  it.each([
    // The split words the issue names.
    ['关键核心技术', ['ftfb-2013-20.s3.6.2', 'ta-20200005.s5.1', 'szf-2015-54.s4.13', 'szf-2015-54.s4.22', 'szf-2015-54.s4.38']],
    ['微小卫星', ['szf-2018-84.s2.2.p1', 'szf-2015-54.s4.38', 'szf-2015-54.s4.40']],
    [
      '产业空间',
      [
        'ftfb-2013-20.s3.1.p1',
        'ftfb-2013-20.s3.3.2.p1',
        'ftfb-2013-20.s3.3.2.3',
        'szf-2018-84.s1.3.p2',
        'szf-2018-84.s3.p1',
        'szf-2018-84.s3.1.1',
        'szfb-2010-98.s3.1.p1',
        'ta-20200005.s2.2',
        'ta-20200005.s2.6',
        'ta-20200005.s5.2',
      ],
    ],
    // The other page breaks of the 2020 reply.
    ['科研管理制度体系', ['ta-20200005.s1.2']],
    ['已受理、审核31家企业', ['ta-20200005.s1.3']],
    ['等待候补入驻的企业', ['ta-20200005.s2.2']],
    ['内容涵盖量子信息领域', ['ta-20200005.s2.5']],
    ['进一步完善人工智能产业链', ['ta-20200005.s3.1']],
    ['数十家领军企业', ['ta-20200005.s4.3']],
    ['整合周边产业空间，通过政府扶持', ['ta-20200005.s5.2']],
    // The other page breaks of the 2015 plan.
    ['围绕“四个全面”战略部署', ['szf-2015-54.s1.p1']],
    ['汇聚深圳。', ['szf-2015-54.s4.3']],
    ['购买科技服务', ['szf-2015-54.s4.18']],
    ['以芯片设计水平提升', ['szf-2015-54.s4.22']],
    ['（责任单位：市发展改革委、经贸信息委、科技创新委、前海管理局等', ['szf-2015-54.s4.32']],
    ['在建筑中的应用技术', ['szf-2015-54.s4.43']],
    ['生物废弃物', ['szf-2015-54.s4.47']],
    ['科学技术普及等专业科技服务', ['szf-2015-54.s4.51']],
    ['大宗商品交易', ['szf-2015-54.s4.56']],
    ['创新管理模式', ['szf-2015-54.s4.60']],
    ['系统或前海股权交易中心', ['szf-2015-54.s4.69']],
    ['来深创新创业', ['szf-2015-54.s4.96']],
    ['均衡化发展和优化布局', ['szf-2015-54.s4.107']],
  ])('"%s" is found contiguous in %j', (phrase, ids) => {
    expect(idsContaining(phrase)).toEqual(ids);
  });

  it('keeps the responsibility note that stands on its own line in item 40 of the 2015 plan', () => {
    const item = docs.zone2015.clauses.find((clause) => clause.id === 'szf-2015-54.s4.40');
    expect(item?.text).toBe(
      '40. 以市场需求为导向，强化产业链上下游配套能力，打造航空电子、无人机、卫星导航、航空航天材料、微小卫星和通用航空现代服务等核心产业集群，促进航空航天产业跨越式发展，打造具有国际影响力的航空航天产业集聚区。（责任单位：市经贸信息委、发展改革委、科技创新委、各区政府、各新区管委会）',
    );
  });

  it('never glues a numbered heading into the text of a clause', () => {
    for (const doc of Object.values(docs)) {
      const headings = new Set(doc.clauses.flatMap((clause) => clause.path).filter((heading) => parseLabel(heading) !== null));
      expect(headings.size).toBeGreaterThan(0);
      for (const clause of doc.clauses) {
        for (const heading of headings) expect(clause.text, clause.id).not.toContain(heading);
        if (clause.kind === 'paragraph') expect(parseLabel(clause.text), clause.id).toBeNull();
      }
    }
  });

  it('leaves the 2013 guideline, which has no page break, with every clause line a line of the source', () => {
    const sourceLines = readSeed('futian2013')
      .split('\n')
      .map((line) => repairLine(line).text);
    for (const clause of docs.futian2013.clauses.filter((c) => c.kind !== 'table')) {
      for (const line of clause.text.split('\n')) expect(sourceLines, clause.id).toContain(line);
    }
  });
});
