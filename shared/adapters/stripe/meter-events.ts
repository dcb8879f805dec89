import Stripe from 'stripe';
import type { MeterEventOut, MeterSendOutcome, MeterSink } from '#shared/domain/usage/ports';

export interface MeterSinkOptions {
  /** Requests in flight at once; Stripe's meter event endpoint is rate limited per account. */
  concurrency?: number;
  /** Attempts per event for rate limits and Stripe-side failures before giving up for now. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Stripe answers a repeated identifier with a 400 instead of ignoring it: it was delivered. */
function isDuplicate(e: Stripe.errors.StripeError): boolean {
  return e.code === 'duplicate_meter_event' || /already exists with identifier|identifier .*already/i.test(e.message);
}

function retryAfterMs(e: Stripe.errors.StripeError): number | undefined {
  const h = (e.headers as Record<string, string> | undefined)?.['retry-after'];
  const s = h ? Number(h) : NaN;
  return Number.isFinite(s) && s >= 0 ? s * 1000 : undefined;
}

type Classified =
  | { kind: 'ok' }
  | { kind: 'retry'; reason: string; waitMs?: number }
  | { kind: 'permanent'; reason: string }
  | { kind: 'later'; reason: string };

function classify(e: unknown): Classified {
  if (!(e instanceof Stripe.errors.StripeError)) return { kind: 'retry', reason: (e as Error)?.message ?? String(e) };
  if (e instanceof Stripe.errors.StripeRateLimitError || e.statusCode === 429)
    return { kind: 'retry', reason: 'rate limited', waitMs: retryAfterMs(e) };
  if (e instanceof Stripe.errors.StripeInvalidRequestError) {
    if (isDuplicate(e)) return { kind: 'ok' };
    return { kind: 'permanent', reason: `Stripe rejected the meter event: ${e.message}` };
  }
  if (e instanceof Stripe.errors.StripeAuthenticationError || e instanceof Stripe.errors.StripePermissionError) {
    // A key problem is not the event's fault: hand it back to the queue, do not drop it.
    return { kind: 'later', reason: `Stripe refused the key: ${e.message}` };
  }
  return { kind: 'retry', reason: e.message };
}

/**
 * Sends usage to Stripe's meter events with the SDK. Every event carries its stable identifier,
 * so a resend after a crash or a duplicate delivery is dropped by Stripe. A 429 pauses every
 * worker of this sink (honouring Retry-After when given) and the event is retried with
 * exponential backoff and jitter; 5xx and network failures are retried the same way. An event
 * that still fails is reported, not thrown, so the caller can hand just its message back to SQS.
 */
export function stripeMeterSink(stripe: () => Promise<Stripe>, opts: MeterSinkOptions = {}): MeterSink {
  const concurrency = opts.concurrency ?? 8;
  const maxAttempts = opts.maxAttempts ?? 5;
  const base = opts.baseDelayMs ?? 250;
  const cap = opts.maxDelayMs ?? 8000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let pausedUntil = 0;

  async function sendOne(client: Stripe, e: MeterEventOut): Promise<MeterSendOutcome> {
    for (let attempt = 1; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) await sleep(wait);
      try {
        await client.billing.meterEvents.create({
          event_name: e.eventName,
          payload: { stripe_customer_id: e.customerId, value: e.value },
          identifier: e.identifier,
          timestamp: e.timestamp,
        });
        return { ok: true };
      } catch (err) {
        const c = classify(err);
        if (c.kind === 'ok') return { ok: true };
        if (c.kind === 'permanent') return { ok: false, permanent: true, reason: c.reason };
        if (c.kind === 'later' || attempt >= maxAttempts) return { ok: false, permanent: false, reason: c.reason };
        const backoff = Math.min(cap, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
        const delay = Math.max(backoff, c.waitMs ?? 0);
        if (c.reason === 'rate limited') pausedUntil = Math.max(pausedUntil, Date.now() + delay);
        await sleep(delay);
      }
    }
  }

  return {
    async send(events) {
      if (!events.length) return [];
      const client = await stripe();
      const out: MeterSendOutcome[] = new Array(events.length);
      let next = 0;
      const worker = async () => {
        while (next < events.length) {
          const i = next++;
          out[i] = await sendOne(client, events[i]);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, events.length) }, worker));
      return out;
    },
  };
}

/** For workspaces' usage where no Stripe account is configured (local runs without Stripe). */
export const noMeterSink: MeterSink = {
  async send(events) {
    return events.map(() => ({ ok: true as const }));
  },
};
