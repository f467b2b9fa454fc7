import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { describe, expect, it } from 'vitest';
import { EngineRequestError, EngineUnavailableError } from '../core/errors.js';
import { toEngineError } from '../core/engine/meili/errors.js';

const body = (code: string, message = code) => ({ message, code, type: 'invalid_request', link: `https://docs.meilisearch.com/errors#${code}` });

describe('Meilisearch errors as the app reports them', () => {
  it('a refused connection is "service unavailable" (503), in plain Chinese with the reason', () => {
    const refused = new MeilisearchRequestError('http://127.0.0.1:7700/multi-search', new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }));
    const mapped = toEngineError(refused);
    expect(mapped).toBeInstanceOf(EngineUnavailableError);
    expect((mapped as EngineUnavailableError).status).toBe(503);
    expect((mapped as Error).message).toBe('搜索服务暂时不可用，请稍后再试（连接被拒绝，ECONNREFUSED）');
  });

  it('a timeout says how long it waited', () => {
    const timeout = new MeilisearchRequestError('http://127.0.0.1:7700/health', new MeilisearchRequestTimeOutError(300, { headers: {} }));
    expect((toEngineError(timeout) as Error).message).toBe('搜索服务暂时不可用，请稍后再试（等待 300 毫秒仍无响应）');
  });

  it('a request Meilisearch refuses keeps Meilisearch’s error body as the cause', () => {
    const refusal = new MeilisearchApiError(new Response(null, { status: 400 }), body('invalid_search_filter', 'Attribute `foo` is not filterable.'));
    const mapped = toEngineError(refusal) as EngineRequestError;
    expect(mapped).toBeInstanceOf(EngineRequestError);
    expect(mapped.status).toBe(502);
    expect(mapped.cause).toEqual(body('invalid_search_filter', 'Attribute `foo` is not filterable.'));
    expect(mapped.message).toBe('搜索服务拒绝了请求（invalid_search_filter）：Attribute `foo` is not filterable.');
  });

  it('a missing index tells the operator to run the indexer', () => {
    const mapped = toEngineError(new MeilisearchApiError(new Response(null, { status: 404 }), body('index_not_found')));
    expect(mapped).toBeInstanceOf(EngineUnavailableError);
    expect((mapped as Error).message).toBe('搜索索引尚未建立：请先运行索引程序（npm run index）');
  });

  it('a rejected key names the settings to check, never the key', () => {
    const mapped = toEngineError(new MeilisearchApiError(new Response(null, { status: 403 }), body('invalid_api_key'))) as Error;
    expect(mapped).toBeInstanceOf(EngineRequestError);
    expect(mapped.message).toBe('搜索服务拒绝了访问密钥（invalid_api_key）：请检查 MEILI_MASTER_KEY / MEILI_SEARCH_KEY');
  });

  it('a server error or an unreadable answer (a proxy’s error page) is "unavailable"', () => {
    expect(toEngineError(new MeilisearchApiError(new Response(null, { status: 500 }), body('internal')))).toBeInstanceOf(EngineUnavailableError);
    expect((toEngineError(new SyntaxError('Unexpected token <')) as Error).message).toBe('搜索服务暂时不可用，请稍后再试（响应无法解析）');
  });

  it('leaves our own bugs alone', () => {
    const bug = new TypeError('x is undefined');
    expect(toEngineError(bug)).toBe(bug);
  });
});
