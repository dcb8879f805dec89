import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { routes } from '#shared/http/manifest';
import type { RouteDef } from '#shared/http/route';
import { lambdaContext } from '../../dev/gateway';
import { apiEvent } from '../unit/support/apigw';

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export interface RouteCall {
  body?: unknown;
  query?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls a manifest route's handler in-process, as API Gateway would, with a bearer key. */
export async function callRoute(id: string, key: string, opts: RouteCall = {}) {
  const route = routes.find((r) => r.id === id) as RouteDef;
  const { handler } = (await import(/* @vite-ignore */ `../../${route.handler}`)) as { handler: Handler };
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_m, n: string) => opts.params?.[n] ?? '');
  const res = await handler(
    apiEvent({
      method: route.method,
      routePath: route.path,
      rawPath,
      pathParameters: opts.params,
      query: opts.query,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
    lambdaContext(route.id),
  );
  return { status: res.statusCode!, json: res.body ? JSON.parse(res.body) : undefined };
}
