import type { z } from 'zod';
import type { Scope } from '#shared/domain/tenancy/scopes';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Text a route may answer instead of JSON (sent with `charset=utf-8`). */
export type TextMediaType = 'text/html' | 'text/plain' | 'text/css' | 'application/javascript';
/** Every media type a route may declare in `produces`; JSON routes declare a `response` schema instead. */
export type MediaType = TextMediaType | 'text/event-stream';

/**
 * What a route needs from AWS. The CDK stack turns this into least-privilege grants, so a route
 * that only reads gets a read-only table grant.
 */
export interface RouteAccess {
  table: 'none' | 'read' | 'write';
  queues?: ('usage' | 'stripe' | 'payment' | 'outbound')[];
  bus?: boolean;
  stripe?: boolean;
  stripeWebhookSecret?: boolean;
  razorpay?: boolean;
  razorpayWebhookSecret?: boolean;
  /** Seals and opens pagination cursors (shared/http/cursor.ts). */
  cursorSecret?: boolean;
  /** Read every queue's and DLQ's depth and move DLQ messages back (the DLQ admin routes). */
  dlq?: boolean;
}

/**
 * One entry of the route manifest. The CDK stack, the local gateway and the OpenAPI generator
 * all read these; handler files import their own route to get the same schemas.
 */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  M extends MediaType = MediaType,
> {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  /** `api-key`: per-app key with scopes; `none`: probes, docs, webhooks (which verify signatures). */
  auth: 'api-key' | 'none';
  scopes: Scope[];
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /**
   * A route that answers something other than JSON (an HTML page, a stylesheet, an event stream)
   * lists the media types here; its handler then returns a TextResult or an EventStreamResult.
   */
  produces?: readonly M[];
  status?: number;
  /** Path of the Lambda entry file, relative to the project root. */
  handler: string;
  access: RouteAccess;
  /** Webhook receivers are exposed on Function URLs in AWS; everything else on the HTTP API. */
  exposure?: 'api' | 'function-url';
  /**
   * The answer is streamed (Server-Sent Events): the handler writes to a response stream. In AWS
   * the function sits behind a Function URL in response-streaming mode; locally the gateway
   * streams it the same way. Implies `exposure: 'function-url'`.
   */
  streaming?: boolean;
  /** Webhooks need the exact bytes to verify a signature, so they skip JSON parsing. */
  rawBody?: boolean;
  maxBodyBytes?: number;
  timeoutSeconds?: number;
  errors?: number[];
}

export function defineRoute<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  M extends MediaType = never,
>(route: RouteDef<P, Q, B, R, M>): RouteDef<P, Q, B, R, M> {
  return route;
}
