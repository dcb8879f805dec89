import createFetchClient, { type Middleware } from 'openapi-fetch';
import { TollgateError } from './errors';
import { retryingFetch } from './retries';
import type { paths } from './schema';
import { billingEvents, type StreamOptions } from './stream';

export { type ErrorBody, isTollgateError, TollgateError } from './errors';
export type { components, operations, paths } from './schema';
export type { StreamedEvent, StreamOptions } from './stream';
export { parseWebhook, type TollgateEvent, type VerifyOptions, verifyWebhook, WebhookSignatureError } from './webhooks';

/**
 * The typed Tollgate client: `openapi-fetch` over the types generated from the OpenAPI document
 * (client/schema.ts), so every path, parameter, body and answer is checked by the compiler.
 *
 * ```ts
 * import { createClient, unwrap } from 'tollgate/client';
 * const tollgate = createClient({ baseUrl: 'https://api.example.com', apiKey: process.env.TOLLGATE_KEY! });
 * const ent = unwrap(await tollgate.GET('/api/v1/entitlements/{workspace_id}', { params: { path: { workspace_id: 'ws_1' } } }));
 * ```
 */
export interface ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Retries on 503 and 429 (default 2), waiting what Retry-After says. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the answer is returned (default 30 s). */
  maxRetryDelayMs?: number;
  /** Every POST, PUT, PATCH and DELETE gets an Idempotency-Key unless it has one (default true), so retries are safe. */
  idempotencyKeys?: boolean;
  /** Throw a TollgateError for every error answer instead of returning `{ error }` (default false). */
  throwOnError?: boolean;
  /** Where the live stream is served, if not at `baseUrl` (in AWS: the StreamBillingEventsUrl output). */
  streamUrl?: string;
  fetch?: (input: Request) => Promise<Response>;
  /** For tests: how retries wait. */
  sleep?: (ms: number) => Promise<void>;
}

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A fresh Idempotency-Key. Keep it with the operation and send the same one when you retry it. */
export const idempotencyKey = (): string => crypto.randomUUID();

/** Request options that send `key` (a fresh one by default) as the Idempotency-Key. */
export const withIdempotencyKey = (key: string = idempotencyKey()) => ({ headers: { 'Idempotency-Key': key } });

/** The data of a result, or the error answer thrown as a TollgateError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) throw TollgateError.from(result.response, result.error);
  return result.data as T;
}

export function createClient(opts: ClientOptions) {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const fetchImpl = retryingFetch(opts.fetch ?? ((r) => globalThis.fetch(r)), {
    maxRetries: opts.maxRetries ?? 2,
    maxDelayMs: opts.maxRetryDelayMs ?? 30_000,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
  });
  const headers = { authorization: `Bearer ${opts.apiKey}` };
  const client = createFetchClient<paths>({ baseUrl, headers, fetch: fetchImpl });
  const middleware: Middleware = {
    onRequest({ request }) {
      if (opts.idempotencyKeys !== false && MUTATIONS.has(request.method) && !request.headers.has('idempotency-key'))
        request.headers.set('idempotency-key', idempotencyKey());
      return request;
    },
    async onResponse({ response }) {
      if (opts.throwOnError && !response.ok)
        throw TollgateError.from(
          response,
          await response
            .clone()
            .json()
            .catch(() => undefined),
        );
      return response;
    },
  };
  client.use(middleware);
  const fail = async (res: Response): Promise<never> => {
    throw TollgateError.from(res, await res.json().catch(() => undefined));
  };
  return Object.assign(client, {
    /** The workspace's billing events as they happen (Server-Sent Events), reconnecting as the server asks. */
    billingEvents: (workspaceId: string, streamOpts: StreamOptions = {}) =>
      billingEvents(
        fetchImpl,
        `${(opts.streamUrl ?? baseUrl).replace(/\/+$/, '')}/api/v1/billing/stream?workspace_id=${encodeURIComponent(workspaceId)}`,
        headers,
        streamOpts,
        fail,
      ),
  });
}

export type TollgateClient = ReturnType<typeof createClient>;
