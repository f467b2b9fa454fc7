/**
 * A text that repeals others says so in its closing article: `本法自公布之日起施行，《中华人民共和国民事诉讼法（试行）》
 * 同时废止。`, `1990年12月24日国务院发布的《行政复议条例》同时废止。`. This finds the titles such a sentence names.
 * Pure; the phrasings are a table, enumerated by test/repeals.test.ts.
 */

/** Phrases that end a repeal sentence. */
export const REPEAL_MARKERS: readonly string[] = ['同时废止', '同时失效', '同时停止执行'];

/** Where a sentence starts: after one of these (or at the start of the text). */
const SENTENCE_BREAK = /[。；！？\n]/u;

/**
 * What follows a title that is cited as the basis of an amendment, not as what is repealed:
 * `根据…《关于修改〈北京市大气污染防治条例〉等七部地方性法规的决定》修正的《北京市实施…办法》同时废止`.
 */
const CITED_AS_BASIS = /^(?:第[一二三四五六七八九十\d]+次)?(?:修正|修订|修改)/u;

/** One repeal a text states. */
export interface RepealStatement {
  /** The title as written, without its 《》 (inner marks kept): `中华人民共和国民事诉讼法（试行）`. */
  title: string;
  /** The sentence that says it, up to and including the marker. */
  sentence: string;
}

/** Top-level 《…》 titles of a span, with the text that follows each up to the next title. */
function topLevelTitles(span: string): Array<{ title: string; after: string }> {
  const found: Array<{ title: string; start: number; end: number }> = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < span.length; i++) {
    const ch = span[i];
    if (ch === '《') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '》' && depth > 0) {
      depth--;
      if (depth === 0) found.push({ title: span.slice(start + 1, i), start, end: i + 1 });
    }
  }
  return found.map((t, k) => ({ title: t.title, after: span.slice(t.end, found[k + 1]?.start ?? span.length) }));
}

/** Every title a text repeals, in order, each once. */
export function findRepeals(text: string): RepealStatement[] {
  const out: RepealStatement[] = [];
  const seen = new Set<string>();
  for (const marker of REPEAL_MARKERS) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
      let from = at;
      while (from > 0 && !SENTENCE_BREAK.test(text[from - 1] as string)) from--;
      const span = text.slice(from, at);
      const sentence = text.slice(from, at + marker.length);
      for (const { title, after } of topLevelTitles(span)) {
        if (CITED_AS_BASIS.test(after.trim()) || /^关于修改/u.test(title)) continue;
        if (seen.has(title)) continue;
        seen.add(title);
        out.push({ title, sentence });
      }
    }
  }
  return out;
}
