/**
 * `npm run bench -- --sizes 1m` (or any subset) updates the record in place: the corpora it measured get
 * their new rows, every other section stays exactly as it was measured, with its note.
 */
import { describe, expect, it } from 'vitest';
import { mergeRecord, noteSection, sectionMeasuredAt } from './bench/merge.js';
import type { SectionMeasure } from './bench/merge.js';
import { emptyRecord, readRecord, renderMarkdown } from './bench/report.js';
import type { BenchRecord, LatencyRow, ScalarMetric, ShapeRow } from './bench/report.js';

const machine = { cpu: 'AMD EPYC', cores: 2, ramGiB: 23.5, node: 'v20.20.2', os: 'Linux 6.18 x64', vectorFeatures: ['avx2' as const] };
const metric = (corpus: string, name: string, value: number): ScalarMetric => ({ corpus, engine: 'sqlite', name, value, unit: 's' });
const summary = (p95: number) => ({ count: 40, min: 1, mean: p95 / 2, p50: p95 / 2, p95, p99: p95, max: p95 });
const latency = (corpus: string, mode: string, p95: number): LatencyRow => ({ corpus, engine: 'sqlite', mode, latency: summary(p95), floor: null, floorName: null });
const shape = (corpus: string, p50: number): ShapeRow => ({ corpus, engine: 'sqlite', mode: 'keyword', cells: { common: { count: 5, p50, max: p50 * 2 } } });

const LEGACY_LOAD = '1-minute load average of the machine: 8.25 when the run started, 2.17 when it ended (2 cores; above ~0.5 other processes were competing for the CPU).';
const PARSE_NOTE = 'Parse rows (legislation): measured 2026-12-02T08:23:05.145Z by `npm run bench -- --sizes parse`, one thread, 1-minute load average 5.45 at the end.';
const LIVE_NOTE = 'Live-corpus rows (legislation, issue 10): measured 2026-12-02T14:31:50.317Z by `npm run bench -- --sizes live` on AMD EPYC.';

/** A record as the full run of 2026-12-02 left it: seeds, 100k, 1m, then parse and live rows, one load note. */
function fullRecord(): BenchRecord {
  return {
    ...emptyRecord('npm run bench -- --sizes seeds,100k,1m'),
    generatedAt: '2026-12-02T14:12:52.325Z',
    machine,
    notes: ['Latency is server-side.', LEGACY_LOAD, PARSE_NOTE, LIVE_NOTE],
    metrics: [
      metric('seeds', 'cold start to first answer', 7.35),
      metric('seeds', 'database size', 2.31),
      metric('100k', 'engine ingest (replaceAll)', 3078),
      metric('1m', 'engine ingest (replaceAll)', 3081),
      metric('legislation', 'parse all texts', 8.5),
      metric('legislation (live)', 'empty index → keyword-searchable', 153),
    ],
    latency: [latency('seeds', 'keyword', 0.4), latency('100k', 'keyword', 18.6), latency('1m', 'keyword', 164), latency('1m', 'hybrid', 324)],
    shapes: [shape('seeds', 0.2), shape('100k', 4.6), shape('1m', 28)],
    gaps: ['seeds/sqlite: cold start (npm start → first answer) not measured: no answer within 60 s', '1m/sqlite: keyword "人才" returned a total of 3 clauses, but 4 contain it'],
    load: [{ at: '2026-12-02T16:00:00Z', url: 'http://127.0.0.1:3000', setup: 'seeds', connections: 50, durationS: 30, requests: 9360, requestsPerSecond: 312, latencyMs: { p50: 145, p95: 216, p99: 260, max: 400 }, errors: 0, timeouts: 0, non2xx: 0 }],
    eval: { off: { at: '2026-12-02T12:00:00Z', url: 'http://127.0.0.1:3000', queryInstruction: 'off', judgedQueries: 123, modes: {} } },
  };
}

const measure = (at: string, command: string, start: number, end: number): SectionMeasure => ({ at, command, machine, loadAverage: { start, end } });

