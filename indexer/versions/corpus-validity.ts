/**
 * The corpus-level step after every document is parsed: which documents are versions of one work, which
 * version is in force, which texts repeal which, and what metadata files say. A pure function of the parsed
 * documents and their metadata files, so the full indexer and an incremental one can both call it and get
 * the same answer for the same corpus.
 *
 * Rules, in order of precedence:
 *   1. a metadata file's `status` is final; its `replacedBy`/`replaces` and a `repealDate` that has passed
 *      make a document 已废止;
 *   2. a text of the corpus that says `《…》同时废止` makes the named work 已废止 (the newest version not
 *      dated after the repealing text);
 *   3. otherwise, within a work ordered by date, the newest version already in effect is 现行有效, newer
 *      versions whose effective date lies ahead are 尚未生效, older versions are 已被修改.
 */
import type { PolicyDocument } from '../../core/types.js';
import { type DocumentValidity, type ValidityBasis, type ValidityStatus } from '../../core/versions/validity.js';
import { groupWorks, normaliseIssuer, normaliseTitle, workIdOf } from '../../core/versions/work-identity.js';
import { findRepeals } from './repeals.js';
import type { Sidecar } from './sidecar.js';

/** Legislative texts state when they take effect; the parser reads it where the text says (施行). */
type DatedDocument = PolicyDocument & { effectiveDate?: string | null };

/** What the step needs of one document. */
export interface VersionInput {
  document: DatedDocument;
  /** The document's text (clause texts joined are enough): searched for repeal sentences. */
  text: string;
  /** Its validated metadata file, if any. */
  sidecar?: Sidecar | null;
}

export interface CorpusValidity {
  /** By document id, for every input. */
  validity: Map<string, DocumentValidity>;
  /** Warnings for the index report, by document id. */
  warnings: Map<string, string[]>;
}

/** `(2017-09-01)` in a file name: LawRefBook's version date. */
const FILE_NAME_DATE = /\((\d{4}-\d{2}-\d{2})\)/u;

/**
 * The date that orders versions: the later of the text's own date (adoption or latest amendment) and the version
 * date a file name carries (a text whose history stops short of its last amendment is still that version), else
 * the effective date or the publication date.
 */
export function versionDate(doc: DatedDocument): string | null {
  const named = FILE_NAME_DATE.exec(doc.sourceFile)?.[1] ?? null;
  if (doc.date !== null && named !== null) return doc.date > named ? doc.date : named;
  return doc.date ?? named ?? doc.effectiveDate ?? doc.publishedDate ?? null;
}

interface Decision {
  status: ValidityStatus;
  basis: ValidityBasis;
  repealedBy: string | null;
  repealDate: string | null;
}

/** Today as YYYY-MM-DD in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Computes every document's validity (see the module comment).
 * @param asOf the day statuses hold for (YYYY-MM-DD); `尚未生效` turns into `现行有效` when the index is rebuilt
 *   after the effective date.
 */
