import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../core/types.js';
import { computeValidity, type VersionInput } from '../indexer/versions/corpus-validity.js';
import type { Sidecar } from '../indexer/versions/sidecar.js';

const ASOF = '2026-12-01';

function doc(id: string, title: string, date: string | null, extra: Partial<PolicyDocument & { effectiveDate: string | null }> = {}): PolicyDocument & { effectiveDate: string | null } {
  return {
    id, sourceFile: `${id}.md`, title, noticeTitle: null, docNumber: null, proposalNumber: null,
    issuer: '全国人民代表大会常务委员会', date, publishedDate: null, year: date ? Number(date.slice(0, 4)) : null,
    level: null, docType: '法', sourceUrl: null, clauseCount: 1, effectiveDate: null, history: [], orderNumber: null, ...extra,
  };
}
const input = (document: VersionInput['document'], text = '第一条 为了……', sidecar: Sidecar | null = null): VersionInput => ({ document, text, sidecar });
const statuses = (inputs: VersionInput[], asOf = ASOF) => {
  const { validity } = computeValidity(inputs, asOf);
  return Object.fromEntries([...validity].map(([id, v]) => [id, `${v.status}${v.inForceId ? ` → ${v.inForceId}` : ''}`]));
};

describe('versions of one work', () => {
  it('the newest of 行政复议法 2017 / 2023 is 现行有效, the older 已被修改 and points to it', () => {
    expect(statuses([input(doc('xzfy-2017', '中华人民共和国行政复议法', '2017-09-01')), input(doc('xzfy-2023', '中华人民共和国行政复议法', '2023-09-01'))])).toEqual({
      'xzfy-2017': '已被修改 → xzfy-2023',
      'xzfy-2023': '现行有效',
    });
  });

  it('orders by date, not by input order, and numbers the versions', () => {
    const { validity } = computeValidity(
      [input(doc('c', '道路运输条例', '2023-07-20')), input(doc('a', '道路运输条例', '2019-03-02')), input(doc('b', '道路运输条例', '2022-03-29'))],
      ASOF,
    );
    expect([...validity].map(([id, v]) => [id, v.status, v.version, v.versions])).toEqual(
      expect.arrayContaining([['a', '已被修改', 1, 3], ['b', '已被修改', 2, 3], ['c', '现行有效', 3, 3]]),
    );
    expect(validity.get('a')?.inForceId).toBe('c');
    expect(validity.get('a')?.workId).toBe(validity.get('c')?.workId);
  });

  it('a newest version whose effective date lies ahead is 尚未生效 and the one before stays in force', () => {
    expect(
      statuses([input(doc('old', '某某条例', '2017-09-01')), input(doc('new', '某某条例', '2023-09-01', { effectiveDate: '2027-01-01' }))]),
    ).toEqual({ old: '现行有效', new: '尚未生效 → old' });
  });

  it('a lone document is in force, its own work of one version', () => {
    const { validity } = computeValidity([input(doc('one', '深圳国家自主创新示范区建设实施方案', '2015-07-22'))], ASOF);
    expect(validity.get('one')).toMatchObject({ status: '现行有效', version: 1, versions: 1, inForceId: null, basis: 'versions' });
  });

  it('warns when a version has no date to be ordered by', () => {
    const { warnings } = computeValidity([input(doc('x', '某某条例', null, { sourceFile: 'x.md' })), input(doc('y', '某某条例', '2020-01-01'))], ASOF);
    expect(warnings.get('x')?.[0]).toMatch(/^version date unknown: counted as the oldest of the 2 versions of 《某某条例》/);
  });

  it('texts of one title with one date are parts of one text (民法典 by 编), not versions', () => {
    const { validity, warnings } = computeValidity(
      [input(doc('zz', '中华人民共和国民法典', '2020-05-28', { sourceFile: '总则.md' })), input(doc('ht', '中华人民共和国民法典', '2020-05-28', { sourceFile: '合同编.md' }))],
      ASOF,
    );
    expect([validity.get('zz')?.status, validity.get('ht')?.status]).toEqual(['现行有效', '现行有效']);
    expect(validity.get('zz')?.workId).not.toBe(validity.get('ht')?.workId);
    expect(warnings.get('zz')).toEqual(['2 texts share the title 《中华人民共和国民法典》 and the date 2020-05-28: kept apart as separate texts, not versions']);
  });

  it('a file-name version date later than the text’s own date orders the version', () => {
    expect(
      statuses([
        input(doc('named', '北京市人民代表大会常务委员会任免国家机关工作人员条例', '2000-11-03', { sourceFile: '任免条例(2023-07-28).md' })),
        input(doc('plain', '北京市人民代表大会常务委员会任免国家机关工作人员条例', '2007-03-30', { sourceFile: '任免条例.md' })),
      ]),
    ).toEqual({ named: '现行有效', plain: '已被修改 → named' });
  });

  it('uses the version date in the file name when the text gives none', () => {
    expect(
      statuses([input(doc('p', '某某条例', null, { sourceFile: '某某条例(2022-03-29).md' })), input(doc('q', '某某条例', null, { sourceFile: '某某条例(2019-03-02).md' }))]),
    ).toEqual({ p: '现行有效', q: '已被修改 → p' });
  });
});

