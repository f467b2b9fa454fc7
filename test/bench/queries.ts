/**
 * The fixed query list every latency measurement cycles through, so runs are comparable.
 * Chosen from the real corpus to cover the shapes that cost differently in an engine: frequent terms
 * (long posting lists), rare ones (short lists), terms of 1–2 characters (below the trigram index's
 * reach, so they take the fallback path), quoted phrases, several words, a term in no document,
 * and long natural-language questions (many jieba tokens; meaning matters more than words).
 */

/** What makes a query cost what it costs. */
export type QueryShape = 'common' | 'rare' | 'short' | 'phrase' | 'multi' | 'absent' | 'question';

export interface BenchQuery {
  q: string;
  shape: QueryShape;
}

/** Occurrence counts in the comments are over the five seed texts (grep -o | wc -l). */
export const BENCH_QUERIES: readonly BenchQuery[] = [
  { q: '知识产权', shape: 'common' }, // 95
  { q: '新能源', shape: 'common' }, // 82
  { q: '互联网', shape: 'common' }, // 79
  { q: '人才', shape: 'common' }, // 61
  { q: '知识产权质押', shape: 'rare' }, // 4, in the 2010, 2013 and 2015 texts
  { q: '海洋新能源', shape: 'rare' }, // 2
  { q: '孔雀计划', shape: 'rare' }, // 2
  { q: '石墨烯', shape: 'rare' }, // 1
  { q: '孵化器', shape: 'rare' }, // 8
  { q: '专利', shape: 'short' }, // 39, two characters: below trigram
  { q: '园', shape: 'short' }, // 45, one character
  { q: '港', shape: 'short' }, // 45
  { q: '5G', shape: 'short' }, // 7
  { q: '"国家自主创新示范区"', shape: 'phrase' },
  { q: '"创业投资"', shape: 'phrase' },
  { q: '集成电路 人工智能', shape: 'multi' },
  { q: '深港 科技创新 合作区', shape: 'multi' },
  { q: '房地产税改革', shape: 'absent' },
  { q: '怎样推动海上风电等海洋新能源发展', shape: 'question' },
  { q: '如何支持中小企业融资', shape: 'question' },
  { q: '人才引进有哪些奖励', shape: 'question' },
  { q: '政府如何帮助企业把科研成果转化为产品并推向市场', shape: 'question' },
  { q: '对获得国家级重点实验室的企业给予什么资金支持', shape: 'question' },
  { q: '生物医药和医疗器械产业有什么扶持政策', shape: 'question' },
];
