/**
 * Synthetic corpora of any size, grown reproducibly from the real indexed clauses, so the engines can be
 * measured at 100k and 1M clauses. Texts are real sentences (split on 。 and ；) recombined, with their
 * numbers and years varied; documents spread over 2010–2020, both levels, several issuers and types.
 * Vectors are the real clause vectors of the sentences used, summed, perturbed with gaussian noise and
 * re-normalised: embedding a million texts on two cores would take hours, and search latency depends on
 * how many vectors there are and how they cluster, not on which texts produced them.
 *
 * Pure: everything random comes from a seeded generator, so the same seed gives the same corpus. Documents
 * are produced one at a time (a generator), so a caller that streams them keeps only one in memory.
 */
import type { IndexedClause, IndexedDocument, Level, Tokenizer } from '../../core/types.js';

/** A real clause the synthetic ones are made from. */
export interface SourceClause {
  text: string;
  vector: Float32Array;
}

export interface SyntheticCorpusOptions {
  /** Total number of clauses to generate (exact). */
  clauses: number;
  /** Seed of the pseudo-random generator: equal seeds give equal corpora. */
  seed: number;
  /** Standard deviation of the gaussian noise added per vector dimension before re-normalising. */
  noise?: number;
  /** Smallest and largest number of clauses per document (the real texts have roughly 50–250). */
  clausesPerDocument?: [number, number];
  /** Tokens and keywords for each generated text; pass the real jieba tokenizer for a realistic index. */
  tokenizer: Pick<Tokenizer, 'tokenize' | 'keywords'>;
}

/** Noise per dimension: at 512 dimensions σ = 0.02 moves a vector by ≈ 0.45, a cosine of ≈ 0.9 to its source. */
const DEFAULT_NOISE = 0.02;
const DEFAULT_CLAUSES_PER_DOCUMENT: [number, number] = [40, 200];
const FIRST_YEAR = 2010;
const LAST_YEAR = 2020;
/** Keywords stored per clause, as the real pipeline stores them. */
const KEYWORDS_PER_CLAUSE = 5;

/** The synthetic corpus is a Shenzhen one: city and district documents only. */
type SyntheticLevel = Extract<Level, '市' | '区'>;
const ISSUERS: Record<SyntheticLevel, readonly string[]> = {
  市: ['深圳市人民政府', '深圳市人民政府办公厅', '深圳市科技创新委员会', '深圳市发展和改革委员会', '深圳市市场监督管理局'],
  区: ['福田区人民政府', '福田区人民政府办公室', '福田区科技创新局', '福田区发展和改革局', '福田区企业发展服务中心'],
};
const DOC_NUMBER_PREFIX: Record<SyntheticLevel, string> = { 市: '深府', 区: '福府' };
const DOC_TYPES = ['通知', '实施方案', '指导意见', '工作方案', '若干措施', '提案答复'] as const;
const TOPICS = [
  '加快发展战略性新兴产业',
  '支持科技创新',
  '促进知识产权质押融资',
  '推进生物互联网新能源产业发展',
  '建设国家自主创新示范区',
  '支持集成电路产业发展',
  '推动海洋经济发展',
  '加强人才引进和培养',
  '支持中小企业发展',
  '促进科技成果转化',
  '发展人工智能产业',
  '建设深港科技创新合作区',
] as const;
const SECTION_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;

/** A seeded generator of uniform numbers in [0, 1) (mulberry32: tiny, fast, good enough for test data). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller) from a uniform generator. */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // (0, 1]: log(0) would be -Infinity
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function integerBetween(rng: () => number, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Sentences of a clause: split after 。 and ；, each keeping its own punctuation; blank pieces dropped. */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。；])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Replaces every year (a run of four digits starting 19 or 20, as in 2013年 or 2013—2017) with one in
 * 2010–2020 and every other run of digits with a random number of the same length, so recombined texts
 * do not repeat the real figures verbatim.
 */
export function varyNumbers(text: string, rng: () => number): string {
  return text.replace(/\d+/gu, (digits) => {
    if (digits.length === 4 && /^(?:19|20)/u.test(digits)) return String(integerBetween(rng, FIRST_YEAR, LAST_YEAR));
    let out = String(digits.length === 1 ? integerBetween(rng, 0, 9) : integerBetween(rng, 1, 9));
    while (out.length < digits.length) out += String(integerBetween(rng, 0, 9));
    return out;
  });
}