describe('repeal sentences', () => {
  it('《行政复议条例》同时废止 marks 行政复议条例 已废止, pointing to the repealing law', () => {
    const { validity, warnings } = computeValidity(
      [
        input(doc('tl', '行政复议条例', '1994-10-09', { issuer: '国务院' })),
        input(doc('law', '中华人民共和国行政复议法', '1999-04-29', { effectiveDate: '1999-10-01' }), '第四十三条 本法自1999年10月1日起施行。1990年12月24日国务院发布、1994年10月9日国务院修订发布的《行政复议条例》同时废止。'),
      ],
      ASOF,
    );
    expect(validity.get('tl')).toMatchObject({ status: '已废止', basis: 'repeal', repealedBy: 'law', repealDate: '1999-10-01', inForceId: 'law' });
    expect(validity.get('law')?.status).toBe('现行有效');
    expect(warnings.size).toBe(0);
  });

  it('warns when the repealed text is not in the corpus, and a law never repeals itself', () => {
    const { validity, warnings } = computeValidity(
      [input(doc('msss', '中华人民共和国民事诉讼法', '2021-12-24'), '第二百九十一条 本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止。')],
      ASOF,
    );
    expect(validity.get('msss')?.status).toBe('现行有效');
    expect(warnings.get('msss')).toEqual([
      'repeals 《中华人民共和国民事诉讼法（试行）》 (“第二百九十一条 本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》同时废止”), which is not in the corpus: nothing marked 已废止',
    ]);
  });

  it('older versions of a repealed work stay 已被修改 and point to the repealing text', () => {
    expect(
      statuses([
        input(doc('v1', '某某办法', '2001-01-01', { issuer: '国务院' })),
        input(doc('v2', '某某办法', '2005-01-01', { issuer: '国务院' })),
        input(doc('new', '某某条例', '2010-01-01', { issuer: '国务院' }), '本条例自2010年1月1日起施行，《某某办法》同时废止。'),
      ]),
    ).toEqual({ v1: '已被修改 → new', v2: '已废止 → new', new: '现行有效' });
  });
});

describe('metadata files', () => {
  const sidecar = (fields: Omit<Sidecar, 'origin'>, origin = 'x.meta.json'): Sidecar => ({ origin, ...fields });

  it('a status in a metadata file wins over the version order', () => {
    expect(
      statuses([
        input(doc('a', '某某条例', '2017-09-01')),
        input(doc('b', '某某条例', '2023-09-01'), '……', sidecar({ status: '已废止', repealDate: '2025-01-01' })),
      ]),
    ).toEqual({ a: '已被修改', b: '已废止' });
  });

  it('replaces: a policy under a new title makes the old one 已废止, pointing to itself', () => {
    const { validity } = computeValidity(
      [
        input(doc('old', '深圳市科技创新券实施办法', '2016-01-01', { issuer: '深圳市科技创新委员会' })),
        input(doc('new', '深圳市科技创新券管理办法', '2021-01-01', { issuer: '深圳市科技创新委员会' }), '……', sidecar({ replaces: ['old.md'], effectiveDate: '2021-01-01' })),
      ],
      ASOF,
    );
    expect(validity.get('old')).toMatchObject({ status: '已废止', basis: 'metadata', repealedBy: 'new', repealDate: '2021-01-01', inForceId: 'new' });
    expect(validity.get('new')?.status).toBe('现行有效');
  });

  it('replacedBy names the replacing document by title', () => {
    expect(
      statuses([
        input(doc('old', '甲办法', '2016-01-01'), '……', sidecar({ replacedBy: '乙办法' })),
        input(doc('new', '乙办法', '2021-01-01')),
      ]),
    ).toEqual({ old: '已废止 → new', new: '现行有效' });
  });

  it('a repeal date that has passed makes a document 已废止; one ahead leaves it in force', () => {
    expect(statuses([input(doc('a', '甲', '2016-01-01'), '……', sidecar({ repealDate: '2020-01-01' })), input(doc('b', '乙', '2016-01-01'), '……', sidecar({ repealDate: '2030-01-01' }))])).toEqual({
      a: '已废止',
      b: '现行有效',
    });
  });

  it('an effective date ahead makes a document 尚未生效', () => {
    expect(statuses([input(doc('a', '甲', '2026-10-01'), '……', sidecar({ effectiveDate: '2027-03-01' }))])).toEqual({ a: '尚未生效' });
  });

  it('work joins documents whose titles differ into versions of one work', () => {
    expect(
      statuses([
        input(doc('a', '加速推动战略性新兴产业发展的指导意见（2013—2017年）', '2013-08-25'), '……', sidecar({ work: '福田战略性新兴产业' })),
        input(doc('b', '关于加快战略性新兴产业发展的若干措施', '2018-01-01'), '……', sidecar({ work: '福田战略性新兴产业' })),
      ]),
    ).toEqual({ a: '已被修改 → b', b: '现行有效' });
  });

  it('warns about a reference that names no document', () => {
    const { warnings } = computeValidity([input(doc('a', '甲', '2016-01-01'), '……', sidecar({ replaces: ['丙.md'] }, 'a.meta.json'))], ASOF);
    expect(warnings.get('a')).toEqual(['a.meta.json: "丙.md" names no document of the corpus; ignored']);
  });
});
