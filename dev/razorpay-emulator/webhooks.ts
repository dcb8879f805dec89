import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { razorpayId } from './store';

export type WebhookEventName =
  | 'payment.captured'
  | 'order.paid'
  | 'payment_link.paid'
  | 'payment_link.partially_paid'
  | 'payment_link.cancelled'
  | 'payment_link.expired';

export interface WebhookAttempt {
  at: number;
  /** HTTP status the receiver answered with; absent when the request itself failed. */
  status?: number;
  error?: string;
  durationMs: number;
}

export interface WebhookDelivery {
  eventId: string;
  event: string;
  /** Where it went; null when no webhook was configured (recorded, never sent). */
  url: string | null;
  /** The exact bytes sent and signed. */
  body: string;
  signature: string;
  state: 'pending' | 'delivered' | 'failed' | 'no_endpoint' | 'cancelled';
  attempts: WebhookAttempt[];
}

export interface WebhookSenderOptions {
  url?: string;
  secret?: string;
  accountId: string;
  /** Waits between attempts after a failure; one attempt plus one per entry. */
  retryDelaysMs: number[];
  /** Razorpay gives a receiver 5 s before counting the attempt as failed. */
  timeoutMs: number;
  now: () => number;
}

export function signRazorpayBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Delivers events the way Razorpay does: a JSON POST signed with the webhook secret
 * (`X-Razorpay-Signature`, hex HMAC-SHA256 of the raw body), a unique `x-razorpay-event-id`, any
 * non-2xx or timeout retried after each of `retryDelaysMs`. First attempts go out in the order
 * the events were emitted so tests see a stable order; retries then run on their own clocks.
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private url: string | undefined;
  private secret: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private readonly pending = new Set<Promise<void>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly opts: WebhookSenderOptions) {
    if (opts.url) this.setWebhook(opts.url, opts.secret ?? '');
  }

  setWebhook(url: string, secret: string): void {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Webhook URL must be http(s): ${url}`);
    if (!secret) throw new Error('A webhook needs a secret: Razorpay signs every delivery with it');
    this.url = u.toString();
    this.secret = secret;
  }

  get webhookUrl(): string | undefined {
    return this.url;
  }

  /** Builds, signs and queues one event. */
  emit(event: string, contains: string[], entities: Record<string, unknown>): WebhookDelivery {
    const payload = Object.fromEntries(contains.map((name) => [name, { entity: entities[name] }]));
    const body = JSON.stringify({
      entity: 'event',
      account_id: this.opts.accountId,
      event,
      contains,
      payload,
      created_at: Math.floor(this.opts.now() / 1000),
    });
    return this.queue(razorpayId('evt').slice(4), event, body);
  }

  /** Sends an already emitted event again, same id and body: what a receiver sees on a duplicate. */
  resend(eventId: string): WebhookDelivery {
    const first = this.deliveries.find((d) => d.eventId === eventId);
    if (!first) throw new Error(`No event ${eventId} was emitted`);
    return this.queue(first.eventId, first.event, first.body);
  }

  private queue(eventId: string, event: string, body: string): WebhookDelivery {
    const d: WebhookDelivery = {
      eventId,
      event,
      url: this.url ?? null,
      body,
      signature: this.secret ? signRazorpayBody(body, this.secret) : '',
      state: this.url ? 'pending' : 'no_endpoint',
      attempts: [],
    };
    this.deliveries.push(d);
    if (!this.url || this.closed) {
      if (this.closed) d.state = 'cancelled';
      return d;
    }
    const done = new Promise<void>((resolve) => {
      const run = async (i: number): Promise<void> => {
        if (this.closed) {
          d.state = 'cancelled';
          return resolve();
        }
        if (await this.attempt(d)) {
          d.state = 'delivered';
          return resolve();
        }
        if (i >= this.opts.retryDelaysMs.length || this.closed) {
          d.state = this.closed ? 'cancelled' : 'failed';
          return resolve();
        }
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void run(i + 1);
        }, this.opts.retryDelaysMs[i]);
        timer.unref();
        this.timers.set(timer, () => {
          d.state = 'cancelled';
          resolve();
        });
      };
      this.chain = this.chain.then(() => run(0));
    });
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
    return d;
  }

  private attempt(d: WebhookDelivery): Promise<boolean> {
    const started = this.opts.now();
    const t0 = performance.now();
    const record = (a: Omit<WebhookAttempt, 'at' | 'durationMs'>) => {
      d.attempts.push({ at: started, durationMs: Math.round(performance.now() - t0), ...a });
      return a.status !== undefined && a.status >= 200 && a.status < 300;
    };
    return new Promise<boolean>((resolve) => {
      const url = new URL(d.url!);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          // A fresh connection per attempt: pooled sockets would keep receivers from closing in tests.
          agent: false,
          signal: this.abort.signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(d.body),
            'user-agent': 'Razorpay-Webhook/v1',
            'x-razorpay-signature': d.signature,
            'x-razorpay-event-id': d.eventId,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(record({ status: res.statusCode })));
          res.on('error', (e) => resolve(record({ error: e.message })));
        },
      );
      req.setTimeout(this.opts.timeoutMs, () => req.destroy(new Error(`no answer within ${this.opts.timeoutMs} ms`)));
      req.on('error', (e) => resolve(record({ error: (e as NodeJS.ErrnoException).code ?? e.message })));
      req.end(d.body);
    });
  }

  /** Resolves when every queued delivery has succeeded, given up, or been cancelled. */
  async flush(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Stops retries and aborts requests in flight; what was not delivered stays recorded as cancelled. */
  close(): void {
    this.closed = true;
    for (const [timer, cancel] of this.timers) {
      clearTimeout(timer);
      cancel();
    }
    this.timers.clear();
    this.abort.abort();
  }
}