/** What `npm run bench -- --sizes seeds --quick` measures: the seeds rows and nothing else. */
function seedsRun(): BenchRecord {
  return {
    ...emptyRecord('npm run bench -- --sizes seeds --quick'),
    generatedAt: '2026-12-02T19:00:00.000Z',
    machine,
    notes: ['Latency is server-side.'],
    metrics: [metric('seeds', 'cold start to first answer', 1.4), metric('seeds', 'database size', 2.3)],
    latency: [latency('seeds', 'keyword', 0.35), latency('seeds', 'hybrid', 3.1)],
    shapes: [shape('seeds', 0.15)],
    gaps: [],
  };
}

const others = (rows: readonly { corpus: string }[], corpus: string) => rows.filter((r) => r.corpus !== corpus);

describe('a partial benchmark run updates only the corpora it measured', () => {
  const previous = fullRecord();
  const merged = mergeRecord(previous, seedsRun(), ['seeds'], measure('2026-12-02T19:00:00.000Z', 'npm run bench -- --sizes seeds --quick', 0.3, 1.2));

  it('`--sizes seeds` replaces the seeds rows and keeps every 100k, 1m, parse and live row as it was', () => {
    expect(merged.metrics.filter((m) => m.corpus === 'seeds').map((m) => m.value)).toEqual([1.4, 2.3]);
    expect(merged.latency.filter((r) => r.corpus === 'seeds').map((r) => r.mode)).toEqual(['keyword', 'hybrid']);
    expect(merged.shapes.filter((r) => r.corpus === 'seeds').map((r) => r.cells.common?.p50)).toEqual([0.15]);
    expect(others(merged.metrics, 'seeds')).toEqual(others(previous.metrics, 'seeds'));
    expect(others(merged.latency, 'seeds')).toEqual(others(previous.latency, 'seeds'));
    expect(others(merged.shapes, 'seeds')).toEqual(others(previous.shapes, 'seeds'));
  });

  it('puts the new rows where the corpus’s old rows were, so the tables keep their order', () => {
    expect(merged.metrics.map((m) => m.corpus)).toEqual(['seeds', 'seeds', '100k', '1m', 'legislation', 'legislation (live)']);
    expect(merged.latency.map((r) => `${r.corpus} ${r.mode}`)).toEqual(['seeds keyword', 'seeds hybrid', '100k keyword', '1m keyword', '1m hybrid']);
  });

  it('drops the seeds gap the new run no longer has and keeps the 1m gap', () => {
    expect(merged.gaps).toEqual(['1m/sqlite: keyword "人才" returned a total of 3 clauses, but 4 contain it']);
  });

  it('keeps the load runs and the relevance scores', () => {
    expect(merged.load).toEqual(previous.load);
    expect(merged.eval).toEqual(previous.eval);
  });

  it('says when each corpus was measured and under which load: the new seeds run, the old full run, parse and live', () => {
    expect(merged.notes.map(noteSection)).toEqual([null, '100k', '1m', 'legislation', 'legislation (live)', 'seeds']);
    expect(merged.notes[0]).toBe('Latency is server-side.');
    expect(merged.notes[1]).toBe(`Rows of 100k: measured 2026-12-02T14:12:52.325Z by \`npm run bench -- --sizes seeds,100k,1m\`; ${LEGACY_LOAD}`);
    expect(merged.notes.slice(3, 5)).toEqual([PARSE_NOTE, LIVE_NOTE]);
    expect(merged.notes[5]).toMatch(/^Rows of seeds: measured 2026-12-02T19:00:00.000Z by `npm run bench -- --sizes seeds --quick` on AMD EPYC, 2 cores.*1-minute load average 0.30 at the start, 1.20 at the end/u);
    expect(merged.notes.filter((n) => n.startsWith('1-minute load average of the machine'))).toEqual([]);
  });

  it('a later `--sizes 1m` run replaces only the 1m rows and note; the seeds rows it indexed as a by-product are not saved', () => {
    const oneM: BenchRecord = {
      ...emptyRecord('npm run bench -- --sizes 1m'),
      generatedAt: '2026-12-02T20:00:00.000Z',
      notes: ['Latency is server-side.'],
      metrics: [metric('seeds', 'database size', 9.99), metric('1m', 'engine ingest (replaceAll)', 3500)],
      latency: [latency('1m', 'keyword', 155)],
      shapes: [shape('1m', 26)],
      gaps: [],
    };
    const again = mergeRecord(merged, oneM, ['1m'], measure('2026-12-02T20:00:00.000Z', 'npm run bench -- --sizes 1m', 0.25, 1.06));
    expect(again.metrics.map((m) => `${m.corpus} ${m.value}`)).toEqual(['seeds 1.4', 'seeds 2.3', '100k 3078', '1m 3500', 'legislation 8.5', 'legislation (live) 153']);
    expect(again.latency.map((r) => `${r.corpus} ${r.mode} ${r.latency.p95}`)).toEqual(['seeds keyword 0.35', 'seeds hybrid 3.1', '100k keyword 18.6', '1m keyword 155']);
    expect(again.gaps).toEqual([]);
    expect(again.notes.map(noteSection)).toEqual([null, '100k', 'legislation', 'legislation (live)', 'seeds', '1m']);
    expect(again.notes.find((n) => noteSection(n) === 'seeds')).toBe(merged.notes[5]);
    expect(again.notes.find((n) => noteSection(n) === '1m')).toContain('load average 0.25 at the start, 1.06 at the end');
  });

  it('a `--sizes parse` run replaces the parse rows and its note, nothing else', () => {
    const parse: BenchRecord = { ...emptyRecord('npm run bench -- --sizes parse'), metrics: [metric('legislation', 'parse all texts', 7.9)] };
    const after = mergeRecord(previous, parse, ['legislation'], measure('2026-12-02T21:00:00.000Z', 'npm run bench -- --sizes parse', 0.5, 0.9));
    expect(after.metrics.map((m) => `${m.corpus} ${m.value}`)).toEqual(['seeds 7.35', 'seeds 2.31', '100k 3078', '1m 3081', 'legislation 7.9', 'legislation (live) 153']);
    expect(after.latency).toEqual(previous.latency);
    expect(after.notes[0]).toBe('Latency is server-side.'); // a run without notes of its own keeps the old ones
    expect(after.notes.filter((n) => n.startsWith('Parse rows'))).toEqual([]);
    expect(after.notes.filter((n) => noteSection(n) === 'legislation')).toHaveLength(1);
  });

  it('with no record yet the run is the record, with its section note', () => {
    const first = mergeRecord(null, seedsRun(), ['seeds'], measure('2026-12-02T19:00:00.000Z', 'npm run bench -- --sizes seeds', 0.1, 0.2));
    expect(first.metrics).toEqual(seedsRun().metrics);
    expect(first.notes.map(noteSection)).toEqual([null, 'seeds']);
  });

  it('the committed record keeps every row of the other corpora when the seeds are re-measured', async () => {
    const record = await readRecord();
    expect(record).not.toBeNull();
    const committed = record as BenchRecord;
    const after = mergeRecord(committed, seedsRun(), ['seeds'], measure('2026-12-02T19:00:00.000Z', 'npm run bench -- --sizes seeds', 0.1, 0.2));
    expect(others(after.metrics, 'seeds')).toEqual(others(committed.metrics, 'seeds'));
    expect(others(after.latency, 'seeds')).toEqual(others(committed.latency, 'seeds'));
    expect(others(after.shapes, 'seeds')).toEqual(others(committed.shapes, 'seeds'));
    const corpora = new Set([...committed.metrics, ...committed.latency].map((r) => r.corpus));
    expect(new Set(after.notes.map(noteSection).filter((c) => c !== null))).toEqual(corpora);
    expect(renderMarkdown(after)).toContain('| 1m | sqlite | keyword |');
  });

  it('a reused index carries its ingest figures with the date of the run that measured its corpus, not of the last run', () => {
    const oneM = mergeRecord(previous, { ...emptyRecord('npm run bench -- --sizes 1m'), metrics: [metric('1m', 'engine ingest (replaceAll)', 1771)] }, ['1m'], measure('2026-12-02T21:00:00.000Z', 'npm run bench -- --sizes 1m', 0.5, 0.9));
    const later = mergeRecord(oneM, seedsRun(), ['seeds'], measure('2026-12-07T02:00:00.000Z', 'npm run bench -- --sizes seeds', 0.1, 0.2));
    expect(sectionMeasuredAt(later.notes, '1m')).toBe('2026-12-02T21:00:00.000Z');
    expect(sectionMeasuredAt(later.notes, 'seeds')).toBe('2026-12-07T02:00:00.000Z');
    expect(sectionMeasuredAt(later.notes, '100k')).toBe('2026-12-02T14:12:52.325Z'); // the full run's note, carried per corpus
  });
});
