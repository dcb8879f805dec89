import { randomBytes } from 'node:crypto';
import { createStripeClient } from '../shared/adapters/stripe/client';
import { applyCatalog, describeChange } from '../shared/adapters/stripe/catalog-sync';
import { catalog } from '../shared/domain/catalog/catalog';
import { startStripeEmulator } from './stripe-emulator/index';
import { startRazorpayEmulator } from './razorpay-emulator/index';

export interface ProviderSetup {
  env: Record<string, string>;
  stripeApiBase?: string;
  razorpayApiBase?: string;
  stops: (() => Promise<void>)[];
}

/**
 * Stripe and Razorpay for the local stack: the emulators by default, or real Stripe when a
 * real secret key is configured. The emulators get the catalog applied and a webhook endpoint
 * pointing at the local receivers, signed with a secret that env can fix.
 */
export async function startProviders(opts: {
  ports: { stripe: number; razorpay: number; http: number };
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<ProviderSetup> {
  const stops: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const gateway = `http://127.0.0.1:${opts.ports.http}`;
  const realStripeKey = opts.env.STRIPE_SECRET_KEY && !opts.env.STRIPE_API_BASE ? opts.env.STRIPE_SECRET_KEY : undefined;

  let stripeApiBase: string | undefined;
  if (realStripeKey) {
    opts.log(`Stripe           using the Stripe account of STRIPE_SECRET_KEY (no emulator). Forward webhooks with:`);
    opts.log(`                 stripe listen --forward-to ${gateway}/api/v1/webhooks/stripe  (and set STRIPE_WEBHOOK_SECRET)`);
  } else {
    const webhookSecret = opts.env.STRIPE_WEBHOOK_SECRET || `whsec_${randomBytes(24).toString('hex')}`;
    const emulator = await startStripeEmulator({ port: opts.ports.stripe, webhookSecret });
    stops.push(() => emulator.close());
    stripeApiBase = emulator.url;
    Object.assign(env, { STRIPE_API_BASE: emulator.url, STRIPE_SECRET_KEY: 'sk_test_local', STRIPE_WEBHOOK_SECRET: webhookSecret });
    const stripe = createStripeClient({ secretKey: 'sk_test_local', apiBase: emulator.url });
    const applied = await applyCatalog(stripe, catalog);
    await stripe.webhookEndpoints.create({ url: `${gateway}/api/v1/webhooks/stripe`, enabled_events: ['*'] });
    opts.log(`Stripe emulator  ${emulator.url}  (catalog applied: ${applied.length} change(s); webhooks → ${gateway}/api/v1/webhooks/stripe)`);
    if (applied.length && opts.env.LOG_LEVEL === 'DEBUG') for (const c of applied) opts.log(`                 ${describeChange(c)}`);
  }

  const keyId = opts.env.RAZORPAY_KEY_ID || 'rzp_test_local';
  const keySecret = opts.env.RAZORPAY_KEY_SECRET || 'rzp_local_secret';
  const rzpWebhookSecret = opts.env.RAZORPAY_WEBHOOK_SECRET || `rzp_whsec_${randomBytes(16).toString('hex')}`;
  const razorpay = await startRazorpayEmulator({
    port: opts.ports.razorpay,
    keyId,
    keySecret,
    webhookUrl: `${gateway}/api/v1/webhooks/razorpay`,
    webhookSecret: rzpWebhookSecret,
  });
  stops.push(() => razorpay.close());
  Object.assign(env, { RAZORPAY_API_BASE: razorpay.url, RAZORPAY_KEY_ID: keyId, RAZORPAY_KEY_SECRET: keySecret, RAZORPAY_WEBHOOK_SECRET: rzpWebhookSecret });
  opts.log(`Razorpay emulator ${razorpay.url}  (webhooks → ${gateway}/api/v1/webhooks/razorpay)`);

  return { env, stripeApiBase, razorpayApiBase: razorpay.url, stops };
}
