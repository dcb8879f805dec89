import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, T0, useHarness } from './support';

describe('stripe emulator: billing meters, meter events and summaries', () => {
  let meter: Stripe.Billing.Meter;
  let customer: Stripe.Customer;
  const now = T0 + 12 * 3600;
  const h = useHarness({ clock: () => now * 1000 });
  beforeAll(async () => {
    // The global clock is fixed so timestamps and summaries are exact.
    meter = await h.stripe.billing.meters.create({
      display_name: 'Tokens',
      event_name: 'tokens',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { type: 'by_id', event_payload_key: 'stripe_customer_id' },
      value_settings: { event_payload_key: 'value' },
    });
    customer = await h.stripe.customers.create({ email: 'meter@example.com' });
  });

  it('creates, retrieves and lists meters; a second active meter for the same event is rejected', async () => {
    // Act
    const fetched = await h.stripe.billing.meters.retrieve(meter.id);
    const list = await h.stripe.billing.meters.list();
    const dup = await h.stripe.billing.meters
      .create({ display_name: 'x', event_name: 'tokens', default_aggregation: { formula: 'sum' } })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(fetched).toMatchObject({
      object: 'billing.meter',
      event_name: 'tokens',
      status: 'active',
      default_aggregation: { formula: 'sum' },
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      value_settings: { event_payload_key: 'value' },
    });
    expect(list.data.map((m) => m.id)).toContain(meter.id);
    expect(dup).toMatchObject({ statusCode: 400 });
  });

  it('sums decimal values exactly: 0.1 ten times is 1', async () => {
    // Prepare
    const c = await h.stripe.customers.create({ email: 'decimal@example.com' });
    // Act
    for (let i = 0; i < 10; i++) {
      await h.stripe.billing.meterEvents.create({
        event_name: 'tokens',
        payload: { stripe_customer_id: c.id, value: '0.1' },
        timestamp: now - 60,
      });
    }
    const summaries = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: c.id,
      start_time: T0,
      end_time: T0 + DAY,
    });
    // Assess
    expect(summaries.data).toHaveLength(1);
    expect(summaries.data[0]).toMatchObject({
      object: 'billing.meter_event_summary',
      meter: meter.id,
      start_time: T0,
      end_time: T0 + DAY,
    });
    expect(String(summaries.data[0].aggregated_value)).toBe('1');
  });

  it('deduplicates meter events by identifier: a repeat is refused with a 400, as Stripe does, and not counted', async () => {
    // Act
    const first = await h.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      identifier: 'req-1',
      payload: { stripe_customer_id: customer.id, value: '25' },
      timestamp: now - 120,
    });
    const repeat = await h.stripe.billing.meterEvents
      .create({
        event_name: 'tokens',
        identifier: 'req-1',
        payload: { stripe_customer_id: customer.id, value: '25' },
        timestamp: now - 60,
      })
      .catch((e: Stripe.errors.StripeError) => e);
    await h.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      identifier: 'req-2',
      payload: { stripe_customer_id: customer.id, value: '17' },
      timestamp: now - 60,
    });
    const summaries = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: customer.id,
      start_time: T0,
      end_time: T0 + DAY,
    });
    // Assess
    expect(first).toMatchObject({
      object: 'billing.meter_event',
      identifier: 'req-1',
      event_name: 'tokens',
      payload: { value: '25' },
    });
    expect(repeat).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      message: 'An event already exists with identifier req-1.',
    });
    expect(summaries.data[0].aggregated_value).toBe(42);
  });

  it('groups summaries by hour and respects the time window', async () => {
    // Prepare
    const c = await h.stripe.customers.create({ email: 'hourly@example.com' });
    await h.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      payload: { stripe_customer_id: c.id, value: '3' },
      timestamp: T0 + 3600 + 5,
    });
    await h.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      payload: { stripe_customer_id: c.id, value: '4' },
      timestamp: T0 + 3 * 3600 + 5,
    });
    // Act
    const hourly = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: c.id,
      start_time: T0,
      end_time: T0 + 4 * 3600,
      value_grouping_window: 'hour',
      limit: 10,
    });
    const windowed = await h.stripe.billing.meters.listEventSummaries(meter.id, {
      customer: c.id,
      start_time: T0 + 2 * 3600,
      end_time: T0 + 4 * 3600,
    });
    const unaligned = await h.stripe.billing.meters
      .listEventSummaries(meter.id, { customer: c.id, start_time: T0 + 1, end_time: T0 + 60 })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(hourly.data.map((s) => [s.start_time - T0, s.aggregated_value])).toEqual([
      [3 * 3600, 4],
      [2 * 3600, 0],
      [3600, 3],
      [0, 0],
    ]);
    expect(windowed.data[0].aggregated_value).toBe(4);
    expect(unaligned).toMatchObject({ statusCode: 400 });
  });

  it('rejects timestamps older than 35 days or more than 5 minutes ahead, and non-numeric values', async () => {
    // Act
    const old = await h.stripe.billing.meterEvents
      .create({
        event_name: 'tokens',
        payload: { stripe_customer_id: customer.id, value: '1' },
        timestamp: now - 36 * DAY,
      })
      .catch((e: Stripe.errors.StripeError) => e);
    const future = await h.stripe.billing.meterEvents
      .create({ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: '1' }, timestamp: now + 301 })
      .catch((e: Stripe.errors.StripeError) => e);
    const nearFuture = await h.stripe.billing.meterEvents.create({
      event_name: 'tokens',
      payload: { stripe_customer_id: customer.id, value: '1' },
      timestamp: now + 299,
    });
    const notNumber = await h.stripe.billing.meterEvents
      .create({ event_name: 'tokens', payload: { stripe_customer_id: customer.id, value: 'lots' } })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(old).toMatchObject({ statusCode: 400, param: 'timestamp' });
    expect(future).toMatchObject({ statusCode: 400, param: 'timestamp' });
    expect(nearFuture.timestamp).toBe(now + 299);
    expect(notNumber).toMatchObject({ statusCode: 400 });
  });

  it('deactivates and reactivates a meter; a deactivated meter backs no new price', async () => {
    // Prepare
    const m = await h.stripe.billing.meters.create({
      display_name: 'Seats',
      event_name: 'seats_toggle',
      default_aggregation: { formula: 'last' },
    });
    const product = await h.stripe.products.create({ name: 'Seats' });
    const metered = () =>
      h.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        unit_amount: 5,
        recurring: { interval: 'month', usage_type: 'metered', meter: m.id },
      });
    // Act
    const off = await h.stripe.billing.meters.deactivate(m.id);
    const refused = await metered().catch((e: Stripe.errors.StripeError) => e);
    const on = await h.stripe.billing.meters.reactivate(m.id);
    const accepted = await metered();
    // Assess
    expect(off.status).toBe('inactive');
    expect(off.status_transitions.deactivated_at).toBe(now);
    expect(refused).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'recurring[meter]' });
    expect(on.status).toBe('active');
    expect(accepted.recurring).toMatchObject({ usage_type: 'metered', meter: m.id });
  });

  it('renames a meter', async () => {
    // Act
    const renamed = await h.stripe.billing.meters.update(meter.id, { display_name: 'LLM tokens' });
    // Assess
    expect(renamed).toMatchObject({ id: meter.id, display_name: 'LLM tokens', event_name: 'tokens' });
    expect(h.emulator.events('billing.meter.updated').at(-1)?.data.previous_attributes).toMatchObject({
      display_name: 'Tokens',
    });
  });
});
