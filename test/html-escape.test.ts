import { describe, expect, it } from 'vitest';
import { escapeHtml, highlight, html, join, normaliseRanges, raw, safeExternalUrl } from '../server/views/html.js';
import { makeSnippet } from '../server/views/snippet.js';

describe('html`…` escapes every interpolated value', () => {
  it('escapes text in element content and attributes', () => {
    const q = '<script>alert("x")</script>';
    const out = html`<input value="${q}"><p>${q}</p>`.value;
    expect(out).toBe('<input value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"><p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
  });

  it('escapes quotes and backticks so a value cannot leave its attribute', () => {
    expect(html`<a title='${"' onmouseover='x"}'>`.value).toBe("<a title='&#39; onmouseover=&#39;x'>");
    expect(escapeHtml('a`b&c')).toBe('a&#96;b&amp;c');
  });

  it('renders nested templates as-is and arrays concatenated', () => {
    const items = ['市', '<区>'].map((v) => html`<li>${v}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>市</li><li>&lt;区&gt;</li></ul>');
  });

  it('renders null, undefined and booleans as nothing, numbers as text', () => {
    expect(html`[${null}${undefined}${false}${true}${0}${2015}]`.value).toBe('[02015]');
  });

  it('lets trusted markup through only via raw()', () => {
    expect(html`${raw('<br>')}${'<br>'}`.value).toBe('<br>&lt;br&gt;');
  });

  it('join escapes a plain-text separator', () => {
    expect(join([html`<b>a</b>`, 'b<'], ' & ').value).toBe('<b>a</b> &amp; b&lt;');
  });
});

describe('highlight builds <mark> from offsets on escaped text', () => {
  it('marks "知识产权质押" inside a clause', () => {
    const text = '建立知识产权质押融资担保机制';
    expect(highlight(text, [[2, 8]]).value).toBe('建立<mark>知识产权质押</mark>融资担保机制');
  });

  it('escapes markup in the document text around and inside marks', () => {
    const text = 'a<script>x</script>b';
    expect(highlight(text, [[1, 9]]).value).toBe('a<mark>&lt;script&gt;</mark>x&lt;/script&gt;b');
  });

  it('cannot be made to emit markup by offsets that cut an entity', () => {
    // Offsets are applied to the raw text, so "&amp;" is never split.
    expect(highlight('A&B', [[1, 2]]).value).toBe('A<mark>&amp;</mark>B');
  });

  it('merges overlapping ranges, sorts them and ignores empty or out-of-range ones', () => {
    expect(normaliseRanges([[5, 9], [0, 2], [1, 3], [4, 4], [8, 99], [-5, -1]], 10)).toEqual([[0, 3], [5, 10]]);
    expect(highlight('0123456789', [[5, 9], [0, 2], [1, 3]]).value).toBe('<mark>012</mark>34<mark>5678</mark>9');
  });

  it('returns the escaped text when there are no highlights', () => {
    expect(highlight('<b>', []).value).toBe('&lt;b&gt;');
  });
});

describe('makeSnippet', () => {
  it('keeps a short clause whole', () => {
    expect(makeSnippet('加强知识产权保护。', [[2, 6]])).toEqual({ text: '加强知识产权保护。', highlights: [[2, 6]], clippedStart: false, clippedEnd: false });
  });

  it('shows a window of a long clause that starts shortly before the first match', () => {
    const text = '甲'.repeat(300) + '知识产权质押' + '乙'.repeat(300);
    const s = makeSnippet(text, [[300, 306]], 100);
    expect(s.text.length).toBe(100);
    expect(s.clippedStart).toBe(true);
    expect(s.clippedEnd).toBe(true);
    expect(s.text.slice(...(s.highlights[0] as [number, number]))).toBe('知识产权质押');
  });

  it('starts at the beginning when the match is near the start', () => {
    const s = makeSnippet('知识产权' + '乙'.repeat(300), [[0, 4]], 100);
    expect(s.clippedStart).toBe(false);
    expect(s.highlights).toEqual([[0, 4]]);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = '𠀀'.repeat(200);
    const s = makeSnippet(text, [[101, 103]], 50);
    expect(s.text).toBe('𠀀'.repeat(s.text.length / 2));
  });
});

describe('safeExternalUrl', () => {
  it.each([
    ['http://www.sz.gov.cn/zfgb/2018/gb1077/201811/t20181115_14515363.htm', 'http://www.sz.gov.cn/zfgb/2018/gb1077/201811/t20181115_14515363.htm'],
    ['https://example.org/a', 'https://example.org/a'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,<script>', null],
    ['//evil.example/x', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(safeExternalUrl(input)).toBe(expected);
  });
});
