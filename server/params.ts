/**
 * Query-string validation for every route. Each schema turns the raw `req.query` (strings or arrays of
 * strings) into typed params or a 400 whose message says, in Chinese and English, what is wrong.
 *
 * Conventions (also stated in the OpenAPI document):
 * - unknown parameters are ignored;
 * - a single-valued parameter given more than once uses its first value;
 * - an empty value (`yearFrom=` from an empty form field) is the same as leaving the parameter out.
 */
import { z } from 'zod';
import type { Level } from '../core/types.js';
import type { SearchMode } from '../core/engine/types.js';
import { badRequest } from '../core/errors.js';
import { DEFAULT_VALIDITY, VALIDITY_STATUSES, type ValidityStatus } from '../core/versions/validity.js';

export const MAX_QUERY_LENGTH = 200;
export const MAX_OFFSET = 10_000;
export const MAX_LIMIT = 100;
export const PAGE_SIZE = 20;
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
const MAX_FILTER_VALUES = 20;
const MAX_ID_LENGTH = 200;

/** A validated search, shared by the page, the API and the CSV export. */
/** The facet filters search and the document list share; only their 时效性 default differs. */
interface FacetFilterParams {
  yearFrom?: number;
  yearTo?: number;
  issuer: string[];
  level: Level[];
  docType: string[];
  /** 时效性 statuses to show; null shows every version (`validity=all`). */
  validity: ValidityStatus[] | null;
}

export interface SearchParams extends FacetFilterParams {
  /** Trimmed query; may be empty (then filters alone select clauses). */
  q: string;
  mode: SearchMode;
  /** Absent from the URL: the texts in force only (DEFAULT_VALIDITY). */
  validity: ValidityStatus[] | null;
  /** 1-based page (the HTML page); the API derives it from offset. */
  page: number;
  limit: number;
  offset: number;
}

export interface SimilarParams {
  limit: number;
  otherDocsOnly: boolean;
  /**
   * 时效性 of the other works' clauses: their texts in force unless asked (`validity=all` includes the versions
   * they superseded, as search does). The same article in the source's own other versions is always listed.
   */
  validity: ValidityStatus[] | null;
}

export interface CompareParams {
  a: string;
  b: string;
}

/** The value of `validity` that includes every version (history). */
export const ALL_VALIDITY = 'all';

const SEARCH_MODES = ['keyword', 'semantic', 'hybrid'] as const satisfies readonly SearchMode[];
const LEVELS = ['国家', '省', '市', '区'] as const satisfies readonly Level[];

const bilingual = (zh: string, en: string) => `${zh}（${en}）`;

const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

// Control characters are never meaningful in a query and can confuse logs and engines.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** Counts characters as a user sees them (code points), not UTF-16 units. */
const charCount = (s: string) => [...s].length;

const queryText = z.preprocess(
  (v) => first(v) ?? '',
  z
    .string({ error: bilingual('参数 q 必须是文字', 'q must be text') })
    .transform((s) => s.replace(CONTROL_CHARS, ' ').trim())
    .refine((s) => charCount(s) <= MAX_QUERY_LENGTH, {
      error: (issue) =>
        bilingual(
          `检索词过长：最多 ${MAX_QUERY_LENGTH} 个字，当前 ${charCount(String(issue.input))} 个`,
          `q is too long: at most ${MAX_QUERY_LENGTH} characters`,
        ),
    }),
);

const mode = z.preprocess(
  (v) => blankToUndefined(first(v)) ?? 'hybrid',
  z.enum(SEARCH_MODES, {
    error: bilingual('参数 mode 只能是 keyword（关键词）、semantic（语义）或 hybrid（混合）', 'mode must be keyword, semantic or hybrid'),
  }),
);

