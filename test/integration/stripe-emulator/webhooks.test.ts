import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureHeader } from '../../../dev/stripe-emulator/index';
import { catalog, type Receiver, startReceiver, useHarness, verifiedEvents, WEBHOOK_SECRET } from './support';

describe('stripe emulator: webhook endpoints and signed delivery', () => {
  const receivers: Receiver[] = [];
  const endpoints: string[] = [];
  const h = useHarness();
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  async function endpoint(statuses: number[] = [], enabled: Stripe.WebhookEndpointCreateParams.EnabledEvent[] = ['*']) {
    // One endpoint at a time, so each test only sees its own deliveries.
    for (const id of endpoints.splice(0)) await h.stripe.webhookEndpoints.del(id);
    const receiver = await startReceiver(statuses);
    receivers.push(receiver);
    const created = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: enabled });
    endpoints.push(created.id);
    return { receiver, created };
  }

  it('creates, lists, updates and deletes endpoints; the secret is revealed on create only', async () => {
    // Act
    const { created } = await endpoint();
    const fetched = await h.stripe.webhookEndpoints.retrieve(created.id);
    const updated = await h.stripe.webhookEndpoints.update(created.id, {
      enabled_events: ['invoice.paid'],
      description: 'billing',
    });
    const list = await h.stripe.webhookEndpoints.list();
    const bad = await h.stripe.webhookEndpoints
      .create({ url: 'not a url', enabled_events: ['*'] })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(created).toMatchObject({
      object: 'webhook_endpoint',
      status: 'enabled',
      enabled_events: ['*'],
      secret: WEBHOOK_SECRET,
      livemode: false,
    });
    expect(fetched.secret).toBeUndefined();
    expect(updated).toMatchObject({ enabled_events: ['invoice.paid'], description: 'billing' });
    expect(list.data.map((e) => e.id)).toContain(created.id);
    expect(bad).toMatchObject({ statusCode: 400 });
  });

  it('delivers signed events that the SDK verifies, with Stripe’s headers', async () => {
    // Prepare
    const { receiver } = await endpoint();
    // Act
    const customer = await h.stripe.customers.create({ email: 'hook@example.com' });
    await h.stripe.customers.update(customer.id, { name: 'Hook' });
    await h.emulator.flush();
    const events = verifiedEvents(h.stripe, receiver);
    // Assess
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect((events[0].data.object as Stripe.Customer).id).toBe(customer.id);
    expect(events[1].data.previous_attributes).toEqual({ name: null });
    const headers = receiver.received[0].headers;
    expect(headers['content-type']).toBe('application/json; charset=utf-8');
    expect(headers['user-agent']).toBe('Stripe/1.0 (+https://stripe.com/docs/webhooks)');
    expect(String(headers['stripe-signature'])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const { raw } = receiver.received[0];
    const t = Number(/t=(\d+)/.exec(String(headers['stripe-signature']))![1]);
    expect(signatureHeader(raw, WEBHOOK_SECRET, t)).toBe(headers['stripe-signature']);
    expect(() => h.stripe.webhooks.constructEvent(raw, String(headers['stripe-signature']), 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect((await h.stripe.events.retrieve(events[0].id)).pending_webhooks).toBe(0);
  });

  it('retries a receiver that answers 500 twice, then 200', async () => {
    // Prepare
    const { receiver, created } = await endpoint([500, 500]);
    // Act
    const product = await h.stripe.products.create({ name: 'Retry me' });
    await h.emulator.flush();
    const [delivery] = h.emulator.deliveries({ endpointId: created.id, eventType: 'product.created' });
    // Assess
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(receiver.received.map((r) => r.raw)).size).toBe(1);
    expect(delivery.status).toBe('succeeded');
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery.attempts[1].at - delivery.attempts[0].at).toBeGreaterThanOrEqual(25);
    const [event] = verifiedEvents(h.stripe, receiver);
    expect((event.data.object as Stripe.Product).id).toBe(product.id);
  });

  it('gives up after the last retry when the endpoint is unreachable', async () => {
    // Prepare
    for (const id of endpoints.splice(0)) await h.stripe.webhookEndpoints.del(id);
    const dead = await h.stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/unreachable',
      enabled_events: ['customer.created'],
    });
    endpoints.push(dead.id);
    // Act
    await h.stripe.customers.create({ email: 'nobody-home@example.com' });
    await h.emulator.flush();
    const [delivery] = h.emulator.deliveries({ endpointId: dead.id });
    // Assess
    expect(delivery.status).toBe('failed');
    expect(delivery.attempts).toHaveLength(4);
    expect(delivery.attempts.every((a) => a.status === null && a.error)).toBe(true);
  });

  it('only delivers enabled event types and sends the subscription lifecycle for checkout', async () => {
    // Prepare
    const { receiver } = await endpoint(
      [],
      [
        'checkout.session.completed',
        'customer.subscription.created',
        'invoice.paid',
        'entitlements.active_entitlement_summary.updated',
      ],
    );
    const { price, product } = await catalog(h.stripe, { amount: 1900 });
    const feature = await h.stripe.entitlements.features.create({
      lookup_key: 'webhooks_feature',
      name: 'Webhooks feature',
    });
    await h.stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://x.example/ok',
    });
    // Act
    await fetch(`${h.emulator.url}/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x' },
    });
    await h.emulator.flush();
    const events = verifiedEvents(h.stripe, receiver);
    // Assess
    expect(events.map((e) => e.type).sort()).toEqual([
      'checkout.session.completed',
      'customer.subscription.created',
      'entitlements.active_entitlement_summary.updated',
      'invoice.paid',
    ]);
    const summary = events.find((e) => e.type === 'entitlements.active_entitlement_summary.updated')!.data
      .object as Stripe.Entitlements.ActiveEntitlementSummary;
    expect(summary.entitlements.data.map((e) => e.lookup_key)).toEqual(['webhooks_feature']);
    const paid = events.find((e) => e.type === 'invoice.paid')!.data.object as Stripe.Invoice;
    expect(paid).toMatchObject({ amount_paid: 1900, status: 'paid' });
  });

  it('signs with a random whsec_ secret when none is configured', async () => {
    // Prepare
    const other = await (await import('../../../dev/stripe-emulator/index')).startStripeEmulator({
      port: 0,
      webhookRetryDelaysMs: [],
    });
    const client = new Stripe('sk_test_y', {
      host: '127.0.0.1',
      port: other.port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const receiver = await startReceiver();
    receivers.push(receiver);
    try {
      // Act
      const ep = await client.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created'] });
      await client.customers.create({ email: 'random@example.com' });
      await other.flush();
      // Assess
      expect(ep.secret).toMatch(/^whsec_/);
      expect(ep.secret).not.toBe(WEBHOOK_SECRET);
      expect(verifiedEvents(client, receiver, ep.secret!).map((e) => e.type)).toEqual(['customer.created']);
    } finally {
      await other.close();
    }
  });
});
