import { createHash, randomUUID } from 'node:crypto';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { config } from '../config';
import { ConflictError, ValidationError } from '../errors';
import { functionTimeoutSeconds, idempotencyLeaseSeconds } from '../time-budgets';
import type { AuthContext } from '../domain/tenancy/types';
import { tableFromConfig } from '../adapters/dynamodb/client';
import { apiKeyRepository } from '../adapters/dynamodb/repositories/api-keys';
import { idempotencyRepository, type IdempotencyStore } from '../adapters/dynamodb/repositories/idempotency';
import { logger, METRIC, metrics, MetricUnit } from '../observability';
import { observeInvocation } from '../observability/invocation';
import { apiKeyAuthenticator, type Authenticate } from './auth';
import { assertSize, decodeBody, DEFAULT_MAX_BODY_BYTES, parseJsonBody, validatePart } from './body';
import { jsonResponse, toErrorResponse } from './errors';
import type { RouteDef } from './route';

type Infer<T> = NonNullable<T> extends z.ZodType ? z.infer<NonNullable<T>> : undefined;

export interface HttpRequest<R extends RouteDef> {
  params: Infer<R['params']>;
  query: Infer<R['query']>;
  body: Infer<R['body']>;
  /** Present on every `api-key` route. */
  auth: AuthContext;
  rawBody: string;
  headers: Record<string, string | undefined>;
  requestId: string;
}

/** Lets a handler pick a status or headers; a plain return value uses the route's status. */
export class HttpResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export interface HttpPorts {
  authenticate: Authenticate;
  idempotency: IdempotencyStore;
  nowSeconds: () => number;
}