/** An optional integer in [min, max]; the message names the parameter and the range. */
function integer(name: string, min: number, max: number) {
  const message = bilingual(`参数 ${name} 必须是 ${min} 到 ${max} 之间的整数`, `${name} must be an integer from ${min} to ${max}`);
  return z.preprocess(
    (v) => {
      const value = blankToUndefined(first(v));
      return typeof value === 'string' ? value.trim() : value;
    },
    z
      .string({ error: message })
      .regex(/^\d{1,9}$/, { error: message })
      .transform(Number)
      .pipe(z.number().min(min, { error: message }).max(max, { error: message }))
      .optional(),
  );
}

/** An integer in [min, max] that takes `fallback` when absent. */
const integerOr = (name: string, min: number, max: number, fallback: number) =>
  integer(name, min, max).transform((n): number => n ?? fallback);

/** A repeatable text filter (`issuer=a&issuer=b`); blank values are dropped. */
function textList(name: string, maxLength: number) {
  return z.preprocess(
    (v) => asList(v).map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== ''),
    z
      .array(
        z
          .string({ error: bilingual(`参数 ${name} 必须是文字`, `${name} must be text`) })
          .max(maxLength, { error: bilingual(`参数 ${name} 的值过长：最多 ${maxLength} 个字`, `${name} values are at most ${maxLength} characters`) }),
      )
      .max(MAX_FILTER_VALUES, {
        error: bilingual(`参数 ${name} 最多给出 ${MAX_FILTER_VALUES} 个值`, `at most ${MAX_FILTER_VALUES} ${name} values`),
      })
      .transform((values) => [...new Set(values)]),
  );
}

const levels = z.preprocess(
  (v) => asList(v).map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== ''),
  z
    .array(z.enum(LEVELS, { error: bilingual('参数 level 只能是“国家”“省”“市”或“区”', 'level must be 国家 (national), 省 (province), 市 (city) or 区 (district/county)') }))
    .transform((values) => [...new Set(values)]),
);

/** 时效性 statuses; `fallback` is what an absent parameter means (null: every version). */
const validityList = (fallback: readonly ValidityStatus[] | null) =>
  z.preprocess(
    (v) => asList(v).map((s) => (typeof s === 'string' ? s.trim() : s)).filter((s) => s !== ''),
    z
      .array(
        z.enum([...VALIDITY_STATUSES, ALL_VALIDITY], {
          error: bilingual(`参数 validity 只能是 ${VALIDITY_STATUSES.join('、')} 或 all（含历史版本）`, `validity must be one of ${VALIDITY_STATUSES.join(', ')} or all`),
        }),
      )
      .transform((values): ValidityStatus[] | null => {
        if (values.includes(ALL_VALIDITY)) return null;
        if (values.length === 0) return fallback === null ? null : [...fallback];
        return [...new Set(values as ValidityStatus[])];
      }),
  );

const boolean = (name: string, fallback: boolean) =>
  z.preprocess(
    (v) => blankToUndefined(first(v)),
    z
      .enum(['true', 'false', '1', '0'], { error: bilingual(`参数 ${name} 只能是 true 或 false`, `${name} must be true or false`) })
      .optional()
      .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1')),
  );

/** The facets search and the document list share: year range, issuer, level, type (not 时效性, whose default differs). */
const facetFilters = {
  yearFrom: integer('yearFrom', MIN_YEAR, MAX_YEAR),
  yearTo: integer('yearTo', MIN_YEAR, MAX_YEAR),
  issuer: textList('issuer', 100),
  level: levels,
  docType: textList('docType', 50),
};

const filters = {
  q: queryText,
  mode,
  ...facetFilters,
  validity: validityList(DEFAULT_VALIDITY),
};

type YearRange = { yearFrom?: number | undefined; yearTo?: number | undefined };
function checkYearOrder(v: YearRange, ctx: z.RefinementCtx) {
  if (v.yearFrom !== undefined && v.yearTo !== undefined && v.yearFrom > v.yearTo) {
    ctx.addIssue({
      code: 'custom',
      path: ['yearFrom'],
      message: bilingual(`起始年份 ${v.yearFrom} 晚于结束年份 ${v.yearTo}`, 'yearFrom must not be after yearTo'),
    });
  }
}

