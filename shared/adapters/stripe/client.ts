import Stripe from 'stripe';
import { config } from '../../config';
import { secret } from '../secrets/parameters';

/**
 * The API version the pinned SDK speaks (and its types describe). Webhook events must be rendered
 * in it: the endpoint pins it (`npm run stripe-webhook -- create`) and the processor refuses others.
 */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/**
 * The official SDK, pointed at Stripe or at a Stripe-compatible base URL (the local emulator).
 * Retries with backoff on network errors, 409s and 5xx are the SDK's; it also reuses the same
 * idempotency key across its retries.
 */
export function createStripeClient(opts: { secretKey: string; apiBase?: string; maxNetworkRetries?: number; timeoutMs?: number }): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : undefined;
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 10_000,
    appInfo: { name: 'tollgate' },
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}

let shared: Promise<Stripe> | undefined;

/** One client per container; the secret key is read once (from SSM in AWS). */
export function stripeFromConfig(): Promise<Stripe> {
  if (!shared) {
    const c = config();
    shared = secret(c.STRIPE_SECRET_KEY, c.STRIPE_SECRET_PARAM, 'Stripe secret key').then((key) =>
      createStripeClient({ secretKey: key, apiBase: c.STRIPE_API_BASE }),
    );
    shared.catch(() => (shared = undefined));
  }
  return shared;
}

export async function stripeWebhookSecret(): Promise<string> {
  const c = config();
  return secret(c.STRIPE_WEBHOOK_SECRET, c.STRIPE_WEBHOOK_SECRET_PARAM, 'Stripe webhook secret');
}
