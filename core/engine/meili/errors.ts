/**
 * Meilisearch client errors → the app's two engine errors, with messages a user can read.
 *
 * The client (meilisearch-js 0.62) throws:
 * - `MeilisearchRequestError` when no answer came: its `cause` is a `MeilisearchRequestTimeOutError` for our
 *   timeout, or fetch's `TypeError` whose own `cause` carries the socket error code (ECONNREFUSED, …);
 * - `MeilisearchApiError` when Meilisearch answered with an error: its `cause` is the error body
 *   `{ message, code, type, link }` and `response.status` the HTTP status;
 * - `MeilisearchTaskTimeOutError` when a task was not processed within the wait timeout.
 * A body that is not JSON (a proxy's error page) surfaces as a `SyntaxError` from `JSON.parse`.
 */
import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type MeilisearchErrorResponse,
} from 'meilisearch';
import { AppError, EngineRequestError, EngineUnavailableError } from '../../errors.js';

/** What users read when the engine cannot be reached (the detail follows in parentheses). */
export const UNAVAILABLE_MESSAGE = '搜索服务暂时不可用，请稍后再试';

/** Socket error codes in plain words. */
const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: '连接被拒绝',
  ECONNRESET: '连接被重置',
  EPIPE: '连接已断开',
  ENOTFOUND: '找不到服务器地址',
  EAI_AGAIN: '暂时无法解析服务器地址',
  EHOSTUNREACH: '无法到达服务器',
  ENETUNREACH: '网络不可达',
  ETIMEDOUT: '连接超时',
  UND_ERR_SOCKET: '连接被对方关闭',
  UND_ERR_CONNECT_TIMEOUT: '连接超时',
  UND_ERR_HEADERS_TIMEOUT: '等待响应超时',
  UND_ERR_BODY_TIMEOUT: '等待响应超时',
};

/** The socket error code somewhere down a `cause` chain. */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code in NETWORK_CODES) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * True when a connection broke before any answer came (a pooled keep-alive socket the server had closed,
 * e.g. across a Meilisearch restart). Such a request never ran, so a read may be sent again once.
 */
export function isBrokenConnection(error: unknown): boolean {
  const code = networkCode(error);
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

function unavailable(detail: string, cause: unknown): EngineUnavailableError {
  return new EngineUnavailableError(`${UNAVAILABLE_MESSAGE}（${detail}）`, { cause });
}

/** A Meilisearch error body, when the value is one. */
export function errorBody(value: unknown): MeilisearchErrorResponse | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { message, code } = value as Partial<MeilisearchErrorResponse>;
  return typeof message === 'string' && typeof code === 'string' ? (value as MeilisearchErrorResponse) : undefined;
}

/** The Meilisearch error code of an error thrown by the client (e.g. `index_not_found`), if it has one. */
export function meiliErrorCode(error: unknown): string | undefined {
  return error instanceof MeilisearchApiError ? errorBody(error.cause)?.code : undefined;
}

/**
 * Maps anything the client threw to an AppError. Errors that are already AppErrors pass through;
 * anything that is not a Meilisearch failure (a bug of ours) is returned unchanged.
 */
export function toEngineError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof MeilisearchRequestError) {
    if (error.cause instanceof MeilisearchRequestTimeOutError) {
      return unavailable(`等待 ${error.cause.cause.timeout} 毫秒仍无响应`, error);
    }
    const code = networkCode(error.cause);
    return unavailable(code ? `${NETWORK_CODES[code]}，${code}` : '无法连接', error);
  }
  if (error instanceof MeilisearchTaskTimeOutError) {
    return unavailable(`任务 ${error.cause.taskUid} 在 ${error.cause.timeout} 毫秒内未完成`, error);
  }
  if (error instanceof MeilisearchApiError) {
    const body = errorBody(error.cause);
    const status = error.response.status;
    if (body?.code === 'index_not_found') {
      return new EngineUnavailableError('搜索索引尚未建立：请先运行索引程序（npm run index）', { cause: body });
    }
    if (body?.code === 'invalid_api_key' || body?.code === 'missing_authorization_header' || status === 401 || status === 403) {
      return new EngineRequestError(
        `搜索服务拒绝了访问密钥（${body?.code ?? status}）：请检查 MEILI_MASTER_KEY / MEILI_SEARCH_KEY`,
        { cause: body ?? { status } },
      );
    }
    if (status >= 500) return unavailable(`服务器错误 ${status}${body ? `：${body.code}` : ''}`, body ?? { status });
    return new EngineRequestError(`搜索服务拒绝了请求（${body?.code ?? status}）：${body?.message ?? error.message}`, {
      cause: body ?? { status },
    });
  }
  if (error instanceof SyntaxError) return unavailable('响应无法解析', error);
  return error;
}

/** Runs a client call and rethrows its failure as an AppError. */
export async function engineCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toEngineError(error);
  }
}
