import Stripe from 'stripe';
import { secret } from '#shared/adapters/secrets/parameters';
import { config } from '#shared/config';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, type StripeBudget, stripeBudget } from '#shared/time-budgets';
import { translateStripeError } from './errors';

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

/** Not wrapped: the webhook signature functions throw Stripe's own errors, which the receiver reads. */
const UNTRANSLATED = new Set<PropertyKey>(['webhooks', 'errors']);

const translatingViews = new WeakMap<object, object>();

/** A pending answer whose failure, on the first page or any later one, is already a Tollgate error. */
function translatedAnswer(answer: PromiseLike<unknown> & Record<PropertyKey, unknown>): unknown {
  const out = Promise.resolve(answer).catch((e: unknown) => {
    throw translateStripeError(e);
  }) as Promise<unknown> & Record<PropertyKey, unknown>;
  // List and search answers also walk every page (`autoPagingToArray`, `for await`).
  for (const k of ['autoPagingEach', 'autoPagingToArray', 'next', 'return']) {
    const f = answer[k];
    if (typeof f === 'function')
      out[k] = (...args: unknown[]) => translatedCall(() => (f as (...a: unknown[]) => unknown).apply(answer, args));
  }
  if (typeof answer[Symbol.asyncIterator] === 'function') out[Symbol.asyncIterator] = () => out;
  return out;
}

function translatedCall(call: () => unknown): unknown {
  let r: unknown;
  try {
    r = call();
  } catch (e) {
    throw translateStripeError(e);
  }
  const thenable =
    r !== null &&
    (typeof r === 'object' || typeof r === 'function') &&
    typeof (r as PromiseLike<unknown>).then === 'function';
  return thenable ? translatedAnswer(r as PromiseLike<unknown> & Record<PropertyKey, unknown>) : r;
}

function translatingView<T extends object>(target: T): T {
  let view = translatingViews.get(target);
  if (!view) {
    view = new Proxy(target, {
      get(t, prop) {
        const v: unknown = Reflect.get(t, prop, t);
        if (typeof prop === 'symbol' || prop.startsWith('_') || UNTRANSLATED.has(prop)) return v;
        if (typeof v === 'function')
          return (...args: unknown[]) => translatedCall(() => (v as (...a: unknown[]) => unknown).apply(t, args));
        if (v !== null && typeof v === 'object') return translatingView(v);
        return v;
      },
    });
    translatingViews.set(target, view);
  }
  return view as T;
}

/**
 * The client the domain is given: the same SDK client (its retries, idempotency keys and
 * timeouts unchanged), through a view whose every call fails with a Tollgate AppError instead
 * of a Stripe error (see translateStripeError), later list pages included. Domain code calls
 * Stripe directly and branches on NotFoundError, ConflictError and the like. Properties are read
 * from the client at each call, so a client patched afterwards (a test counting calls) is seen.
 */
export function translatingStripe(client: Stripe): Stripe {
  return translatingView(client);
}

let shared: { key: string; client: Stripe } | undefined;

/**
 * One client per container and secret key: the key is re-read after the secrets TTL (from SSM in
 * AWS), and a rotated key gets a new client. Adapters that read Stripe's own errors (the meter
 * sink classifies them) take this one.
 */
export async function stripeFromConfig(): Promise<Stripe> {
  const c = config();
  const key = await secret(c.STRIPE_SECRET_KEY, c.STRIPE_SECRET_PARAM, 'Stripe secret key');
  if (shared?.key !== key) {
    shared = {
      key,
      client: createStripeClient({
        secretKey: key,
        apiBase: c.STRIPE_API_BASE,
        budget: stripeBudget(c.FUNCTION_TIMEOUT_SECONDS),
      }),
    };
  }
  return shared.client;
}

/** The same client as the domain sees it: failures already translated. */
export async function translatingStripeFromConfig(): Promise<Stripe> {
  return translatingStripe(await stripeFromConfig());
}

export async function stripeWebhookSecret(): Promise<string> {
  const c = config();
  return secret(c.STRIPE_WEBHOOK_SECRET, c.STRIPE_WEBHOOK_SECRET_PARAM, 'Stripe webhook secret');
}
