/**
 * The short-term index: every single character and every pair of adjacent characters of a clause, written as
 * space-separated tokens into an FTS5 table (`clause_grams`). A term of one or two characters (`园`, `专利`,
 * `5G`) is then one token lookup, exact by construction, where the trigram index cannot help (it needs three)
 * and a LIKE scan would read every clause's text.
 *
 * Only grams made of letters and digits are written, because those are exactly the strings FTS5's unicode61
 * tokenizer keeps as one token; a short term with punctuation or spaces in it (`"，"`) is checked with LIKE
 * instead (see keyword-search.ts). Text is lower-cased first, as the trigram index folds case, so `5g` and
 * `5G` find the same clauses whichever index serves the term.
 */

/** A character the unicode61 tokenizer treats as part of a token (categories L* and N*). */
const TOKEN_CHAR = /^[\p{L}\p{N}]$/u;

/** Terms of at most this many characters are looked up in the gram index. */
export const GRAM_MAX_CHARS = 2;

/**
 * The distinct unigrams and bigrams of `text` made only of token characters, space-separated: the value
 * written into `clause_grams`. Distinct, because the index records only which clauses hold a gram.
 */
export function characterGrams(text: string): string {
  const chars = Array.from(text.toLowerCase());
  const grams = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (!TOKEN_CHAR.test(c)) continue;
    grams.add(c);
    const next = chars[i + 1];
    if (next !== undefined && TOKEN_CHAR.test(next)) grams.add(c + next);
  }
  return [...grams].join(' ');
}

/**
 * The gram token that finds `term` (one or two characters), or null when the gram index cannot: the term has
 * a character that is not a letter or digit, or is longer than a bigram.
 */
export function gramToken(term: string): string | null {
  const chars = Array.from(term.toLowerCase());
  if (chars.length === 0 || chars.length > GRAM_MAX_CHARS || !chars.every((c) => TOKEN_CHAR.test(c))) return null;
  return chars.join('');
}
