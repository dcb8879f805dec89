import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { RouteDef } from '#shared/http/route';
import { type CompiledRoute, compileRoute } from '#shared/http/router';
import type { StreamingLambdaHandler } from '#shared/http/streaming';
import { functionTimeoutSeconds } from '#shared/time-budgets';
import { nodeResponseStream } from './response-stream';

export { type CompiledRoute, compileRoute };

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway HTTP APIs cap payloads at 10 MB; the handlers enforce their own, smaller limits. */
const GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

export interface ApiGatewayEventInit {
  method: string;
  /** The route's path template, e.g. `/api/v1/workspaces/{workspace_id}`. */
  routePath: string;
  rawPath: string;
  rawQueryString?: string;
  headers: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  requestId?: string;
  sourceIp?: string;
  body?: string;
  isBase64Encoded?: boolean;
}

/** The payload-format-2.0 event API Gateway's HTTP API hands a Lambda integration. */
export function apiGatewayEvent(init: ApiGatewayEventInit): APIGatewayProxyEventV2 {
  const routeKey = `${init.method} ${init.routePath}`;
  const now = new Date();
  const query = init.query && Object.keys(init.query).length ? init.query : undefined;
  return {
    version: '2.0',
    routeKey,
    rawPath: init.rawPath,
    rawQueryString: init.rawQueryString ?? (query ? new URLSearchParams(query).toString() : ''),
    headers: init.headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(init.pathParameters ? { pathParameters: init.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: init.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: init.method,
        path: init.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: init.sourceIp ?? '127.0.0.1',
        userAgent: init.headers['user-agent'] ?? '',
      },
      requestId: init.requestId ?? randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
    isBase64Encoded: init.isBase64Encoded ?? false,
  };
}

export function lambdaContext(functionName: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Loads a handler module the way Lambda does: once per "container", on first use. */
export function handlerLoader(root: string) {
  const cache = new Map<string, Promise<LambdaHandler>>();
  return (file: string, exportName = 'handler'): Promise<LambdaHandler> => {
    let p = cache.get(`${file}#${exportName}`);
    if (!p) {
      p = import(pathToFileURL(join(root, file)).href).then((m) => m[exportName] as LambdaHandler);
      cache.set(`${file}#${exportName}`, p);
    }
    return p;
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > GATEWAY_MAX_BYTES) return 'too_large';
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function isText(contentType: string | undefined): boolean {
  return !contentType || /^(text\/|application\/(.+\+)?(json|xml|x-www-form-urlencoded))/i.test(contentType);
}

/**
 * Turns HTTP requests into API Gateway HTTP API payload 2.0 events (the shape Function URLs
 * send too) and calls the same handler modules the stack deploys, chosen from the manifest.
 */
export function createGateway(opts: { routes: RouteDef[]; root: string; onError?: (e: unknown) => void }): Server {
  const compiled = opts.routes.map(compileRoute);
  const load = handlerLoader(opts.root);

  const send = (res: ServerResponse, r: APIGatewayProxyStructuredResultV2) => {
    const body = r.body ?? '';
    res.writeHead(r.statusCode ?? 200, r.headers as Record<string, string>);
    res.end(r.isBase64Encoded ? Buffer.from(body, 'base64') : body);
  };

  return createServer(async (req, res) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const notFound = (code: string, message: string, status = 404) =>
      send(res, {
        statusCode: status,
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ error: { code, message, request_id: requestId } }),
      });
    try {
      let match: { c: CompiledRoute; m: RegExpExecArray } | undefined;
      let pathMatched = false;
      for (const c of compiled) {
        const m = c.regex.exec(url.pathname);
        if (!m) continue;
        pathMatched = true;
        if (c.route.method === method) {
          match = { c, m };
          break;
        }
      }
      if (!match) {
        return pathMatched
          ? notFound('method_not_allowed', `${method} is not allowed on ${url.pathname}`, 405)
          : notFound('route_not_found', `No route for ${method} ${url.pathname}`);
      }
      const raw = await readBody(req);
      if (raw === 'too_large') return notFound('payload_too_large', 'Request body exceeds 10 MB', 413);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
      const text = isText(headers['content-type']);
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const pathParameters = Object.fromEntries(match.c.names.map((n, i) => [n, decodeURIComponent(match!.m[i + 1])]));
      const event = apiGatewayEvent({
        method,
        routePath: match.c.route.path,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        query,
        pathParameters: match.c.names.length ? pathParameters : undefined,
        requestId,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        body: raw.length ? (text ? raw.toString('utf8') : raw.toString('base64')) : undefined,
        isBase64Encoded: raw.length > 0 && !text,
      });
      const handler = await load(match.c.route.handler);
      // The timeout the stack gives the route's function (shared/time-budgets.ts).
      const context = lambdaContext(match.c.route.id, functionTimeoutSeconds([match.c.route]) * 1000);
      // A streaming route (Server-Sent Events) writes its answer as it goes, as a Function URL in
      // response-streaming mode passes it on.
      if (match.c.route.streaming)
        return await (handler as unknown as StreamingLambdaHandler)(event, nodeResponseStream(res), context);
      send(res, await handler(event, context));
    } catch (e) {
      opts.onError?.(e);
      if (!res.headersSent) notFound('internal_error', 'Internal error; quote the request id to support', 500);
    }
  });
}
