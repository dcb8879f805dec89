import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, clocked, DAY, subscriptionInvoices, T0, useHarness } from './support';

const fail = (e: Stripe.errors.StripeError) => e;

describe('stripe emulator: tiered metered prices, quantities on metered items, usage on invoices', () => {
  const h = useHarness();
  let meter: Stripe.Billing.Meter;
  let product: Stripe.Product;
  beforeAll(async () => {
    meter = await h.stripe.billing.meters.create({
      display_name: 'Messages',
      event_name: 'messages_mb',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    });
    product = await h.stripe.products.create({ name: 'Messages' });
  });

  /** 1000 included, then 0.5 minor units per message. */
  const graduated = (extra: Partial<Stripe.PriceCreateParams> = {}) =>
    h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 1000, unit_amount: 0 },
        { up_to: 'inf', unit_amount_decimal: '0.5' as unknown as Stripe.Decimal },
      ],
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
      ...extra,
    });

  it('creates a graduated price; its tiers are expand-only', async () => {
    // Act
    const price = await graduated();
    const plain = await h.stripe.prices.retrieve(price.id);
    const expanded = await h.stripe.prices.retrieve(price.id, { expand: ['tiers'] });
    const listed = await h.stripe.prices.list({ product: product.id, expand: ['data.tiers'] });
    // Assess
    expect(plain).toMatchObject({
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      unit_amount: null,
      unit_amount_decimal: null,
    });
    expect(plain.tiers).toBeUndefined();
    expect(expanded.tiers?.map((t) => [t.up_to, t.unit_amount, String(t.unit_amount_decimal)])).toEqual([
      [1000, 0, '0'],
      [null, null, '0.5'],
    ]);
    expect(listed.data.find((p) => p.id === price.id)?.tiers).toHaveLength(2);
  });

  it('refuses tiered prices Stripe refuses', async () => {
    // Act
    const noMode = await graduated({ tiers_mode: undefined }).catch(fail);
    const lastNotInf = await graduated({ tiers: [{ up_to: 10, unit_amount: 1 }] }).catch(fail);
    const notIncreasing = await graduated({
      tiers: [
        { up_to: 10, unit_amount: 1 },
        { up_to: 5, unit_amount: 1 },
        { up_to: 'inf', unit_amount: 1 },
      ],
    }).catch(fail);
    const unitBeside = await graduated({ unit_amount: 5 }).catch(fail);
    const tiersOnPerUnit = await h.stripe.prices
      .create({
        product: product.id,
        currency: 'usd',
        unit_amount: 5,
        tiers_mode: 'graduated',
        recurring: { interval: 'month' },
      })
      .catch(fail);
    const noAmount = await graduated({ tiers: [{ up_to: 'inf' }] }).catch(fail);
    const oneTime = await h.stripe.prices
      .create({
        product: product.id,
        currency: 'usd',
        billing_scheme: 'tiered',
        tiers_mode: 'graduated',
        tiers: [{ up_to: 'inf', unit_amount: 1 }],
      })
      .catch(fail);
    // Assess
    for (const e of [noMode, lastNotInf, notIncreasing, unitBeside, tiersOnPerUnit, noAmount, oneTime])
      expect(e).toMatchObject({ statusCode: 400 });
    expect(noMode).toMatchObject({ param: 'tiers_mode' });
    expect(lastNotInf).toMatchObject({ param: 'tiers[0][up_to]' });
  });

  it('refuses a quantity on a metered item: subscriptions, schedules and Checkout', async () => {
    // Prepare
    const price = await graduated();
    const { price: base } = await catalog(h.stripe);
    const customer = await h.stripe.customers.create({ email: 'qty@example.com' });
    // Act
    const onCreate = await h.stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: base.id }, { price: price.id, quantity: 1 }],
        collection_method: 'send_invoice',
        days_until_due: 7,
      })
      .catch(fail);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: base.id }, { price: price.id }],
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    const metered = sub.items.data.find((i) => i.price.id === price.id)!;
    const onUpdate = await h.stripe.subscriptions
      .update(sub.id, { items: [{ id: metered.id, quantity: 3 }] })
      .catch(fail);
    const onPhase = await h.stripe.subscriptionSchedules
      .create({
        customer: customer.id,
        start_date: 'now',
        phases: [{ items: [{ price: base.id }, { price: price.id, quantity: 2 }] }],
      })
      .catch(fail);
    const onCheckout = await h.stripe.checkout.sessions
      .create({
        mode: 'subscription',
        success_url: 'https://x.example/ok',
        line_items: [
          { price: base.id, quantity: 1 },
          { price: price.id, quantity: 1 },
        ],
      })
      .catch(fail);
    // Assess
    expect(onCreate).toMatchObject({ statusCode: 400, param: 'items[1][quantity]' });
    expect(onUpdate).toMatchObject({ statusCode: 400, param: 'items[0][quantity]' });
    expect(onPhase).toMatchObject({ statusCode: 400, param: 'phases[0][items][1][quantity]' });
    expect(onCheckout).toMatchObject({ statusCode: 400, param: 'line_items[1][quantity]' });
    expect(metered.quantity).toBeUndefined();
  });

  it("bills the period's meter usage by the graduated tiers on the renewal invoice; a plan change prorates only licensed items", async () => {
    // Prepare: 1000 included, then 0.5 each; 2601 messages → 1601 × 0.5 = 800.5 → 801 (half-up).
    const price = await graduated();
    const { price: base } = await catalog(h.stripe, { amount: 2000 });
    const { price: bigger } = await catalog(h.stripe, { amount: 6000 });
    const { clock, customer } = await clocked(h.stripe);
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: base.id }, { price: price.id }],
    });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 5 * DAY });
    for (const [i, v] of ['1000', '1500.5', '100.5'].entries()) {
      await h.stripe.billing.meterEvents.create({
        event_name: 'messages_mb',
        identifier: `mb-${sub.id}-${i}`,
        payload: { stripe_customer_id: customer.id, value: v },
        timestamp: T0 + (i + 1) * DAY,
      });
    }
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    // Act: mid-period plan change of the licensed item, then the renewal.
    const licensed = sub.items.data.find((i) => i.price.id === base.id)!;
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: licensed.id, price: bigger.id }],
      proration_behavior: 'create_prorations',
    });
    const preview = await h.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 32 * DAY });
    const [renewal] = await subscriptionInvoices(h.stripe, sub.id);
    // Assess
    const usage = renewal.lines.data.filter((l) => l.pricing?.price_details?.price === price.id);
    expect(renewal.billing_reason).toBe('subscription_cycle');
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ amount: 801, period: { start: T0, end: sub.items.data[0].current_period_end } });
    expect(String(usage[0].quantity_decimal)).toBe('2601');
    const prorations = renewal.lines.data.filter(
      (l) => l.parent?.invoice_item_details?.proration || l.parent?.subscription_item_details?.proration,
    );
    expect(prorations.length).toBeGreaterThan(0);
    expect(prorations.every((l) => l.pricing?.price_details?.price !== price.id)).toBe(true);
    const previewUsage = preview.lines.data.filter((l) => l.pricing?.price_details?.price === price.id);
    expect(previewUsage.map((l) => l.amount)).toEqual([801]);
  });
});
