import type { MiddlewareObj } from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { toErrorResponse } from '#shared/http/errors';
import type { RouteDef } from '#shared/http/route';
import { logger, METRIC, MetricUnit, metrics } from '#shared/observability/index';
import { observeInvocation } from '#shared/observability/invocation';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpAnswer = APIGatewayProxyStructuredResultV2;
export type LambdaHttpHandler = (event: HttpEvent, context: Context) => Promise<HttpAnswer>;
export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpAnswer, Error, Context>;

/** What the middlewares learn about one request, read again by the per-request log line. */
export interface RequestState {
  requestId: string;
  auth?: AuthContext;
  errorCode?: string;
  idempotency?: { projectId: string; key: string; attempt: string };
}

// Keyed by the invocation's context: one per request, gone with it.
const states = new WeakMap<Context, RequestState>();

/** The state the request-context middleware opened for this request. */
export const requestState = (request: { context: Context }): RequestState => states.get(request.context)!;

/**
 * First in every chain: lower-cased header names, the request id (API Gateway's, else Lambda's)
 * on the state and on every log line of the request, and the one mapping of errors to answers
 * (shared/http/errors.ts) with the error and rejection metrics.
 */
export function requestContext(route: RouteDef): HttpMiddleware[] {
  return [
    httpHeaderNormalizer() as HttpMiddleware,
    {
      before: async (request) => {
        const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId ?? 'local';
        states.set(request.context, { requestId });
        logger.appendKeys({ request_id: requestId, route: route.id });
      },
      onError: async (request) => {
        const state = states.get(request.context);
        const requestId = state?.requestId ?? 'unknown';
        const status = (request.error as { statusCode?: number }).statusCode ?? 500;
        const code = (request.error as { code?: string }).code;
        if (state) state.errorCode = code;
        if (status >= 500) logger.error('request failed', { error: request.error as Error });
        metrics.addMetric(status >= 500 ? METRIC.errors : METRIC.rejections, MetricUnit.Count, 1);
        if (route.exposure === 'function-url' && code === 'invalid_signature')
          metrics.addMetric(METRIC.webhookSignatureFailures, MetricUnit.Count, 1);
        request.response = toErrorResponse(request.error, requestId);
      },
    },
  ];
}

/**
 * Around the chain, so an answer that ends it early (an idempotent replay) is counted and logged
 * too: one `request` log line and one metrics record per request, flushed before it returns.
 */
export function observeRequests(route: RouteDef, chain: LambdaHttpHandler): LambdaHttpHandler {
  return (event, context) =>
    observeInvocation(
      context,
      () => chain(event, context),
      ({ result, latencyMs }) => {
        const state = states.get(context);
        const status = result?.statusCode ?? 500;
        metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
        metrics.addMetric(METRIC.requestLatency, MetricUnit.Milliseconds, latencyMs);
        logger.resetKeys();
        logger.info('request', {
          route: route.id,
          method: route.method,
          status,
          latency_ms: latencyMs,
          request_id: state?.requestId ?? event.requestContext?.requestId,
          project_id: state?.auth?.projectId,
          key_id: state?.auth?.keyId,
          ...(state?.errorCode ? { error_code: state.errorCode } : {}),
        });
      },
    );
}
