import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError, type ErrorCode } from '#shared/errors';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; request_id: string };
}

/**
 * The one place errors become HTTP. Anything that is not an AppError is a 500 whose message
 * never leaks internals; the request id lets an operator find the log line.
 */
export function toErrorResponse(err: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  const e =
    err instanceof AppError
      ? err
      : new AppError(500, 'internal_error', 'Internal error; quote the request id to support');
  const body: ErrorBody = {
    error: {
      code: e.code,
      message: e.message,
      ...(e.details !== undefined ? { details: e.details } : {}),
      request_id: requestId,
    },
  };
  return jsonResponse(
    e.statusCode,
    body,
    requestId,
    e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : {},
  );
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}