/** L2-normalises in place and returns the same array. */
function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) * (v[i] as number);
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}

interface Sentence {
  text: string;
  /** Index of the real clause it comes from (for its vector). */
  source: number;
}

/**
 * Generates `opts.clauses` synthetic clauses in documents, one document at a time.
 * Ids are `syn-<year>-<n>` for documents and `syn-<year>-<n>.c<ordinal>` for clauses: unique, URL-safe, stable.
 */
export function* generateSyntheticCorpus(sources: readonly SourceClause[], opts: SyntheticCorpusOptions): Generator<IndexedDocument> {
  if (sources.length === 0) throw new Error('a synthetic corpus needs at least one real clause to grow from');
  if (!Number.isInteger(opts.clauses) || opts.clauses < 0) throw new RangeError(`clauses must be a whole number ≥ 0, got ${opts.clauses}`);
  const dimensions = (sources[0] as SourceClause).vector.length;
  const noise = opts.noise ?? DEFAULT_NOISE;
  const [minPerDoc, maxPerDoc] = opts.clausesPerDocument ?? DEFAULT_CLAUSES_PER_DOCUMENT;
  const rng = createRng(opts.seed);

  const sentences: Sentence[] = [];
  // How many sentences real clauses have, so synthetic clauses have the same length distribution.
  const sentenceCounts: number[] = [];
  sources.forEach((clause, source) => {
    const parts = splitSentences(clause.text);
    sentenceCounts.push(Math.max(1, parts.length));
    for (const text of parts) sentences.push({ text, source });
  });
  if (sentences.length === 0) throw new Error('the real clauses have no text to recombine');

  let made = 0;
  for (let docIndex = 0; made < opts.clauses; docIndex++) {
    const size = Math.min(opts.clauses - made, integerBetween(rng, minPerDoc, maxPerDoc));
    const year = integerBetween(rng, FIRST_YEAR, LAST_YEAR);
    const level: Level = rng() < 0.5 ? '市' : '区';
    const docType = pick(rng, DOC_TYPES);
    const issuer = pick(rng, ISSUERS[level]);
    const id = `syn-${year}-${docIndex + 1}`;
    const clauses: IndexedClause[] = [];
    let offset = 0;
    for (let ordinal = 0; ordinal < size; ordinal++) {
      const count = pick(rng, sentenceCounts);
      const vector = new Float32Array(dimensions);
      let text = '';
      for (let s = 0; s < count; s++) {
        const sentence = pick(rng, sentences);
        text += sentence.text;
        const base = (sources[sentence.source] as SourceClause).vector;
        for (let d = 0; d < dimensions; d++) vector[d] = (vector[d] as number) + (base[d] as number);
      }
      text = varyNumbers(text, rng);
      // Normalise the sum first so the noise has the same relative size however many sentences were summed.
      normalize(vector);
      for (let d = 0; d < dimensions; d++) vector[d] = (vector[d] as number) + noise * gaussian(rng);
      normalize(vector);
      const section = Math.floor(ordinal / 20);
      clauses.push({
        id: `${id}.c${ordinal}`,
        docId: id,
        ordinal,
        number: `${(ordinal % 20) + 1}.`,
        path: [`${SECTION_NUMERALS[section % SECTION_NUMERALS.length]}、${pick(rng, TOPICS)}`],
        kind: 'item',
        text,
        start: offset,
        end: offset + text.length,
        spans: [],
        tokens: opts.tokenizer.tokenize(text).join(' '),
        headingTokens: '',
        keywords: opts.tokenizer.keywords(text, KEYWORDS_PER_CLAUSE),
        vector,
      });
      offset += text.length + 1; // clauses are separated by one newline in the (virtual) document text
    }
    const month = integerBetween(rng, 1, 12);
    const day = integerBetween(rng, 1, 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    yield {
      document: {
        id,
        sourceFile: `synthetic/${id}.txt`,
        title: `${issuer}关于${pick(rng, TOPICS)}的${docType}`,
        noticeTitle: null,
        docNumber: `${DOC_NUMBER_PREFIX[level]}〔${year}〕${docIndex + 1}号`,
        proposalNumber: null,
        issuer,
        date,
        effectiveDate: null,
        history: [],
        orderNumber: null,
        publishedDate: date,
        year,
        level,
        docType,
        sourceUrl: null,
        clauseCount: clauses.length,
      },
      clauses,
    };
    made += size;
  }
}
