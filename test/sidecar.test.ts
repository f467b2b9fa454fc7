import { describe, expect, it } from 'vitest';
import { parseSidecarJson, sidecarNameFor, splitFrontMatter } from '../indexer/versions/sidecar.js';

describe('metadata file beside a source file', () => {
  it.each([
    ['行政复议法(2017-09-01).md', '行政复议法(2017-09-01).meta.json'],
    ['004_f58ccc0061d310c5.txt', '004_f58ccc0061d310c5.meta.json'],
    ['规定.docx', '规定.meta.json'],
  ])('%s has its metadata in %s', (source, sidecar) => {
    expect(sidecarNameFor(source)).toBe(sidecar);
  });

  it('reads status, dates and replacements', () => {
    const result = parseSidecarJson(
      JSON.stringify({ status: '已被修改', effectiveDate: '2017-09-01', replacedBy: '行政复议法(2023-09-01).md', replaces: '旧办法.txt' }),
      '行政复议法(2017-09-01).meta.json',
    );
    expect(result).toEqual({
      ok: true,
      sidecar: {
        origin: '行政复议法(2017-09-01).meta.json',
        status: '已被修改',
        effectiveDate: '2017-09-01',
        replacedBy: '行政复议法(2023-09-01).md',
        replaces: ['旧办法.txt'],
      },
    });
  });

  it.each([
    [{ status: 'valid' }, 'x.meta.json: field "status" must be one of 现行有效, 尚未生效, 已被修改, 已废止'],
    [{ effectiveDate: '2024/01/01' }, 'x.meta.json: field "effectiveDate" must be a date written YYYY-MM-DD'],
    [{ repealDate: '2023-02-30' }, 'x.meta.json: field "repealDate" is not a calendar date'],
    [{ stauts: '已废止' }, 'x.meta.json: unknown field "stauts" (fields: status, effectiveDate, repealDate, replaces, replacedBy, work)'],
    [{ replaces: [''] }, 'x.meta.json: field "replaces.0" must not be empty'],
    [{ replacedBy: 7 }, 'x.meta.json: field "replacedBy" must be a file name, a document id or a title'],
    [{ effectiveDate: '2024-01-01', repealDate: '2023-01-01' }, 'x.meta.json: field "repealDate" 2023-01-01 is before "effectiveDate" 2024-01-01'],
    [{ status: '现行有效', replacedBy: 'y.md' }, 'x.meta.json: field "status" is 现行有效 but "replacedBy" says another document replaces it'],
    [['已废止'], 'x.meta.json: must be an object of fields (status, effectiveDate, repealDate, replaces, replacedBy, work)'],
  ])('refuses %j with an error naming the file and the field', (value, message) => {
    expect(parseSidecarJson(JSON.stringify(value), 'x.meta.json')).toEqual({ ok: false, errors: [message] });
  });

  it('refuses a file that is not JSON, saying so', () => {
    const result = parseSidecarJson('{ status: 已废止 }', 'x.meta.json');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0]).toMatch(/^x\.meta\.json: not valid JSON \(/);
  });
});

describe('YAML front matter', () => {
  it('is read and taken off the text, keeping line numbers', () => {
    const text = '---\nstatus: 已废止\nrepealDate: 2020-01-01\n---\n# 某某办法\n第一条 为了……\n';
    const { body, result } = splitFrontMatter(text, '某某办法.md');
    expect(result).toEqual({ ok: true, sidecar: { origin: '某某办法.md (front matter)', status: '已废止', repealDate: '2020-01-01' } });
    expect(body).toBe('\n\n\n\n# 某某办法\n第一条 为了……\n');
  });

  it('leaves a text without front matter alone', () => {
    expect(splitFrontMatter('# 中华人民共和国行政复议法\n---\n', 'a.md')).toEqual({ body: '# 中华人民共和国行政复议法\n---\n', result: null });
  });

  it('names the file and the line of a YAML error', () => {
    const { result } = splitFrontMatter('---\nstatus: [已废止\n---\n正文', 'a.md');
    expect(result?.ok).toBe(false);
    expect(result && !result.ok && result.errors[0]).toMatch(/^a\.md \(front matter\): not valid YAML at line \d+/);
  });

  it('names the field of a bad value', () => {
    const { result } = splitFrontMatter('---\nstatus: 失效\n---\n正文', 'a.md');
    expect(result).toEqual({ ok: false, errors: ['a.md (front matter): field "status" must be one of 现行有效, 尚未生效, 已被修改, 已废止'] });
  });
});
