/**
 * The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json. Written by hand next to
 * the params and data modules it describes; test/api.test.ts checks every route is listed.
 */
import { VALIDITY_STATUSES } from '../core/versions/validity.js';
import { DOCUMENT_PAGE_SIZE, DOCUMENT_SORTS, MAX_DOCUMENT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH, MAX_YEAR, MIN_YEAR, PAGE_SIZE } from './params.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string) => ({ type: [type, 'null'] });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string) => json(ref('Error'), description);

const searchParameters = [
  { name: 'q', in: 'query', schema: { type: 'string', maxLength: MAX_QUERY_LENGTH }, description: `检索词 (query). Quoted phrases are exact; FTS syntax is treated as plain text. Empty: filters alone select clauses (keyword mode). At most ${MAX_QUERY_LENGTH} characters.` },
  { name: 'mode', in: 'query', schema: { type: 'string', enum: ['keyword', 'semantic', 'hybrid'], default: 'hybrid' }, description: '关键词 keyword, 语义 semantic, or 混合 hybrid (both fused).' },
  { name: 'yearFrom', in: 'query', schema: { type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR }, description: 'First year (inclusive) of the document date. Must not be after yearTo.' },
  { name: 'yearTo', in: 'query', schema: { type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR }, description: 'Last year (inclusive).' },
  { name: 'issuer', in: 'query', schema: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 20 }, style: 'form', explode: true, description: 'Issuing body; repeat the parameter for several (OR).' },
  { name: 'level', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['国家', '省', '市', '区'] } }, style: 'form', explode: true, description: '国家 (national), 省 (province), 市 (city) or 区 (district/county); repeatable.' },
  { name: 'docType', in: 'query', schema: { type: 'array', items: { type: 'string', maxLength: 50 }, maxItems: 20 }, style: 'form', explode: true, description: 'Document type (通知, 实施方案, …); repeatable.' },
  { name: 'validity', in: 'query', schema: { type: 'array', items: { type: 'string', enum: [...VALIDITY_STATUSES, 'all'] } }, style: 'form', explode: true, description: '时效性: statuses to show (repeatable). Absent: only texts in force (现行有效). all: every version, history included.' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: PAGE_SIZE } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 }, description: 'Takes precedence over page.' },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'Accepted so a page URL works on the API: offset = (page − 1) × limit, at most ' + MAX_OFFSET + '.' },
];

/** The document list takes the search's facet filters (but lists every version unless asked), a sort and a page. */
const documentListParameters = [
  ...searchParameters.filter((p) => ['yearFrom', 'yearTo', 'issuer', 'level', 'docType'].includes(p.name)),
  { name: 'validity', in: 'query', schema: { type: 'array', items: { type: 'string', enum: [...VALIDITY_STATUSES, 'all'] } }, style: 'form', explode: true, description: '时效性: statuses to list (repeatable). Absent or all: every document, history included.' },
  { name: 'sort', in: 'query', schema: { type: 'string', enum: [...DOCUMENT_SORTS], default: 'newest' }, description: 'newest or oldest (by date; an undated document by its year, without either last), or title (pinyin order).' },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_DOCUMENT_LIMIT, default: DOCUMENT_PAGE_SIZE } },
  { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 }, description: 'Takes precedence over page.' },
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'offset = (page − 1) × limit.' },
];

const idParameter = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 200 }, description: `${what} id (stable, URL-safe).` });

