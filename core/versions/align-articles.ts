/**
 * Aligns the articles of two versions of one work. Numbers shift when an article is inserted or deleted
 * (old 第七十三条 is new 第七十二条), so articles are matched by their text: a monotone sequence alignment
 * (Needleman–Wunsch without gap costs) that maximises the summed text similarity of matched pairs, with the
 * same number as a small bonus that decides between near-equal candidates. Pure; no I/O.
 */

/** An article (or any clause) of one version. */
export interface AlignableArticle {
  id: string;
  /** `第六十三条`, `（三）` …; null when un-numbered. */
  number: string | null;
  text: string;
}

export type AlignmentKind = 'unchanged' | 'changed' | 'added' | 'deleted';

export interface AlignedPair<T extends AlignableArticle = AlignableArticle> {
  kind: AlignmentKind;
  /** The article in the older version A; null when added. */
  a: T | null;
  /** The article in the newer version B; null when deleted. */
  b: T | null;
  /** Similarity of the two texts without their numbers, 0–1; null for added/deleted. */
  similarity: number | null;
  /** The article kept its text or meaning but moved to another number. */
  renumbered: boolean;
}

export interface AlignmentSummary {
  added: number;
  deleted: number;
  changed: number;
  unchanged: number;
  /** Pairs (unchanged or changed) whose number differs. */
  renumbered: number;
}

export interface Alignment<T extends AlignableArticle = AlignableArticle> {
  /** In reading order: B's order, with each deleted article where it stood in A. */
  pairs: Array<AlignedPair<T>>;
  summary: AlignmentSummary;
}

/** Below this similarity two articles are different articles, whatever their numbers (tuned on real pairs). */
export const MIN_SIMILARITY = 0.4;
/** Articles with the same number match down to this similarity (an article rewritten in place). */
export const MIN_SIMILARITY_SAME_NUMBER = 0.25;
/** Added to a pair's score when the numbers agree; smaller than any real difference in similarity. */
const SAME_NUMBER_BONUS = 0.05;
/** Pairs further apart than this (beyond the length difference) are not considered: keeps 民法典 (1260 articles) fast. */
const BAND = 60;

/** The text an article holds without its own number: `第六十三条 违反…` → `违反…`. */
export function articleBody(article: Pick<AlignableArticle, 'number' | 'text'>): string {
  let text = article.text.replace(/[\s\u3000\u200b]+/gu, '');
  const number = article.number?.replace(/[\s\u3000]+/gu, '');
  if (number && text.startsWith(number)) text = text.slice(number.length);
  return text;
}

/** Distinct character bigrams of a text as sorted integers (UTF-16 pairs; fine for similarity). */
function bigrams(text: string): Int32Array {
  const set = new Set<number>();
  if (text.length === 1) set.add(text.charCodeAt(0));
  for (let i = 0; i + 1 < text.length; i++) set.add(text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1));
  return Int32Array.from(set).sort();
}

