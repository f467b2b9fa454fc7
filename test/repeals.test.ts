import { describe, expect, it } from 'vitest';
import { REPEAL_MARKERS, findRepeals } from '../indexer/versions/repeals.js';

const titles = (text: string) => findRepeals(text).map((r) => r.title);

describe('findRepeals: what a text says it repeals', () => {
  it.each([
    ['民事诉讼法 第二百九十一条', '第二百九十一条 本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止。', ['中华人民共和国民事诉讼法（试行）']],
    ['行政复议法 1999', '本法自1999年10月1日起施行。1990年12月24日国务院发布、1994年10月9日国务院修订发布的《行政复议条例》同时废止。', ['行政复议条例']],
    ['two titles joined by 和', '1998年3月28日…通过的《重庆市城市环境卫生管理条例》和2002年6月7日…通过的《重庆市城市容貌管理条例》同时废止。', ['重庆市城市环境卫生管理条例', '重庆市城市容貌管理条例']],
    ['a title with a nested title', '2000年3月23日…通过的《重庆市实施<中华人民共和国残疾人保障法>办法》同时废止。', ['重庆市实施<中华人民共和国残疾人保障法>办法']],
    [
      'the amending decision cited as the basis is not repealed',
      '2006年9月15日…通过，根据2018年3月30日…通过的《关于修改〈北京市大气污染防治条例〉等七部地方性法规的决定》修正的《北京市实施〈中华人民共和国种子法〉办法》同时废止。',
      ['北京市实施〈中华人民共和国种子法〉办法'],
    ],
    ['a policy that lapses', '本办法自2021年1月1日起施行，原《深圳市科技创新券实施办法》同时失效。', ['深圳市科技创新券实施办法']],
    ['an earlier sentence does not count', '根据《中华人民共和国立法法》制定。本条例自公布之日起施行。', []],
  ])('%s', (_case, text, expected) => {
    expect(titles(text)).toEqual(expected);
  });

  it('keeps the sentence that says it', () => {
    expect(findRepeals('本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止。')[0]?.sentence).toBe(
      '本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止',
    );
  });

  it('knows these markers', () => {
    expect(REPEAL_MARKERS).toEqual(['同时废止', '同时失效', '同时停止执行']);
  });
});
