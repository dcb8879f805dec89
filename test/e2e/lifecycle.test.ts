import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_READY_MS, type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';

/**
 * The subscription lifecycle as a user meets it: everything goes through the public API and the
 * Stripe emulator; Tollgate only learns about Stripe-side changes through signed webhooks.
 */
describe('subscription lifecycle through the local stack', () => {
  let stack: StackProcess;
  let stripe: Stripe;
  const ws = `ws_e2e_${Date.now()}`;

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };
  const subscription = async () => (await api('GET', `/api/v1/subscriptions/${ws}`)).body;

  beforeAll(async () => {
    stack = await startStackProcess();
    const base = new URL(`http://127.0.0.1:${stack.ports.stripe}`);
    stripe = new Stripe('sk_test_e2e', {
      host: base.hostname,
      port: Number(base.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
  }, STACK_READY_MS + 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('checkout → webhooks → change plan now and at period end → cancel → revoke → renewal', async () => {
    // Prepare: a customer on a test clock (so time can move), adopted by a new workspace.
    const start = Math.floor(Date.now() / 1000);
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({
      email: 'e2e@example.com',
      test_clock: clock.id,
      metadata: { workspace_id: ws, project_id: 'demo' },
    });
    await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const put = await api('PUT', `/api/v1/workspaces/${ws}`, {
      name: 'E2E',
      email: 'e2e@example.com',
      country: 'US',
      currency: 'usd',
      stripe_customer_id: customer.id,
    });
    expect(put.status).toBe(201);
    expect(put.body.stripe_customer_id).toBe(customer.id);

    // Act: Checkout, completed as a paying customer would.
    const session = await api('POST', '/api/v1/checkout/session', {
      workspace_id: ws,
      plan: 'pro',
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/no',
    });
    expect(session.status).toBe(201);
    expect(session.body.url).toMatch(/^http/);
    await fetch(
      `http://127.0.0.1:${stack.ports.stripe}/v1/test_helpers/checkout/sessions/${session.body.id}/complete`,
      {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_e2e' },
      },
    );

    // Assess: the subscription and the entitlements arrive through webhooks only.
    const active = await until('active subscription', async () => {
      const s = await api('GET', `/api/v1/subscriptions/${ws}`);
      return s.status === 200 && s.body.status === 'active' && s.body;
    });
    expect(active).toMatchObject({ plan: 'pro', has_access: true, cancel_at_period_end: false });
    const periodEnd = active.current_period_end as string;
    const ent = await api('GET', `/api/v1/entitlements/${ws}`);
    expect(ent.status).toBe(200);
    expect(ent.body.plan).toBe('pro');
    expect(ent.body.features).toContain('whatsapp_campaigns');

    // Change plan now (prorated), then schedule a change back for the period end.
    const now = await api('POST', `/api/v1/subscriptions/${ws}/change-plan`, { plan: 'enterprise' });
    expect(now.status).toBe(200);
    expect(now.body.plan).toBe('enterprise');
    expect((await api('POST', `/api/v1/subscriptions/${ws}/change-plan`, { plan: 'enterprise' })).status).toBe(409);
    const later = await api('POST', `/api/v1/subscriptions/${ws}/change-plan`, { plan: 'pro', at_period_end: true });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({ plan: 'enterprise', pending_plan: 'pro' });

    // Cancel at period end, then revoke it; a second revoke makes no sense.
    const cancel = await api('POST', '/api/v1/subscriptions/cancel', { workspace_id: ws, at_period_end: true });
    expect(cancel.body.cancel_at_period_end).toBe(true);
    const revoke = await api('POST', `/api/v1/subscriptions/${ws}/revoke-cancellation`, {});
    expect(revoke.body.cancel_at_period_end).toBe(false);
    expect((await api('POST', `/api/v1/subscriptions/${ws}/revoke-cancellation`, {})).status).toBe(409);

    // Advance the clock past the period end: Stripe renews, invoices and charges.
    await stripe.testHelpers.testClocks.advance(clock.id, {
      frozen_time: Math.floor(Date.parse(periodEnd) / 1000) + 3600,
    });
    const renewed = await until('renewal', async () => {
      const s = await subscription();
      return s.current_period_start >= periodEnd && s;
    });
    expect(renewed).toMatchObject({ status: 'active', plan: 'pro', pending_plan: null });
    const events = await until('renewal invoice paid', async () => {
      const e = await api('GET', `/api/v1/workspaces/${ws}/events?limit=100`);
      const types = (e.body.events as { type: string }[]).map((x) => x.type);
      return types.filter((t) => t === 'invoice.paid').length >= 2 && types;
    });
    expect(events).toEqual(
      expect.arrayContaining([
        'subscription.activated',
        'subscription.plan_changed',
        'subscription.renewed',
        'invoice.paid',
      ]),
    );
    const invoices = await stripe.invoices.list({ customer: customer.id, limit: 10 });
    expect(invoices.data.filter((i) => i.status === 'paid').length).toBeGreaterThanOrEqual(2);
  });

  it('a credit pack bought through Checkout lands as purchased credits; a refund takes them back', async () => {
    // Prepare
    const buyer = `ws_pack_${Date.now()}`;
    expect(
      (
        await api('PUT', `/api/v1/workspaces/${buyer}`, {
          name: 'Pack',
          email: 'pack@example.com',
          country: 'US',
          currency: 'usd',
        })
      ).status,
    ).toBe(201);
    const urls = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };
    const limit = async () => String((await api('GET', `/api/v1/credits/${buyer}`)).body.purchased.balance);
    const before = await limit();
    // Act
    const both = await api('POST', '/api/v1/checkout/session', {
      workspace_id: buyer,
      plan: 'pro',
      pack: 'credits_1000',
      ...urls,
    });
    const session = await api('POST', '/api/v1/checkout/session', {
      workspace_id: buyer,
      pack: 'credits_1000',
      ...urls,
    });
    await fetch(
      `http://127.0.0.1:${stack.ports.stripe}/v1/test_helpers/checkout/sessions/${session.body.id}/complete`,
      { method: 'POST', headers: { authorization: 'Bearer sk_test_e2e' } },
    );
    const raised = await until('pack credits', async () => (await limit()) !== before && limit());
    const intent = (await stripe.checkout.sessions.retrieve(session.body.id)).payment_intent as string;
    await stripe.refunds.create({ payment_intent: intent });
    const back = await until('refund taken back', async () => (await limit()) === before && before);
    // Assess
    expect(both.status).toBe(400);
    expect(both.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body.plan' })]));
    expect(session.status).toBe(201);
    expect(Number(raised)).toBe(Number(before) + 1000);
    expect(back).toBe(before);
  });

  it('rejects forged and stale webhooks without storing them', async () => {
    // Prepare
    const body = JSON.stringify({
      id: 'evt_forged_e2e',
      object: 'event',
      type: 'customer.subscription.deleted',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'sub_x' } },
    });
    const stale = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: 'whsec_wrong',
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    // Act
    const codes = await Promise.all(
      ([{}, { 'stripe-signature': 't=1,v1=deadbeef' }, { 'stripe-signature': stale }] as Record<string, string>[]).map(
        async (h) =>
          (
            await fetch(`${stack.baseUrl}/api/v1/webhooks/stripe`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...h },
              body,
            })
          ).status,
      ),
    );
    // Assess
    expect(codes).toEqual([400, 400, 400]);
    const stored = await api('GET', '/api/v1/admin/webhook-events?limit=100');
    expect((stored.body.events as { event_id: string }[]).some((e) => e.event_id === 'evt_forged_e2e')).toBe(false);
  });
});