let defaultPorts: HttpPorts | undefined;
function portsFromConfig(): HttpPorts {
  if (!defaultPorts) {
    const table = tableFromConfig();
    defaultPorts = {
      authenticate: apiKeyAuthenticator(apiKeyRepository(table), { cacheSeconds: config().API_KEY_CACHE_SECONDS }),
      idempotency: idempotencyRepository(table),
      nowSeconds: () => Math.floor(Date.now() / 1000),
    };
  }
  return defaultPorts;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

interface State {
  requestId: string;
  auth?: AuthContext;
  errorCode?: string;
  idempotency?: { projectId: string; key: string; attempt: string };
}

/**
 * Builds the middy chain every HTTP route uses: header normalisation, request id + logging,
 * error mapping, API-key auth, body parsing with size/content-type/prototype checks, zod
 * validation of path, query and body, and `Idempotency-Key` replay for mutations.
 */
export function httpHandler<R extends RouteDef>(
  route: R,
  fn: (req: HttpRequest<R>) => Promise<unknown>,
  ports?: Partial<HttpPorts>,
) {
  // Resolved on first use, not at import: a handler module loads without touching config, and
  // tests that pass every port never build the real adapters.
  let resolved: HttpPorts | undefined;
  const resolvePorts = (): HttpPorts =>
    (resolved ??=
      ports?.authenticate && ports.idempotency
        ? { nowSeconds: () => Math.floor(Date.now() / 1000), ...ports } as HttpPorts
        : { ...portsFromConfig(), ...ports });
  const states = new WeakMap<object, State>();
  // An unanswered attempt holds its Idempotency-Key a little longer than this function can run.
  const leaseSeconds = idempotencyLeaseSeconds(functionTimeoutSeconds([route]));

  const core = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const state = states.get(context)!;
    const headers = event.headers as Record<string, string | undefined>;
    const raw = decodeBody(event.body, event.isBase64Encoded);
    assertSize(raw, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const bodyInput = route.body && !route.rawBody ? parseJsonBody(raw, headers['content-type']) : undefined;
    const req: HttpRequest<R> = {
      params: (route.params ? validatePart(route.params, event.pathParameters ?? {}, 'path') : undefined) as HttpRequest<R>['params'],
      query: (route.query ? validatePart(route.query, event.queryStringParameters ?? {}, 'query') : undefined) as HttpRequest<R>['query'],
      body: (route.body && !route.rawBody ? validatePart(route.body, bodyInput, 'body') : undefined) as HttpRequest<R>['body'],
      auth: state.auth!,
      rawBody: raw,
      headers,
      requestId: state.requestId,
    };
    const out = await fn(req);
    if (out instanceof HttpResult) return jsonResponse(out.status, out.body, state.requestId, out.headers);
    return jsonResponse(route.status ?? 200, out, state.requestId);
  };

  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(httpHeaderNormalizer())
    .use({
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
        if (route.exposure === 'function-url' && code === 'invalid_signature') metrics.addMetric(METRIC.webhookSignatureFailures, MetricUnit.Count, 1);
        request.response = toErrorResponse(request.error, requestId);
      },
    })
    .use({
      before: async (request) => {
        if (route.auth !== 'api-key') return;
        const state = states.get(request.context)!;
        state.auth = await resolvePorts().authenticate(request.event.headers as Record<string, string | undefined>, route.scopes);
      },
    })
    .use({
      // Same key + same request replays the stored answer; same key + another request is a 409.
      before: async (request) => {
        const key = request.event.headers?.['idempotency-key'];
        const state = states.get(request.context)!;
        if (key === undefined || !MUTATIONS.has(route.method) || !state.auth) return;
        if (!IDEMPOTENCY_KEY.test(key)) throw new ValidationError('Idempotency-Key must be 1-255 printable ASCII characters', { field: 'header.idempotency-key' });
        const raw = decodeBody(request.event.body, request.event.isBase64Encoded);
        const fingerprint = createHash('sha256').update(`${route.method} ${request.event.rawPath}\n${raw}`).digest('hex');
        const now = resolvePorts().nowSeconds();
        const attempt = randomUUID();
        const begun = await resolvePorts().idempotency.begin(state.auth.projectId, key, fingerprint, now, { leaseSeconds, attempt });
        if (begun.state === 'mismatch') {
          throw new ConflictError('This Idempotency-Key was already used with a different request', 'idempotency_key_reused');
        }
        if (begun.state === 'in_progress') {
          const err = new ConflictError('A request with this Idempotency-Key is still being processed', 'idempotency_key_in_progress');
          // Then the attempt has answered, or its lease is over and a retry is processed.
          if (begun.leaseUntil !== undefined) err.retryAfterSeconds = Math.max(1, begun.leaseUntil - now + 1);
          throw err;
        }
        if (begun.state === 'replay') {
          const r = begun.response;
          return { statusCode: r.statusCode, body: r.body, headers: { ...r.headers, 'x-request-id': state.requestId, 'idempotent-replayed': 'true' } };
        }
        state.idempotency = { projectId: state.auth.projectId, key, attempt };
      },
      after: async (request) => {
        const idem = states.get(request.context)?.idempotency;
        const res = request.response;
        if (!idem || !res) return;
        const status = res.statusCode ?? 200;
        // A record that cannot be released (the table is what failed) lapses with its lease.
        if (status >= 500) await resolvePorts().idempotency.abandon(idem.projectId, idem.key, idem.attempt).catch(() => undefined);
        else await resolvePorts().idempotency.complete(idem.projectId, idem.key, { statusCode: status, body: res.body ?? '', headers: res.headers as Record<string, string> }, idem.attempt);
      },
      onError: async (request) => {
        // A failed attempt must not pin the key: the client may retry with the same key.
        const idem = states.get(request.context)?.idempotency;
        if (idem) await resolvePorts().idempotency.abandon(idem.projectId, idem.key, idem.attempt).catch(() => undefined);
      },
    })
    .handler(core);

  // Outside the chain, so an answer that ends it early (an idempotent replay) is counted and
  // logged too: one log line and one metrics record per request.
  return (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> =>
    observeInvocation(context, () => chain(event, context), ({ result, latencyMs }) => {
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
    });
}
