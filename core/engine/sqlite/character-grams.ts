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
 * Whether a character is a token character: the common cases (ASCII letters and digits, the CJK unified
 * block) by code point, everything else by {@link TOKEN_CHAR}. Every clause's every character passes through
 * here at indexing time, where testing a regular expression on each one cost seconds on a large corpus.
 */
function isTokenChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  return TOKEN_CHAR.test(c);
}

/**
 * The distinct unigrams and bigrams of `text` made only of token characters, space-separated: the value
 * written into `clause_grams`. Distinct, because the index records only which clauses hold a gram.
 */
export function characterGrams(text: string): string {
  // Keyed by code points (a pair as one number below 2^42), which a Set compares far faster than strings.
  const seen = new Set<number>();
  const grams: string[] = [];
  let previous = -1; // the last character's code point, when it was a token character
  let previousChar = '';
  for (const c of text.toLowerCase()) {
    if (!isTokenChar(c)) {
      previous = -1;
      continue;
    }
    const code = c.codePointAt(0) as number;
    if (previous >= 0) {
      const pair = previous * 0x110000 + code;
      if (!seen.has(pair)) {
        seen.add(pair);
        grams.push(previousChar + c);
      }
    }
    if (!seen.has(-1 - code)) {
      seen.add(-1 - code);
      grams.push(c);
    }
    previous = code;
    previousChar = c;
  }
  return grams.join(' ');
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
