import { describe, expect, it } from 'vitest';
import { formatCitation, formatPosition, headingLabel } from '../core/citation.js';

const szf2015 = { title: '深圳国家自主创新示范区建设实施方案', docNumber: '深府〔2015〕54号', proposalNumber: null };

describe('formatCitation', () => {
  it.each([
    {
      case: 'item 81 under 四、 and （三） of the 2015 plan',
      doc: szf2015,
      clause: { path: ['四、主要任务及分工', '（三）优化综合创新生态体系。'], number: '81.' },
      expected: '《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.',
    },
    {
      case: 'a numbered sub-item directly under a chapter',
      doc: { title: '加速推动战略性新兴产业发展的指导意见（2013—2017年）', docNumber: '福府办〔2013〕20号', proposalNumber: null },
      clause: { path: ['二、发展目标'], number: '（三）' },
      expected: '《加速推动战略性新兴产业发展的指导意见（2013—2017年）》（福府办〔2013〕20号）二（三）',
    },
    {
      case: 'an un-numbered paragraph cites its headings only',
      doc: szf2015,
      clause: { path: ['一、指导思想'], number: null },
      expected: '《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）一',
    },
    {
      case: 'a preamble paragraph with no heading cites the document alone',
      doc: szf2015,
      clause: { path: [], number: null },
      expected: '《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）',
    },
    {
      case: 'headings without a label (the policy title) are skipped',
      doc: { title: '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）', docNumber: '深府办〔2010〕98号', proposalNumber: null },
      clause: { path: ['深圳市推进生物互联网新能源产业发展工作方案', '（二）2012年目标。'], number: '2．' },
      expected: '《深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）》（深府办〔2010〕98号）（二）2．',
    },
    {
      case: 'a proposal reply without 文号 cites its proposal number',
      doc: { title: '关于引进俄罗斯尖端技术提案的回复', docNumber: null, proposalNumber: 'TA 20200005' },
      clause: { path: ['## 一、落实产业资金政策，为科技创新提供全方位支持'], number: '（一）' },
      expected: '《关于引进俄罗斯尖端技术提案的回复》（TA 20200005）一（一）',
    },
    {
      case: 'a title that already names the proposal omits the parentheses, and inner 《》 become 〈〉',
      doc: { title: '关于对《TA 20200005 “关于引进俄罗斯“卡脖子”尖端技术”》提案的回复', docNumber: null, proposalNumber: 'TA 20200005' },
      clause: { path: ['一、落实产业资金政策'], number: '（二）' },
      expected: '《关于对〈TA 20200005 “关于引进俄罗斯“卡脖子”尖端技术”〉提案的回复》一（二）',
    },
    {
      case: 'a document with neither number omits the parentheses',
      doc: { title: '某区科技创新工作要点', docNumber: null, proposalNumber: null },
      clause: { path: ['第二章 重点任务'], number: '第五条' },
      expected: '《某区科技创新工作要点》第二章第五条',
    },
  ])('$case', ({ doc, clause, expected }) => {
    expect(formatCitation(doc, clause)).toBe(expected);
  });
});

describe('headingLabel', () => {
  it.each([
    ['四、主要任务及分工', '四'],
    ['十二、保障措施', '十二'],
    ['（三）优化综合创新生态体系。', '（三）'],
    ['(3) half-width parentheses', '（3）'],
    ['## 二、深化科技体制改革', '二'],
    ['　　（一）指导思想。', '（一）'],
    ['第一章　总则', '第一章'],
    ['第二部分 主要任务', '第二部分'],
    ['1．推进投资服务平台建设', '1.'],
    ['①专利', '①'],
    ['深圳国家自主创新示范区建设实施方案', null],
    ['四个全面', null],
  ])('%s → %s', (heading, label) => {
    expect(headingLabel(heading)).toBe(label);
  });
});

describe('formatPosition', () => {
  it('joins heading labels and the clause number without separators', () => {
    expect(formatPosition({ path: ['四、主要任务及分工', '（三）优化综合创新生态体系。'], number: '81.' })).toBe('四（三）81.');
  });
});
