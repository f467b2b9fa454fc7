/**
 * jieba's TF-IDF keyword weights, computed from words already cut. cppjieba's extractor cuts the text
 * itself, so asking it for keywords after tokenising cut every clause twice: at indexing time that second cut
 * was a third of the work of making a large corpus keyword-searchable. The weights are cppjieba's
 * (KeywordExtractor.hpp): a word's count times its IDF, or the table's average IDF for a word it lacks; words
 * of one character and stop words are skipped.
 */
import { readFileSync } from 'node:fs';

export interface IdfTable {
  idf: ReadonlyMap<string, number>;
  /** What a word missing from the table weighs: the mean over the file's lines (cppjieba counts every line). */
  average: number;
  stopWords: ReadonlySet<string>;
}

/** Reads jieba's `idf.utf8` (`word idf` per line) and stop-word list (a word per line), as cppjieba does. */
export function readIdfTable(idfFile: string, stopWordsFile: string): IdfTable {
  const idf = new Map<string, number>();
  let sum = 0;
  let lines = 0;
  const text = readFileSync(idfFile, 'utf8');
  // getline's lines: a final newline ends the last line rather than starting an empty one.
  const fileLines = (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  for (const line of fileLines) {
    lines++;
    const fields = line.split(' ');
    if (fields.length !== 2) continue;
    const value = Number.parseFloat(fields[1] as string);
    idf.set(fields[0] as string, value);
    sum += value;
  }
  const stopWords = new Set(readFileSync(stopWordsFile, 'utf8').split('\n'));
  return { idf, average: sum / lines, stopWords };
}

export interface WeightedWord {
  word: string;
  weight: number;
}

/** Every candidate keyword of a cut text with its TF-IDF weight, in no particular order. */
export function tfidfWeights(words: readonly string[], table: IdfTable): WeightedWord[] {
  const counts = new Map<string, number>();
  for (const word of words) {
    // One character: cppjieba's IsSingleWord counts code points, not UTF-16 units.
    if (word.length === 1 || (word.length === 2 && word.codePointAt(0)! > 0xffff) || table.stopWords.has(word)) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].map(([word, count]) => ({ word, weight: count * (table.idf.get(word) ?? table.average) }));
}
