/**
 * What a user's query means, independent of any engine: words and quoted phrases that must each occur in a
 * clause, and the FTS5 strings that ask SQLite for them safely.
 *
 * The query language is deliberately tiny. Whitespace separates terms, every term must occur (AND), and a
 * quoted phrase `"…"` (or `“…”`) is matched exactly, spaces and punctuation included. Nothing else is
 * syntax: `OR`, `NOT`, `NEAR(`, `*`, `-`, `:` are ordinary text. User text reaches FTS5 only as quoted
 * string literals and reaches SQL only as bound parameters.
 */

/** One thing the user asked to find. */
export interface QueryTerm {
  /** The text that must occur in a clause, as a substring. */
  text: string;
  /** True when the user quoted it: kept verbatim instead of being trimmed of edge punctuation. */
  phrase: boolean;
}

/** More terms than this are ignored: each one costs an index lookup, and no real question needs more. */
export const MAX_QUERY_TERMS = 16;

/** Closing quote(s) accepted for each opening quote. Chinese input methods type “…”, keyboards type "…". */
const CLOSING_QUOTES: Record<string, string> = { '"': '"”', '“': '”"' };

/** Punctuation and symbols at the edges of an unquoted word are typing noise (`知识产权质押，`, `(a`, `-b`). */
const EDGE_NOISE = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
const WHITESPACE = /\s+/u;
/** Control characters (NUL included) never belong in a search and must not reach FTS5. */
const CONTROL = /\p{Cc}/gu;

/**
 * Parses a query into terms, in the order typed, without duplicates, at most {@link MAX_QUERY_TERMS}.
 * An unbalanced quote is treated as a space, so `"知识产权` searches for `知识产权`.
 */
export function parseQuery(q: string): QueryTerm[] {
  const input = q.replace(CONTROL, ' ');
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  const add = (text: string, phrase: boolean): void => {
    if (text === '' || seen.has(text) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(text);
    terms.push({ text, phrase });
  };
  const addWords = (chunk: string): void => {
    for (const word of chunk.split(WHITESPACE)) add(word.replace(EDGE_NOISE, ''), false);
  };

  let plain = '';
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    const closers = CLOSING_QUOTES[ch];
    const close = closers === undefined ? -1 : indexOfAny(input, closers, i + 1);
    if (close === -1) {
      plain += closers === undefined ? ch : ' ';
      i += 1;
      continue;
    }
    addWords(plain);
    plain = '';
    add(input.slice(i + 1, close).trim(), true);
    i = close + 1;
  }
  addWords(plain);
  return terms;
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i] as string)) return i;
  return -1;
}

/** Length in Unicode code points, the unit FTS5's trigram tokenizer counts in. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** An FTS5 string literal: the text in double quotes with inner quotes doubled. FTS5 reads it as one phrase. */
export function ftsString(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** An FTS5 query requiring every item (each as a quoted phrase); null when there is nothing to require. */
export function ftsAllOf(items: readonly string[]): string | null {
  const unique = [...new Set(items)];
  return unique.length === 0 ? null : unique.map(ftsString).join(' AND ');
}

/** FTS5's trigram tokenizer cannot match fewer than three characters. */
export const TRIGRAM_MIN_CHARS = 3;

/** Splits terms into those the trigram index can find and those that need a scan of the text. */
export function splitByTrigramReach(terms: readonly QueryTerm[]): { trigram: string[]; short: string[] } {
  const trigram: string[] = [];
  const short: string[] = [];
  for (const t of terms) (codePointLength(t.text) >= TRIGRAM_MIN_CHARS ? trigram : short).push(t.text);
  return { trigram, short };
}

/** A word the unicode61 tokenizer indexes: anything with a letter or a digit (bare punctuation indexes nothing). */
const INDEXABLE = /[\p{L}\p{N}]/u;

/**
 * The ranking query for the word index: every jieba token of every term must occur. Tokens come from the
 * same tokenizer that produced the indexed text, so a term and the clauses containing it agree on words.
 */
export function wordIndexMatch(termTokens: readonly string[][]): string | null {
  return ftsAllOf(wordIndexWords(termTokens));
}

/** The distinct words of {@link wordIndexMatch}'s query, in its order (each one of its phrases). */
export function wordIndexWords(termTokens: readonly string[][]): string[] {
  return [...new Set(termTokens.flat().filter((t) => INDEXABLE.test(t)))];
}

/**
 * Words of a question that say nothing about its topic: asking words and the verbs every policy text uses.
 * Without them, `怎样推动海上风电等海洋新能源发展` ranks by 海上风电, 海洋, 新能源 instead of by 推动 and 发展.
 */
const QUESTION_NOISE = new Set([
  '怎样', '怎么', '如何', '哪些', '有哪些', '什么', '是否', '为什么', '多少', '能否', '可以', '关于', '方面', '相关',
  '推动', '推进', '发展', '加快', '加强', '支持', '促进', '进一步', '提升', '实施', '开展', '建设', '工作', '政策',
]);

/**
 * The ranking query for "clauses about these words": any content word of the query may occur (OR), ranked
 * by bm25, so a question whose whole wording occurs nowhere still finds the clauses that share its topic
 * words. Single characters and question noise are left out; null when no word is left.
 */
export function wordIndexAnyOf(tokens: readonly string[]): string | null {
  const words = contentWords(tokens);
  return words.length === 0 ? null : words.map(ftsString).join(' OR ');
}

/** The query's topic words: distinct tokens of two or more characters that are not question noise. */
export function contentWords(tokens: readonly string[]): string[] {
  return [...new Set(tokens)].filter((t) => INDEXABLE.test(t) && codePointLength(t) >= 2 && !QUESTION_NOISE.has(t));
}

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and the escape character escaped (use `ESCAPE '\'`). */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
