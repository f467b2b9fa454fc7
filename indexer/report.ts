import { SOURCE_EXTENSIONS } from './formats/read-source.js';
import type { FileReport, IndexReport } from './pipeline.js';

const STATUS_LABEL: Record<FileReport['status'], string> = {
  indexed: 'indexed',
  unchanged: 'unchanged',
  removed: 'removed',
  'kept-previous': 'KEPT PREVIOUS VERSION',
  failed: 'FAILED',
};

/** The index report as plain text for a terminal or a CI log. */
export function formatReport(report: IndexReport): string {
  const lines: string[] = [];
  lines.push(
    `${report.ok ? 'Indexed' : 'Indexed nothing:'} ${report.documents} documents, ${report.clauses} clauses ` +
      `into ${report.engine} in ${(report.durationMs / 1000).toFixed(1)} s, ${report.mode === 'full' ? 'rebuilt whole' : 'file by file'} ` +
      `(embeddings: ${report.embeddings.embedded} computed, ${report.embeddings.cached} from cache; ` +
      `${report.vectors.embedded} of ${report.vectors.clauses} clauses have their vector)`,
  );
  for (const file of report.files) {
    const head = `  ${file.file}: ${STATUS_LABEL[file.status]}`;
    lines.push(file.docId ? `${head} → ${file.docId}, ${file.clauses} clauses` : head);
    if (file.error) lines.push(`      error: ${file.error}`);
    for (const warning of file.warnings) lines.push(`      warning: ${warning}`);
  }
  if (report.files.length === 0) lines.push(`  no ${SOURCE_EXTENSIONS.join(', ')} files in ${report.seedsDir}`);
  return lines.join('\n');
}
