import type { Writable } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { logger, METRIC, MetricUnit, metrics } from '#shared/observability/index';
import { observeInvocation } from '#shared/observability/invocation';
import { validatePart } from './body';
import { toErrorResponse } from './errors';
import type { Authenticate } from './ports';
import type { RouteDef } from './route';

/** Status and headers of a streamed answer, sent before its first byte. */
export interface ResponseMeta {
  statusCode: number;
  headers: Record<string, string>;
}

/**
 * The response stream a streaming handler writes to. In Lambda it is the runtime's stream and
 * `awslambda.HttpResponseStream.from` prefixes the metadata; the local gateway's stream takes the
 * metadata through `setResponseMeta` instead.
 */
export type ResponseStream = Writable & { setResponseMeta?: (meta: ResponseMeta) => void };

interface LambdaStreamingRuntime {
  streamifyResponse<H>(handler: H): H;
  HttpResponseStream: { from(stream: Writable, meta: ResponseMeta): Writable };
}

export type StreamingLambdaHandler = (
  event: APIGatewayProxyEventV2,
  responseStream: ResponseStream,
  context: Context,
) => Promise<void>;

/** The Lambda runtime's global (present in AWS only). */
const runtime = (): LambdaStreamingRuntime | undefined =>
  (globalThis as unknown as { awslambda?: LambdaStreamingRuntime }).awslambda;

export function openResponse(stream: ResponseStream, meta: ResponseMeta): Writable {
  const aws = runtime();
  if (aws?.HttpResponseStream) return aws.HttpResponseStream.from(stream, meta);
  stream.setResponseMeta?.(meta);
  return stream;
}

/** Writes that wait for the client to take them, and know when it has gone. */
export interface StreamWriter {
  write(chunk: string): Promise<void>;
  closed(): boolean;
  end(): void;
}

function writerOf(out: Writable): StreamWriter {
  let gone = false;
  out.once('close', () => (gone = true));
  out.once('error', () => (gone = true));
  return {
    closed: () => gone || out.destroyed || out.writableEnded,
    async write(chunk) {
      if (gone || out.destroyed) return;
      if (!out.write(chunk))
        await new Promise<void>((resolve) => {
          out.once('drain', resolve);
          out.once('close', resolve);
        });
    },
    end: () => {
      if (!out.writableEnded && !out.destroyed) out.end();
    },
  };
}

type Infer<T> = NonNullable<T> extends z.ZodType ? z.infer<NonNullable<T>> : undefined;

export interface StreamRequest<R extends RouteDef> {
  auth: AuthContext;
  query: Infer<R['query']>;
  headers: Record<string, string | undefined>;
  requestId: string;
  /** Time left before the function is stopped. */
  remainingMs: () => number;
}

/**
 * The streaming counterpart of `httpHandler`: API-key auth with the route's scopes, query
 * validation, errors as the usual JSON envelope (while nothing has been streamed yet), one log
 * line and one metrics record per request. The handler calls `open` with its status and headers
 * and writes through the writer it gets; the stream ends when the handler returns.
 */
export function streamingHandler<R extends RouteDef>(
  route: R,
  ports: () => { authenticate: Authenticate },
  fn: (req: StreamRequest<R>, open: (meta: ResponseMeta) => StreamWriter) => Promise<void>,
): StreamingLambdaHandler {
  const run = async (
    event: APIGatewayProxyEventV2,
    responseStream: ResponseStream,
    context: Context,
  ): Promise<void> => {
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'local';
    let writer: StreamWriter | undefined;
    let status = 200;
    let auth: AuthContext | undefined;
    let errorCode: string | undefined;
    await observeInvocation(
      context,
      async () => {
        try {
          auth = await ports().authenticate(headers, route.scopes);
          const query = (
            route.query ? validatePart(route.query, event.queryStringParameters ?? {}, 'query') : undefined
          ) as Infer<R['query']>;
          const remainingMs = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
          await fn({ auth, query, headers, requestId, remainingMs }, (meta) => {
            status = meta.statusCode;
            writer = writerOf(
              openResponse(responseStream, { ...meta, headers: { ...meta.headers, 'x-request-id': requestId } }),
            );
            return writer;
          });
        } catch (err) {
          errorCode = (err as { code?: string }).code ?? 'internal_error';
          if (writer) logger.error('stream failed', { error: err as Error });
          else {
            const res = toErrorResponse(err, requestId);
            status = res.statusCode ?? 500;
            if (status >= 500) logger.error('request failed', { error: err as Error });
            writer = writerOf(
              openResponse(responseStream, { statusCode: status, headers: res.headers as Record<string, string> }),
            );
            await writer.write(String(res.body ?? ''));
          }
        } finally {
          (writer ?? writerOf(openResponse(responseStream, { statusCode: status, headers: {} }))).end();
        }
      },
      ({ latencyMs }) => {
        metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
        if (status >= 400) metrics.addMetric(status >= 500 ? METRIC.errors : METRIC.rejections, MetricUnit.Count, 1);
        logger.info('request', {
          route: route.id,
          method: route.method,
          status,
          latency_ms: latencyMs,
          request_id: requestId,
          project_id: auth?.projectId,
          key_id: auth?.keyId,
          ...(errorCode ? { error_code: errorCode } : {}),
        });
      },
    );
  };
  const aws = runtime();
  return aws?.streamifyResponse ? aws.streamifyResponse(run) : run;
}