const schemas = {
  Error: {
    type: 'object',
    required: ['ok', 'error'],
    properties: {
      ok: { const: false },
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', examples: ['invalid_parameter', 'invalid_encoding', 'not_found', 'rate_limited', 'engine_unavailable', 'model_unavailable', 'unauthorized', 'payload_too_large', 'internal_error'] },
          message: { type: 'string', description: 'What is wrong, in Chinese with an English gloss.' },
        },
      },
    },
  },
  Clause: {
    type: 'object',
    required: ['id', 'docId', 'ordinal', 'number', 'path', 'kind', 'text', 'start', 'end', 'spans'],
    properties: {
      id: { type: 'string', examples: ['szf-2015-54.s4.81', '民法典-合同编-2020-05-28.a470'] },
      docId: { type: 'string' },
      ordinal: { type: 'integer', description: '0-based position in the document.' },
      number: { ...nullable('string'), description: 'The clause’s own label, e.g. "81.", "（三）" or "第二十条".' },
      path: { type: 'array', items: { type: 'string' }, description: 'Ancestor headings, outermost first (for an article its 编/分编/章/节 as written, e.g. "第一章 总则").' },
      kind: { type: 'string', enum: ['item', 'paragraph', 'table', 'article'] },
      text: { type: 'string', description: 'Normalised text; an article keeps its paragraph breaks as newlines.' },
      start: { type: 'integer' },
      end: { type: 'integer' },
      spans: { type: 'array', items: ref('ClauseSpan'), description: 'An article’s paragraphs (款) and items (项) as offsets into text; empty for other clauses.' },
    },
  },
  ClauseSpan: {
    type: 'object',
    required: ['kind', 'paragraph', 'item', 'label', 'start', 'end'],
    properties: {
      kind: { type: 'string', enum: ['paragraph', 'item'] },
      paragraph: { type: 'integer', description: 'The 款 (from 1) the span is or lies in.' },
      item: { ...nullable('integer'), description: 'The 项 number for an item (（三） → 3).' },
      label: { ...nullable('string'), description: 'The item label as written, e.g. "（三）".' },
      start: { type: 'integer', description: 'Offset into the clause text (UTF-16 code units).' },
      end: { type: 'integer' },
    },
  },
  Pinpoint: {
    type: 'object',
    required: ['paragraph', 'item', 'label', 'start', 'end', 'url'],
    properties: {
      paragraph: { type: 'integer', description: 'The 款, from 1.' },
      item: { ...nullable('integer'), description: 'The 项, or null for the whole paragraph.' },
      label: { type: 'string', examples: ['第二款第（三）项', '第二款', '第（三）项'], description: 'As cited after the article number.' },
      start: { type: 'integer', description: 'Offset of the paragraph or item in the clause text.' },
      end: { type: 'integer' },
      url: { type: 'string', examples: ['/c/%E8%A1%8C%E6%94%BF%E5%A4%8D%E8%AE%AE%E6%B3%95-2023-09-01.a20?k=2&x=3'], description: 'Deep link that marks the paragraph or item.' },
    },
  },
  HistoryEvent: {
    type: 'object',
    required: ['date', 'body', 'action', 'text'],
    properties: {
      date: { ...nullable('string'), format: 'date' },
      body: { ...nullable('string'), description: 'Acting body without session numbers, e.g. 深圳市人民代表大会常务委员会.' },
      action: { type: 'string', enum: ['通过', '批准', '公布', '发布', '修正', '修订', '施行', '废止'] },
      text: { type: 'string', description: 'The promulgation line as the text gives it.' },
    },
  },
  Document: {
    type: 'object',
    required: ['id', 'sourceFile', 'title', 'clauseCount'],
    properties: {
      id: { type: 'string', examples: ['szf-2015-54'] },
      sourceFile: { type: 'string' },
      title: { type: 'string' },
      noticeTitle: nullable('string'),
      docNumber: { ...nullable('string'), description: '文号, e.g. 深府〔2015〕54号.' },
      proposalNumber: nullable('string'),
      issuer: nullable('string'),
      date: { ...nullable('string'), format: 'date', description: 'Signing date; for legislation the adoption date, or the latest amendment of an amended text.' },
      effectiveDate: { ...nullable('string'), format: 'date', description: 'Date it takes effect (施行).' },
      history: { type: 'array', items: ref('HistoryEvent'), description: 'Promulgation history (通过/批准/公布/修正/修订/施行), in the order the text gives it; empty for a policy.' },
      orderNumber: { ...nullable('string'), description: '主席令/国务院令/部令 number, e.g. 中华人民共和国国务院令第596号.' },
      publishedDate: { ...nullable('string'), format: 'date' },
      year: nullable('integer'),
      level: { type: ['string', 'null'], enum: ['国家', '省', '市', '区', null] },
      docType: nullable('string'),
      sourceUrl: nullable('string'),
      clauseCount: { type: 'integer' },
      validity: ref('Validity'),
    },
  },
  Validity: {
    type: 'object',
    description: '时效性 and the document’s place among the versions of its work (computed at index time).',
    required: ['status', 'workId', 'version', 'versions', 'inForceId'],
    properties: {
      status: { type: 'string', enum: [...VALIDITY_STATUSES] },
      workId: { type: 'string', description: 'Documents with the same workId are versions of one text.' },
      version: { type: 'integer', description: '1 for the oldest version.' },
      versions: { type: 'integer' },
      inForceId: { ...nullable('string'), description: 'The document to read instead (version in force or replacing text); null when this one is in force.' },
      effectiveDate: { ...nullable('string'), format: 'date' },
      repealDate: { ...nullable('string'), format: 'date' },
      repealedBy: { ...nullable('string'), description: 'The document whose text repeals this one, or that a metadata file says replaces it.' },
      basis: { type: 'string', enum: ['versions', 'metadata', 'repeal', 'effective-date'] },
    },
  },
  Hit: {
    type: 'object',
    required: ['id', 'docId', 'text', 'number', 'path', 'year', 'title', 'docNumber', 'issuer', 'level', 'score', 'matched', 'highlights'],
    properties: {
      id: { type: 'string' },
      docId: { type: 'string' },
      proposalNumber: { ...nullable('string'), description: 'Proposal number when the document answers a proposal (e.g. TA 20200005).' },
      keywords: { type: 'array', items: { type: 'string' }, description: 'Top TF-IDF keywords of the clause (jieba), for display.' },
      citation: { type: 'string', description: 'Formal citation: 《标题》（文号）position, e.g. 《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.' },
      text: { type: 'string' },
      number: nullable('string'),
      path: { type: 'array', items: { type: 'string' } },
      kind: { type: 'string' },
      year: nullable('integer'),
      date: nullable('string'),
      title: { type: 'string' },
      docNumber: nullable('string'),
      issuer: nullable('string'),
      level: nullable('string'),
      docType: nullable('string'),
      score: { type: 'number', description: 'Higher is better (similarity for similar clauses, 0–1).' },
      matched: { type: 'array', items: { type: 'string', enum: ['keyword', 'semantic'] } },
      highlights: {
        type: 'array',
        items: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 },
        description: '[start, end) UTF-16 offsets into text of matched query terms.',
      },
      url: { type: 'string', description: 'The clause deep link (HTML).' },
      spans: { type: 'array', items: ref('ClauseSpan'), description: 'An article’s paragraphs (款) and items (项); empty for other clauses.' },
      pinpoint: {
        oneOf: [ref('Pinpoint'), { type: 'null' }],
        description: 'When every highlight lies in one paragraph or item of an article: that 款 or 项; the citation then narrows to it.',
      },
      status: { type: 'string', enum: [...VALIDITY_STATUSES], description: '时效性 of the clause’s document.' },
      validity: ref('Validity'),
      inForce: { ...nullable('string'), description: 'For a text not in force: link to the same article in the version in force.' },
    },
  },
  Counts: { type: 'object', additionalProperties: { type: 'integer' } },
  Facets: {
    type: 'object',
    description: 'Disjunctive counts: each facet applies every filter except its own.',
    properties: {
      year: ref('Counts'),
      issuer: ref('Counts'),
      level: ref('Counts'),
      docType: ref('Counts'),
      validity: { ...ref('Counts'), description: '时效性 status → clauses.' },
      yearByLevel: { type: 'object', additionalProperties: ref('Counts'), description: 'Year × level counts for the term-over-time chart (year filter not applied).' },
    },
  },
  DiffOp: {
    type: 'object',
    required: ['op', 'text'],
    properties: { op: { type: 'string', enum: ['equal', 'insert', 'delete'] }, text: { type: 'string' } },
  },
  ComparedClause: {
    type: 'object',
    properties: { clause: ref('Clause'), document: ref('Document'), citation: { type: 'string' } },
  },
};

