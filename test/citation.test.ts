import { describe, expect, it } from 'vitest';
import { chineseNumeral, formatCitation, formatPosition, headingLabel, pinpoint, pinpointAt } from '../core/citation.js';
import type { Clause, ClauseSpan } from '../core/types.js';

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
      expected: '《某区科技创新工作要点》第五条',
    },
    {
      case: 'an article is cited by its number alone, not by its chapter and section',
      doc: { title: '深圳经济特区数据条例', docNumber: null, proposalNumber: null },
      clause: { path: ['第三章 公共数据', '第一节 一般规定'], number: '第二十条', kind: 'article' as const },
      expected: '《深圳经济特区数据条例》第二十条',
    },
    {
      case: 'an inserted article keeps its 之一',
      doc: { title: '中华人民共和国刑法', docNumber: null, proposalNumber: null },
      clause: { path: ['第一编 总则', '第二章 犯罪', '第一节 犯罪和刑事责任'], number: '第十七条之一', kind: 'article' as const },
      expected: '《中华人民共和国刑法》第十七条之一',
    },
    {
      case: 'an article of an attachment, which numbers its articles anew, names the attachment',
      doc: { title: '中华人民共和国刑法', docNumber: null, proposalNumber: null },
      clause: { path: ['附件二', '（一）'], number: '第一条', kind: 'article' as const },
      expected: '《中华人民共和国刑法》附件二第一条',
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

/** 第二十条 of a data regulation as the parser gives it: two paragraphs, the second with four items. */
const A20_LINES = [
  '第二十条 处理个人数据应当具有明确、合理的目的。',
  '处理个人数据应当告知下列事项：',
  '（一）数据处理者的名称或者姓名和联系方式；',
  '（二）处理个人数据的种类和范围；',
  '（三）处理个人数据的目的和方式；',
  '（四）存储个人数据的期限；',
];

function spansOf(lines: readonly string[]): ClauseSpan[] {
  const spans: ClauseSpan[] = [];
  let offset = 0;
  let paragraph = 0;
  const text = lines.join('\n');
  for (const line of lines) {
    const item = /^（([一二三四五六七八九十]+)）/u.exec(line);
    if (item) {
      spans.push({ kind: 'item', paragraph, item: '一二三四五六七八九十'.indexOf(item[1] as string) + 1, label: item[0], start: offset, end: offset + line.length });
    } else {
      paragraph++;
      spans.push({ kind: 'paragraph', paragraph, item: null, label: null, start: offset, end: text.length });
      const previous = spans.filter((s) => s.kind === 'paragraph' && s.paragraph === paragraph - 1)[0];
      if (previous) previous.end = offset - 1;
    }
    offset += line.length + 1;
  }
  return spans;
}

const a20Text = A20_LINES.join('\n');
const a20: Pick<Clause, 'path' | 'number' | 'kind' | 'spans'> = {
  path: ['第三章 个人数据', '第一节 一般规定'],
  number: '第二十条',
  kind: 'article',
  spans: spansOf(A20_LINES),
};
const dataRegulation = { title: '深圳经济特区数据条例', docNumber: null, proposalNumber: null };
const range = (needle: string): [number, number] => {
  const at = a20Text.indexOf(needle);
  if (at < 0) throw new Error(`no ${needle}`);
  return [at, at + needle.length];
};

describe('pinpoint citations down to 款 and 项', () => {
  it.each([
    ['目的和方式', '《深圳经济特区数据条例》第二十条第二款第（三）项'],
    ['存储个人数据的期限', '《深圳经济特区数据条例》第二十条第二款第（四）项'],
    ['告知下列事项', '《深圳经济特区数据条例》第二十条第二款'],
    ['明确、合理的目的', '《深圳经济特区数据条例》第二十条第一款'],
  ])('a hit on %s cites %s', (needle, expected) => {
    expect(formatCitation(dataRegulation, a20, pinpoint(a20, [range(needle)]))).toBe(expected);
  });

  it('narrows to the paragraph when the highlights lie in two items of it', () => {
    const point = pinpoint(a20, [range('种类和范围'), range('目的和方式')]);
    expect(point).toMatchObject({ paragraph: 2, item: null, label: '第二款' });
  });

  it('does not narrow when the highlights lie in two paragraphs, or there are none', () => {
    expect(pinpoint(a20, [range('明确、合理'), range('存储个人数据')])).toBeNull();
    expect(pinpoint(a20, [])).toBeNull();
  });

  it('cites an item of a one-paragraph article without a 款', () => {
    const lines = ['第九条 有下列情形之一的，不予登记：', '（一）名称不符合规定的；', '（二）经营范围违法的。'];
    const article = { ...a20, number: '第九条', spans: spansOf(lines) };
    const text = lines.join('\n');
    const at = text.indexOf('经营范围');
    expect(formatCitation(dataRegulation, article, pinpoint(article, [[at, at + 4]]))).toBe('《深圳经济特区数据条例》第九条第（二）项');
    // The only paragraph is the article itself: no pinpoint for it.
    expect(pinpoint(article, [[3, 6]])).toBeNull();
  });

  it('never narrows a policy clause, which has no spans', () => {
    expect(pinpoint({ spans: [] }, [[0, 2]])).toBeNull();
  });

  it('gives the span a deep link asks for, or null when the article has no such 款 or 项', () => {
    const point = pinpointAt(a20, 2, 3);
    expect(point).toMatchObject({ paragraph: 2, item: 3, label: '第二款第（三）项' });
    expect(a20Text.slice(point?.start, point?.end)).toBe('（三）处理个人数据的目的和方式；');
    expect(a20Text.slice(pinpointAt(a20, 2)?.start, pinpointAt(a20, 2)?.end)).toBe(A20_LINES.slice(1).join('\n'));
    expect(pinpointAt(a20, 3)).toBeNull();
    expect(pinpointAt(a20, 1, 1)).toBeNull();
  });

  it.each([
    [1, '一'], [2, '二'], [10, '十'], [12, '十二'], [20, '二十'], [21, '二十一'], [100, '一百'], [105, '一百零五'], [110, '一百一十'], [1260, '一千二百六十'],
  ])('writes %i as %s', (n, numeral) => {
    expect(chineseNumeral(n)).toBe(numeral);
  });
});
