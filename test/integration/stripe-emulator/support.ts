import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import {
  type StripeEmulator,
  type StripeEmulatorOptions,
  startStripeEmulator,
} from '../../../dev/stripe-emulator/index';

export const WEBHOOK_SECRET = 'whsec_test_emulator_secret';

export interface Harness {
  emulator: StripeEmulator;
  stripe: Stripe;
  close(): Promise<void>;
}

/** An emulator on a free port and an SDK client pointed at it, with fast webhook retries. */
export async function startHarness(opts: StripeEmulatorOptions = {}): Promise<Harness> {
  const emulator = await startStripeEmulator({
    port: 0,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetryDelaysMs: [30, 60, 120],
    ...opts,
  });
  const stripe = new Stripe('sk_test_x', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { emulator, stripe, close: () => emulator.close() };
}

/**
 * A harness for the enclosing suite: started before its tests, closed after them. The object is
 * filled in by the `beforeAll` hook, so read its fields inside tests and hooks only.
 */
export function useHarness(opts: StripeEmulatorOptions = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => void Object.assign(h, await startHarness(opts)));
  afterAll(() => h.close?.());
  return h;
}

export interface Received {
  raw: string;
  headers: IncomingHttpHeaders;
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A webhook receiver answering `statuses` in turn (then 200), recording every raw body and header. */
export async function startReceiver(statuses: number[] = []): Promise<Receiver> {
  const received: Received[] = [];
  const queue = [...statuses];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = queue.shift() ?? 200;
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Verifies every received delivery with the SDK and returns the events that were accepted (2xx). */
export function verifiedEvents(stripe: Stripe, receiver: Receiver, secret = WEBHOOK_SECRET): Stripe.Event[] {
  return receiver.received
    .filter((r) => r.status >= 200 && r.status < 300)
    .map((r) => stripe.webhooks.constructEvent(r.raw, String(r.headers['stripe-signature']), secret));
}

export const DAY = 86_400;
/** 2026-01-15T00:00:00Z: a fixed start for test clocks. */
export const T0 = 1_768_435_200;

export async function catalog(
  stripe: Stripe,
  opts: { amount?: number; interval?: 'month' | 'year'; lookupKey?: string } = {},
) {
  const product = await stripe.products.create({ name: `Plan ${Math.random().toString(36).slice(2, 7)}` });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: opts.amount ?? 2000,
    recurring: { interval: opts.interval ?? 'month' },
    ...(opts.lookupKey ? { lookup_key: opts.lookupKey } : {}),
  });
  return { product, price };
}

/** Attaches `pm` to the customer as its default payment method, as an integration does before a paid subscription. */
export async function withCard(stripe: Stripe, customer: string, pm = 'pm_card_visa'): Promise<Stripe.PaymentMethod> {
  const attached = await stripe.paymentMethods.attach(pm, { customer });
  await stripe.customers.update(customer, { invoice_settings: { default_payment_method: attached.id } });
  return attached;
}

/** A customer on a fresh test clock at T0, with `pm` attached as the default payment method. */
export async function clocked(stripe: Stripe, pm: string | null = 'pm_card_visa') {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: T0, name: 'emulator test' });
  const customer = await stripe.customers.create({ email: 'clock@example.com', test_clock: clock.id });
  if (pm) {
    const attached = await stripe.paymentMethods.attach(pm, { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: attached.id } });
  }
  return { clock, customer };
}

/** A subscription's invoices, newest first. */
export async function subscriptionInvoices(stripe: Stripe, subscription: string): Promise<Stripe.Invoice[]> {
  return (await stripe.invoices.list({ subscription, limit: 100 })).data;
}
