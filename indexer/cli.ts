/**
 * `npm run index [-- --json]`: indexes SEEDS_DIR into the configured engine and prints a report.
 * Exit codes: 0 when at least one document was indexed, 1 when nothing was indexed or the store
 * could not be written, 2 for bad configuration or arguments.
 */
import cliProgress from 'cli-progress';
import pino from 'pino';
import { loadConfigOrExit } from '../core/config.js';
import { openRuntime } from '../core/runtime.js';
import { type ProgressEvent, readSeeds, runIndex } from './pipeline.js';
import { parseOptions } from './command-line.js';
import { formatReport } from './report.js';

const USAGE = `Usage: npm run index [-- --json]

Indexes every .txt, .md, .html, .htm, .docx and .pdf file in SEEDS_DIR into the configured engine (ENGINE, default sqlite).
  --json   print the report as JSON on stdout
  --help   show this help`;

/** A real bar on a terminal; one plain line per phase change in CI logs. */
function progressReporter(interactive: boolean): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  if (!interactive) {
    let lastPhase = '';
    let lastTenth = -1;
    return {
      onProgress(e) {
        if (e.phase === 'write') return void process.stderr.write(`writing ${e.documents} documents, ${e.clauses} clauses\n`);
        const tenth = e.total ? Math.floor((e.done / e.total) * 10) : 10;
        if (e.phase !== lastPhase || tenth !== lastTenth) {
          process.stderr.write(`${e.phase}: ${e.done}/${e.total}\n`);
          lastPhase = e.phase;
          lastTenth = tenth;
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total} {detail}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    onProgress(e) {
      if (e.phase === 'write') return void bar.update({ phase: 'write', detail: `${e.clauses} clauses` });
      if (e.phase !== phase) {
        if (phase) bar.stop();
        phase = e.phase;
        bar.start(e.total, e.done, { phase: e.phase.padEnd(5), detail: '' });
      }
      bar.update(e.done, { detail: e.phase === 'parse' ? e.file : '' });
    },
    stop: () => bar.stop(),
  };
}

async function main(): Promise<number> {
  const args = parseOptions({ json: { type: 'boolean' } }, USAGE);
  if ('exitCode' in args) return args.exitCode;
  const config = loadConfigOrExit(process.env);
  const log = pino({ level: config.logLevel, base: { component: 'indexer' } }, pino.destination(2));
  const runtime = await openRuntime(config, { role: 'admin', log });
  const progress = progressReporter(Boolean(process.stderr.isTTY) && !args.values.json);
  try {
    const files = await readSeeds(config.seedsDir);
    const report = await runIndex(files, config.seedsDir, { ...runtime, onProgress: progress.onProgress });
    progress.stop();
    process.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    progress.stop();
    await runtime.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Indexing failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
