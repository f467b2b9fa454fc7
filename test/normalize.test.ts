import { describe, expect, it } from 'vitest';
import { stripMarkdown } from '../indexer/parse/markdown.js';
import { removeStraySpaces, repairLine, toSourceLines } from '../indexer/parse/normalize.js';
import { parseDocument } from '../indexer/parse/parse-document.js';
import { parseAllSeeds } from './fixtures/parse/seeds.js';

describe('removeStraySpaces', () => {
  it.each([
    ['占地面积 3.28 万平方米', '占地面积3.28万平方米'],
    ['2020 年 8 月 10 日', '2020年8月10日'],
    ['受理、审核 31 家企业申报业务', '受理、审核31家企业申报业务'],
    ['园区聚焦 5G 研发及应用', '园区聚焦5G研发及应用'],
    ['“福田区国高申报”QQ 群、微信群', '“福田区国高申报”QQ群、微信群'],
    ['增速 8.8%,占 GDP 比重达到 10.6%', '增速8.8%,占GDP比重达到10.6%'],
    ['以华星光电高世代 TFT—LCD 液晶面板生产线为龙头', '以华星光电高世代TFT—LCD液晶面板生产线为龙头'],
    ['深圳市人民政府关于印发 深圳国家自主创新示范区建设实施方案的 通知', '深圳市人民政府关于印发深圳国家自主创新示范区建设实施方案的通知'],
    // Conversion artefacts stay as written: only the spacing changes.
    ['总建筑面积约 23 平方米', '总建筑面积约23平方米'],
    // Spaces inside Latin text, around lower-case English words and after list labels stay.
    ['中电智谷-普兰迪 SI WORLD 中意创新产业发展论坛', '中电智谷-普兰迪SI WORLD中意创新产业发展论坛'],
    ['关于对《TA 20200005 “关于引进', '关于对《TA 20200005 “关于引进'],
    ['跨国公司 etc 来深设立研发机构', '跨国公司 etc 来深设立研发机构'],
    ['在创新资源密集的国家 and 地区设立研发中心', '在创新资源密集的国家 and 地区设立研发中心'],
    ['81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台', '81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台'],
    ['“知识产权+金融+ 创新+产业”', '“知识产权+金融+ 创新+产业”'],
    ['(联系人: 陈杰, 联系电话: 82976207)', '(联系人: 陈杰, 联系电话: 82976207)'],
  ])('%s → %s', (input, output) => {
    expect(removeStraySpaces(input)).toBe(output);
  });
});

describe('repairLine', () => {
  it('removes full-width indentation and trailing spaces', () => {
    expect(repairLine('\u3000\u3000（一）指导思想。 ').text).toBe('（一）指导思想。');
  });

  it('removes Markdown heading marks and bold, and knows the line was a heading', () => {
    expect(repairLine('## **二、打造专业特色园区，为科技创新释放产业发展空间**')).toEqual({
      text: '二、打造专业特色园区，为科技创新释放产业发展空间',
      markdownHeading: true,
    });
    expect(repairLine('**（一）建设深圳新一代产业园。**深圳新一代产业园位于福田区上梅林凯丰路北段')).toEqual({
      text: '（一）建设深圳新一代产业园。深圳新一代产业园位于福田区上梅林凯丰路北段',
      markdownHeading: false,
    });
  });

  it('renders <sup>2</sup> as ² and glues the number to its unit', () => {
    expect(repairLine('园区占地面积 1.9390 万<sup>2</sup>，建筑面积 3.10866 万<sup>2</sup>，共 4 层。').text).toBe(
      '园区占地面积1.9390万²，建筑面积3.10866万²，共4层。',
    );
    expect(stripMarkdown('x<sup>n</sup>').text).toBe('xn');
  });

  it('leaves the URL line of a web header alone', () => {
    const url = 'http://www.sz.gov.cn/zfgb/2018/gb1077/201811/t20181115_14515363.htm';
    expect(repairLine(url).text).toBe(url);
  });
});

describe('toSourceLines', () => {
  it('drops the byte order mark and CRLF line ends', () => {
    const lines = toSourceLines('\uFEFF一、指导思想\r\n\r\n为加快建设，制定本意见。\r\n');
    expect(lines.map((line) => [line.kind, line.text])).toEqual([
      ['text', '一、指导思想'],
      ['blank', ''],
      ['text', '为加快建设，制定本意见。'],
      ['blank', ''],
    ]);
  });

  it('tells lines of full-width spaces (lost headings) from spaces-only lines (empty table cells)', () => {
    expect(toSourceLines('\u3000\u3000\n \n\t\n').map((line) => line.kind)).toEqual(['lostHeading', 'whitespace', 'whitespace', 'blank']);
  });

  it('parses a CRLF text with a BOM exactly like the same text with LF', () => {
    const lf = '一、总则\n\n（一）第一项。具体内容。\n';
    const crlf = `\uFEFF${lf.replace(/\n/g, '\r\n')}`;
    expect(parseDocument(crlf, 'a.txt')).toEqual(parseDocument(lf, 'a.txt'));
  });
});

describe('normalised texts of the corpus', () => {
  const docs = parseAllSeeds();

  it('keeps no Markdown, no superscript tags, no full-width indentation and no carriage returns', () => {
    for (const doc of Object.values(docs)) {
      expect(doc.text).not.toMatch(/\*\*|<\/?sup>|^#|\r|\u3000|\uFEFF/mu);
    }
  });

  it('writes the areas of the 2020 reply with ² and without stray spaces', () => {
    expect(docs.reply2020.text).toContain('项目占地面积约3万²，总建筑面积约23万²（地上建筑面积约15万²，地下建筑面积约8万²）');
    expect(docs.reply2020.text).toContain('该园区占地面积约3万平方米，总建筑面积约23平方米');
  });

  it('joins the title the 2013 notice splits over three lines into one line', () => {
    expect(docs.futian2013.text.split('\n').slice(0, 2)).toEqual([
      '福田区人民政府办公室关于印发《加速推动战略性新兴产业发展的指导意见（2013—2017年）》的通知',
      '（2013年8月25日）',
    ]);
    expect(docs.futian2013.text).toContain('\n加速推动战略性新兴产业发展的指导意见（2013—2017年）\n一、指导思想\n');
  });

  it('keeps the web header of the 2018 plan as lines of the text', () => {
    expect(docs.plan2018.text.split('\n').slice(0, 9)).toEqual([
      'http://www.sz.gov.cn/zfgb/2018/gb1077/201811/t20181115_14515363.htm',
      '索引号: 000000-10-2018-008222',
      '信息分类: 市政府办公厅文件',
      '发布机构: 深圳市人民政府',
      '发布日期: 2018-11-13',
      '信息名称: 深圳市人民政府印发关于进一步加快发展战略性新兴产业实施方案的通知',
      '文号: 深府〔2018〕84号',
      '关键词:',
      '各区人民政府，市政府直属各单位：',
    ]);
  });
});