const responses = {
  search: json(
    {
      type: 'object',
      required: ['ok', 'total', 'hits', 'facets'],
      properties: {
        ok: { const: true },
        query: { type: 'object', description: 'The validated parameters, plus effectiveMode (keyword when q is empty).' },
        total: { type: 'integer' },
        hits: { type: 'array', items: ref('Hit') },
        facets: ref('Facets'),
        timeline: {
          type: 'object',
          description: 'Clauses that contain the query words exactly, per year and level, whatever the mode (the term-over-time chart).',
          properties: { yearByLevel: { type: 'object', additionalProperties: ref('Counts') }, total: { type: 'integer' } },
        },
        semanticCoverage: {
          type: ['object', 'null'],
          description:
            'Semantic and hybrid answers (null for keyword): how many clauses had their vector. `partial` while some wait for it (they are found by keyword meanwhile).',
          properties: {
            partial: { type: 'boolean' },
            clauses: { type: 'integer' },
            embedded: { type: 'integer' },
            etaSeconds: { type: ['integer', 'null'], description: 'Seconds until every clause has its vector, as measured' },
          },
        },
        links: { type: 'object', properties: { html: { type: 'string' }, csv: { type: 'string' }, next: nullable('string') } },
      },
    },
    'Matching clauses, best first.',
  ),
};

