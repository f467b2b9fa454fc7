/**
 * Merging a partial benchmark run into the record: `npm run bench -- --sizes 1m` measures one corpus, and the
 * record must keep every other section (100k, seeds, parse, live, load, eval) as it was measured. Pure: the
 * caller reads the previous record and writes the result.
 */
import { describeMachine, type MachineInfo } from './machine.js';
import type { BenchRecord } from './report.js';

/** When, how and under which load one section's rows were measured. */
export interface SectionMeasure {
  at: string;
  command: string;
  machine: MachineInfo;
  /** 1-minute load average when the run started and when it ended. */
  loadAverage: { start: number; end: number };
}

const SECTION_PREFIX = 'Rows of ';

/**
 * The note that says when a corpus's rows were measured and how busy the machine was:
 * `Rows of 1m: measured … by \`npm run bench -- --sizes 1m\` on …; 1-minute load average 0.25 → 1.06 (2 cores; …)`.
 */
export function sectionNote(corpus: string, m: SectionMeasure): string {
  return (
    `${SECTION_PREFIX}${corpus}: measured ${m.at} by \`${m.command}\` on ${describeMachine(m.machine)}; ` +
    `1-minute load average ${m.loadAverage.start.toFixed(2)} at the start, ${m.loadAverage.end.toFixed(2)} at the end ` +
    `(${m.machine.cores} cores; above ~0.5 other processes were competing for the CPU).`
  );
}

/** Notes of records written before every section had its own note, and the corpus each speaks for. */
const LEGACY_SECTION_NOTES: ReadonlyArray<readonly [prefix: string, corpus: string]> = [
  ['Parse rows (legislation):', 'legislation'],
  ['Live-corpus rows (legislation, issue 10):', 'legislation (live)'],
];
/** The one load note older full runs wrote for all their corpora at once. */
const LEGACY_LOAD_NOTE = '1-minute load average of the machine:';

/** The corpus a note speaks for, or null for a note about how to read the whole record. */
export function noteSection(note: string): string | null {
  if (note.startsWith(SECTION_PREFIX)) return note.slice(SECTION_PREFIX.length, note.indexOf(': measured'));
  return LEGACY_SECTION_NOTES.find(([prefix]) => note.startsWith(prefix))?.[1] ?? null;
}

/**
 * When the rows of `corpus` in a record were measured (the ISO time its section note names), or null when the
 * record has no such note (records written before section notes).
 */
export function sectionMeasuredAt(notes: readonly string[], corpus: string): string | null {
  const note = notes.find((n) => n.startsWith(SECTION_PREFIX) && noteSection(n) === corpus);
  return note ? (/: measured (\S+) by /.exec(note)?.[1] ?? null) : null;
}

/** The corpus a gap is about: gaps are written `<corpus>/<engine>: …`. */
function gapSection(gap: string): string | null {
  const slash = gap.indexOf('/');
  return slash > 0 ? gap.slice(0, slash) : null;
}

/** `old` with its rows of `corpora` replaced by `fresh`: each corpus's new rows where its old rows began, new corpora at the end. */
function replaceRows<T>(old: readonly T[], fresh: readonly T[], corpora: ReadonlySet<string>, corpusOf: (row: T) => string | null): T[] {
  const out: T[] = [];
  const placed = new Set<string>();
  const place = (corpus: string) => {
    if (placed.has(corpus)) return;
    placed.add(corpus);
    out.push(...fresh.filter((r) => corpusOf(r) === corpus));
  };
  for (const row of old) {
    const corpus = corpusOf(row);
    if (corpus !== null && corpora.has(corpus)) place(corpus);
    else out.push(row);
  }
  for (const corpus of corpora) place(corpus);
  return out;
}

/**
 * The record after a run that measured `corpora`: the run's rows of those corpora (metrics, latency, shapes,
 * gaps) replace the previous rows of the same corpus, in place; every other row, the load runs and the eval
 * scores stay as they were. Each corpus measured gets a note saying when and under which load; the notes of
 * corpora not measured stay. Rows of the run that belong to other corpora (the seeds indexed only as the
 * synthetic corpora's source) are not kept: a section is saved whole or not at all.
 *
 * A previous record from before section notes (one load note for its whole run) has that note carried, as
 * a section note, to each corpus it keeps.
 */
export function mergeRecord(previous: BenchRecord | null, run: BenchRecord, corpora: readonly string[], measure: SectionMeasure): BenchRecord {
  const measured = new Set(corpora);
  const own = <T extends { corpus: string }>(rows: readonly T[]) => rows.filter((r) => measured.has(r.corpus));
  const general = (notes: readonly string[]) => notes.filter((n) => noteSection(n) === null && !n.startsWith(LEGACY_LOAD_NOTE));
  const fresh = {
    metrics: own(run.metrics),
    latency: own(run.latency),
    shapes: own(run.shapes),
    gaps: run.gaps.filter((g) => { const c = gapSection(g); return c !== null && measured.has(c); }),
  };
  const freshNotes = corpora.map((c) => sectionNote(c, measure));
  if (!previous) {
    return { ...run, ...fresh, notes: [...general(run.notes), ...freshNotes] };
  }
  const kept = (c: string) => !measured.has(c);
  const keptNotes = previous.notes.filter((n) => { const c = noteSection(n); return c !== null && kept(c); });
  const noted = new Set(keptNotes.map(noteSection));
  const legacyLoad = previous.notes.find((n) => n.startsWith(LEGACY_LOAD_NOTE));
  const keptCorpora = [
    ...new Set([...previous.metrics, ...previous.latency, ...previous.shapes].map((r) => r.corpus)),
  ].filter((c) => kept(c) && !noted.has(c));
  const carried = keptCorpora.map(
    (c) => `${SECTION_PREFIX}${c}: measured ${previous.generatedAt} by \`${previous.command}\`${legacyLoad ? `; ${legacyLoad}` : ''}`,
  );
  const runGeneral = general(run.notes);
  return {
    ...previous,
    generatedAt: run.generatedAt,
    command: run.command,
    machine: run.machine,
    meilisearch: run.meilisearch,
    notes: [...(runGeneral.length ? runGeneral : general(previous.notes)), ...carried, ...keptNotes, ...freshNotes],
    metrics: replaceRows(previous.metrics, fresh.metrics, measured, (r) => r.corpus),
    latency: replaceRows(previous.latency, fresh.latency, measured, (r) => r.corpus),
    shapes: replaceRows(previous.shapes ?? [], fresh.shapes, measured, (r) => r.corpus),
    gaps: replaceRows(previous.gaps, fresh.gaps, measured, gapSection),
  };
}
