import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectMetricsRepository } from '#shared/adapters/dynamodb/repositories/project-metrics';
import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import type { MetricsPorts } from '#shared/domain/metrics/ports';
import { assertOwnProject, resolvePeriod, revenueMetrics, subscriptionMetrics } from '#shared/domain/metrics/read';
import { monthlyAmount, trackSubscription } from '#shared/domain/metrics/subscriptions';
import { settleInvoice } from '#shared/domain/payments/settlement';
import { runDrift } from '#shared/domain/reconciliation/drift';
import { cancelSubscription, createSubscription } from '#shared/domain/subscriptions/lifecycle';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { processStripeEvent } from '#shared/domain/webhooks/stripe/process';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const DAY = 86_400;
const ALL_TIME = { from: '2020-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };

/**
 * Project metrics kept by the real webhook processor from the Stripe emulator's signed events,
 * on DynamoDB Local: subscriptions by status and plan, trials and their conversions,
 * cancellations and churn, revenue per currency (invoices, credit packs, out-of-band
 * settlements, refunds) and MRR; every event replayed changes nothing; reads stay bounded.
 */
describe('project metrics', () => {
  let h: PaymentHarness;
  let metrics: MetricsPorts;
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true, metrics: true });
    metrics = h.ports.metrics!;
  });
  afterAll(async () => {
    await h?.close();
  });

  const subsOf = (projectId: string) => subscriptionMetrics(metrics, projectId, resolvePeriod(ALL_TIME, new Date()));
  const revenueOf = (projectId: string) => revenueMetrics(metrics, projectId, resolvePeriod(ALL_TIME, new Date()));

  async function workspace(projectId: string, currency: 'usd' | 'inr' = 'usd') {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const start = Math.floor(Date.now() / 1000);
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await h.stripe.customers.create({
      email: `${workspaceId}@example.com`,
      test_clock: clock.id,
      metadata: { workspace_id: workspaceId, project_id: projectId },
    });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await upsertWorkspace(h.ports, projectId, workspaceId, {
      name: 'Metrics Co',
      email: `${workspaceId}@example.com`,
      country: 'US',
      currency,
      stripe_customer_id: customer.id,
    });
    return { workspaceId, clock, start };
  }

  /** Every stored Stripe event processed again, as an operator's replay would. */
  async function replayAll() {
    const page = await h.inbox.list('stripe', {}, { limit: 1000 });
    for (const e of page.items) await processStripeEvent(h.processorPorts, e.eventId, { force: true });
    return page.items.length;
  }

  it('counts a trial, its conversion, an annual subscription and a cancellation, with MRR and churn; a replay of every event changes nothing', async () => {
    // Prepare
    const P = `proj_m_${randomUUID().slice(0, 6)}`;
    const a = await workspace(P);
    const b = await workspace(P);
    await createSubscription(h.ports, P, {
      workspace_id: a.workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
      trial_days: 14,
    });
    await h.settleStripe();
    const trialing = await subsOf(P);
    // Act: the trial ends and is paid; b subscribes yearly with 2 seats; then a cancels.
    await h.stripe.testHelpers.testClocks.advance(a.clock.id, { frozen_time: a.start + 15 * DAY });
    await h.settleStripe();
    await createSubscription(h.ports, P, {
      workspace_id: b.workspaceId,
      plan: 'pro',
      interval: 'year',
      seats: 2,
      collection_method: 'charge_automatically',
    });
    await h.settleStripe();
    const converted = await subsOf(P);
    const revenueBefore = await revenueOf(P);
    await cancelSubscription(h.ports, P, a.workspaceId, false);
    await h.settleStripe();
    const after = await subsOf(P);
    const revenue = await revenueOf(P);
    const replayed = await replayAll();
    // Assess
    expect(trialing).toMatchObject({
      total: 1,
      by_status: { trialing: 1 },
      by_plan: { pro: { trialing: 1 } },
      trials: 1,
      trials_started: 1,
      trial_conversions: 0,
    });
    expect(converted).toMatchObject({
      total: 2,
      by_status: { active: 2 },
      trials: 0,
      trials_started: 1,
      trial_conversions: 1,
      cancellations: 0,
    });
    expect(revenueBefore.currencies.usd).toMatchObject({
      mrr: 4900 + monthlyAmount(49000, 2, 'year'),
      mrr_subscriptions: 2,
    });
    expect(monthlyAmount(49000, 2, 'year')).toBe(8167);
    expect(after).toMatchObject({
      total: 2,
      by_status: { active: 1, canceled: 1 },
      cancellations: 1,
      trial_conversions: 1,
    });
    // Both were live when the period (from 2020) began counting from zero: churn is over the live at the start.
    expect(after.live_at_start).toBe(0);
    expect(after.churn_rate).toBeNull();
    const today = new Date().toISOString().slice(0, 10);
    const sinceToday = await subscriptionMetrics(
      metrics,
      P,
      resolvePeriod({ from: `${today}T00:00:00Z` }, new Date(Date.now() + 1000)),
    );
    expect(sinceToday.cancellations).toBe(1);
    // 4900 for the trial's conversion invoice, 98000 for the yearly one (2 seats); the $0 trial invoice is counted as an
    // invoice, and so is the cancellation's final invoice (canceled now, the period's metered usage is invoiced: none here).
    expect(revenue.currencies.usd).toMatchObject({
      collected: 4900 + 98000,
      refunds: 0,
      net: 102900,
      invoices: 4,
      mrr: 8167,
      mrr_subscriptions: 1,
    });
    expect(revenue.daily.reduce((n, d) => n + d.collected, 0)).toBe(102900);
    expect(replayed).toBeGreaterThan(10);
    expect(await subsOf(P)).toEqual(after);
    expect(await revenueOf(P)).toEqual(revenue);
  });

  it('counts credit packs, their refunds by what each adds, and out-of-band settlements once, however often their events come', async () => {
    // Prepare
    const P = `proj_r_${randomUUID().slice(0, 6)}`;
    const { workspaceId } = await workspace(P);
    const session = await createCheckoutSession(h.ports, P, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      quantity: 2,
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/no',
    });
    const done = await fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_harness' },
    });
    expect(done.status).toBe(200);
    await h.settleStripe();
    const paid = (await h.stripe.checkout.sessions.retrieve(session.id)) as Stripe.Checkout.Session;
    // Act
    await h.stripe.refunds.create({ payment_intent: paid.payment_intent as string, amount: 500 });
    await h.settleStripe();
    await h.stripe.refunds.create({ payment_intent: paid.payment_intent as string, amount: 300 });
    await h.settleStripe();
    const { invoice } = await h.openInvoice({ projectId: P, currency: 'inr' });
    await settleInvoice(h.ports, {
      invoiceId: invoice.id,
      source: 'manual',
      reference: `manual:UTR${randomUUID().slice(0, 6)}`,
      amount: invoice.amount_remaining,
      currency: 'inr',
    });
    await h.settleStripe();
    const revenue = await revenueOf(P);
    await replayAll();
    // Assess
    expect(revenue.currencies.usd).toMatchObject({ collected: 2000, credit_packs: 2000, refunds: 800, net: 1200 });
    expect(revenue.currencies.inr).toMatchObject({
      collected: invoice.amount_remaining,
      out_of_band: invoice.amount_remaining,
      invoices: 1,
      mrr: invoice.amount_remaining,
    });
    expect(await revenueOf(P)).toEqual(revenue);
  });

  it("answers another project's metrics as not found", () => {
    expect(() => assertOwnProject('proj_a', 'proj_b')).toThrow(expect.objectContaining({ statusCode: 404 }));
    expect(() => assertOwnProject('proj_a', 'proj_a')).not.toThrow();
  });

  it('reads the same number of items per answer with 1 workspace or 201, and ignores an older snapshot', async () => {
    // Prepare: memberships written directly from snapshots (no Stripe needed to grow a project).
    const P = `proj_b_${randomUUID().slice(0, 6)}`;
    const plans = await h.ports.plans(P);
    const pro = plans
      .find((p) => p.plan === 'pro')!
      .prices.find((p) => p.interval === 'month' && p.currency === 'usd')!;
    const snap = (
      i: number,
      version: number,
      status: SubscriptionSnapshot['status'] = 'active',
    ): SubscriptionSnapshot => ({
      subscription_id: `sub_${i}`,
      customer_id: `cus_${i}`,
      status,
      plan: 'pro',
      price_id: pro.id,
      interval: 'month',
      currency: 'usd',
      seats: 1,
      current_period_start: new Date().toISOString(),
      current_period_end: new Date().toISOString(),
      trial_end: null,
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      paused: false,
      collection_method: 'charge_automatically',
      pending_plan: null,
      schedule_id: null,
      past_due_since: null,
      version,
    });
    let requests = 0;
    const table = {
      ...h.table,
      doc: { send: (c: Parameters<typeof h.table.doc.send>[0]) => (requests++, h.table.doc.send(c)) },
    } as typeof h.table;
    const counted = { ...metrics, store: projectMetricsRepository(table) };
    const perCall = async () => {
      requests = 0;
      await subscriptionMetrics(counted, P, resolvePeriod(ALL_TIME, new Date()));
      const subs = requests;
      requests = 0;
      await revenueMetrics(counted, P, resolvePeriod(ALL_TIME, new Date()));
      return { subs, revenue: requests };
    };
    await trackSubscription(metrics, P, 'ws_0', snap(0, 2));
    const one = await perCall();
    // Act
    for (let i = 1; i <= 200; i += 4)
      await Promise.all(
        Array.from({ length: 4 }, (_, k) => trackSubscription(metrics, P, `ws_${i + k}`, snap(i + k, 2))),
      );
    const many = await perCall();
    const stale = await trackSubscription(metrics, P, 'ws_0', snap(0, 1, 'canceled'));
    const again = await trackSubscription(metrics, P, 'ws_0', snap(0, 3));
    const result = await subsOf(P);
    // Assess
    console.log(
      `metrics DynamoDB requests per call: subscriptions ${one.subs} (1 workspace) / ${many.subs} (201); revenue ${one.revenue} / ${many.revenue}`,
    );
    expect(many).toEqual(one);
    expect(one).toEqual({ subs: 2, revenue: 2 });
    expect(stale).toBeNull();
    expect(again).toBeNull();
    expect(result).toMatchObject({ total: 201, by_status: { active: 201 } });
    expect((await revenueOf(P)).currencies.usd).toMatchObject({ mrr: 201 * pro.unit_amount, mrr_subscriptions: 201 });
  });

  it('has the drift job find and fix a subscription the metrics do not count, once', async () => {
    // Prepare: a subscription synced by a process that kept no metrics (its webhooks not yet delivered).
    const P = `proj_d_${randomUUID().slice(0, 6)}`;
    const { workspaceId } = await workspace(P);
    const { metrics: _none, ...withoutMetrics } = h.ports;
    await createSubscription(withoutMetrics, P, {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
    });
    const before = await subsOf(P);
    // Act
    const dry = await runDrift(h.ports, { trigger: 'api', projectId: P, dryRun: true });
    const run = await runDrift(h.ports, { trigger: 'api', projectId: P });
    const fixed = await subsOf(P);
    const again = await runDrift(h.ports, { trigger: 'api', projectId: P });
    await h.settleStripe();
    // Assess
    const kinds = (r: typeof run) => r.drifts.filter((i) => i.kind === 'metrics_subscription');
    expect(before.total).toBe(0);
    expect(kinds(dry)).toEqual([expect.objectContaining({ workspace_id: workspaceId, fixed: false })]);
    expect(kinds(run)).toEqual([
      expect.objectContaining({
        workspace_id: workspaceId,
        fixed: true,
        detail: expect.stringContaining('active/pro'),
      }),
    ]);
    expect(fixed).toMatchObject({ total: 1, by_status: { active: 1 } });
    expect(kinds(again)).toEqual([]);
    expect(await subsOf(P)).toMatchObject({ total: 1, by_status: { active: 1 } });
  });
});
