import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { jsonResponse } from './errors';
import type { RouteDef, TextMediaType } from './route';

export type ResponseHeaders = Record<string, string>;

/**
 * A JSON answer with a chosen status or headers. A handler that returns a plain value answers
 * that value as JSON with the route's status; this is for the other cases (201 vs 200, a 503
 * with Retry-After, `idempotent-replayed`).
 */
export class HttpResult<B = unknown> {
  constructor(
    readonly status: number,
    readonly body: B,
    readonly headers: ResponseHeaders = {},
  ) {}
}

/** A text answer (an HTML page, a stylesheet, a script): the route lists its media types in `produces`. */
export class TextResult<M extends TextMediaType = TextMediaType> {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly mediaType: M,
    readonly headers: ResponseHeaders = {},
  ) {}
}

/** One Server-Sent Event. `data` that is not a string is sent as JSON. */
export interface ServerSentEvent {
  id?: string;
  event?: string;
  data: unknown;
  /** Tells the client how long to wait before it reconnects (milliseconds). */
  retry?: number;
}

/**
 * A `text/event-stream` answer. Behind API Gateway a Lambda answer is buffered, so the pipeline
 * collects the events until the source ends (or until shortly before the function would time
 * out, when it stops the source and answers what it has) and sends them as one body; a client
 * reconnects with `Last-Event-ID` for more. A transport that can stream (a Function URL in
 * response-streaming mode) can write `events` one by one with `formatServerSentEvent` instead.
 */
export class EventStreamResult {
  constructor(
    readonly events: AsyncIterable<ServerSentEvent> | Iterable<ServerSentEvent>,
    readonly status = 200,
    readonly headers: ResponseHeaders = {},
  ) {}
}

export const json = <B>(body: B, opts: { status?: number; headers?: ResponseHeaders } = {}) =>
  new HttpResult(opts.status ?? 200, body, opts.headers);

export const html = (body: string, opts: { status?: number; headers?: ResponseHeaders } = {}) =>
  new TextResult(opts.status ?? 200, body, 'text/html', opts.headers);

export const text = <M extends TextMediaType>(
  body: string,
  mediaType: M,
  opts: { status?: number; headers?: ResponseHeaders } = {},
) => new TextResult(opts.status ?? 200, body, mediaType, opts.headers);

export const eventStream = (
  events: EventStreamResult['events'],
  opts: { status?: number; headers?: ResponseHeaders } = {},
) => new EventStreamResult(events, opts.status, opts.headers);

/** The wire form of one event: field lines and a blank line; multi-line data becomes several `data:` lines. */
export function formatServerSentEvent(e: ServerSentEvent): string {
  const oneLine = (field: string, v: string) => {
    if (/[\r\n]/.test(v)) throw new Error(`A Server-Sent Event's ${field} may not contain a line break`);
    return `${field}: ${v}\n`;
  };
  let out = '';
  if (e.id !== undefined) out += oneLine('id', e.id);
  if (e.event !== undefined) out += oneLine('event', e.event);
  if (e.retry !== undefined) out += `retry: ${Math.max(0, Math.floor(e.retry))}\n`;
  const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  for (const line of data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * Collects a stream's events into one body. When `deadlineMs` comes first the source is told to
 * stop (its `return()` is called, not awaited: a generator still awaiting inside cannot finish it
 * until that await settles) and the events so far are the answer.
 */
export async function collectServerSentEvents(
  events: EventStreamResult['events'],
  deadlineMs: number,
): Promise<string> {
  const iterator =
    Symbol.asyncIterator in events
      ? events[Symbol.asyncIterator]()
      : (events as Iterable<ServerSentEvent>)[Symbol.iterator]();
  let body = '';
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), deadline]);
      if (next === 'deadline') {
        Promise.resolve(iterator.return?.()).catch(() => undefined);
        break;
      }
      if (next.done) break;
      body += formatServerSentEvent(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return body;
}

const TEXT_CHARSET = '; charset=utf-8';

/** What the function answers for a handler's result. */
export async function toLambdaResult(
  out: unknown,
  route: RouteDef,
  requestId: string,
  deadlineMs: number,
): Promise<APIGatewayProxyStructuredResultV2> {
  if (out instanceof HttpResult) return jsonResponse(out.status, out.body, requestId, out.headers);
  if (out instanceof TextResult) {
    return {
      statusCode: out.status,
      headers: { 'content-type': `${out.mediaType}${TEXT_CHARSET}`, 'x-request-id': requestId, ...out.headers },
      body: out.body,
    };
  }
  if (out instanceof EventStreamResult) {
    const body = await collectServerSentEvents(out.events, deadlineMs);
    return {
      statusCode: out.status,
      headers: {
        'content-type': `text/event-stream${TEXT_CHARSET}`,
        'cache-control': 'no-cache',
        'x-request-id': requestId,
        ...out.headers,
      },
      body,
    };
  }
  return jsonResponse(route.status ?? 200, out, requestId);
}

// ---- What a handler may return, derived from its route ----------------------------------------

/** The JSON body a route declares (`unknown` for a route without a response schema). */
export type ResponseBody<R extends RouteDef> = z.output<NonNullable<R['response']>>;

type Produced<R extends RouteDef> = NonNullable<R['produces']>[number];

/**
 * What a route's handler may return: its response schema's type (plain, or in an HttpResult to
 * pick the status and headers), and for routes that declare non-JSON media types a TextResult of
 * one of them or, for `text/event-stream`, an EventStreamResult.
 */
export type RouteResult<R extends RouteDef> =
  | ([Produced<R>] extends [never] ? ResponseBody<R> | HttpResult<ResponseBody<R>> : never)
  | (Exclude<Produced<R>, 'text/event-stream'> extends infer M extends TextMediaType
      ? [M] extends [never]
        ? never
        : TextResult<M>
      : never)
  | ('text/event-stream' extends Produced<R> ? EventStreamResult : never);

type IsAny<T> = 0 extends 1 & T ? true : false;
type AllKeys<S> = S extends unknown ? keyof S : never;
type ValueAt<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : never) : never;

/**
 * The paths of fields that `T` carries and the schema type `S` does not declare (never when there
 * are none). Assignability already catches a missing or mistyped field; this catches the extra
 * ones, which would reach clients without being in the OpenAPI document.
 */
export type ExtraFields<S, T, P extends string = ''> =
  IsAny<T> extends true
    ? never
    : unknown extends S
      ? never
      : T extends readonly (infer E)[]
        ? ExtraFields<S extends readonly (infer SE)[] ? SE : never, E, `${P}[]`>
        : T extends Date | Uint8Array
          ? never
          : T extends object
            ? {
                [K in keyof T & string]-?: K extends AllKeys<S>
                  ? ExtraFields<ValueAt<S, K>, T[K], P extends '' ? K : `${P}.${K}`>
                  : P extends ''
                    ? K
                    : `${P}.${K}`;
              }[keyof T & string]
            : never;

type BodyOf<T> = T extends HttpResult<infer B> ? B : T extends TextResult | EventStreamResult ? never : T;

/** `unknown` when the handler's result matches the route exactly; else a type naming the extra fields. */
export type ExactResult<R extends RouteDef, Out> = [ExtraFields<ResponseBody<R>, BodyOf<Out>>] extends [never]
  ? unknown
  : { 'fields the route response schema does not declare': ExtraFields<ResponseBody<R>, BodyOf<Out>> };
