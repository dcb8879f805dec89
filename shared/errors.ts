import type { ErrorCode } from './error-codes';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from './time-budgets';

export type { ErrorCode } from './error-codes';

/**
 * The one error hierarchy. Domain code and adapters throw these; `shared/http/errors.ts` maps
 * them to the HTTP envelope in exactly one place. `code` is stable and documented.
 */
export class AppError extends Error {
  /** Sent as `Retry-After` (seconds): the client may try again then, with the same Idempotency-Key. */
  retryAfterSeconds?: number;

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown, code: ErrorCode = 'validation_failed') {
    super(400, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid API key is required', code: ErrorCode = 'unauthorized') {
    super(401, code, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message: string, details?: unknown) {
    super(403, 'forbidden', message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(404, 'not_found', id ? `${what} '${id}' was not found` : `${what} was not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: ErrorCode = 'conflict', details?: unknown) {
    super(409, code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(413, 'payload_too_large', `Request body exceeds ${limitBytes} bytes`, { limit_bytes: limitBytes });
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(contentType: string | undefined) {
    super(415, 'unsupported_media_type', `Content-Type must be application/json, got '${contentType ?? 'none'}'`);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, code: ErrorCode = 'unprocessable', details?: unknown) {
    super(422, code, message, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(message: string, details?: unknown, code: ErrorCode = 'rate_limited') {
    super(429, code, message, details);
  }
}

export class UpstreamError extends AppError {
  constructor(provider: string, message: string, details?: unknown, code: ErrorCode = 'provider_error') {
    super(502, code, `${provider}: ${message}`, details);
  }
}

/** A dependency (DynamoDB, SQS, Stripe, …) did not answer or refused: retry later, nothing is lost. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, retryAfterSeconds = UNAVAILABLE_RETRY_AFTER_SECONDS, details?: unknown) {
    super(503, 'service_unavailable', message, details);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Thrown by a consumer for a message that will never succeed: it is recorded and acknowledged. */
export class PoisonMessageError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PoisonMessageError';
  }
}
