/**
 * Checks that an HTML page carries only markup the app writes, by looking at every real tag and its
 * attributes (escaped text such as `&lt;img onerror=…&gt;` is not a tag and is fine).
 */
import { expect } from 'vitest';

/** Attributes of one start tag: name → value ('' for a bare attribute). Values are in double quotes in our markup. */
export function attributesOf(tag: string): Array<[string, string]> {
  const body = tag.replace(/^<[a-zA-Z][\w:-]*/, '').replace(/\/?>$/, '');
  const attrs: Array<[string, string]> = [];
  const pattern = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const m of body.matchAll(pattern)) attrs.push([m[1] as string, m[2] ?? m[3] ?? m[4] ?? '']);
  return attrs;
}

/** Scripts only from /static, no event-handler attributes, no javascript: URLs, no inline styles, no tags we never emit. */
export function expectOnlyOurMarkup(html: string): void {
  const tags = html.match(/<[a-zA-Z][^>]*>/g) ?? [];
  for (const tag of tags) {
    expect(tag, tag).not.toMatch(/^<(img|iframe|object|embed|b|i|base|meta http-equiv)\b/i);
    if (/^<script\b/i.test(tag)) expect(tag).toMatch(/^<script src="\/static\/(htmx\.min|app)\.js" defer>$/);
    if (/^<svg\b/i.test(tag)) expect(tag).toMatch(/^<svg class="year-chart"/);
    for (const [name, value] of attributesOf(tag)) {
      expect(name, tag).not.toMatch(/^on/i);
      expect(name, tag).not.toBe('style');
      if (/^(href|src|action|formaction|hx-get|data-url)$/i.test(name)) expect(value.trim(), tag).not.toMatch(/^javascript:/i);
    }
  }
  expect(html).not.toMatch(/<script>/i);
}
