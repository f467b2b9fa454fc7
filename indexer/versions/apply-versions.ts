/**
 * Glue between the pipeline and the corpus-level validity step: reads a source's metadata (its
 * `name.meta.json` and/or front matter) and gives every parsed document its validity. Pure: the pipeline
 * hands in the bytes and texts it has read.
 */
import type { Clause, PolicyDocument } from '../../core/types.js';
import { computeValidity, today } from './corpus-validity.js';
import { type Sidecar, parseSidecarJson, splitFrontMatter } from './sidecar.js';

/** A metadata file as read from disk, beside its source. */
export interface SidecarFile {
  name: string;
  bytes: Buffer;
}

export interface SourceMetadata {
  /** The text to parse: the source text without its front matter. */
  body: string;
  /** The validated metadata, or null when there is none or it is invalid. */
  sidecar: Sidecar | null;
  /** Problems for the index report. An invalid metadata file is ignored as a whole; the document is still indexed. */
  warnings: string[];
}

/** Reads a source's metadata from its front matter and its metadata file (the file wins where both exist). */
export function readSourceMetadata(sourceName: string, text: string, sidecarFile?: SidecarFile | null): SourceMetadata {
  const { body, result: front } = splitFrontMatter(text, sourceName);
  const fromFile = sidecarFile ? parseSidecarJson(sidecarFile.bytes.toString('utf8'), sidecarFile.name) : null;
  const warnings: string[] = [];
  for (const result of [front, fromFile]) {
    if (result && !result.ok) warnings.push(...result.errors.map((e) => `metadata ignored: ${e}`));
  }
  const valid = [fromFile, front].find((r) => r?.ok === true);
  if (front?.ok && fromFile?.ok) warnings.push(`${sidecarFile?.name} and the front matter of ${sourceName} both set metadata; ${sidecarFile?.name} is used`);
  return { body, sidecar: valid?.ok ? valid.sidecar : null, warnings };
}

/**
 * Gives every document its validity (see corpus-validity.ts). Returns the documents in the same order, each
 * with `document.validity` set, and the warnings by document id.
 */
export function withVersions<T extends { document: PolicyDocument; clauses: Array<Pick<Clause, 'text'>> }>(
  docs: readonly T[],
  sidecars: ReadonlyMap<string, Sidecar>,
  asOf: string = today(),
): { docs: T[]; warnings: Map<string, string[]> } {
  const { validity, warnings } = computeValidity(
    docs.map((d) => ({ document: d.document, text: d.clauses.map((c) => c.text).join('\n'), sidecar: sidecars.get(d.document.id) ?? null })),
    asOf,
  );
  return {
    docs: docs.map((d) => ({ ...d, document: { ...d.document, validity: validity.get(d.document.id) } })),
    warnings,
  };
}
