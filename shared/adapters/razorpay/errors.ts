import type { ErrorCode } from '#shared/errors';
import { AppError, UpstreamError } from '#shared/errors';

/** What Razorpay said, kept for logs and for finance when a payment needs attention. */
export interface RazorpayErrorInfo {
  status: number;
  code?: string;
  description?: string;
  field?: string;
}

/**
 * Razorpay refused the request (a 4xx): retrying the same call will not help. The HTTP status
 * Tollgate answers with depends on whose fault it is: an unknown id is a 404, a rejected amount
 * or field a 422 naming Razorpay's field, and rejected credentials a 502 because the caller
 * cannot fix Tollgate's keys.
 */
export class RazorpayRequestError extends AppError {
  readonly retryable = false;
  constructor(
    statusCode: number,
    code: ErrorCode,
    message: string,
    readonly razorpay: RazorpayErrorInfo,
  ) {
    super(statusCode, code, message, {
      provider: 'razorpay',
      provider_status: razorpay.status,
      provider_code: razorpay.code,
      ...(razorpay.field ? { provider_field: razorpay.field } : {}),
    });
  }
}

/** Razorpay could not be reached, timed out, rate-limited us or failed (5xx): worth retrying later. */
export class RazorpayUnavailableError extends UpstreamError {
  readonly retryable = true;
  constructor(
    message: string,
    readonly razorpay: RazorpayErrorInfo,
    code: ErrorCode = 'provider_unavailable',
  ) {
    super(
      'Razorpay',
      message,
      { provider: 'razorpay', provider_status: razorpay.status, provider_code: razorpay.code },
      code,
    );
  }
}

/** The shape the SDK rejects with: `{ statusCode, error: { code, description, field } }`. */
interface SdkRejection {
  statusCode: number | string;
  error?: { code?: string; description?: string; field?: unknown } | string;
}

function isSdkRejection(e: unknown): e is SdkRejection {
  return typeof e === 'object' && e !== null && 'statusCode' in e && !(e instanceof Error);
}

// Razorpay answers an unknown or malformed id with a 400 whose only distinguishing mark is the text.
const NOT_FOUND = /does not exist|is not a valid id/i;

/** Turns whatever the SDK threw into a Tollgate error; AppErrors pass through. */
export function translateRazorpayError(e: unknown): unknown {
  if (e instanceof AppError) return e;
  if (!isSdkRejection(e)) {
    // The SDK's own normaliser throws a TypeError when a response is missing and no interceptor
    // filled one in (a client built without createRazorpayClient): still a transport failure.
    const message = e instanceof Error ? e.message : String(e);
    return new RazorpayUnavailableError('request failed before a response', { status: 0, description: message });
  }
  const status = Number(e.statusCode) || 0;
  const body = typeof e.error === 'object' && e.error ? e.error : undefined;
  const info: RazorpayErrorInfo = {
    status,
    code: body?.code,
    description: body?.description ?? (typeof e.error === 'string' ? e.error : undefined),
    field: typeof body?.field === 'string' ? body.field : undefined,
  };
  const said = info.description ?? `HTTP ${status}`;
  if (status === 0) return new RazorpayUnavailableError(said, info);
  if (status === 429)
    return new RazorpayUnavailableError('rate limit reached; retry later', info, 'provider_rate_limited');
  if (status >= 500) return new RazorpayUnavailableError(`unavailable (${status}): ${said}`, info);
  if (status === 401 || status === 403) {
    return new RazorpayRequestError(
      502,
      'provider_auth_failed',
      `Razorpay rejected Tollgate's API credentials: ${said}`,
      info,
    );
  }
  if (status === 404 || NOT_FOUND.test(said))
    return new RazorpayRequestError(404, 'not_found', `Razorpay: ${said}`, info);
  if (status >= 400 && status < 500) {
    const where = info.field ? ` (${info.field})` : '';
    return new RazorpayRequestError(
      422,
      'provider_invalid_request',
      `Razorpay rejected the request${where}: ${said}`,
      info,
    );
  }
  return new RazorpayUnavailableError(`unexpected status ${status}: ${said}`, info);
}

/** Runs one SDK call and translates its failure. */
export async function razorpayCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw translateRazorpayError(e);
  }
}
