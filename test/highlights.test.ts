import { describe, expect, it } from 'vitest';
import { highlightRanges, mergeRanges } from '../core/engine/highlights.js';

const CLAUSE =
  '81. 搭建集专利、商标、版权交易于一体的网上知识产权交易平台，健全知识产权转化交易机制。建立知识产权质押融资担保机制和政府、担保机构、银行、企业共同参与的风险补偿机制，创新知识产权质押融资模式。';

const marked = (text: string, needles: string[]) => highlightRanges(text, needles).map(([s, e]) => text.slice(s, e));

describe('highlightRanges', () => {
  it('marks every occurrence of a term, in order', () => {
    const ranges = highlightRanges(CLAUSE, ['知识产权质押']);
    expect(ranges).toEqual([
      [47, 53],
      [87, 93],
    ]);
    expect(ranges.map(([s, e]) => CLAUSE.slice(s, e))).toEqual(['知识产权质押', '知识产权质押']);
  });

  it('merges a term inside another term into one range', () => {
    expect(marked(CLAUSE, ['知识产权', '知识产权质押融资'])).toEqual(['知识产权', '知识产权', '知识产权质押融资', '知识产权质押融资']);
  });

  it('merges neighbouring terms (知识产权 + 质押) into one range', () => {
    expect(marked('支持知识产权质押贷款。', ['知识产权', '质押'])).toEqual(['知识产权质押']);
  });

  it('covers overlapping occurrences of a repeated pattern', () => {
    expect(highlightRanges('啊啊啊', ['啊啊'])).toEqual([[0, 3]]);
  });

  it('ignores Latin case, as the keyword index does', () => {
    expect(marked('推进5G和物联网（IoT）应用', ['5g', 'iot'])).toEqual(['5G', 'IoT']);
  });

  it('takes regular-expression characters literally', () => {
    expect(marked('实施“互联网+”产业创新工程', ['互联网+', '.*'])).toEqual(['互联网+']);
    expect(marked('2013—2017年（一）[注]', ['2013—2017', '(一)', '（一）', '[注]', '-', '\\'])).toEqual(['2013—2017', '（一）[注]']);
  });

  it('counts offsets in UTF-16 code units, so characters outside the BMP take two', () => {
    const text = '𠀀知识产权';
    expect(highlightRanges(text, ['知识'])).toEqual([[2, 4]]);
  });

  it('returns nothing for no needles, empty needles or absent words', () => {
    expect(highlightRanges(CLAUSE, [])).toEqual([]);
    expect(highlightRanges(CLAUSE, [''])).toEqual([]);
    expect(highlightRanges(CLAUSE, ['量子计算机'])).toEqual([]);
  });
});

describe('mergeRanges', () => {
  it('sorts, merges overlapping and touching ranges, and drops empty ones', () => {
    expect(
      mergeRanges([
        [10, 12],
        [0, 2],
        [1, 4],
        [4, 6],
        [8, 8],
        [11, 15],
        [20, 19],
      ]),
    ).toEqual([
      [0, 6],
      [10, 15],
    ]);
  });
});
