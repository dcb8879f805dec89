import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { applyCatalog, describeChange } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient, STRIPE_API_VERSION } from '#shared/adapters/stripe/client';
import { createWebhookEndpoint } from '#shared/adapters/stripe/webhook-endpoint';
import { catalog } from '#shared/domain/catalog/catalog';
import { startRazorpayEmulator } from './razorpay-emulator/index';
import { startStripeEmulator } from './stripe-emulator/index';

export interface ProviderSetup {
  env: Record<string, string>;
  stripeApiBase?: string;
  razorpayApiBase?: string;
  stops: (() => Promise<void>)[];
  /** Writes the emulators' state files now (with `stateDir`); stopping runs these first. */
  saves: (() => Promise<void>)[];
}

/** Marks the webhook endpoint the local stack registers, so a restart can find and replace it. */
const LOCAL_ENDPOINT_METADATA = { tollgate_local_stack: 'true' };

/** The emulators' state files in a persistence directory (`npm start -- --persist`). */
const stripeStateFile = (dir: string) => join(dir, 'stripe-emulator.json');
const razorpayStateFile = (dir: string) => join(dir, 'razorpay-emulator.json');

/**
 * Points exactly one webhook endpoint at the local receiver: the one kept from a previous start
 * for the same URL when there is one (the emulator signs restored endpoints with this start's
 * `webhookSecret`, so the receiver's secret matches), else a new one, made the way a deployment
 * makes its own (`npm run stripe-webhook -- create`): pinned to the SDK's API version. Endpoints an
 * earlier start registered for another URL (another port) or another API version are removed.
 */
async function registerLocalEndpoint(stripe: Stripe, url: string): Promise<'reused' | 'created'> {
  const existing: Stripe.WebhookEndpoint[] = [];
  for await (const e of stripe.webhookEndpoints.list({ limit: 100 })) existing.push(e);
  const [keep, ...duplicates] = existing.filter((e) => e.url === url && e.api_version === STRIPE_API_VERSION).reverse();
  const stale = existing.filter(
    (e) => (e.url !== url || e.api_version !== STRIPE_API_VERSION) && e.metadata?.tollgate_local_stack === 'true',
  );
  for (const e of [...duplicates, ...stale]) await stripe.webhookEndpoints.del(e.id);
  if (!keep) {
    await createWebhookEndpoint(stripe, url, {
      events: '*',
      description: 'Tollgate local stack',
      metadata: LOCAL_ENDPOINT_METADATA,
    });
    return 'created';
  }
  if (
    keep.status !== 'enabled' ||
    keep.enabled_events.join() !== '*' ||
    keep.metadata?.tollgate_local_stack !== 'true'
  ) {
    await stripe.webhookEndpoints.update(keep.id, {
      disabled: false,
      enabled_events: ['*'],
      metadata: LOCAL_ENDPOINT_METADATA,
    });
  }
  return 'reused';
}

/**
 * Stripe and Razorpay for the local stack: the emulators by default, or real Stripe when a
 * real secret key is configured. The emulators get the catalog applied and a webhook endpoint
 * pointing at the local receivers, signed with a secret that env can fix. With `stateDir` they
 * keep their state there across restarts; the catalog then finds its products and prices again.
 */
export async function startProviders(opts: {
  ports: { stripe: number; razorpay: number; http: number };
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  stateDir?: string;
}): Promise<ProviderSetup> {
  const stops: (() => Promise<void>)[] = [];
  const saves: (() => Promise<void>)[] = [];
  const env: Record<string, string> = {};
  const gateway = `http://127.0.0.1:${opts.ports.http}`;
  const realStripeKey =
    opts.env.STRIPE_SECRET_KEY && !opts.env.STRIPE_API_BASE ? opts.env.STRIPE_SECRET_KEY : undefined;

  let stripeApiBase: string | undefined;
  if (realStripeKey) {
    opts.log(`Stripe           using the Stripe account of STRIPE_SECRET_KEY (no emulator). Forward webhooks with:`);
    opts.log(
      `                 stripe listen --forward-to ${gateway}/api/v1/webhooks/stripe  (and set STRIPE_WEBHOOK_SECRET)`,
    );
  } else {
    const webhookSecret = opts.env.STRIPE_WEBHOOK_SECRET || `whsec_${randomBytes(24).toString('hex')}`;
    const stateFile = opts.stateDir ? stripeStateFile(opts.stateDir) : undefined;
    const emulator = await startStripeEmulator({ port: opts.ports.stripe, webhookSecret, stateFile });
    stops.push(() => emulator.close());
    saves.push(() => emulator.save());
    stripeApiBase = emulator.url;
    Object.assign(env, {
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY: 'sk_test_local',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
    });
    const stripe = createStripeClient({ secretKey: 'sk_test_local', apiBase: emulator.url });
    const applied = await applyCatalog(stripe, catalog);
    const endpoint = await registerLocalEndpoint(stripe, `${gateway}/api/v1/webhooks/stripe`);
    const kept = endpoint === 'reused' ? ' (endpoint kept)' : '';
    opts.log(
      `Stripe emulator  ${emulator.url}  (catalog applied: ${applied.length} change(s); webhooks → ${gateway}/api/v1/webhooks/stripe${kept}${stateFile ? `; state in ${stateFile}` : ''})`,
    );
    if (applied.length && opts.env.LOG_LEVEL === 'DEBUG')
      for (const c of applied) opts.log(`                 ${describeChange(c)}`);
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
    stateFile: opts.stateDir ? razorpayStateFile(opts.stateDir) : undefined,
  });
  stops.push(() => razorpay.close());
  saves.push(() => razorpay.save());
  // With a state directory both files exist from the start, whatever happens to this process later.
  await Promise.all(saves.map((save) => save()));
  Object.assign(env, {
    RAZORPAY_API_BASE: razorpay.url,
    RAZORPAY_KEY_ID: keyId,
    RAZORPAY_KEY_SECRET: keySecret,
    RAZORPAY_WEBHOOK_SECRET: rzpWebhookSecret,
  });
  opts.log(
    `Razorpay emulator ${razorpay.url}  (webhooks → ${gateway}/api/v1/webhooks/razorpay${opts.stateDir ? `; state in ${razorpayStateFile(opts.stateDir)}` : ''})`,
  );

  return { env, stripeApiBase, razorpayApiBase: razorpay.url, stops, saves };
}
