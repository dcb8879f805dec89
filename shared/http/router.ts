import { AppError } from '#shared/errors';
import { toErrorResponse } from './errors';
import type { HttpFunction } from './handler';
import type { LambdaHttpHandler } from './middleware/request-context';
import type { RouteDef } from './route';

export interface CompiledRoute {
  route: RouteDef;
  regex: RegExp;
  names: string[];
}

/** A route's path template as a regular expression over request paths, and its parameter names. */
export function compileRoute(route: RouteDef): CompiledRoute {
  const names: string[] = [];
  // API Gateway routes `/a/b` and `/a/b/` alike, whichever way the route is written.
  const pattern = route.path
    .replace(/(.)\/$/, '$1')
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
      names.push(a ?? b);
      return '([^/]+)';
    });
  return { route, regex: new RegExp(`^${pattern}/?$`), names };
}

/** A malformed escape stays as sent; the route's parameter schema then refuses it. */
const decoded = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** `GET /a/b/` and `GET /a/b` are one route (API Gateway creates routes without the trailing slash). */
const normalizedKey = (routeKey: string) => routeKey.replace(/(.)\/+$/, '$1');

/**
 * One Lambda handler for a file that serves several routes (they share a function, so its
 * grants and clients). Each route keeps its own chain: auth and scopes, idempotency, its log
 * line. The route is picked by API Gateway's `routeKey`, else (a Function URL sends `$default`)
 * by method and path; anything else is a 404 or 405 in the usual error envelope.
 */
export function httpRouter(...handlers: HttpFunction[]): LambdaHttpHandler {
  const byKey = new Map<string, HttpFunction>();
  for (const h of handlers) {
    const key = normalizedKey(`${h.route.method} ${h.route.path}`);
    if (byKey.has(key)) throw new Error(`Two handlers for ${key}`);
    byKey.set(key, h);
  }
  const compiled = handlers.map((h) => ({ h, ...compileRoute(h.route) }));

  return async (event, context) => {
    const direct = event.routeKey ? byKey.get(normalizedKey(event.routeKey)) : undefined;
    if (direct) return direct(event, context);
    const method = event.requestContext?.http?.method?.toUpperCase();
    let pathMatched = false;
    for (const { h, regex, names } of compiled) {
      const m = regex.exec(event.rawPath);
      if (!m) continue;
      pathMatched = true;
      if (h.route.method !== method) continue;
      // A Function URL sends no path parameters: they are read from the path, as API Gateway would.
      const pathParameters =
        event.pathParameters ??
        (names.length ? Object.fromEntries(names.map((n, i) => [n, decoded(m[i + 1])])) : undefined);
      return h(pathParameters === event.pathParameters ? event : { ...event, pathParameters }, context);
    }
    const requestId = event.requestContext?.requestId ?? context.awsRequestId ?? 'local';
    return toErrorResponse(
      pathMatched
        ? new AppError(405, 'method_not_allowed', `${method} is not allowed on ${event.rawPath}`)
        : new AppError(404, 'route_not_found', `No route for ${method} ${event.rawPath}`),
      requestId,
    );
  };
}
