import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, DAY, T0, useHarness, withCard } from './support';

describe('stripe emulator: test clocks and the global clock', () => {
  let nowMs = T0 * 1000;
  // A controllable global clock: objects without a test clock follow it.
  const h = useHarness({ clock: () => nowMs });

  it('creates, retrieves, lists, advances and deletes test clocks', async () => {
    // Prepare
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: T0, name: 'crud' });
    const customer = await h.stripe.customers.create({ email: 'clocked@example.com', test_clock: clock.id });
    // Act
    const fetched = await h.stripe.testHelpers.testClocks.retrieve(clock.id);
    const list = await h.stripe.testHelpers.testClocks.list();
    const backwards = await h.stripe.testHelpers.testClocks
      .advance(clock.id, { frozen_time: T0 - 1 })
      .catch((e: Stripe.errors.StripeError) => e);
    const advanced = await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + DAY });
    const lateCustomer = await h.stripe.customers.create({ email: 'late@example.com', test_clock: clock.id });
    const deleted = await h.stripe.testHelpers.testClocks.del(clock.id);
    const gone = await h.stripe.customers.retrieve(customer.id);
    // Assess
    expect(clock).toMatchObject({
      object: 'test_helpers.test_clock',
      frozen_time: T0,
      name: 'crud',
      status: 'ready',
      livemode: false,
    });
    expect(customer.test_clock).toBe(clock.id);
    expect(customer.created).toBe(T0);
    expect(fetched.id).toBe(clock.id);
    expect(list.data.map((c) => c.id)).toContain(clock.id);
    expect(backwards).toMatchObject({ statusCode: 400 });
    expect(advanced).toMatchObject({ frozen_time: T0 + DAY, status: 'ready' });
    expect(lateCustomer.created).toBe(T0 + DAY);
    expect(deleted).toMatchObject({ id: clock.id, deleted: true });
    expect(gone).toMatchObject({ deleted: true });
    const types = h.emulator
      .events('test_helpers.test_clock.*')
      .filter((e) => (e.data.object as { id: string }).id === clock.id)
      .map((e) => e.type);
    expect(types).toEqual([
      'test_helpers.test_clock.created',
      'test_helpers.test_clock.advancing',
      'test_helpers.test_clock.ready',
      'test_helpers.test_clock.deleted',
    ]);
  });

  it('renews subscriptions without a test clock when the global clock passes the period end', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 990, interval: 'month' });
    const customer = await h.stripe.customers.create({ email: 'global@example.com' });
    await withCard(h.stripe, customer.id);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    nowMs = (T0 + 31 * DAY + 10) * 1000;
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    const invoices = await h.stripe.invoices.list({ subscription: sub.id });
    nowMs = (T0 + 31 * DAY + 20) * 1000;
    h.emulator.runDue();
    const again = await h.stripe.invoices.list({ subscription: sub.id });
    // Assess
    expect(sub.items.data[0]).toMatchObject({ current_period_start: T0, current_period_end: T0 + 31 * DAY });
    expect(renewed.items.data[0]).toMatchObject({
      current_period_start: T0 + 31 * DAY,
      current_period_end: T0 + 59 * DAY,
    });
    expect(invoices.data.map((i) => [i.billing_reason, i.amount_paid, i.created])).toEqual([
      ['subscription_cycle', 990, T0 + 31 * DAY],
      ['subscription_create', 990, T0],
    ]);
    expect(again.data).toHaveLength(2);
    const updated = h.emulator
      .events('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    expect(updated).toHaveLength(1);
    expect(updated[0].created).toBe(T0 + 31 * DAY);
    expect((updated[0].data.previous_attributes as { latest_invoice: string }).latest_invoice).toBe(
      invoices.data[1].id,
    );
  });

  it('keeps month-end anchors: Jan 31 renews on Feb 28, then Mar 31', async () => {
    // Prepare
    const jan31 = Date.UTC(2026, 0, 31, 12) / 1000;
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: jan31 });
    const customer = await h.stripe.customers.create({ email: 'anchor@example.com', test_clock: clock.id });
    await withCard(h.stripe, customer.id);
    const { price } = await catalog(h.stripe, { amount: 100 });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: Date.UTC(2026, 2, 1) / 1000 });
    const feb = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(sub.items.data[0].current_period_end).toBe(Date.UTC(2026, 1, 28, 12) / 1000);
    expect(feb.items.data[0]).toMatchObject({
      current_period_start: Date.UTC(2026, 1, 28, 12) / 1000,
      current_period_end: Date.UTC(2026, 2, 31, 12) / 1000,
    });
  });
});
