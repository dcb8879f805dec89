import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  UpstreamError,
  ValidationError,
} from '#shared/errors';
import { ErrorEnvelope } from '#shared/http/error-envelope';
import { toErrorResponse } from '#shared/http/errors';

const map = (err: unknown) => {
  const res = toErrorResponse(err, 'req-1');
  const body = JSON.parse(res.body ?? '');
  // Every error, mapped or not, has the documented envelope shape.
  expect(ErrorEnvelope.strict().safeParse(body).success).toBe(true);
  return { status: res.statusCode, headers: res.headers as Record<string, string>, error: body.error };
};

describe('toErrorResponse', () => {
  it.each([
    [
      new ValidationError('body.name: required', [{ field: 'body.name' }]),
      400,
      'validation_failed',
      [{ field: 'body.name' }],
    ],
    [new ValidationError('bad json', undefined, 'invalid_json'), 400, 'invalid_json', undefined],
    [new UnauthorizedError(), 401, 'unauthorized', undefined],
    [new UnauthorizedError('This API key has been revoked', 'api_key_revoked'), 401, 'api_key_revoked', undefined],
    [
      new ForbiddenError('lacks usage:write', { required: ['usage:write'] }),
      403,
      'forbidden',
      { required: ['usage:write'] },
    ],
    [new NotFoundError('Workspace', 'ws_9'), 404, 'not_found', undefined],
    [new ConflictError('reused', 'idempotency_key_reused'), 409, 'idempotency_key_reused', undefined],
    [new PayloadTooLargeError(262144), 413, 'payload_too_large', { limit_bytes: 262144 }],
    [new UnsupportedMediaTypeError('text/plain'), 415, 'unsupported_media_type', undefined],
    [
      new UnprocessableError('currency mismatch', 'currency_mismatch', { expected: 'inr' }),
      422,
      'currency_mismatch',
      { expected: 'inr' },
    ],
    [
      new RateLimitedError('limit reached', { meter: 'api_calls' }, 'usage_limit_exceeded'),
      429,
      'usage_limit_exceeded',
      { meter: 'api_calls' },
    ],
    [new UpstreamError('Stripe', 'card_declined'), 502, 'provider_error', undefined],
    [new ServiceUnavailableError('table unreachable'), 503, 'service_unavailable', undefined],
    [new AppError(418, 'unprocessable', 'short and stout'), 418, 'unprocessable', undefined],
  ])('maps %s', (err, status, code, details) => {
    // Act
    const r = map(err);
    // Assess
    expect(r.status).toBe(status);
    expect(r.error).toEqual({
      code,
      message: (err as Error).message,
      ...(details !== undefined ? { details } : {}),
      request_id: 'req-1',
    });
    expect(r.headers).toMatchObject({ 'content-type': 'application/json', 'x-request-id': 'req-1' });
  });

  it('keeps the documented messages of the specific errors', () => {
    // Act + Assess
    expect(map(new NotFoundError('Workspace', 'ws_9')).error.message).toBe("Workspace 'ws_9' was not found");
    expect(map(new NotFoundError('Plan')).error.message).toBe('Plan was not found');
    expect(map(new UpstreamError('Stripe', 'card_declined')).error.message).toBe('Stripe: card_declined');
    expect(map(new UnsupportedMediaTypeError(undefined)).error.message).toContain("'none'");
  });

  it.each([
    ['an Error', new Error('SELECT * FROM secrets failed at 10.1.2.3')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'token')")],
    ['a thrown string', 'raw string with a secret'],
    ['undefined', undefined],
    ['an object mimicking an AppError', { statusCode: 400, code: 'validation_failed', message: 'looks legit' }],
  ])('maps %s to a generic 500 without its message', (_what, err) => {
    // Act
    const r = map(err);
    // Assess
    expect(r.status).toBe(500);
    expect(r.error.code).toBe('internal_error');
    expect(r.error.message).toBe('Internal error; quote the request id to support');
    expect(r.error).not.toHaveProperty('details');
    expect(r.error.request_id).toBe('req-1');
  });
});
