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
  /** Matched out of order: the article moved to another place (it is also renumbered). */
  moved: boolean;
}

export interface AlignmentSummary {
  added: number;
  deleted: number;
  changed: number;
  unchanged: number;
  /** Pairs (unchanged or changed) whose number differs. */
  renumbered: number;
  /** Pairs matched out of order (moved articles). */
  moved: number;
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
/** Pairs further apart than this (beyond the length difference) are not considered in order: keeps 民法典 (1260 articles) fast. */
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

/** Inside a gap between two matched pairs, position already vouches for a pair: a rewritten article matches down to this. */
export const MIN_SIMILARITY_IN_GAP = 0.3;
/** An article moved out of order (outside any gap) must be this alike to be recognised as moved. */
export const MIN_SIMILARITY_MOVED = 0.6;

/**
 * The best monotone matching between index lists `ia` (into A) and `ib` (into B): maximises summed similarity
 * (plus the same-number bonus) over pairs the `accept` rule admits. Quadratic in the list lengths, limited to a
 * band around the diagonal.
 */
function monotoneMatches(
  ia: readonly number[],
  ib: readonly number[],
  score: (i: number, j: number) => { sim: number; same: boolean },
  accept: (sim: number, same: boolean) => boolean,
): Array<[number, number]> {
  const n = ia.length;
  const m = ib.length;
  if (n === 0 || m === 0) return [];
  const band = BAND + Math.abs(n - m);
  const width = m + 1;
  const total = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width); // 0 skip a, 1 skip b, 2 match
  for (let i = 1; i <= n; i++) move[i * width] = 0;
  for (let j = 1; j <= m; j++) move[j] = 1;
  for (let i = 1; i <= n; i++) {
    // Where A's i-th article would sit in B if the versions differed evenly: the band is centred on it.
    const centre = Math.round((i * m) / n);
    for (let j = 1; j <= m; j++) {
      let best = total[(i - 1) * width + j] as number;
      let how = 0;
      // On a tie, skip B's article here so that, read forwards, a deletion comes before the addition beside it.
      const left = total[i * width + j - 1] as number;
      if (left >= best) {
        best = left;
        how = 1;
      }
      if (Math.abs(j - centre) <= band) {
        const { sim, same } = score(ia[i - 1] as number, ib[j - 1] as number);
        if (accept(sim, same)) {
          const diagonal = (total[(i - 1) * width + j - 1] as number) + sim + (same ? SAME_NUMBER_BONUS : 0);
          if (diagonal >= best) {
            best = diagonal;
            how = 2;
          }
        }
      }
      total[i * width + j] = best;
      move[i * width + j] = how;
    }
  }
  const matches: Array<[number, number]> = [];
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const how = move[i * width + j] as number;
    if (how === 2) {
      matches.push([ia[i - 1] as number, ib[j - 1] as number]);
      i--;
      j--;
    } else if (how === 0) i--;
    else j--;
  }
  return matches.reverse();
}

/**
 * Aligns version A (older) with version B (newer) in three passes: a monotone alignment of all articles; then,
 * inside each gap it leaves (articles deleted and added between the same two matched pairs), a second one with
 * a lower bar, since position already vouches for the pair; then articles moved out of order, matched only when
 * nearly alike.
 */
export function alignArticles<T extends AlignableArticle>(a: readonly T[], b: readonly T[]): Alignment<T> {
  const n = a.length;
  const m = b.length;
  const bodiesA = a.map(articleBody);
  const bodiesB = b.map(articleBody);
  const gramsA = bodiesA.map(bigrams);
  const gramsB = bodiesB.map(bigrams);
  const memo = new Float64Array(n * m).fill(-1);
  const score = (i: number, j: number) => {
    let sim = memo[i * m + j] as number;
    if (sim < 0) {
      sim = bodiesA[i] === bodiesB[j] ? 1 : dice(gramsA[i] as Int32Array, gramsB[j] as Int32Array);
      memo[i * m + j] = sim;
    }
    return { sim, same: sameNumber(a[i] as T, b[j] as T) };
  };
  const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

  // 1. Every article, in order.
  const first = monotoneMatches(range(0, n), range(0, m), score, (sim, same) => sim >= (same ? MIN_SIMILARITY_SAME_NUMBER : MIN_SIMILARITY));
  // 2. Inside each gap.
  const matches: Array<[number, number]> = [];
  let pi = 0;
  let pj = 0;
  for (const pair of [...first, [n, m] as [number, number]]) {
    matches.push(...monotoneMatches(range(pi, pair[0]), range(pj, pair[1]), score, (sim) => sim >= MIN_SIMILARITY_IN_GAP));
    if (pair[0] < n) matches.push(pair);
    pi = pair[0] + 1;
    pj = pair[1] + 1;
  }
  // 3. Moved articles among what is left, most alike first.
  const matchedA = new Set(matches.map(([i]) => i));
  const matchedB = new Set(matches.map(([, j]) => j));
  const candidates: Array<[number, number, number]> = [];
  for (const i of range(0, n)) {
    if (matchedA.has(i)) continue;
    for (const j of range(0, m)) {
      if (matchedB.has(j)) continue;
      const { sim } = score(i, j);
      if (sim >= MIN_SIMILARITY_MOVED) candidates.push([sim, i, j]);
    }
  }
  const movedTo = new Map<number, number>(); // B index → A index
  const movedFrom = new Set<number>();
  for (const [, i, j] of candidates.sort((x, y) => y[0] - x[0])) {
    if (movedFrom.has(i) || movedTo.has(j)) continue;
    movedFrom.add(i);
    movedTo.set(j, i);
  }

  const pairOf = (i: number, j: number, moved: boolean): AlignedPair<T> => {
    const x = a[i] as T;
    const y = b[j] as T;
    return {
      kind: bodiesA[i] === bodiesB[j] ? 'unchanged' : 'changed',
      a: x,
      b: y,
      similarity: score(i, j).sim,
      renumbered: !sameNumber(x, y),
      moved,
    };
  };
  // Reading order: B's order, each deletion where it stood in A, a moved article where it stands in B.
  const pairs: Array<AlignedPair<T>> = [];
  let i = 0;
  let j = 0;
  for (const [mi, mj] of [...matches, [n, m] as [number, number]]) {
    for (; i < mi; i++) if (!movedFrom.has(i)) pairs.push({ kind: 'deleted', a: a[i] as T, b: null, similarity: null, renumbered: false, moved: false });
    for (; j < mj; j++) {
      const from = movedTo.get(j);
      pairs.push(from !== undefined ? pairOf(from, j, true) : { kind: 'added', a: null, b: b[j] as T, similarity: null, renumbered: false, moved: false });
    }
    if (mi < n) pairs.push(pairOf(mi, mj, false));
    i = mi + 1;
    j = mj + 1;
  }
  const summary: AlignmentSummary = { added: 0, deleted: 0, changed: 0, unchanged: 0, renumbered: 0, moved: 0 };
  for (const pair of pairs) {
    summary[pair.kind]++;
    if (pair.renumbered) summary.renumbered++;
    if (pair.moved) summary.moved++;
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
