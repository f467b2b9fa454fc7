import { describe, expect, it } from 'vitest';
import { groupWorks, normaliseIssuer, normaliseTitle, workIdOf } from '../core/versions/work-identity.js';

describe('normaliseTitle: what versions of one work share', () => {
  it.each([
    ['中华人民共和国行政复议法', '行政复议法'],
    ['《中华人民共和国行政复议法》', '行政复议法'],
    ['中华人民共和国民事诉讼法（2017年修正）', '民事诉讼法'],
    ['中华人民共和国民事诉讼法(2021年修正)', '民事诉讼法'],
    ['中华人民共和国行政复议法（2023年修订）', '行政复议法'],
    ['中华人民共和国道路运输条例（２０２２年修订版）', '道路运输条例'],
    ['专利法实施细则（修订）', '专利法实施细则'],
    ['道路运输条例(2023-07-20)', '道路运输条例'],
    ['中华人民共和国 道路运输 条例', '道路运输条例'],
    ['重庆市实施<中华人民共和国残疾人保障法>办法', '重庆市实施中华人民共和国残疾人保障法办法'],
    ['重庆市实施〈中华人民共和国残疾人保障法〉办法', '重庆市实施中华人民共和国残疾人保障法办法'],
  ])('%s → %s', (title, key) => {
    expect(normaliseTitle(title)).toBe(key);
  });

  it.each([
    ['a 试行 text is a work of its own (the final law repeals it)', '中华人民共和国民事诉讼法（试行）', '民事诉讼法（试行）'],
    ['a plan period is not a version mark: 2013–2017 and 2018–2022 are different plans', '加速推动战略性新兴产业发展的指导意见（2013—2017年）', '加速推动战略性新兴产业发展的指导意见（2013—2017年）'],
    ['a seed title stays as it is', '深圳国家自主创新示范区建设实施方案', '深圳国家自主创新示范区建设实施方案'],
    ['a bare year is no version mark: the 1988 and 1993 amendments are two texts, both in force', '宪法修正案（1988年）', '宪法修正案（1988年）'],
  ])('keeps: %s', (_why, title, key) => {
    expect(normaliseTitle(title)).toBe(key);
  });
});

describe('normaliseIssuer', () => {
  it.each([
    ['全国人民代表大会常务委员会', '全国人民代表大会'],
    ['全国人民代表大会', '全国人民代表大会'],
    ['深圳市人民政府办公厅', '深圳市人民政府'],
    ['福田区人民政府办公室', '福田区人民政府'],
    ['国务院', '国务院'],
  ])('%s → %s', (issuer, key) => {
    expect(normaliseIssuer(issuer)).toBe(key);
  });
  it('unknown stays unknown', () => expect(normaliseIssuer(null)).toBeNull());
});

describe('groupWorks', () => {
  it('puts two versions of 行政复议法 into one work and keeps 行政复议条例 apart', () => {
    const works = groupWorks([
      { id: 'xzfy-2017', title: '中华人民共和国行政复议法', issuer: '全国人民代表大会常务委员会' },
      { id: 'xzfy-2023', title: '中华人民共和国行政复议法（2023年修订）', issuer: '全国人民代表大会常务委员会' },
      { id: 'xzfytl', title: '行政复议条例', issuer: '国务院' },
    ]);
    expect(works.get('xzfy-2017')).toBe(works.get('xzfy-2023'));
    expect(works.get('xzfytl')).not.toBe(works.get('xzfy-2017'));
  });

  it('keeps same-titled policies of two districts apart', () => {
    const works = groupWorks([
      { id: 'ft', title: '关于支持科技创新的若干措施', issuer: '福田区人民政府' },
      { id: 'ns', title: '关于支持科技创新的若干措施', issuer: '南山区人民政府' },
    ]);
    expect(works.get('ft')).not.toBe(works.get('ns'));
  });

  it('a document without an issuer joins the only work of its title, and stays apart when there are two', () => {
    const one = groupWorks([
      { id: 'a', title: '道路运输条例', issuer: '国务院' },
      { id: 'b', title: '中华人民共和国道路运输条例', issuer: null },
    ]);
    expect(one.get('a')).toBe(one.get('b'));
    const two = groupWorks([
      { id: 'ft', title: '若干措施', issuer: '福田区人民政府' },
      { id: 'ns', title: '若干措施', issuer: '南山区人民政府' },
      { id: 'x', title: '若干措施', issuer: null },
    ]);
    expect(new Set([two.get('ft'), two.get('ns'), two.get('x')]).size).toBe(3);
  });

  it('gives the five seed titles five works', () => {
    const seeds = [
      '加速推动战略性新兴产业发展的指导意见（2013—2017年）',
      '深圳市关于进一步加快发展战略性新兴产业的实施方案',
      '深圳市推进生物互联网新能源产业发展工作方案（2010―2012年）',
      '关于对《TA 20200005 关于加快福田区科技创新发展的建议》提案的回复',
      '深圳国家自主创新示范区建设实施方案',
    ].map((title, i) => ({ id: `s${i}`, title, issuer: '深圳市人民政府' }));
    expect(new Set(groupWorks(seeds).values()).size).toBe(5);
  });

  it('work ids are stable', () => {
    expect(workIdOf('行政复议法', '全国人民代表大会')).toBe(workIdOf('行政复议法', '全国人民代表大会'));
    expect(workIdOf('行政复议法', '全国人民代表大会')).toMatch(/^w-[0-9a-f]{12}$/);
  });
});