export function computeValidity(inputs: readonly VersionInput[], asOf: string = today()): CorpusValidity {
  const warnings = new Map<string, string[]>();
  const warn = (docId: string, message: string) => warnings.set(docId, [...(warnings.get(docId) ?? []), message]);
  const byId = new Map(inputs.map((input) => [input.document.id, input]));

  // Works: by title and issuer, or by a metadata file's `work`.
  const grouped = groupWorks(inputs.filter((i) => !i.sidecar?.work).map((i) => ({ id: i.document.id, title: i.document.title, issuer: i.document.issuer })));
  const workOf = new Map<string, string>();
  for (const input of inputs) {
    const explicit = input.sidecar?.work;
    workOf.set(input.document.id, explicit ? workIdOf(`meta:${explicit}`, null) : (grouped.get(input.document.id) as string));
  }
  // Texts of one title that carry the same date are parts or copies of one text (民法典 split by 编), not
  // versions of each other: each stays a work of its own.
  const sameDate = new Map<string, VersionInput[]>();
  for (const input of inputs) {
    const date = versionDate(input.document);
    if (date === null || input.sidecar?.work) continue;
    const key = `${workOf.get(input.document.id)}\u0000${date}`;
    sameDate.set(key, [...(sameDate.get(key) ?? []), input]);
  }
  for (const [key, group] of sameDate) {
    if (group.length < 2) continue;
    for (const input of group) {
      workOf.set(input.document.id, workIdOf(`${key}\u0000${input.document.id}`, null));
      warn(
        input.document.id,
        `${group.length} texts share the title 《${input.document.title}》 and the date ${versionDate(input.document)}: kept apart as separate texts, not versions`,
      );
    }
  }
  const works = new Map<string, VersionInput[]>();
  for (const input of inputs) {
    const work = workOf.get(input.document.id) as string;
    works.set(work, [...(works.get(work) ?? []), input]);
  }
  for (const versions of works.values()) {
    versions.sort((x, y) => {
      const dx = versionDate(x.document) ?? '';
      const dy = versionDate(y.document) ?? '';
      return dx < dy ? -1 : dx > dy ? 1 : x.document.sourceFile.localeCompare(y.document.sourceFile);
    });
    if (versions.length > 1) {
      for (const v of versions) {
        if (versionDate(v.document) === null) {
          warn(v.document.id, `version date unknown: counted as the oldest of the ${versions.length} versions of 《${v.document.title}》; add "effectiveDate" in ${v.document.sourceFile.replace(/\.[^.]+$/, '')}.meta.json to place it`);
        }
      }
    }
  }

  // References in metadata files: a file name (with or without its ending), a document id or a title.
  const resolve = (ref: string, from: VersionInput): VersionInput | null => {
    const exact = inputs.find((i) => i.document.sourceFile === ref || i.document.id === ref || i.document.sourceFile.replace(/\.[^.]+$/, '') === ref);
    if (exact) return exact;
    const key = normaliseTitle(ref);
    const titled = inputs.filter((i) => normaliseTitle(i.document.title) === key);
    if (titled.length >= 1) {
      // Several versions under that title: the one a reader means is the newest.
      const work = works.get(workOf.get((titled[0] as VersionInput).document.id) as string) as VersionInput[];
      if (titled.every((t) => work.includes(t))) return work[work.length - 1] as VersionInput;
    }
    warn(from.document.id, `${from.sidecar?.origin}: "${ref}" names no document of the corpus${titled.length > 1 ? ` unambiguously (${titled.length} works have that title)` : ''}; ignored`);
    return null;
  };

  const decided = new Map<string, Decision>();
  const decide = (docId: string, decision: Decision) => {
    if (!decided.has(docId)) decided.set(docId, decision);
  };

  // 1. Metadata files.
  for (const input of inputs) {
    const meta = input.sidecar;
    if (!meta) continue;
    const id = input.document.id;
    const repealDate = meta.repealDate ?? null;
    if (meta.status) {
      decide(id, { status: meta.status, basis: 'metadata', repealedBy: null, repealDate });
    }
    if (meta.replacedBy) {
      const by = resolve(meta.replacedBy, input);
      if (by) decide(id, { status: '已废止', basis: 'metadata', repealedBy: by.document.id, repealDate: repealDate ?? by.sidecar?.effectiveDate ?? by.document.effectiveDate ?? null });
    }
    if (repealDate !== null && repealDate <= asOf) decide(id, { status: '已废止', basis: 'metadata', repealedBy: null, repealDate });
  }
  for (const input of inputs) {
    for (const ref of input.sidecar?.replaces ?? []) {
      const target = resolve(ref, input);
      if (!target) continue;
      if (target.sidecar?.status) continue; // its own metadata file has the last word
      decide(target.document.id, {
        status: '已废止',
        basis: 'metadata',
        repealedBy: input.document.id,
        repealDate: target.sidecar?.repealDate ?? input.sidecar?.effectiveDate ?? input.document.effectiveDate ?? input.document.date ?? null,
      });
    }
  }

  // 2. Repeal sentences.
  const worksByTitle = new Map<string, string[]>();
  for (const [work, versions] of works) {
    const key = normaliseTitle((versions[0] as VersionInput).document.title);
    worksByTitle.set(key, [...(worksByTitle.get(key) ?? []), work]);
  }
  for (const input of inputs) {
    const ownWork = workOf.get(input.document.id);
    for (const repeal of findRepeals(input.text)) {
      const candidates = (worksByTitle.get(normaliseTitle(repeal.title)) ?? []).filter((w) => w !== ownWork);
      if (candidates.length === 0) {
        warn(input.document.id, `repeals 《${repeal.title}》 (“${repeal.sentence}”), which is not in the corpus: nothing marked 已废止`);
        continue;
      }
      const issuer = normaliseIssuer(input.document.issuer);
      const sameIssuer = candidates.filter((w) => normaliseIssuer((works.get(w) as VersionInput[])[0]?.document.issuer ?? null) === issuer);
      const chosen = candidates.length === 1 ? candidates : sameIssuer.length === 1 ? sameIssuer : [];
      if (chosen.length === 0) {
        warn(input.document.id, `repeals 《${repeal.title}》, but ${candidates.length} works of the corpus have that title: nothing marked 已废止`);
        continue;
      }
      const repealedOn = versionDate(input.document);
      const versions = works.get(chosen[0] as string) as VersionInput[];
      // The repeal reaches the versions that existed when it was written, not a later re-enactment.
      const reached = versions.filter((v) => {
        const d = versionDate(v.document);
        return d === null || repealedOn === null || d <= repealedOn;
      });
      const target = reached[reached.length - 1];
      if (!target) continue;
      decide(target.document.id, {
        status: '已废止',
        basis: 'repeal',
        repealedBy: input.document.id,
        repealDate: input.document.effectiveDate ?? input.document.date ?? null,
      });
    }
  }

  // 3. Version order, newest first.
  const validity = new Map<string, DocumentValidity>();
  for (const [workId, versions] of works) {
    const computed = new Map<string, Decision>();
    let superseded = false;
    for (let k = versions.length - 1; k >= 0; k--) {
      const doc = (versions[k] as VersionInput).document;
      const fixed = decided.get(doc.id);
      if (fixed) {
        computed.set(doc.id, fixed);
        if (fixed.status === '现行有效' || fixed.status === '已废止') superseded = true;
        continue;
      }
      const effective = (versions[k] as VersionInput).sidecar?.effectiveDate ?? doc.effectiveDate ?? null;
      if (!superseded && effective !== null && effective > asOf) {
        computed.set(doc.id, { status: '尚未生效', basis: 'effective-date', repealedBy: null, repealDate: null });
      } else if (!superseded) {
        computed.set(doc.id, { status: '现行有效', basis: 'versions', repealedBy: null, repealDate: null });
        superseded = true;
      } else {
        computed.set(doc.id, { status: '已被修改', basis: 'versions', repealedBy: null, repealDate: null });
      }
    }
    const inForce = versions.map((v) => v.document.id).filter((id) => computed.get(id)?.status === '现行有效').pop() ?? null;
    versions.forEach((v, k) => {
      const doc = v.document;
      const decision = computed.get(doc.id) as Decision;
      let readInstead: string | null = null;
      if (decision.status !== '现行有效') {
        if (inForce !== null) readInstead = inForce;
        else {
          // No version in force: the document that repealed or replaced the work, when it is in force.
          const newest = computed.get((versions[versions.length - 1] as VersionInput).document.id);
          const by = decision.repealedBy ?? newest?.repealedBy ?? null;
          readInstead = by !== null && byId.has(by) ? by : null;
        }
      }
      validity.set(doc.id, {
        status: decision.status,
        workId,
        version: k + 1,
        versions: versions.length,
        inForceId: readInstead === doc.id ? null : readInstead,
        effectiveDate: v.sidecar?.effectiveDate ?? doc.effectiveDate ?? null,
        repealDate: decision.repealDate,
        repealedBy: decision.repealedBy,
        basis: decision.basis,
      });
    });
  }
  // A replacing document that is itself superseded: point on to the version of its work in force.
  for (const v of validity.values()) {
    const next = v.inForceId === null ? null : validity.get(v.inForceId);
    if (next && next.status !== '现行有效' && next.inForceId !== null) v.inForceId = next.inForceId;
  }
  return { validity, warnings };
}
