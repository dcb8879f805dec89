import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { usageCounterRepository } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { memoryBus } from '#shared/adapters/events/bus';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import { readEntitlements } from '#shared/domain/entitlements/read';
import { builtInMeters } from '#shared/domain/metering/meters';
import { cancelSubscription, createSubscription } from '#shared/domain/subscriptions/lifecycle';
import type { UsagePorts, UsageReadPorts } from '#shared/domain/usage/ports';
import { recordUsage } from '#shared/domain/usage/record';
import { usageReport } from '#shared/domain/usage/report';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const PROJECT = 'proj_edges';
const sec = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const iso = (s: number) => new Date(s * 1000).toISOString();
const DAY = 86_400;

/**
 * Billing periods at their edges, through Stripe (the emulator, on test clocks), the real
 * webhook processor and DynamoDB Local: a cancellation, usage dated before a subscription
 * started, and the meter events Stripe would bill nowhere. Tollgate's clock is set beside the
 * test clock's, as a live deployment's clock stands beside Stripe's.
 */
describe('usage periods at the edges of a subscription', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  const ports = (now: string): { usage: UsagePorts; read: UsageReadPorts } => {
    const clock = () => new Date(now);
    return {
      usage: {
        store: usageStore(h.table),
        meters: stripeMeterSink(async () => h.stripe),
        bus: memoryBus(),
        clock,
        plans: h.ports.plans,
        graceDays: 7,
        catalogMeters: builtInMeters,
      },
      read: {
        store: { ...workspaceCollectionRepository(h.table), ...usageCounterRepository(h.table) },
        plans: h.ports.plans,
        catalogMeters: builtInMeters,
        clock,
        graceDays: 7,
      },
    };
  };
  const used = (r: Awaited<ReturnType<typeof usageReport>>, meter: string) => r.meters.find((m) => m.meter === meter)!;

  /** A workspace whose Stripe customer (with a card) lives on a test clock frozen at `start`, subscribed to Pro monthly. */
  async function subscribed(start: string) {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: sec(start) });
    const customer = await h.stripe.customers.create({
      email: `${workspaceId}@example.com`,
      test_clock: clock.id,
      metadata: { workspace_id: workspaceId, project_id: PROJECT },
    });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await upsertWorkspace(h.ports, PROJECT, workspaceId, {
      name: 'Edge Co',
      email: `${workspaceId}@example.com`,
      country: 'US',
      currency: 'usd',
      stripe_customer_id: customer.id,
    });
    const sub = await createSubscription(h.ports, PROJECT, {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
    });
    await h.settleStripe();
    return { workspaceId, customer, clock, sub };
  }

  const meterSum = async (customer: string, meter: string, from: string, to: string) => {
    const m = (await h.stripe.billing.meters.list({ status: 'active' })).data.find((x) => x.event_name === meter)!;
    const s = await h.stripe.billing.meters.listEventSummaries(m.id, {
      customer,
      start_time: sec(from) - (sec(from) % 60),
      end_time: sec(to) + 60 - (sec(to) % 60),
    });
    return s.data.reduce((n, x) => n + x.aggregated_value, 0);
  };

  /**
   * Pro from Nov 3; 300 emails and 40 AI credits on Nov 4; canceled now on Nov 8 at 10:00 (the
   * test clock's time); then, on Tollgate's clock half an hour later, 5 emails and 2 AI credits
   * a minute after the cancellation and a late email event of Nov 5.
   */
  async function canceledWithUsage() {
    const start = '2026-11-03T10:00:00.000Z';
    const cancelAt = '2026-11-08T10:00:00.000Z';
    const w = await subscribed(start);
    await h.stripe.testHelpers.testClocks.advance(w.clock.id, { frozen_time: sec(cancelAt) });
    await h.settleStripe();
    const ev = (meter: string, key: string, value: string, timestamp: string) => ({
      event_type: meter,
      workspace_id: w.workspaceId,
      value,
      idempotency_key: key,
      timestamp,
    });
    const before = ports('2026-11-08T09:00:00.000Z');
    const early = await recordUsage(before.usage, PROJECT, ev('email_sends', 'e1', '300', '2026-11-04T12:00:00Z'));
    await recordUsage(before.usage, PROJECT, ev('ai_credits', 'a1', '40', '2026-11-04T12:00:00Z'));
    await cancelSubscription(h.ports, PROJECT, w.workspaceId, false);
    await h.settleStripe();
    const after = ports('2026-11-08T10:30:00.000Z');
    const late = await recordUsage(after.usage, PROJECT, ev('email_sends', 'e2', '5', '2026-11-08T10:01:00Z'));
    await recordUsage(after.usage, PROJECT, ev('ai_credits', 'a2', '2', '2026-11-08T10:01:00Z'));
    const backdated = await recordUsage(after.usage, PROJECT, ev('email_sends', 'e3', '7', '2026-11-05T09:00:00Z'));
    return { ...w, start, cancelAt, after, answers: { early, late, backdated } };
  }

  it('after a cancellation reports the current period from the cancellation on, as its limits count it, and the ended period as the previous one', async () => {
    // Prepare
    const { workspaceId: ws, start, cancelAt, after, answers } = await canceledWithUsage();
    // Act
    const current = await usageReport(after.read, PROJECT, ws, 'current');
    const previous = await usageReport(after.read, PROJECT, ws, 'previous');
    // Assess: the current period starts at the cancellation; its usage is what the limits count.
    expect(current.plan).toBe('free');
    expect(current.period).toMatchObject({ kind: 'billing_period', start: cancelAt, end: '2026-12-01T00:00:00.000Z' });
    for (const [meter, value] of [
      ['email_sends', '5'],
      ['ai_credits', '2'],
    ]) {
      expect(used(current, meter).used).toBe(value);
      expect(used(current, meter).limit).toMatchObject({ window: 'month', used: value, window_start: cancelAt });
    }
    expect(answers.late.counted_in).toEqual({ start: cancelAt, end: '2026-12-01T00:00:00.000Z' });
    // The period the cancellation ended is the previous one, ending there, with its usage (the late event too).
    expect(answers.backdated.counted_in.start).toBe(start);
    expect(previous.period).toMatchObject({ kind: 'billing_period', start, end: cancelAt });
    expect([used(previous, 'email_sends').used, used(previous, 'ai_credits').used]).toEqual(['307', '40']);
  });

  it('sends no meter event for usage after a cancellation (nothing would bill it) and says so; the period up to it is on the final invoice', async () => {
    // Prepare
    const { customer, sub: created, start, cancelAt, answers } = await canceledWithUsage();
    // Act
    const sub = await h.stripe.subscriptions.retrieve(created.subscription_id);
    const emailPrice = sub.items.data.find((i) => i.price.metadata.tollgate_meter === 'email_sends')!.price.id;
    const final = (await h.stripe.invoices.list({ customer: customer.id, limit: 10 })).data.find((i) =>
      i.lines.data.some((l) => l.pricing?.price_details?.price === emailPrice),
    );
    const onMeter = await meterSum(customer.id, 'email_sends', start, '2026-11-08T10:05:00.000Z');
    // Assess
    expect(answers.early.meter_event).toBe('sent');
    expect(answers.late.meter_event).toBe('not_metered');
    expect(answers.backdated.meter_event).toBe('not_metered');
    expect(onMeter).toBe(300);
    const billed = final?.lines.data.find((l) => l.pricing?.price_details?.price === emailPrice);
    expect([sub.status, final?.created, String(billed?.quantity_decimal)]).toEqual(['canceled', sec(cancelAt), '300']);
  });

  it('counts an event dated before the subscription started in the default plan’s month, never in a period before the subscription, and does not meter it', async () => {
    // Prepare: on the free plan until Pro starts on Oct 20 at 08:00.
    const start = '2026-10-20T08:00:00.000Z';
    const { workspaceId: ws, customer, clock } = await subscribed(start);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sec('2026-10-25T08:00:00.000Z') });
    await h.settleStripe();
    const p = ports('2026-10-25T08:00:00.000Z');
    // Act: an email of Oct 18 arrives late; one of Oct 22 is on time.
    const early = await recordUsage(p.usage, PROJECT, {
      event_type: 'email_sends',
      workspace_id: ws,
      value: '11',
      idempotency_key: 'before-start',
      timestamp: '2026-10-18T09:00:00Z',
    });
    const inside = await recordUsage(p.usage, PROJECT, {
      event_type: 'email_sends',
      workspace_id: ws,
      value: '4',
      idempotency_key: 'inside',
      timestamp: '2026-10-22T09:00:00Z',
    });
    const current = await usageReport(p.read, PROJECT, ws, 'current');
    const previous = await usageReport(p.read, PROJECT, ws, 'previous');
    // Assess
    expect(early).toMatchObject({
      counted_in: { start: '2026-10-01T00:00:00.000Z', end: '2026-11-01T00:00:00.000Z' },
      meter_event: 'not_metered',
    });
    expect(inside).toMatchObject({ counted_in: { start }, meter_event: 'sent' });
    expect(current.period).toMatchObject({ start, end: '2026-11-20T08:00:00.000Z' });
    expect(used(current, 'email_sends').used).toBe('4');
    // The period before is the default plan's October up to the start, not a Sep 20 – Oct 20 that never existed.
    expect(previous.period).toMatchObject({ kind: 'billing_period', start: '2026-10-01T00:00:00.000Z', end: start });
    expect(used(previous, 'email_sends').used).toBe('11');
    expect(await meterSum(customer.id, 'email_sends', '2026-10-18T00:00:00.000Z', '2026-10-25T08:00:00.000Z')).toBe(4);
  });

  /**
   * Pro on a test clock frozen a day ago (Tollgate's clock is the wall clock), 10 AI credits two
   * hours in, then the clock advanced past the period end: Stripe renews the subscription.
   */
  async function renewedOnTestClock() {
    const t0 = Math.floor(Date.now() / 1000 / 60) * 60 - DAY;
    const w = await subscribed(iso(t0));
    await h.stripe.testHelpers.testClocks.advance(w.clock.id, { frozen_time: t0 + 2 * 3600 });
    await h.settleStripe();
    const p = ports(new Date().toISOString());
    await recordUsage(p.usage, PROJECT, {
      event_type: 'ai_credits',
      workspace_id: w.workspaceId,
      value: '10',
      idempotency_key: 'first-period',
      timestamp: iso(t0 + 3600),
    });
    const before = await usageReport(p.read, PROJECT, w.workspaceId, 'current');
    const end = w.sub.current_period_end;
    await h.stripe.testHelpers.testClocks.advance(w.clock.id, { frozen_time: sec(end) + 3600 });
    await h.settleStripe();
    return { ...w, t0, end, p, before };
  }

  it('follows the subscription’s own period fields, not the wall clock: a test clock advanced past the period end moves the current window', async () => {
    // Prepare
    const { workspaceId: ws, t0, end, p, before } = await renewedOnTestClock();
    const renewed = await h.stripe.subscriptions.retrieve(
      (await h.ports.subscriptions.getSubscription(PROJECT, ws))!.subscription_id,
    );
    const next = iso(renewed.items.data[0].current_period_end);
    // Act
    const current = await usageReport(p.read, PROJECT, ws, 'current');
    const previous = await usageReport(p.read, PROJECT, ws, 'previous');
    // Assess: Stripe's period moved a month while the wall clock did not.
    expect(before.period).toMatchObject({ start: iso(t0), end });
    expect(used(before, 'ai_credits')).toMatchObject({ used: '10', limit: { used: '10', window_start: iso(t0) } });
    expect(current.period).toMatchObject({ kind: 'billing_period', start: end, end: next });
    expect(used(current, 'ai_credits')).toMatchObject({
      used: '0',
      limit: { used: '0', window_start: end, resets_at: next },
    });
    expect(previous.period).toMatchObject({ start: iso(t0), end });
    expect(used(previous, 'ai_credits').used).toBe('10');
  });

  it('keeps Stripe’s current period current when a test clock is left behind it, reading its counters from before this month', async () => {
    // Prepare: Pro from Oct 30 12:00 on a test clock left at Nov 25; Tollgate's clock is Dec 3.
    const start = '2026-10-30T12:00:00.000Z';
    const { workspaceId: ws, clock } = await subscribed(start);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: sec('2026-11-25T12:00:00.000Z') });
    await h.settleStripe();
    const p = ports('2026-12-03T12:00:00.000Z');
    const reads = { ...workspaceCollectionRepository(h.table), ...usageCounterRepository(h.table) };
    const entitlementPorts = {
      reads,
      plans: h.ports.plans,
      clock: p.read.clock,
      graceDays: 7,
      catalogMeters: builtInMeters,
    };
    // Act
    const answer = await recordUsage(p.usage, PROJECT, {
      event_type: 'ai_credits',
      workspace_id: ws,
      value: '12',
      idempotency_key: 'nov-20',
      timestamp: '2026-11-20T12:00:00Z',
    });
    const view = await readEntitlements(entitlementPorts, PROJECT, ws);
    const current = await usageReport(p.read, PROJECT, ws, 'current');
    // Assess: the period Stripe still calls current (it ended on Nov 30 by the wall clock) and its usage.
    const period = { start, end: '2026-11-30T12:00:00.000Z' };
    expect(answer).toMatchObject({ counted_in: period, usage: { used: '12', window_start: start } });
    expect(view.billing_period).toEqual(period);
    expect(view.meters.ai_credits).toMatchObject({ window: 'billing_period', used: '12', window_start: start });
    expect(current.period).toMatchObject(period);
    expect(used(current, 'ai_credits')).toMatchObject({ used: '12', limit: { used: '12' } });
  });

  it('dates every history entry by Stripe’s time of the change, subscription transitions as well as invoices', async () => {
    // Prepare
    const { workspaceId: ws, sub, t0, end } = await renewedOnTestClock();
    // Act
    const history = (await historyRepository(h.table).list(PROJECT, ws, { limit: 50 })).events;
    const renewal = (await h.stripe.events.list({ type: 'customer.subscription.updated', limit: 100 })).data.find(
      (e) => {
        const o = e.data.object as Stripe.Subscription;
        return o.id === sub.subscription_id && iso(o.items.data[0].current_period_start) === end;
      },
    );
    // Assess: the change made through the API at the test clock's time; the renewal's entries
    // (its invoice, the transition, the period's credits) at the renewal's Stripe event time, a
    // month ahead of the wall clock, not when they were processed.
    const at = (type: string) => history.filter((e) => e.type === type).map((e) => e.occurred_at);
    expect(at('subscription.activated')).toEqual([iso(t0)]);
    expect(renewal).toBeDefined();
    const renewedAt = iso(renewal!.created);
    expect(renewedAt >= end).toBe(true);
    expect(at('subscription.renewed')).toEqual([renewedAt]);
    expect(at('invoice.paid')).toEqual([renewedAt, iso(t0)]);
    expect(at('credits.expired')).toEqual([renewedAt]);
    expect(at('credits.allocated')).toEqual([renewedAt, iso(t0)]);
    expect(history.every((e) => e.occurred_at <= renewedAt)).toBe(true);
  });
});