const maxPage = Math.floor(MAX_OFFSET / PAGE_SIZE) + 1;

const searchPageSchema = z
  .object({ ...filters, page: integerOr('page', 1, maxPage, 1) })
  .superRefine(checkYearOrder)
  .transform((v): SearchParams => ({ ...v, limit: PAGE_SIZE, offset: (v.page - 1) * PAGE_SIZE }));

const searchApiSchema = z
  .object({
    ...filters,
    page: integer('page', 1, MAX_OFFSET + 1),
    limit: integerOr('limit', 1, MAX_LIMIT, PAGE_SIZE),
    offset: integer('offset', 0, MAX_OFFSET),
  })
  .superRefine(checkYearOrder)
  .superRefine((v, ctx) => {
    if (v.offset === undefined && v.page !== undefined && (v.page - 1) * v.limit > MAX_OFFSET) {
      ctx.addIssue({
        code: 'custom',
        path: ['page'],
        message: bilingual(`翻页过深：最多到第 ${MAX_OFFSET} 条结果`, `page goes past result ${MAX_OFFSET}; narrow the search instead`),
      });
    }
  })
  .transform((v): SearchParams => {
    // offset wins over page; page is accepted so a page URL's query works unchanged on the API.
    const offset = v.offset ?? ((v.page ?? 1) - 1) * v.limit;
    return { ...v, offset, page: Math.floor(offset / v.limit) + 1 };
  });

const similarSchema = z.object({
  limit: integerOr('limit', 1, 50, 10),
  otherDocsOnly: boolean('otherDocsOnly', true),
  validity: validityList(DEFAULT_VALIDITY),
});

const clauseId = (name: string) =>
  z.preprocess(
    (v) => blankToUndefined(first(v)),
    z
      .string({ error: bilingual(`缺少参数 ${name}（条款编号）`, `${name} (a clause id) is required`) })
      .trim()
      .max(MAX_ID_LENGTH, { error: bilingual(`参数 ${name} 过长`, `${name} is too long`) }),
  );

const compareSchema = z.object({ a: clauseId('a'), b: clauseId('b') });