/** The OpenAPI document. `admin` adds the reindex endpoint (present only when ADMIN_TOKEN is set). */
export function buildOpenApi(opts: { admin: boolean }) {
  const badRequest = errorResponse('Invalid parameter; the message says which and why.');
  const rateLimited = errorResponse('Too many requests from this address (see RATE_LIMIT_PER_MINUTE).');
  const unavailable = errorResponse('The search engine or the embedding model is unavailable.');
  const notFound = errorResponse('Unknown id.');
  const paths: Record<string, object> = {
    '/api/search': {
      get: {
        summary: 'Search clauses (keyword, semantic or hybrid) with filters and facets',
        parameters: searchParameters,
        responses: { 200: responses.search, 400: badRequest, 429: rateLimited, 503: unavailable },
      },
    },
    '/api/search.csv': {
      get: {
        summary: 'The same search as CSV (UTF-8 with BOM, up to 1000 rows; limit and offset are ignored)',
        parameters: searchParameters.filter((p) => !['limit', 'offset', 'page'].includes(p.name)),
        responses: {
          200: { description: 'CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
          400: badRequest,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/clauses/{id}': {
      get: {
        summary: 'One clause with its document and formal citation',
        parameters: [
          idParameter('Clause'),
          { name: 'k', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 999 }, description: 'Paragraph (款) of an article to point at; the citation narrows to it.' },
          { name: 'x', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 999 }, description: 'Item (项) of that paragraph; needs k.' },
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                ok: { const: true },
                clause: ref('Clause'),
                document: ref('Document'),
                citation: { type: 'string', examples: ['《深圳国家自主创新示范区建设实施方案》（深府〔2015〕54号）四（三）81.', '《深圳经济特区数据条例》第二十条第二款'] },
                pinpoint: { oneOf: [ref('Pinpoint'), { type: 'null' }] },
              },
            },
            'The clause.',
          ),
          400: badRequest,
          404: notFound,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/clauses/{id}/similar': {
      get: {
        summary: 'Clauses similar to this one, ordered by year (oldest first), then similarity',
        parameters: [
          idParameter('Clause'),
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 10 } },
          { name: 'otherDocsOnly', in: 'query', schema: { type: 'boolean', default: true }, description: 'Exclude clauses of the same document.' },
          { name: 'validity', in: 'query', schema: { type: 'array', items: { type: 'string', enum: [...VALIDITY_STATUSES, 'all'] } }, style: 'form', explode: true, description: '时效性 of the other works’ clauses (repeatable). Absent: their texts in force. all: their history too. The same article in the other versions of the source’s own work is always listed.' },
        ],
        responses: {
          200: json({ type: 'object', properties: { ok: { const: true }, source: ref('Clause'), hits: { type: 'array', items: ref('Hit') } } }, 'The source clause and similar clauses, oldest first; score is cosine similarity, rank the place in the similarity ranking (meaning and shared keywords, 1 = most similar).'),
          400: badRequest,
          404: notFound,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/documents': {
      get: {
        summary: 'The document list (JSON twin of /d): every indexed document, filtered by the search facets, sorted, in pages',
        parameters: documentListParameters,
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                ok: { const: true },
                query: { type: 'object', description: 'The validated parameters; validity is "all" unless statuses were given.' },
                total: { type: 'integer', description: 'Documents that pass the filters.' },
                corpusTotal: { type: 'integer', description: 'Every document in the index.' },
                documents: {
                  type: 'array',
                  items: {
                    allOf: [ref('Document'), { type: 'object', properties: { status: { type: 'string', enum: [...VALIDITY_STATUSES] }, url: { type: 'string', examples: ['/d/szf-2015-54'] } } }],
                  },
                },
                facets: { type: 'object', description: 'Documents per year, issuer, level, docType and validity; each facet counted without its own filter.' },
                links: { type: 'object', properties: { html: { type: 'string' }, csv: { type: 'string' }, next: nullable('string') } },
              },
            },
            'One page of the list.',
          ),
          400: badRequest,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/documents.csv': {
      get: {
        summary: 'The whole filtered, sorted document list as CSV (UTF-8 with BOM, for Excel)',
        parameters: documentListParameters.filter((p) => !['limit', 'offset', 'page'].includes(p.name)),
        responses: { 200: { description: 'CSV, one row per document.', content: { 'text/csv': { schema: { type: 'string' } } } }, 400: badRequest, 429: rateLimited, 503: unavailable },
      },
    },
    '/api/documents/{id}': {
      get: {
        summary: 'One document with all its clauses in order',
        parameters: [idParameter('Document')],
        responses: {
          200: json({ type: 'object', properties: { ok: { const: true }, document: ref('Document'), clauses: { type: 'array', items: ref('Clause') } } }, 'The document.'),
          404: notFound,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/compare': {
      get: {
        summary: 'Two clauses and their character-level diff (A → B)',
        parameters: [
          { name: 'a', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
          { name: 'b', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                ok: { const: true },
                a: ref('ComparedClause'),
                b: ref('ComparedClause'),
                diff: { type: 'array', items: ref('DiffOp') },
                stats: { type: 'object', properties: { equal: { type: 'integer' }, inserted: { type: 'integer' }, deleted: { type: 'integer' }, sameRatio: { type: 'number' } } },
              },
            },
            'Concatenating equal+delete texts gives A; equal+insert gives B.',
          ),
          400: badRequest,
          404: notFound,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/compare/versions': {
      get: {
        summary: 'Two versions of one work, article by article: unchanged, changed (with character diff), added, deleted',
        parameters: [
          { name: 'a', in: 'query', required: true, schema: { type: 'string', maxLength: 200 }, description: 'Document id of one version.' },
          { name: 'b', in: 'query', required: true, schema: { type: 'string', maxLength: 200 }, description: 'Document id of another version (the older is always shown as a).' },
        ],
        responses: {
          200: json(
            {
              type: 'object',
              properties: {
                ok: { const: true },
                summary: { type: 'object', properties: { added: { type: 'integer' }, deleted: { type: 'integer' }, changed: { type: 'integer' }, unchanged: { type: 'integer' }, renumbered: { type: 'integer' } } },
                summaryLine: { type: 'string', examples: ['新增 2 条 · 删除 1 条 · 修改 7 条'] },
                pairs: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      kind: { type: 'string', enum: ['unchanged', 'changed', 'added', 'deleted'] },
                      renumbered: { type: 'boolean' },
                      a: { type: ['object', 'null'] },
                      b: { type: ['object', 'null'] },
                      diff: { type: ['array', 'null'], items: ref('DiffOp') },
                    },
                  },
                },
                versions: { type: 'array', items: { type: 'object' } },
              },
            },
            'The aligned articles, in reading order.',
          ),
          400: errorResponse('a and b are not versions of one work, or a parameter is missing.'),
          404: notFound,
          429: rateLimited,
          503: unavailable,
        },
      },
    },
    '/api/health': {
      get: {
        summary: 'Readiness: engine, model and index counts (never rate limited)',
        responses: {
          200: json(ref('Health'), 'Ready.'),
          503: json(
            { oneOf: [ref('Health'), ref('Error')] },
            'Not ready; engine.message says why. In the seconds after start-up, before the model and the index are open, the error shape with code `starting`.',
          ),
        },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
  };
  if (opts.admin) {
    const adminFile = {
      type: 'object',
      properties: {
        file: { type: 'string' },
        state: { type: 'string', enum: ['indexed', 'indexed-with-warnings', 'waiting-for-vectors', 'pending', 'refused'] },
        label: { type: 'string', examples: ['已索引', '已索引（有提示）', '等待语义向量', '等待索引', '未收录'] },
        docId: nullable('string'),
        title: nullable('string'),
        clauses: { type: 'integer' },
        embedded: { type: 'integer', description: 'Clauses with their vector; below clauses: waiting for vectors (keyword search finds it already).' },
        warnings: { type: 'array', items: { type: 'string' } },
        error: { ...nullable('string'), description: 'Why the file is not indexed.' },
        url: nullable('string'),
      },
    };
    const uploadResult = {
      type: 'object',
      properties: {
        upload: { type: 'string', description: 'The name as uploaded.' },
        file: { ...nullable('string'), description: 'The name stored under SEEDS_DIR.' },
        accepted: { type: 'boolean' },
        action: { type: ['string', 'null'], enum: ['added', 'replaced', null] },
        status: { type: 'integer' },
        code: nullable('string'),
        error: nullable('string'),
        document: { type: ['object', 'null'], properties: { id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, clauses: { type: 'integer' } } },
        warnings: { type: 'array', items: { type: 'string' } },
      },
    };
    paths['/api/admin/documents'] = {
      get: {
        summary: 'Every source file of SEEDS_DIR and its state (JSON twin of /admin)',
        security: [{ bearer: [] }],
        responses: {
          200: json({ type: 'object', properties: { ok: { const: true }, counts: { type: 'object' }, syncing: { type: 'boolean' }, lastSync: {}, files: { type: 'array', items: adminFile } } }, 'The files, refused first.'),
          401: errorResponse('Missing or wrong bearer token.'),
        },
      },
      post: {
        summary: 'Upload documents (multipart field "file", up to 20; "replace"=1 to overwrite a file of the same name; "target"=<file> to replace that file)',
        security: [{ bearer: [] }],
        responses: {
          200: json({ type: 'object', properties: { ok: { const: true }, results: { type: 'array', items: uploadResult } } }, 'At least one file was stored and indexed; each result says what happened.'),
          400: errorResponse('Bad name (a path, a hidden file) or no file.'),
          401: errorResponse('Missing or wrong bearer token.'),
          409: errorResponse('A file of that name, or a document with that id, exists.'),
          413: errorResponse('Over UPLOAD_MAX_MB.'),
          415: errorResponse('A format the indexer does not read.'),
          422: errorResponse('The file yields no document (parse error, zero clauses).'),
        },
      },
    };
    paths['/api/admin/documents/{file}'] = {
      delete: {
        summary: 'Remove a source file (and its .meta.json) and its document',
        security: [{ bearer: [] }],
        parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: json({ type: 'object', properties: { ok: { const: true }, file: { type: 'string' }, removed: { const: true }, documentId: nullable('string') } }, 'Removed.'), 401: errorResponse('Missing or wrong bearer token.'), 404: errorResponse('No such file.') },
      },
    };
    paths['/api/admin/reindex'] = {
      post: {
        summary: 'Rebuild the index from SEEDS_DIR (the previous index serves until the new one is complete)',
        security: [{ bearer: [] }],
        responses: {
          200: json({ type: 'object', properties: { ok: { const: true }, result: {}, durationMs: { type: 'integer' } } }, 'Reindexed.'),
          401: errorResponse('Missing or wrong bearer token.'),
          409: errorResponse('A reindex is already running.'),
          413: errorResponse('Request body over 16 kB.'),
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '条文 Tiaowen API',
      version: '1',
      description: [
        'Clause-level search over Shenzhen/Futian science and industry policy texts (2010–2020).',
        'Every HTML page has a JSON twin here (advertised by a `Link: <…>; rel="alternate"; type="application/json"` header).',
        'Conventions: unknown query parameters are ignored; a single-valued parameter given more than once uses its first value;',
        'an empty value is the same as leaving the parameter out; a query string that is not valid UTF-8 is a 400 (`invalid_encoding`).',
        'Errors are `{ ok: false, error: { code, message } }` with the HTTP status; /api is rate limited per client address (429, `RateLimit` headers).',
      ].join(' '),
    },
    paths,
    components: {
      schemas: {
        ...schemas,
        Health: {
          type: 'object',
          required: ['ok', 'engine', 'model', 'counts'],
          properties: {
            ok: { type: 'boolean' },
            engine: { type: 'object', properties: { ok: { type: 'boolean' }, engine: { type: 'string', enum: ['sqlite', 'meilisearch'] }, message: { type: 'string' } } },
            model: { type: 'object', properties: { id: { type: 'string' }, dimensions: { type: 'integer' } } },
            counts: { type: ['object', 'null'], properties: { documents: { type: 'integer' }, clauses: { type: 'integer' } } },
            builtAt: nullable('string'),
            fingerprint: nullable('string'),
            indexing: {
              type: ['object', 'null'],
              description: 'Keeping the index current (null when this process does not index): a run on, and the last run’s files by status.',
              properties: {
                running: { type: 'boolean' },
                lastRunAt: nullable('string'),
                lastRun: {
                  type: ['object', 'null'],
                  properties: {
                    mode: { type: 'string', enum: ['full', 'incremental'] },
                    durationMs: { type: 'integer' },
                    files: { type: 'object', description: 'indexed / unchanged / removed / kept-previous / failed → files', additionalProperties: { type: 'integer' } },
                  },
                },
              },
            },
            vectors: ref('VectorCoverage'),
          },
        },
        VectorCoverage: {
          type: ['object', 'null'],
          description:
            'Clauses semantic search can see. A clause is keyword-searchable once stored and joins semantic, hybrid and similar search when its vector is computed (in the background).',
          properties: {
            clauses: { type: 'integer' },
            embedded: { type: 'integer' },
            complete: { type: 'boolean' },
            state: { type: ['string', 'null'], enum: ['working', 'idle', 'paused', 'failed', 'stopped', null] },
            ratePerSecond: { type: ['number', 'null'], description: 'Clauses per second, as measured from the running embedder' },
            etaSeconds: { type: ['integer', 'null'], description: 'Seconds until every clause has its vector, at that rate' },
          },
        },
      },
      ...(opts.admin && { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' } } }),
    },
  };
}
