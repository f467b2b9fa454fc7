/**
 * Metadata files beside a source file: what no title rule can tell (a policy that replaces another under a
 * new title, a text repealed by a decision outside the corpus, a date a text does not state).
 *
 *   行政复议法(2017-09-01).meta.json      beside 行政复议法(2017-09-01).md
 *   { "status": "已被修改", "effectiveDate": "2017-09-01", "replacedBy": "行政复议法(2023-09-01).md" }
 *
 * or the same fields as YAML front matter at the top of a .md/.txt file, between two `---` lines.
 * Pure: takes text and the file name, returns the validated fields or errors that name the file and the field.
 */
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { VALIDITY_STATUSES, type ValidityStatus } from '../../core/versions/validity.js';

/** Ending of the metadata file that belongs to `name.ext`: `name.meta.json`. */
export const SIDECAR_SUFFIX = '.meta.json';

/** Validated metadata for one source file. Every field is optional. */
export interface Sidecar {
  /** Where it came from (`x.meta.json` or `x.md (front matter)`), for messages. */
  origin: string;
  status?: ValidityStatus;
  effectiveDate?: string;
  repealDate?: string;
  /** Documents this one replaces: file names, document ids or titles. They become 已废止. */
  replaces?: string[];
  /** The document that replaces this one (file name, document id or title). This one becomes 已废止. */
  replacedBy?: string;
  /** Joins documents whose titles differ into one work: every document with the same `work` is a version of it. */
  work?: string;
}

export type SidecarResult = { ok: true; sidecar: Sidecar } | { ok: false; errors: string[] };

const isoDate = z.string({ error: 'must be a date written YYYY-MM-DD' }).superRefine((v, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD' });
  else if (Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || !new Date(`${v}T00:00:00Z`).toISOString().startsWith(v)) {
    ctx.addIssue({ code: 'custom', message: 'is not a calendar date' });
  }
});

const reference = z.string({ error: 'must be a file name, a document id or a title' }).trim().min(1, { error: 'must not be empty' });

const SCHEMA = z.strictObject({
  status: z.enum(VALIDITY_STATUSES, { error: `must be one of ${VALIDITY_STATUSES.join(', ')}` }).optional(),
  effectiveDate: isoDate.optional(),
  repealDate: isoDate.optional(),
  replaces: z.union([reference.transform((r) => [r]), z.array(reference)], { error: 'must be a file name, id or title, or a list of them' }).optional(),
  replacedBy: reference.optional(),
  work: z.string({ error: 'must be text' }).trim().min(1, { error: 'must not be empty' }).optional(),
});

/** The fields a metadata file may set, for the README and for error messages. */
export const SIDECAR_FIELDS = Object.keys(SCHEMA.shape);

/** The metadata file name for a source file: `a/行政复议法(2017-09-01).md` → `行政复议法(2017-09-01).meta.json`. */
export function sidecarNameFor(sourceFile: string): string {
  const base = path.basename(sourceFile);
  const ext = path.extname(base);
  return `${ext ? base.slice(0, -ext.length) : base}${SIDECAR_SUFFIX}`;
}

function describeIssues(origin: string, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `${origin}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (fields: ${SIDECAR_FIELDS.join(', ')})`;
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    return `${origin}: field "${field}" ${issue.message}`;
  });
}

/** Validates parsed metadata (from JSON or YAML). */
export function validateSidecar(value: unknown, origin: string): SidecarResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, errors: [`${origin}: must be an object of fields (${SIDECAR_FIELDS.join(', ')})`] };
  }
  const parsed = SCHEMA.safeParse(value);
  if (!parsed.success) return { ok: false, errors: describeIssues(origin, parsed.error) };
  const errors: string[] = [];
  const fields = parsed.data;
  if (fields.effectiveDate && fields.repealDate && fields.repealDate < fields.effectiveDate) {
    errors.push(`${origin}: field "repealDate" ${fields.repealDate} is before "effectiveDate" ${fields.effectiveDate}`);
  }
  if (fields.status === '现行有效' && fields.replacedBy) {
    errors.push(`${origin}: field "status" is 现行有效 but "replacedBy" says another document replaces it`);
  }
  if (errors.length > 0) return { ok: false, errors };
  const sidecar: Sidecar = { origin };
  for (const [key, v] of Object.entries(fields)) if (v !== undefined) (sidecar as unknown as Record<string, unknown>)[key] = v;
  return { ok: true, sidecar };
}

/** Reads a `name.meta.json` file's text. */
export function parseSidecarJson(text: string, fileName: string): SidecarResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    return { ok: false, errors: [`${fileName}: not valid JSON (${(error as Error).message})`] };
  }
  return validateSidecar(value, fileName);
}

/** A text with its YAML front matter taken off, and the metadata it held. */
export interface FrontMatterSplit {
  /** The text after the front matter (the whole text when there is none). */
  body: string;
  /** Null when the text has no front matter. */
  result: SidecarResult | null;
}

const FRONT_MATTER = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Takes YAML front matter (`---` … `---` at the very top) off a text. The body keeps its line count: the
 * front matter becomes blank lines, so line numbers in messages still match the file.
 */
export function splitFrontMatter(text: string, fileName: string): FrontMatterSplit {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { body: text, result: null };
  const origin = `${fileName} (front matter)`;
  const body = '\n'.repeat(match[0].split('\n').length - 1) + text.slice(match[0].length);
  let value: unknown;
  try {
    value = parseYaml(match[1] as string);
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line + 1}` : '';
    return { body, result: { ok: false, errors: [`${origin}: not valid YAML${where} (${(error as Error).message.split('\n')[0]})`] } };
  }
  return { body, result: validateSidecar(value ?? {}, origin) };
}
