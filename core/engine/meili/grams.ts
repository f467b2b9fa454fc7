/**
 * Substring search on Meilisearch, which only matches whole words.
 *
 * Chinese has no spaces, so "words" are whatever the segmenter decides: 水处理 is not a word of 废水处理
 * (废水 + 处理), and a keyword search for it would find nothing, while the embedded engine's promise is
 * that a keyword search returns every clause containing the term. So each clause also carries its
 * character bigrams as words: `grams` holds one token per position (characters i and i+1), in order, and
 * `chars` one token per character. A term of n ≥ 2 characters is then the phrase of its n − 1 bigrams,
 * which occurs at consecutive positions of `grams` exactly where the term occurs in the text; a
 * one-character term is a one-word phrase on `chars`.
 *
 * Each character is written as its code point in seven decimal digits (0x10FFFF = 1114111), so a token is
 * a run of digits: Meilisearch's tokenizer keeps it whole and detects no language in it. (Latin letters
 * would risk language-specific segmentation, such as German compound splitting, applied differently to
 * the field and to the query.) Text is lower-cased first, as the embedded engine's trigram index ignores case.
 */

/** Digits per encoded code point. */
const DIGITS_PER_CHAR = 7;

/** One code point as seven decimal digits. */
export function encodeCodePoint(codePoint: number): string {
  return String(codePoint).padStart(DIGITS_PER_CHAR, '0');
}

/** The code points of a text as the index sees them: lower-cased. */
function codePoints(text: string): number[] {
  return Array.from(text.toLowerCase(), (ch) => ch.codePointAt(0) as number);
}

/** One token per character. */
export function unigramTokens(text: string): string[] {
  return codePoints(text).map(encodeCodePoint);
}

/** One token per pair of neighbouring characters, in text order. */
export function bigramTokens(text: string): string[] {
  const cps = codePoints(text);
  const tokens: string[] = [];
  for (let i = 0; i + 1 < cps.length; i++) tokens.push(encodeCodePoint(cps[i] as number) + encodeCodePoint(cps[i + 1] as number));
  return tokens;
}

/** The `grams` field of a clause. */
export function gramsField(text: string): string {
  return bigramTokens(text).join(' ');
}

/** The `chars` field of a clause. */
export function charsField(text: string): string {
  return unigramTokens(text).join(' ');
}

/** The Meilisearch phrase that matches exactly the clauses containing `term` (null for an empty term). */
export function termPhrase(term: string): string | null {
  const length = codePoints(term).length;
  if (length === 0) return null;
  return `"${(length === 1 ? unigramTokens(term) : bigramTokens(term)).join(' ')}"`;
}
