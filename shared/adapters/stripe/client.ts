import Stripe from 'stripe';
import { config } from '../../config';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, stripeBudget, type StripeBudget } from '../../time-budgets';
import { secret } from '../secrets/parameters';

/**
 * The API version the pinned SDK speaks (and its types describe). Webhook events must be rendered
 * in it: the endpoint pins it (`npm run stripe-webhook -- create`) and the processor refuses others.
 */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/**
 * The official SDK, pointed at Stripe or at a Stripe-compatible base URL (the local emulator).
 * Retries with backoff on network errors, 409s and 5xx are the SDK's; it also reuses the same
 * idempotency key across its retries. Its timeout and retries come from the function's budget
 * (shared/time-budgets.ts), so a hung Stripe fails the call before Lambda kills the function.
 */
export function createStripeClient(opts: {
  secretKey: string;
  apiBase?: string;
  /** Default: the budget of an HTTP function. `maxNetworkRetries` / `timeoutMs` override one part (tools, tests). */
  budget?: Pick<StripeBudget, 'timeoutMs' | 'maxNetworkRetries'>;
  maxNetworkRetries?: number;
  timeoutMs?: number;
}): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : undefined;
  const budget = opts.budget ?? stripeBudget(HTTP_FUNCTION_TIMEOUT_SECONDS);
  return new Stripe(opts.secretKey, {
    maxNetworkRetries: opts.maxNetworkRetries ?? budget.maxNetworkRetries,
    timeout: opts.timeoutMs ?? budget.timeoutMs,
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

let shared: { key: string; client: Stripe } | undefined;

/**
 * One client per container and secret key: the key is re-read after the secrets TTL (from SSM in
 * AWS), and a rotated key gets a new client.
 */
export async function stripeFromConfig(): Promise<Stripe> {
  const c = config();
  const key = await secret(c.STRIPE_SECRET_KEY, c.STRIPE_SECRET_PARAM, 'Stripe secret key');
  if (shared?.key !== key) {
    shared = { key, client: createStripeClient({ secretKey: key, apiBase: c.STRIPE_API_BASE, budget: stripeBudget(c.FUNCTION_TIMEOUT_SECONDS) }) };
  }
  return shared.client;
}

export async function stripeWebhookSecret(): Promise<string> {
  const c = config();
  return secret(c.STRIPE_WEBHOOK_SECRET, c.STRIPE_WEBHOOK_SECRET_PARAM, 'Stripe webhook secret');
}