/** How the document list is ordered: by date, newest or oldest first, or by title (pinyin order). */
export const DOCUMENT_SORTS = ['newest', 'oldest', 'title'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
/** Documents per page of `/d`; the API takes `limit` up to MAX_DOCUMENT_LIMIT. */
export const DOCUMENT_PAGE_SIZE = 50;
export const MAX_DOCUMENT_LIMIT = 500;
const MAX_DOCUMENT_OFFSET = 1_000_000;

/** A validated document list (`/d`, `/api/documents`, the CSV): the search facets, a sort and a page. */
export interface DocumentListParams extends FacetFilterParams {
  /** Absent from the URL: null, so the page lists every document and every version. */
  validity: ValidityStatus[] | null;
  sort: DocumentSort;
  page: number;
  limit: number;
  offset: number;
}

const documentSort = z.preprocess(
  (v) => blankToUndefined(first(v)) ?? 'newest',
  z.enum(DOCUMENT_SORTS, {
    error: bilingual('参数 sort 只能是 newest（日期从新到旧）、oldest（从旧到新）或 title（按标题）', 'sort must be newest, oldest or title'),
  }),
);

const documentFilters = { ...facetFilters, validity: validityList(null), sort: documentSort };

const documentPageSchema = z
  .object({ ...documentFilters, page: integerOr('page', 1, Math.floor(MAX_DOCUMENT_OFFSET / DOCUMENT_PAGE_SIZE), 1) })
  .superRefine(checkYearOrder)
  .transform((v): DocumentListParams => ({ ...v, limit: DOCUMENT_PAGE_SIZE, offset: (v.page - 1) * DOCUMENT_PAGE_SIZE }));

const documentApiSchema = z
  .object({
    ...documentFilters,
    page: integer('page', 1, MAX_DOCUMENT_OFFSET),
    limit: integerOr('limit', 1, MAX_DOCUMENT_LIMIT, DOCUMENT_PAGE_SIZE),
    offset: integer('offset', 0, MAX_DOCUMENT_OFFSET),
  })
  .superRefine(checkYearOrder)
  .transform((v): DocumentListParams => {
    const offset = v.offset ?? ((v.page ?? 1) - 1) * v.limit;
    return { ...v, offset, page: Math.floor(offset / v.limit) + 1 };
  });

/** Which paragraph (款, `k`) and item (项, `x`) of an article a clause link points at: `/c/<id>?k=2&x=3`. */
export interface PinpointParams {
  paragraph: number | null;
  item: number | null;
}

const pinpointSchema = z
  .object({ k: integer('k', 1, 999), x: integer('x', 1, 999) })
  .superRefine((v, ctx) => {
    if (v.x !== undefined && v.k === undefined) {
      ctx.addIssue({ code: 'custom', path: ['x'], message: bilingual('参数 x（项）需要同时给出 k（款）', 'x (item) needs k (paragraph)') });
    }
  })
  .transform((v): PinpointParams => ({ paragraph: v.k ?? null, item: v.x ?? null }));

function parse<T>(schema: z.ZodType<T>, query: unknown): T {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data;
  const messages = [...new Set(result.error.issues.map((i) => i.message))];
  throw badRequest(messages.join('；'));
}

/** Params of the search page `/` (20 per page, `page` ≥ 1). */
export const parseSearchPageParams = (query: unknown): SearchParams => parse(searchPageSchema, query);
/** Params of `/api/search` and the CSV export (adds `limit` 1–100 and `offset` ≤ 10000). */
export const parseSearchApiParams = (query: unknown): SearchParams => parse(searchApiSchema, query);
export const parseSimilarParams = (query: unknown): SimilarParams => parse(similarSchema, query);
export const parseCompareParams = (query: unknown): CompareParams => parse(compareSchema, query);
/** `k` and `x` of a clause link (both optional; `x` only with `k`). */
export const parsePinpointParams = (query: unknown): PinpointParams => parse(pinpointSchema, query);

/** Params of the document list page `/d` (50 per page). */
export const parseDocumentListPageParams = (query: unknown): DocumentListParams => parse(documentPageSchema, query);
/** Params of `/api/documents` and its CSV (adds `limit` 1–500 and `offset`). */
export const parseDocumentListApiParams = (query: unknown): DocumentListParams => parse(documentApiSchema, query);

/** Files per page of the admin page's state table. */
export const ADMIN_PAGE_SIZE = 100;
const adminPageSchema = z.object({ page: integerOr('page', 1, 100_000, 1) });
/** `page` of `/admin` (the state table, 100 files a page). */
export const parseAdminPageParams = (query: unknown): { page: number } => parse(adminPageSchema, query);

/** True when the search has neither a query nor a filter (the page then shows the start screen). */
export function isBlankSearch(p: SearchParams): boolean {
  return (
    p.q === '' &&
    p.yearFrom === undefined &&
    p.yearTo === undefined &&
    p.issuer.length === 0 &&
    p.level.length === 0 &&
    p.docType.length === 0
  );
}

/**
 * Clause and document ids are Chinese characters, ASCII letters, digits, `.`, `-` (and `~`, `_`), such as
 * `szf-2015-54.s4.81` or `行政复议法-2023-09-01.a20` (indexer/parse/document-id.ts). Anything else cannot name
 * a clause, so the caller answers 404 without asking the engine.
 */
export function isPlausibleId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && /^[\p{Script=Han}A-Za-z0-9][\p{Script=Han}A-Za-z0-9._~-]*$/u.test(id);
}
