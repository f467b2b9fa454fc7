/**
 * Chinese word segmentation with nodejieba plus our policy-term dictionary. The same `tokenize` runs over
 * clauses at index time and over queries at search time, so both sides agree on what a word is.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import type { Tokenizer } from '../types.js';
import { type IdfTable, readIdfTable, tfidfWeights } from './tfidf.js';

/** The policy-term user dictionary kept in the repository. */
export const POLICY_TERMS_FILE = fileURLToPath(new URL('./policy-terms.txt', import.meta.url));

/** One usable line of a jieba user dictionary. */
export interface UserDictEntry {
  word: string;
  /** The line as jieba should read it (`word`, `word tag` or `word freq tag`). */
  line: string;
}

/**
 * Parses a jieba user dictionary, skipping blank lines and `#` comments (jieba itself would take a comment
 * for a word). Throws on a malformed line, naming it: cppjieba aborts the whole process on some of them.
 */
export function parseUserDict(text: string, source = 'user dictionary'): UserDictEntry[] {
  const entries: UserDictEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    const [word, second] = fields;
    const valid = fields.length <= 2 || (fields.length === 3 && /^\d+$/.test(second!));
    if (!valid) {
      throw new Error(`${source}:${index + 1}: "${line}" is not \`word\`, \`word tag\` or \`word freq tag\``);
    }
    entries.push({ word: word!, line: fields.join(' ') });
  });
  return entries;
}

/** The words of the policy-term list (for Meilisearch's `dictionary` setting, so both engines agree). */
export function readPolicyTerms(file: string = POLICY_TERMS_FILE): string[] {
  return parseUserDict(readFileSync(file, 'utf8'), file).map((entry) => entry.word);
}

/** nodejieba keeps one dictionary per process (a global C++ handle); this remembers which one. */
let loadedDict: { key: string; file: string } | null = null;

function loadDictionary(userDictPath: string): void {
  const entries = parseUserDict(readFileSync(userDictPath, 'utf8'), userDictPath);
  const clean = entries.map((entry) => entry.line).join('\n') + '\n';
  const key = createHash('sha256').update(clean).digest('hex');
  if (loadedDict?.key === key) return;
  if (loadedDict) {
    throw new Error(
      `jieba already has the user dictionary ${loadedDict.file} loaded; nodejieba holds one dictionary per ` +
        `process, so ${userDictPath} cannot be loaded next to it. Create one tokenizer and share it.`,
    );
  }
  // cppjieba reads the file itself and cannot skip comments: hand it a clean copy, named by content.
  const cleanFile = path.join(os.tmpdir(), `tiaowen-jieba-${key.slice(0, 16)}.dict`);
  const partial = `${cleanFile}.${process.pid}`;
  writeFileSync(partial, clean);
  renameSync(partial, cleanFile);
  // Replaces jieba's own four-word sample user dictionary (its useful words, 云计算 and 区块链, are in ours).
  nodejieba.load({ userDict: cleanFile });
  loadedDict = { key, file: userDictPath };
}

/** Letters and digits only: jieba hands these out one character at a time in some contexts (5G → 5/G). */
const ASCII_WORD = /^[a-z0-9.]+$/;
/** Tokens made only of punctuation, symbols, spaces or control characters carry nothing searchable. */
const NOISE = /^[\p{P}\p{S}\p{Z}\p{C}]+$/u;
const NUMBER = /^[\d.,%]+$/;
/**
 * `（责任单位：市科技创新委、市发展改革委）` names who acts, not what the clause is about; left in, the
 * bodies' names outrank the topic in nearly every clause's keywords.
 */
const RESPONSIBILITY_NOTE = /[（(]\s*(?:责任单位|牵头单位|配合单位|责任部门)\s*[:：][^（）()]*[）)]/g;
/** Verbs and fillers every policy clause uses; jieba's stop list lacks them, and as keywords they say nothing. */
const GENERIC_WORDS = new Set(
  '达到 加快 推进 推动 支持 加强 加大 实施 开展 进一步 积极 完善 建立 提升 提高 促进 鼓励 力争 实现 形成 发展 建设 工作 相关 有关 以上 方面'.split(' '),
);

/** Joins neighbouring latin/digit pieces (jieba's cut is a partition, so neighbours are adjacent in the text). */
function mergeAsciiRuns(words: readonly string[]): string[] {
  const merged: string[] = [];
  for (const word of words) {
    const last = merged.length - 1;
    if (last >= 0 && ASCII_WORD.test(word) && ASCII_WORD.test(merged[last]!)) merged[last] += word;
    else merged.push(word);
  }
  return merged;
}

export interface JiebaTokenizerOptions {
  /** A jieba user dictionary; defaults to {@link POLICY_TERMS_FILE}. */
  userDictPath?: string;
}

