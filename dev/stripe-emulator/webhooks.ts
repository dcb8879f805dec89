import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type Stripe from 'stripe';
import { errors } from './errors';
import { endpointWants } from './events';
import type { Params } from './form';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import type { State } from './state';

export interface WebhookAttempt {
  /** Epoch milliseconds when the attempt started. */
  at: number;
  /** HTTP status, or null when the connection failed or timed out. */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  url: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: WebhookAttempt[];
  /** The exact body that was signed and sent. */
  payload: string;
}

export interface DispatcherOptions {
  /** Delay before each retry; the number of entries is the number of retries (default 0.5 s doubling to 32 s: 8 attempts in all). */
  retryDelaysMs: number[];
  timeoutMs: number;
}

export const DEFAULT_RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 16000, 32000];

/** Signs exactly as Stripe does: HMAC-SHA256 of `${t}.${body}` with the endpoint secret, as `t=…,v1=…`. */
export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** One POST on a fresh connection (no pooling, so receivers can close promptly); resolves with the status. */
function post(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<number> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      {
        method: 'POST',
        agent: false,
        signal,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Delivers events to webhook endpoints without holding up API responses. First attempts to one
 * endpoint go out in event order; retries run on their own timers, so order is not promised.
 */
export class WebhookDispatcher {
  readonly deliveries: WebhookDelivery[] = [];
  private pending = 0;
  private waiters: (() => void)[] = [];
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly aborts = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly state: State,
    private readonly opts: DispatcherOptions,
  ) {}

  dispatch(event: Stripe.Event): void {
    if (this.closed) return;
    for (const endpoint of this.state.webhookEndpoints.values()) {
      if (endpoint.status !== 'enabled' || !endpointWants(endpoint, event.type)) continue;
      const delivery: WebhookDelivery = {
        id: `whdel_${randomBytes(10).toString('hex')}`,
        eventId: event.id,
        eventType: event.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        status: 'pending',
        attempts: [],
        // Stripe renders each delivery in the endpoint's API version, or the account's default when
        // the endpoint pins none. This emulator keeps its own shapes but says which version it was
        // asked for, so a receiver that checks `api_version` sees what Stripe would send it.
        payload: JSON.stringify(
          { ...event, api_version: endpoint.api_version ?? this.state.accountApiVersion },
          null,
          2,
        ),
      };
      this.deliveries.push(delivery);
      this.pending++;
      const prev = this.chains.get(endpoint.id) ?? Promise.resolve();
      const next = prev
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => this.attempt(delivery));
      this.chains.set(endpoint.id, next);
    }
  }

  private async attempt(d: WebhookDelivery): Promise<void> {
    if (this.closed) return;
    const secret = this.state.webhookSecrets.get(d.endpointId);
    const endpoint = this.state.webhookEndpoints.get(d.endpointId);
    if (!secret || !endpoint || endpoint.status !== 'enabled') return this.settle(d, 'failed');
    const started = Date.now();
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(), this.opts.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await post(
        d.url,
        {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': signatureHeader(d.payload, secret),
          'cache-control': 'no-cache',
          accept: '*/*; q=0.5, application/xml',
        },
        d.payload,
        abort.signal,
      );
    } catch (e) {
      error = abort.signal.aborted ? 'timeout' : e instanceof Error ? e.message : String(e);
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    d.attempts.push({ at: started, status, error, durationMs: Date.now() - started });
    if (status !== null && status >= 200 && status < 300) {
      const event = this.state.events.get(d.eventId);
      if (event && event.pending_webhooks > 0) event.pending_webhooks--;
      return this.settle(d, 'succeeded');
    }
    const delay = this.opts.retryDelaysMs[d.attempts.length - 1];
    if (delay === undefined || this.closed) return this.settle(d, 'failed');
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.attempt(d);
    }, delay);
    this.timers.add(t);
  }

  private settle(d: WebhookDelivery, status: 'succeeded' | 'failed'): void {
    if (d.status !== 'pending') return;
    d.status = status;
    this.pending--;
    if (this.pending === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once no delivery is pending (including scheduled retries). */
  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const a of this.aborts) a.abort();
    for (const d of this.deliveries) if (d.status === 'pending') this.settle(d, 'failed');
  }
}

function validUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    return url;
  } catch {
    throw errors.invalid(`Invalid URL: ${url}`, 'url', 'url_invalid');
  }
}

function enabledEvents(p: Params): string[] {
  const events = p.strings('enabled_events');
  if (!events.length) throw errors.paramMissing('enabled_events');
  return events;
}

export function registerWebhookEndpoints(r: Router): void {
  r.post('/v1/webhook_endpoints', ({ state, params }) => {
    const secret = state.options.webhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
    const endpoint: Stripe.WebhookEndpoint = {
      id: state.id('we'),
      object: 'webhook_endpoint',
      api_version: params.str('api_version') ?? null,
      application: null,
      created: state.now(),
      description: params.str('description') ?? null,
      enabled_events: enabledEvents(params),
      livemode: false,
      metadata: params.metadata(),
      status: 'enabled',
      url: validUrl(params.req('url')),
    };
    state.webhookEndpoints.set(endpoint.id, endpoint);
    state.webhookSecrets.set(endpoint.id, secret);
    // Stripe reveals the secret only in the create response.
    return { ...endpoint, secret };
  });
  r.get('/v1/webhook_endpoints/:id', ({ state, path }) =>
    state.get(state.webhookEndpoints, 'webhook_endpoint', path.id),
  );
  r.post('/v1/webhook_endpoints/:id', ({ state, path, params }) => {
    const e = state.get(state.webhookEndpoints, 'webhook_endpoint', path.id);
    if (params.has('url')) e.url = validUrl(params.req('url'));
    if (params.has('enabled_events')) e.enabled_events = enabledEvents(params);
    if (params.has('description')) e.description = params.str('description') || null;
    if (params.has('metadata')) e.metadata = params.metadata(e.metadata);
    if (params.has('disabled')) e.status = params.bool('disabled') ? 'disabled' : 'enabled';
    return e;
  });
  r.get('/v1/webhook_endpoints', ({ state, params }) =>
    paginate(newestFirst(state.webhookEndpoints), params, '/v1/webhook_endpoints'),
  );
  r.delete('/v1/webhook_endpoints/:id', ({ state, path }) => {
    const e = state.get(state.webhookEndpoints, 'webhook_endpoint', path.id);
    state.webhookEndpoints.delete(e.id);
    state.webhookSecrets.delete(e.id);
    return { id: e.id, object: 'webhook_endpoint', deleted: true };
  });
}
