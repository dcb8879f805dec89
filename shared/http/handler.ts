import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { ANSWER_MARGIN_MS, functionTimeoutSeconds } from '#shared/time-budgets';
import { httpPorts } from '#shared/wiring/http';
import { assertSize, DEFAULT_MAX_BODY_BYTES, decodeBody, parseJsonBody, validatePart } from './body';
import { apiKeyAuth } from './middleware/api-key-auth';
import { idempotency } from './middleware/idempotency';
import {
  type HttpAnswer,
  type HttpEvent,
  type LambdaHttpHandler,
  observeRequests,
  requestContext,
  requestState,
} from './middleware/request-context';
import type { HttpPorts } from './ports';
import { type ExactResult, HttpResult, type RouteResult, toLambdaResult } from './response';
import type { RouteDef } from './route';

export type { HttpPorts };
export { HttpResult };

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

/** A Lambda handler for one route; the router reads `route` to dispatch to it. */
export interface HttpFunction extends LambdaHttpHandler {
  readonly route: RouteDef;
}

/**
 * One route's Lambda handler: the middy chain every HTTP route uses, from named middlewares
 * (shared/http/middleware/): request context (header normalisation, request id, the error
 * mapping), API-key auth, `Idempotency-Key` for mutations; then body parsing with
 * size/content-type/prototype checks and zod validation of path, query and body; then `fn`.
 *
 * `fn` returns what the route declares: its response schema's type (plain, or in an HttpResult
 * to pick the status and headers; a field the schema lacks or a missing one does not compile),
 * or for routes that declare `produces`, a TextResult or an EventStreamResult. The answer is not
 * validated again at run time: the types keep it and the OpenAPI document in step.
 *
 * Ports default to shared/wiring/http.ts, built on the first request (a handler module loads
 * without touching config); tests pass their own.
 */
export function httpHandler<R extends RouteDef, Out extends RouteResult<R>>(
  route: R,
  fn: ((req: HttpRequest<NoInfer<R>>) => Promise<Out>) & ExactResult<R, Out>,
  ports?: Partial<HttpPorts>,
): HttpFunction {
  let resolved: HttpPorts | undefined;
  const resolvePorts = (): HttpPorts =>
    (resolved ??=
      ports?.authenticate && ports.idempotency
        ? ({ nowSeconds: () => Math.floor(Date.now() / 1000), ...ports } as HttpPorts)
        : { ...httpPorts(), ...ports });
  const timeoutMs = functionTimeoutSeconds([route]) * 1000;
  const parseBody = Boolean(route.body && !route.rawBody);

  const core = async (event: HttpEvent, context: Context): Promise<HttpAnswer> => {
    const { requestId, auth } = requestState({ context });
    const headers = event.headers as Record<string, string | undefined>;
    const raw = decodeBody(event.body, event.isBase64Encoded);
    assertSize(raw, route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
    const bodyInput = parseBody ? parseJsonBody(raw, headers['content-type']) : undefined;
    const req: HttpRequest<R> = {
      params: (route.params
        ? validatePart(route.params, event.pathParameters ?? {}, 'path')
        : undefined) as HttpRequest<R>['params'],
      query: (route.query
        ? validatePart(route.query, event.queryStringParameters ?? {}, 'query')
        : undefined) as HttpRequest<R>['query'],
      body: (parseBody ? validatePart(route.body!, bodyInput, 'body') : undefined) as HttpRequest<R>['body'],
      auth: auth!,
      rawBody: raw,
      headers,
      requestId,
    };
    const out = await fn(req);
    // An event stream stops collecting in time to answer before the function is stopped.
    const remaining = context.getRemainingTimeInMillis?.() ?? timeoutMs;
    return toLambdaResult(out, route, requestId, Date.now() + remaining - ANSWER_MARGIN_MS);
  };

  const chain = middy<HttpEvent, HttpAnswer, Error, Context>()
    .use(requestContext(route))
    .use(apiKeyAuth(route, () => resolvePorts().authenticate))
    .use(idempotency(route, resolvePorts))
    .handler(core);

  return Object.assign(observeRequests(route, chain), { route });
}
