/** The error envelope every Tollgate error answer carries. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown; request_id: string };
}

/**
 * A Tollgate error answer as an exception: the HTTP status, the stable `code`
 * (`usage_limit_exceeded`, `not_found`, `idempotency_key_reused`, …), the message, any details,
 * the request id to quote to support, and `Retry-After` when the answer gave one.
 */
export class TollgateError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: unknown;
    requestId?: string;
    retryAfterSeconds?: number;
  }) {
    super(init.message);
    this.name = 'TollgateError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  static from(response: Response, body: unknown): TollgateError {
    const e = (body as Partial<ErrorBody> | undefined)?.error;
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
    return new TollgateError({
      status: response.status,
      code: typeof e?.code === 'string' ? e.code : `http_${response.status}`,
      message: typeof e?.message === 'string' ? e.message : `${response.status} ${response.statusText}`.trim(),
      details: e?.details,
      requestId: e?.request_id ?? response.headers.get('x-request-id') ?? undefined,
      retryAfterSeconds: retryAfter,
    });
  }
}

export const isTollgateError = (e: unknown): e is TollgateError => e instanceof TollgateError;

/** `Retry-After` as seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}
