/**
 * Safe HTML building. Every value interpolated into `html\`…\`` is escaped unless it is already
 * `SafeHtml` (the output of `html`, `raw` or `highlight`), so forgetting to escape is impossible and
 * trusting a fragment is a visible, greppable act (`raw(`).
 */

/** A string of HTML that is known to be safe to emit as-is. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Anything a template may interpolate. Arrays are concatenated; null, undefined and false render nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** Marks a trusted fragment (our own markup, never user or document text) as safe. */
export function raw(trusted: string): SafeHtml {
  return new SafeHtml(trusted);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template that escapes every interpolated value by default. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Joins fragments with a separator (escaped if it is plain text). */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(parts.map(render).filter((p) => p !== '').join(sep));
}

/**
 * Sorts, clamps and merges [start, end) ranges so they are valid for a text of `length`.
 * Engines promise sorted, non-overlapping ranges; this keeps a misbehaving engine from breaking markup.
 */
export function normaliseRanges(ranges: ReadonlyArray<readonly [number, number]>, length: number): Array<[number, number]> {
  const valid = ranges
    .map(([s, e]) => [Math.max(0, Math.floor(s)), Math.min(length, Math.floor(e))] as [number, number])
    .filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const range of valid) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/**
 * Wraps the given character ranges of `text` in `<mark>`. The text is cut at the offsets first and each
 * piece escaped on its own, so neither the text nor the engine can inject markup.
 */
export function highlight(text: string, ranges: ReadonlyArray<readonly [number, number]>): SafeHtml {
  let out = '';
  let at = 0;
  for (const [start, end] of normaliseRanges(ranges, text.length)) {
    out += escapeHtml(text.slice(at, start)) + '<mark>' + escapeHtml(text.slice(start, end)) + '</mark>';
    at = end;
  }
  return new SafeHtml(out + escapeHtml(text.slice(at)));
}

/** Returns the URL when it is a plain http(s) link, else null: a document's source URL comes from its text. */
export function safeExternalUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
