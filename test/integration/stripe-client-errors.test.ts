import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeClient, translatingStripe } from '#shared/adapters/stripe/client';
import { type AppError, ConflictError, NotFoundError, ServiceUnavailableError, UpstreamError } from '#shared/errors';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';

/** A Stripe list whose first page answers and whose second page fails with a 500. */
function failingSecondPage(): Server {
  return createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.includes('starting_after')) {
      res.writeHead(500);
      res.end(JSON.stringify({ error: { type: 'api_error', message: 'internal: shard 7 of acct_secret is down' } }));
      return;
    }
    res.end(
      JSON.stringify({
        object: 'list',
        url: '/v1/customers',
        has_more: true,
        data: [{ id: 'cus_1', object: 'customer' }],
      }),
    );
  });
}

/**
 * The Stripe client the domain is given fails with Tollgate's errors at the boundary: every call,
 * later list pages included, on the Stripe emulator and on a server that fails mid-list.
 */
describe('the translating Stripe client', () => {
  let emulator: StripeEmulator;
  let raw: Stripe;
  let failing: Server;
  let failingUrl: string;

  beforeAll(async () => {
    emulator = await startStripeEmulator({ port: 0 });
    raw = createStripeClient({ secretKey: 'sk_test_translate', apiBase: emulator.url, maxNetworkRetries: 0 });
    failing = failingSecondPage();
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', () => r()));
    failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => failing.close(() => r()));
    await emulator?.close();
  });

  it('answers as the SDK does when Stripe answers', async () => {
    // Prepare
    const stripe = translatingStripe(raw);
    // Act
    const created = await stripe.customers.create({ email: 'a@example.com' });
    const read = await stripe.customers.retrieve(created.id);
    // Assess
    expect(read).toMatchObject({ id: created.id, email: 'a@example.com' });
    expect(created.lastResponse.statusCode).toBe(200);
  });

  it('fails with NotFoundError for a missing object and ConflictError for a reused idempotency key, where the SDK throws its own errors', async () => {
    // Prepare
    const stripe = translatingStripe(raw);
    await stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'translate-reuse' });
    // Act
    const missing = await stripe.customers.retrieve('cus_missing').catch((e: unknown) => e);
    const reused = await stripe.customers
      .create({ email: 'other@example.com' }, { idempotencyKey: 'translate-reuse' })
      .catch((e: unknown) => e);
    const rawMissing = await raw.customers.retrieve('cus_missing').catch((e: unknown) => e);
    // Assess
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(reused).toBeInstanceOf(ConflictError);
    expect(reused).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused' });
    expect(rawMissing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('translates a failure on a later page of an auto-paginated list, without Stripe’s text', async () => {
    // Prepare
    const stripe = translatingStripe(
      createStripeClient({ secretKey: 'sk_test_pages', apiBase: failingUrl, maxNetworkRetries: 0 }),
    );
    // Act
    const all = await stripe.customers
      .list({ limit: 1 })
      .autoPagingToArray({ limit: 10 })
      .catch((e: unknown) => e);
    const seen: string[] = [];
    const iterated = await (async () => {
      for await (const c of stripe.customers.list({ limit: 1 })) seen.push(c.id);
    })().catch((e: unknown) => e);
    // Assess
    for (const e of [all, iterated]) {
      expect(e).toBeInstanceOf(UpstreamError);
      expect((e as AppError).message).not.toContain('acct_secret');
    }
    expect(seen).toEqual(['cus_1']);
  });

  it('reports Stripe out of reach as a 503', async () => {
    // Prepare: a port nothing listens on any more.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const stripe = translatingStripe(
      createStripeClient({ secretKey: 'sk_test_x', apiBase: `http://127.0.0.1:${port}`, maxNetworkRetries: 0 }),
    );
    // Act
    const err = await stripe.invoices.retrieve('in_1').catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ServiceUnavailableError);
  });

  it('leaves the webhook signature functions’ own errors alone and follows a client patched after it was wrapped', async () => {
    // Prepare
    const client = createStripeClient({ secretKey: 'sk_test_patch', apiBase: emulator.url, maxNetworkRetries: 0 });
    const stripe = translatingStripe(client);
    const calls: string[] = [];
    const retrieve = client.customers.retrieve.bind(client.customers);
    client.customers.retrieve = ((id: string) => {
      calls.push(id);
      return retrieve(id);
    }) as typeof client.customers.retrieve;
    // Act
    const bad = (() => {
      try {
        return stripe.webhooks.constructEvent('{}', 't=1,v1=00', 'whsec_x');
      } catch (e) {
        return e;
      }
    })();
    const missing = await stripe.customers.retrieve('cus_patched').catch((e: unknown) => e);
    // Assess
    expect(bad).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    expect(calls).toEqual(['cus_patched']);
    expect(missing).toBeInstanceOf(NotFoundError);
  });
});
