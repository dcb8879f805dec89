import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, clocked, DAY, subscriptionInvoices, T0, useHarness } from './support';

const FEB_15 = T0 + 31 * DAY;
const MAR_15 = FEB_15 + 28 * DAY;

describe('stripe emulator: subscriptions on test clocks', () => {
  const h = useHarness();

  const clockedCustomer = (pm: string | null = 'pm_card_visa') => clocked(h.stripe, pm);
  const invoicesOf = (sub: string) => subscriptionInvoices(h.stripe, sub);

  it('creates an active subscription, pays the first invoice and renews on a test clock advance', async () => {
    // Prepare
    const { price, product } = await catalog(h.stripe, { amount: 2000 });
    const { clock, customer } = await clockedCustomer();
    // Act
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      metadata: { workspace: 'ws_1' },
      expand: ['latest_invoice', 'customer', 'items.data.price.product'],
    });
    const advanced = await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 3600 });
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    const invoices = await invoicesOf(sub.id);
    // Assess
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(sub).toMatchObject({
      object: 'subscription',
      status: 'active',
      collection_method: 'charge_automatically',
      metadata: { workspace: 'ws_1' },
      test_clock: clock.id,
    });
    expect((sub.customer as Stripe.Customer).email).toBe('clock@example.com');
    expect((sub.items.data[0].price.product as Stripe.Product).name).toBe(product.name);
    expect(sub.items.data[0]).toMatchObject({
      object: 'subscription_item',
      quantity: 2,
      current_period_start: T0,
      current_period_end: FEB_15,
    });
    expect(first).toMatchObject({
      status: 'paid',
      amount_due: 4000,
      amount_paid: 4000,
      amount_remaining: 0,
      total: 4000,
      billing_reason: 'subscription_create',
    });
    expect(first.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(first.status_transitions.paid_at).toBe(T0);
    expect(first.lines.data[0]).toMatchObject({ amount: 4000, quantity: 2, period: { start: T0, end: FEB_15 } });
    expect(advanced).toMatchObject({ status: 'ready', frozen_time: FEB_15 + 3600 });
    expect(renewed.items.data[0]).toMatchObject({ current_period_start: FEB_15, current_period_end: MAR_15 });
    expect(invoices).toHaveLength(2);
    expect(invoices[0]).toMatchObject({
      billing_reason: 'subscription_cycle',
      status: 'paid',
      amount_paid: 4000,
      period_start: T0,
      period_end: FEB_15,
      created: FEB_15,
    });
    expect(renewed.latest_invoice).toBe(invoices[0].id);
    const paidEvents = h.emulator
      .events('invoice.paid')
      .filter((e) => (e.data.object as Stripe.Invoice).parent?.subscription_details?.subscription === sub.id);
    expect(paidEvents.map((e) => e.created)).toEqual([T0, FEB_15]);
  });

  it('trials convert to active at trial end with trial_will_end beforehand', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 1000 });
    const { clock, customer } = await clockedCustomer();
    // Act
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 14,
      expand: ['latest_invoice'],
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 12 * DAY });
    const warned = h.emulator
      .events('customer.subscription.trial_will_end')
      .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 15 * DAY });
    const after = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    // Assess
    expect(sub).toMatchObject({ status: 'trialing', trial_start: T0, trial_end: T0 + 14 * DAY });
    expect(sub.latest_invoice as Stripe.Invoice).toMatchObject({ amount_due: 0, status: 'paid', total: 0 });
    expect(warned.map((e) => e.created)).toEqual([T0 + 11 * DAY]);
    expect(after.status).toBe('active');
    expect(after.items.data[0]).toMatchObject({ current_period_start: T0 + 14 * DAY });
    expect(after.latest_invoice as Stripe.Invoice).toMatchObject({
      amount_paid: 1000,
      status: 'paid',
      billing_reason: 'subscription_cycle',
    });
  });

  it('a declining default card fails the renewal: invoice.payment_failed and past_due, then recovers on payment', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 3000 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: bad.id } });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 60 });
    const pastDue = await h.stripe.subscriptions.retrieve(sub.id);
    const [failed] = await invoicesOf(sub.id);
    const retryWithBad = await h.stripe.invoices.pay(failed.id).catch((e: Stripe.errors.StripeError) => e);
    const good = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await h.stripe.invoices.pay(failed.id, { payment_method: good.id });
    const recovered = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(pastDue.status).toBe('past_due');
    expect(failed).toMatchObject({
      status: 'open',
      attempted: true,
      attempt_count: 1,
      amount_remaining: 3000,
      next_payment_attempt: FEB_15 + 3 * DAY,
    });
    expect(
      h.emulator.events('invoice.payment_failed').some((e) => (e.data.object as Stripe.Invoice).id === failed.id),
    ).toBe(true);
    expect(retryWithBad).toMatchObject({
      statusCode: 402,
      type: 'StripeCardError',
      code: 'card_declined',
      decline_code: 'generic_decline',
    });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 3000, amount_remaining: 0 });
    expect(recovered.status).toBe('active');
  });

  it('an incomplete first payment expires after 23 hours and voids its invoice', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 500 });
    const { clock, customer } = await clockedCustomer('pm_card_chargeDeclinedInsufficientFunds');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'allow_incomplete',
    });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 20 * DAY });
    // Assess
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    expect(sub.status).toBe('incomplete');
    expect(after.status).toBe('incomplete_expired');
    const [first] = await invoicesOf(sub.id);
    expect(first.status).toBe('void');
  });

  it('retries a failed renewal every 3 days and cancels after the fourth failure', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 800 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: bad.id } });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 7 * DAY });
    const midway = await h.stripe.subscriptions.retrieve(sub.id);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 10 * DAY });
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    const [renewal] = await invoicesOf(sub.id);
    // Assess
    expect(midway.status).toBe('past_due');
    expect(ended).toMatchObject({
      status: 'canceled',
      ended_at: FEB_15 + 9 * DAY,
      cancellation_details: { reason: 'payment_failed' },
    });
    expect(renewal).toMatchObject({ status: 'open', attempt_count: 4, next_payment_attempt: null });
    const failures = h.emulator
      .events('invoice.payment_failed')
      .filter((e) => (e.data.object as Stripe.Invoice).id === renewal.id);
    expect(failures.map((e) => e.created - FEB_15)).toEqual([0, 3 * DAY, 6 * DAY, 9 * DAY]);
  });

  it('send_invoice subscriptions open their invoice with a due date and go past_due after it', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 12000 });
    const { clock, customer } = await clockedCustomer(null);
    // Act
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: 'send_invoice',
      days_until_due: 7,
      expand: ['latest_invoice'],
    });
    const inv = sub.latest_invoice as Stripe.Invoice;
    const sent = await h.stripe.invoices.sendInvoice(inv.id);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 8 * DAY });
    const late = await h.stripe.subscriptions.retrieve(sub.id);
    const paid = await h.stripe.invoices.pay(inv.id, { paid_out_of_band: true });
    const back = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(sub.status).toBe('active');
    expect(inv).toMatchObject({
      status: 'open',
      collection_method: 'send_invoice',
      due_date: T0 + 7 * DAY,
      amount_due: 12000,
    });
    expect(sent.status).toBe('open');
    expect(h.emulator.events('invoice.sent').some((e) => (e.data.object as Stripe.Invoice).id === inv.id)).toBe(true);
    expect(late.status).toBe('past_due');
    expect(paid).toMatchObject({
      status: 'paid',
      amount_paid: 12000,
      amount_remaining: 0,
      status_transitions: { paid_at: T0 + 8 * DAY },
    });
    expect(back.status).toBe('active');
  });

  it('bills metered usage in arrears with unit_amount_decimal', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Usage' });
    const meter = await h.stripe.billing.meters.create({
      display_name: 'Requests',
      event_name: 'requests_sub',
      default_aggregation: { formula: 'sum' },
    });
    const base = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
    });
    const metered = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount_decimal: '0.25' as unknown as Stripe.Decimal,
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: base.id }, { price: metered.id }],
    });
    await h.stripe.billing.meterEvents.create({
      event_name: 'requests_sub',
      payload: { stripe_customer_id: customer.id, value: '1000' },
      timestamp: T0 + 60,
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    await h.stripe.billing.meterEvents.create({
      event_name: 'requests_sub',
      payload: { stripe_customer_id: customer.id, value: '234.5' },
    });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 60 });
    const [renewal] = await invoicesOf(sub.id);
    // Assess
    const usageLine = renewal.lines.data.find((l) => l.pricing?.price_details?.price === metered.id)!;
    const baseLine = renewal.lines.data.find((l) => l.pricing?.price_details?.price === base.id)!;
    expect(String(usageLine.quantity_decimal)).toBe('1234.5');
    expect(usageLine.amount).toBe(309); // 1234.5 × 0.25 = 308.625 → 309
    expect(usageLine.period).toEqual({ start: T0, end: FEB_15 });
    expect(baseLine).toMatchObject({ amount: 1000, period: { start: FEB_15, end: MAR_15 } });
    expect(renewal).toMatchObject({ total: 1309, amount_paid: 1309, status: 'paid' });
  });

  it('cancel_at_period_end cancels at the period end; DELETE cancels at once', async () => {
    // Prepare
    const { price } = await catalog(h.stripe);
    const { clock, customer } = await clockedCustomer();
    const later = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const now = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    const flagged = await h.stripe.subscriptions.update(later.id, { cancel_at_period_end: true });
    const canceled = await h.stripe.subscriptions.cancel(now.id);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 1 });
    const ended = await h.stripe.subscriptions.retrieve(later.id);
    const active = await h.stripe.subscriptions.list({ customer: customer.id });
    const all = await h.stripe.subscriptions.list({ customer: customer.id, status: 'all' });
    const canceledList = await h.stripe.subscriptions.list({ customer: customer.id, status: 'canceled' });
    // Assess
    expect(flagged).toMatchObject({ cancel_at_period_end: true, cancel_at: FEB_15, status: 'active' });
    expect(canceled).toMatchObject({ status: 'canceled', canceled_at: T0, ended_at: T0 });
    expect(ended).toMatchObject({ status: 'canceled', ended_at: FEB_15 });
    expect(active.data).toHaveLength(0);
    expect(all.data).toHaveLength(2);
    expect(canceledList.data).toHaveLength(2);
    const deleted = h.emulator
      .events('customer.subscription.deleted')
      .filter((e) => (e.data.object as Stripe.Subscription).customer === customer.id);
    expect(deleted.map((e) => e.created).sort()).toEqual([T0, FEB_15]);
  });

  it('pause_collection voids renewal invoices until cleared', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 700 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    const paused = await h.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void' } });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + 1 });
    const cleared = await h.stripe.subscriptions.update(sub.id, { pause_collection: '' });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_15 + 1 });
    const invoices = await invoicesOf(sub.id);
    // Assess
    expect(paused.pause_collection).toEqual({ behavior: 'void', resumes_at: null });
    expect(cleared.pause_collection).toBeNull();
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'void', 'paid']);
  });

  it('pauses and resumes a subscription, restarting the period', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 900 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    const paused = await h.stripe.subscriptions.pause(sub.id, { type: 'subscription' });
    const notPaused = await h.stripe.subscriptions
      .resume(paused.id)
      .then(() => h.stripe.subscriptions.resume(paused.id))
      .catch((e: Stripe.errors.StripeError) => e);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 40 * DAY });
    const stillActive = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(paused.status).toBe('paused');
    expect(notPaused).toMatchObject({ statusCode: 400 });
    expect(stillActive.status).toBe('active');
    expect(stillActive.items.data[0].current_period_start).toBe(T0 + 31 * DAY);
    expect(
      h.emulator
        .events('customer.subscription.paused')
        .some((e) => (e.data.object as Stripe.Subscription).id === sub.id),
    ).toBe(true);
    expect(
      h.emulator
        .events('customer.subscription.resumed')
        .some((e) => (e.data.object as Stripe.Subscription).id === sub.id),
    ).toBe(true);
  });

  it('default_incomplete waits for the invoice PaymentIntent to be confirmed', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 4400 });
    const { customer } = await clockedCustomer(null);
    // Act
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice.confirmation_secret'],
    });
    const inv = sub.latest_invoice as Stripe.Invoice;
    const payments = await h.stripe.invoicePayments.list({ invoice: inv.id });
    const intentId = inv.confirmation_secret!.client_secret.split('_secret_')[0];
    const confirmed = await h.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    const after = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    // Assess
    expect(sub.status).toBe('incomplete');
    expect(inv).toMatchObject({ status: 'open', amount_due: 4400 });
    expect(inv.confirmation_secret?.type).toBe('payment_intent');
    expect(payments.data).toHaveLength(0);
    expect(confirmed).toMatchObject({ status: 'succeeded', amount: 4400 });
    expect(after.status).toBe('active');
    expect(after.latest_invoice as Stripe.Invoice).toMatchObject({ status: 'paid', amount_paid: 4400 });
    const updated = h.emulator
      .events('customer.subscription.updated')
      .filter((e) => (e.data.object as Stripe.Subscription).id === sub.id)
      .at(-1)!;
    expect(updated.data.previous_attributes).toMatchObject({ status: 'incomplete' });
  });

  it('a paid subscription without any payment method is incomplete, as on Stripe; error_if_incomplete surfaces declines', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 100 });
    const plain = await h.stripe.customers.create({ email: 'nopm@example.com' });
    const declining = await h.stripe.customers.create({ email: 'decline@example.com', payment_method: 'pm_card_visa' });
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: declining.id });
    // Act
    const sub = await h.stripe.subscriptions.create({ customer: plain.id, items: [{ price: price.id }] });
    const err = await h.stripe.subscriptions
      .create({
        customer: declining.id,
        items: [{ price: price.id }],
        default_payment_method: bad.id,
        payment_behavior: 'error_if_incomplete',
      })
      .catch((e: Stripe.errors.StripeError) => e);
    const incomplete = await h.stripe.subscriptions.create({
      customer: declining.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice'],
    });
    const paid = await h.stripe.invoices
      .pay((incomplete.latest_invoice as Stripe.Invoice).id, { payment_method: bad.id })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(sub.status).toBe('incomplete');
    expect(err).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(incomplete.status).toBe('incomplete');
    expect(incomplete.latest_invoice as Stripe.Invoice).toMatchObject({ status: 'open', attempt_count: 0 });
    expect(paid).toMatchObject({ statusCode: 402 });
  });

  it('ends a trial early with trial_end=now, and a rejected update changes nothing', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 1100 });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 30,
      metadata: { v: '1' },
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 2 * DAY });
    // Act
    const rejected = await h.stripe.subscriptions
      .update(sub.id, { metadata: { v: '2' }, collection_method: 'send_invoice' })
      .catch((e: Stripe.errors.StripeError) => e);
    const unchanged = await h.stripe.subscriptions.retrieve(sub.id);
    const ended = await h.stripe.subscriptions.update(sub.id, { trial_end: 'now', expand: ['latest_invoice'] });
    // Assess
    expect(rejected).toMatchObject({ statusCode: 400, param: 'days_until_due' });
    expect(unchanged).toMatchObject({
      metadata: { v: '1' },
      collection_method: 'charge_automatically',
      status: 'trialing',
    });
    expect(ended).toMatchObject({ status: 'active', trial_end: T0 + 2 * DAY });
    expect(ended.items.data[0]).toMatchObject({
      current_period_start: T0 + 2 * DAY,
      current_period_end: T0 + 2 * DAY + 31 * DAY,
    });
    expect(ended.latest_invoice as Stripe.Invoice).toMatchObject({ amount_paid: 1100, status: 'paid' });
  });

  it('keeps entitlements while past_due and removes them when the subscription ends', async () => {
    // Prepare
    const { price, product } = await catalog(h.stripe, { amount: 600 });
    const feature = await h.stripe.entitlements.features.create({
      lookup_key: `dunning_${Date.now()}`,
      name: 'Dunning feature',
    });
    await h.stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
    const { clock, customer } = await clockedCustomer();
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: bad.id } });
    const entitled = async () =>
      (await h.stripe.entitlements.activeEntitlements.list({ customer: customer.id })).data.map((e) => e.lookup_key);
    // Act
    const atStart = await entitled();
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_15 + DAY });
    const whilePastDue = await entitled();
    await h.stripe.subscriptions.cancel(sub.id);
    const afterCancel = await entitled();
    // Assess
    expect(atStart).toEqual([feature.lookup_key]);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(whilePastDue).toEqual([feature.lookup_key]);
    expect(afterCancel).toEqual([]);
  });
});
