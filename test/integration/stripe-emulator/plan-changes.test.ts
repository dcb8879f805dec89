import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, clocked, DAY, subscriptionInvoices, T0, useHarness } from './support';

const FEB_15 = T0 + 31 * DAY;
const MAR_15 = FEB_15 + 28 * DAY;

describe('stripe emulator: plan changes, prorations, schedules and cancellation', () => {
  const h = useHarness();

  const clockedCustomer = (pm: string | null = 'pm_card_visa') => clocked(h.stripe, pm);
  const invoicesOf = (sub: string) => subscriptionInvoices(h.stripe, sub);

  it('prorates a mid-period upgrade; the preview matches the pending items and the next invoice', async () => {
    // Prepare
    const { price: basic } = await catalog(h.stripe, { amount: 3100 });
    const { price: pro } = await catalog(h.stripe, { amount: 6200 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    const at = T0 + 10 * DAY;
    // Act
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: sub.items.data[0].id, price: pro.id }],
        proration_behavior: 'create_prorations',
        proration_date: at,
      },
    });
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: pro.id }],
      proration_behavior: 'create_prorations',
      proration_date: at,
    });
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 60 });
    const [next] = await invoicesOf(sub.id);
    // Assess
    // 21 of 31 days remain: credit −2100 for basic, +4200 for pro.
    const prorations = preview.lines.data.filter(
      (l) => l.parent?.subscription_item_details?.proration || l.parent?.invoice_item_details?.proration,
    );
    expect(prorations.map((l) => l.amount).sort((a, b) => a - b)).toEqual([-2100, 4200]);
    expect(preview.total).toBe(-2100 + 4200 + 6200);
    expect(preview.id).toMatch(/^upcoming_/);
    expect(updated.items.data[0].price.id).toBe(pro.id);
    expect(pending.data.map((ii) => ii.amount).sort((a, b) => a - b)).toEqual([-2100, 4200]);
    expect(pending.data.every((ii) => ii.proration)).toBe(true);
    expect(next).toMatchObject({ total: 8300, amount_paid: 8300 });
    expect(await h.stripe.invoices.retrieve(preview.id).catch((e: Stripe.errors.StripeError) => e.statusCode)).toBe(
      404,
    );
  });

  it('always_invoice bills the proration at once; none bills nothing', async () => {
    // Prepare
    const { price: a } = await catalog(h.stripe, { amount: 3100 });
    const { price: b } = await catalog(h.stripe, { amount: 9300 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 21 * DAY });
    // Act
    const up = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: b.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const down = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: a.id, quantity: 3 }],
      proration_behavior: 'none',
    });
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    // Assess
    const inv = up.latest_invoice as Stripe.Invoice;
    expect(inv).toMatchObject({
      billing_reason: 'subscription_update',
      status: 'paid',
      total: -1000 + 3000,
      amount_paid: 2000,
    });
    expect(down.items.data[0]).toMatchObject({ quantity: 3, price: { id: a.id } });
    expect(pending.data).toHaveLength(0);
  });

  it('switching monthly to yearly restarts the period and invoices at once, crediting unused time', async () => {
    // Prepare
    const { price: monthly } = await catalog(h.stripe, { amount: 3100 });
    const { price: yearly } = await catalog(h.stripe, { amount: 30000, interval: 'year' });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: monthly.id }] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 21 * DAY });
    // Act
    const yearlySub = await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: yearly.id }],
      expand: ['latest_invoice'],
    });
    // Assess
    const inv = yearlySub.latest_invoice as Stripe.Invoice;
    expect(yearlySub.items.data[0]).toMatchObject({
      current_period_start: T0 + 21 * DAY,
      current_period_end: T0 + 21 * DAY + 365 * DAY,
    });
    expect(yearlySub.billing_cycle_anchor).toBe(T0 + 21 * DAY);
    expect(inv).toMatchObject({
      billing_reason: 'subscription_update',
      total: 30000 - 1000,
      amount_paid: 29000,
      status: 'paid',
    });
  });

  it('DELETE with prorate and invoice_now credits the customer balance, used by the next invoice', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 3100 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 21 * DAY });
    // Act
    const canceled = await h.stripe.subscriptions.cancel(sub.id, {
      prorate: true,
      invoice_now: true,
      expand: ['latest_invoice'],
    });
    const credited = await h.stripe.customers.retrieve(customer.id);
    const next = await h.stripe.invoices.create({ customer: customer.id });
    await h.stripe.invoiceItems.create({ customer: customer.id, invoice: next.id, amount: 1500, currency: 'usd' });
    const finalized = await h.stripe.invoices.finalizeInvoice(next.id);
    const after = await h.stripe.customers.retrieve(customer.id);
    // Assess
    expect(canceled.status).toBe('canceled');
    expect(canceled.latest_invoice as Stripe.Invoice).toMatchObject({
      total: -1000,
      amount_due: 0,
      status: 'paid',
      ending_balance: -1000,
    });
    expect((credited as Stripe.Customer).balance).toBe(-1000);
    expect(finalized).toMatchObject({ total: 1500, amount_due: 500, starting_balance: -1000, ending_balance: 0 });
    expect((after as Stripe.Customer).balance).toBe(0);
  });

  it('changes plan at period end through a subscription schedule', async () => {
    // Prepare
    const { price: pro } = await catalog(h.stripe, { amount: 5000 });
    const { price: basic } = await catalog(h.stripe, { amount: 1500 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    // Act
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const updated = await h.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'release',
      phases: [
        {
          items: [{ price: pro.id, quantity: 1 }],
          start_date: schedule.phases[0].start_date,
          end_date: schedule.phases[0].end_date,
        },
        { items: [{ price: basic.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    const beforeEnd = await h.stripe.subscriptions.retrieve(sub.id);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 60 });
    const switched = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_15 + 60 });
    const released = await h.stripe.subscriptionSchedules.retrieve(schedule.id);
    const afterRelease = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(schedule).toMatchObject({
      object: 'subscription_schedule',
      status: 'active',
      subscription: sub.id,
      current_phase: { start_date: T0, end_date: FEB_15 },
    });
    expect(updated.phases.map((p) => [p.start_date, p.end_date])).toEqual([
      [T0, FEB_15],
      [FEB_15, MAR_15],
    ]);
    expect(beforeEnd).toMatchObject({ schedule: schedule.id, items: { data: [{ price: { id: pro.id } }] } });
    expect(switched.items.data[0].price.id).toBe(basic.id);
    expect(switched.latest_invoice as Stripe.Invoice).toMatchObject({ total: 1500, amount_paid: 1500 });
    expect(released).toMatchObject({ status: 'released', released_subscription: sub.id });
    expect(afterRelease).toMatchObject({
      schedule: null,
      status: 'active',
      items: { data: [{ price: { id: basic.id } }] },
    });
  });

  it('updates metadata with previous_attributes, lists items, and releases or cancels schedules', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 1200 });
    const { customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      metadata: { a: '1' },
    });
    const other = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    const updated = await h.stripe.subscriptions.update(sub.id, {
      metadata: { a: '2', b: '3' },
      description: 'seat plan',
    });
    const items = await h.stripe.subscriptionItems.list({ subscription: sub.id });
    const item = await h.stripe.subscriptionItems.retrieve(items.data[0].id);
    const s1 = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    const s2 = await h.stripe.subscriptionSchedules.create({ from_subscription: other.id });
    const schedules = await h.stripe.subscriptionSchedules.list({ customer: customer.id });
    const released = await h.stripe.subscriptionSchedules.release(s1.id);
    const canceled = await h.stripe.subscriptionSchedules.cancel(s2.id);
    const afterRelease = await h.stripe.subscriptions.retrieve(sub.id);
    const afterCancel = await h.stripe.subscriptions.retrieve(other.id);
    // Assess
    expect(updated).toMatchObject({ metadata: { a: '2', b: '3' }, description: 'seat plan' });
    const evt = h.emulator
      .events('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id)[0];
    expect(evt.data.previous_attributes).toEqual({ metadata: { a: '1' }, description: null });
    expect(items.data).toHaveLength(1);
    expect(item).toMatchObject({ subscription: sub.id, price: { id: price.id } });
    expect(schedules.data.map((s) => s.id).sort()).toEqual([s1.id, s2.id].sort());
    expect(released).toMatchObject({ status: 'released', released_subscription: sub.id, subscription: null });
    expect(afterRelease).toMatchObject({ schedule: null, status: 'active' });
    expect(canceled.status).toBe('canceled');
    expect(afterCancel.status).toBe('canceled');
  });

  it('pending_if_incomplete leaves the subscription untouched when the upgrade charge declines, and applies it once paid', async () => {
    // Prepare
    const { price: a } = await catalog(h.stripe, { amount: 1000 });
    const { price: b } = await catalog(h.stripe, { amount: 5000 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }] });
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: bad.id } });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 5 * DAY });
    // Act
    const err = await h.stripe.subscriptions
      .update(sub.id, {
        items: [{ id: sub.items.data[0].id, price: b.id }],
        proration_behavior: 'always_invoice',
        payment_behavior: 'pending_if_incomplete',
      })
      .catch((e: Stripe.errors.StripeError) => e);
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    const invoices = await invoicesOf(sub.id);
    const good = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.invoices.pay(invoices[0].id, { payment_method: good.id });
    const applied = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess: Stripe answers the update (no 402) with the changes waiting in pending_update.
    expect(err).toMatchObject({ id: sub.id, pending_update: { subscription_items: [{ price: { id: b.id } }] } });
    expect(after).toMatchObject({
      status: 'active',
      items: { data: [{ price: { id: a.id } }] },
      latest_invoice: invoices[0].id,
    });
    expect(invoices).toHaveLength(2);
    expect(invoices[0]).toMatchObject({ status: 'open', billing_reason: 'subscription_update', attempt_count: 1 });
    expect(applied).toMatchObject({
      status: 'active',
      pending_update: null,
      items: { data: [{ price: { id: b.id } }] },
    });
    expect(
      h.emulator
        .events('customer.subscription.pending_update_applied')
        .some((e) => (e.data.object as Stripe.Subscription).id === sub.id),
    ).toBe(true);
  });
});