/** Dice coefficient of two sorted bigram sets. */
function dice(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

/** Similarity of two texts, 0–1 (Dice over character bigrams). */
export function textSimilarity(a: string, b: string): number {
  return a === b ? 1 : dice(bigrams(a), bigrams(b));
}

function sameNumber(a: AlignableArticle, b: AlignableArticle): boolean {
  return a.number !== null && b.number !== null && a.number.trim() === b.number.trim();
}

/** Aligns version A (older) with version B (newer); see the module comment. */
export function alignArticles<T extends AlignableArticle>(a: readonly T[], b: readonly T[]): Alignment<T> {
  const n = a.length;
  const m = b.length;
  const bodiesA = a.map(articleBody);
  const bodiesB = b.map(articleBody);
  const gramsA = bodiesA.map(bigrams);
  const gramsB = bodiesB.map(bigrams);
  const band = BAND + Math.abs(n - m);

  // score[i][j]: best total for a[0..i) and b[0..j); flat arrays of (n+1)(m+1).
  const width = m + 1;
  const score = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width); // 0 skip a, 1 skip b, 2 match
  const sims = new Float64Array((n + 1) * width).fill(-1);
  for (let i = 1; i <= n; i++) move[i * width] = 0;
  for (let j = 1; j <= m; j++) move[j] = 1;
  for (let i = 1; i <= n; i++) {
    // Where B's article i would sit if the versions differed evenly: the band is centred on it.
    const centre = Math.round((i * m) / Math.max(n, 1));
    for (let j = 1; j <= m; j++) {
      const up = score[(i - 1) * width + j] as number;
      const left = score[i * width + j - 1] as number;
      let best = up;
      let how = 0;
      // On a tie, skip B's article here so that, read forwards, a deletion comes before the addition beside it.
      if (left >= best) {
        best = left;
        how = 1;
      }
      if (Math.abs(j - centre) <= band) {
        const x = a[i - 1] as T;
        const y = b[j - 1] as T;
        const same = sameNumber(x, y);
        const sim = bodiesA[i - 1] === bodiesB[j - 1] ? 1 : dice(gramsA[i - 1] as Int32Array, gramsB[j - 1] as Int32Array);
        sims[i * width + j] = sim;
        if (sim >= (same ? MIN_SIMILARITY_SAME_NUMBER : MIN_SIMILARITY)) {
          const diagonal = (score[(i - 1) * width + j - 1] as number) + sim + (same ? SAME_NUMBER_BONUS : 0);
          if (diagonal >= best) {
            best = diagonal;
            how = 2;
          }
        }
      }
      score[i * width + j] = best;
      move[i * width + j] = how;
    }
  }

  // Trace back from the end, then emit in reading order.
  const reversed: Array<AlignedPair<T>> = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const how = i === 0 ? 1 : j === 0 ? 0 : (move[i * width + j] as number);
    if (how === 2) {
      const x = a[i - 1] as T;
      const y = b[j - 1] as T;
      const sim = sims[i * width + j] as number;
      const unchanged = bodiesA[i - 1] === bodiesB[j - 1];
      reversed.push({ kind: unchanged ? 'unchanged' : 'changed', a: x, b: y, similarity: sim, renumbered: !sameNumber(x, y) });
      i--;
      j--;
    } else if (how === 0) {
      reversed.push({ kind: 'deleted', a: a[i - 1] as T, b: null, similarity: null, renumbered: false });
      i--;
    } else {
      reversed.push({ kind: 'added', a: null, b: b[j - 1] as T, similarity: null, renumbered: false });
      j--;
    }
  }
  const pairs = reversed.reverse();
  const summary: AlignmentSummary = { added: 0, deleted: 0, changed: 0, unchanged: 0, renumbered: 0 };
  for (const pair of pairs) {
    summary[pair.kind]++;
    if (pair.renumbered) summary.renumbered++;
  }
  return { pairs, summary };
}

/** `新增 2 条 · 删除 1 条 · 修改 7 条`: the line at the top of a version comparison. */
export function summaryLine(summary: AlignmentSummary): string {
  return `新增 ${summary.added} 条 · 删除 ${summary.deleted} 条 · 修改 ${summary.changed} 条`;
}

/** The article of B aligned with an article of A (for "the same article in the version in force"). */
export function counterpartOf<T extends AlignableArticle>(alignment: Alignment<T>, articleId: string): AlignedPair<T> | null {
  return alignment.pairs.find((p) => p.a?.id === articleId || p.b?.id === articleId) ?? null;
}

/** `第二十条`, `第一百零五条之一`: the number of an article of a legislative text. */
const ARTICLE_NUMBER = /^第[一二三四五六七八九十百千零〇两\d]+条(?:之[一二三四五六七八九十]+)?$/u;

/**
 * What two versions are compared by: their articles when the texts have articles (the promulgation history and
 * other un-numbered blocks differ between every two versions and are not articles), else every clause.
 */
export function comparableUnits<T extends AlignableArticle>(clauses: readonly T[]): T[] {
  const articles = clauses.filter((c) => c.number !== null && ARTICLE_NUMBER.test(c.number.trim()));
  return articles.length > 0 ? articles : [...clauses];
}
