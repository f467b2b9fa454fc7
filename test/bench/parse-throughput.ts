/**
 * Parser throughput on the 3,335 real legislation texts of ../shared/legislation (issue 9: all of them in
 * ≤ 30 s on 2 cores). The files are read first; only `parseDocument` is timed, one thread, as the indexer
 * parses.
 */
import { parseDocument } from '../../indexer/parse/parse-document.js';
import { legislationDir, legislationFiles, readLegislation } from '../utils/legislation.js';
import type { ScalarMetric } from './report.js';

/** All of the collection parses within this many seconds (issue 9). */
export const PARSE_TARGET_S = 30;

export interface ParseThroughput {
  documents: number;
  articles: number;
  clauses: number;
  warnings: number;
  megabytes: number;
  seconds: number;
}

/** Parses every text once and times it. Throws (with where it looked) when the collection is missing. */
export function measureParse(): ParseThroughput {
  const dir = legislationDir();
  const texts = legislationFiles(dir).map((rel) => readLegislation(rel, dir));
  const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0) / 1e6;
  let articles = 0;
  let clauses = 0;
  let warnings = 0;
  const started = performance.now();
  for (const { text, fileName } of texts) {
    const parsed = parseDocument(text, fileName);
    clauses += parsed.clauses.length;
    articles += parsed.clauses.filter((c) => c.kind === 'article').length;
    warnings += parsed.warnings.length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { documents: texts.length, articles, clauses, warnings, megabytes, seconds };
}

/** The benchmark rows of a measurement, each next to its target. */
export function parseMetrics(m: ParseThroughput): ScalarMetric[] {
  const row = { corpus: 'legislation', engine: '—' };
  return [
    {
      ...row,
      name: 'parse all texts',
      value: m.seconds,
      unit: 's',
      target: { op: '<=', value: PARSE_TARGET_S },
      note: `${m.documents} documents, ${m.articles} articles, ${m.clauses} clauses, ${m.warnings} warnings`,
    },
    { ...row, name: 'parse throughput', value: m.documents / m.seconds, unit: 'documents/s' },
    { ...row, name: 'parse throughput (UTF-8 source)', value: m.megabytes / m.seconds, unit: 'MB/s', note: `${m.megabytes.toFixed(1)} MB` },
  ];
}
