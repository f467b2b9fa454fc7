/**
 * One error shape for the whole app. Routes throw AppError; the Express error handler renders
 * `{ ok: false, error: { code, message } }` for the API and a readable Chinese page for HTML.
 */
export class AppError extends Error {
  constructor(
    /** Machine-readable, stable: `invalid_parameter`, `not_found`, `engine_unavailable`, … */
    readonly code: string,
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, code = 'invalid_parameter') => new AppError(code, message, 400);
export const notFound = (message: string) => new AppError('not_found', message, 404);

/** The search engine could not be reached (connection refused, timeout). Maps to 503. */
export class EngineUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine_unavailable', message, 503, options);
    this.name = 'EngineUnavailableError';
  }
}

/** The engine answered but refused the request (bad filter, failed task). `cause` keeps the engine's own error body. */
export class EngineRequestError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('engine_error', message, 502, options);
    this.name = 'EngineRequestError';
  }
}