/**
 * A {@link Tokenizer} on nodejieba with the policy-term dictionary loaded (once per process; asking for a
 * different dictionary in the same process throws).
 *
 * `tokenize`: NFKC (full-width letters and digits become ASCII), lower-cased, segmented with jieba's HMM on,
 * then search mode: every word of 3+ characters is preceded by the dictionary words inside it, so
 * `知识产权质押` yields 知识, 知识产权, 产权, 质押, 知识产权质押. jieba's own `cutForSearch` only adds 2- and
 * 3-character sub-words, which would lose 知识产权. Punctuation and whitespace are dropped.
 *
 * `keywords`: jieba TF-IDF, without pure numbers (years and amounts say nothing about the topic), generic
 * policy verbs, and responsibility notes.
 */
export function createJiebaTokenizer(options: JiebaTokenizerOptions = {}): Tokenizer {
  const userDictPath = path.resolve(options.userDictPath ?? POLICY_TERMS_FILE);
  loadDictionary(userDictPath);
  const jiebaFiles = nodejieba as unknown as { DEFAULT_IDF_DICT: string; DEFAULT_STOP_WORD_DICT: string };
  let idfTable: IdfTable | null = null;
  const idf = () => (idfTable ??= readIdfTable(jiebaFiles.DEFAULT_IDF_DICT, jiebaFiles.DEFAULT_STOP_WORD_DICT));
  /**
   * The dictionary words inside each long word. Clauses repeat the same long words over and over (a corpus of
   * 150,000 clauses has about 11,000 distinct ones among 1.3 million), so each is cut once; bounded, since
   * querying also passes through here.
   */
  const innerWords = new Map<string, readonly string[]>();
  const INNER_WORDS_MAX = 200_000;

  function inner(word: string): readonly string[] {
    let found = innerWords.get(word);
    if (found === undefined) {
      found = [...new Set(nodejieba.cutAll(word).filter((w) => w.length >= 2 && w !== word && !NOISE.test(w)))];
      if (innerWords.size >= INNER_WORDS_MAX) innerWords.clear();
      innerWords.set(word, found);
    }
    return found;
  }

  /** Search-mode tokens of jieba's cut of a normalised, lower-cased text. */
  function tokensOf(words: readonly string[]): string[] {
    const tokens: string[] = [];
    for (const raw of mergeAsciiRuns(words)) {
      const word = ASCII_WORD.test(raw) ? raw.replace(/^\.+|\.+$/g, '') : raw.trim();
      if (word === '' || NOISE.test(word)) continue;
      if (word.length >= 3 && !ASCII_WORD.test(word)) tokens.push(...inner(word));
      tokens.push(word);
    }
    return tokens;
  }

  /** The best `topN` keywords of jieba's cut of `source` (NFKC, case kept, responsibility notes removed). */
  function keywordsOf(words: readonly string[], source: string, topN: number): string[] {
    const firstSeen = new Map<string, number>();
    const at = (word: string) => {
      let index = firstSeen.get(word);
      if (index === undefined) firstSeen.set(word, (index = source.indexOf(word)));
      return index;
    };
    // Words missing from jieba's IDF table all get the same weight; ties go to the first occurrence, then to
    // the shorter of two words starting there (养犬 before 养犬人), so the order never depends on a hash map.
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const candidates = tfidfWeights(words, idf()).sort((a, b) => b.weight - a.weight || at(a.word) - at(b.word) || byText(a.word, b.word));
    const seen = new Set<string>();
    const result: string[] = [];
    for (const { word } of candidates) {
      const key = word.toLowerCase();
      if (word.length < 2 || NUMBER.test(word) || NOISE.test(word) || GENERIC_WORDS.has(word) || seen.has(key)) continue;
      seen.add(key);
      result.push(word);
      if (result.length === topN) break;
    }
    return result;
  }

  const keywordSource = (normalised: string) => normalised.replace(RESPONSIBILITY_NOTE, ' ');

  function analyse(text: string, topN = 5): { tokens: string[]; keywords: string[] } {
    const normalised = text.normalize('NFKC');
    const lowered = normalised.toLowerCase();
    const source = keywordSource(normalised);
    // Most clauses have no capital letters and no responsibility note: then one cut serves both.
    const words = nodejieba.cut(lowered, true);
    const keywordWords = source === lowered ? words : nodejieba.cut(source, true);
    return { tokens: tokensOf(words), keywords: keywordsOf(keywordWords, source, topN) };
  }

  return {
    recipe: { kind: 'jieba', userDictPath },
    tokenize: (text) => tokensOf(nodejieba.cut(text.normalize('NFKC').toLowerCase(), true)),
    keywords(text, topN = 5) {
      const source = keywordSource(text.normalize('NFKC'));
      return keywordsOf(nodejieba.cut(source, true), source, topN);
    },
    analyse,
  };
}
