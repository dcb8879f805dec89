import Big from 'big.js';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '#shared/domain/catalog/catalog';
import { STACK_READY_MS, type StackProcess, startStackProcess } from '../support/stack-process';
import { until } from '../support/until';

const DAY = 86_400;

/** What the catalog says a period's usage costs on a plan: the included units free, the rest at the unit price, half-up to the minor unit. */
function expectedAmount(plan: string, meter: string, currency: string, used: string): number {
  const u = catalog.plans.find((p) => p.key === plan)!.usage_prices[meter];
  const over = new Big(used).minus(u.included);
  return over.lte(0) ? 0 : Number(over.times(u.unit_amount_decimal[currency]).round(0, Big.roundHalfUp).toString());
}

/**
 * Usage billed on the renewal invoice, through the local stack: a Pro workspace on a test clock
 * uses its meters for a month (with repeated idempotency keys and events sent late, some through
 * the queue), the clock passes the period end, and the renewal invoice's usage lines carry the
 * counters' totals and the catalog's price for them, exactly to the minor unit; the usage report
 * for the period says the same.
 */
describe('usage billed at the period end through the local stack', () => {
  let stack: StackProcess;
  let stripe: Stripe;
  const ws = `ws_ub_${Date.now()}`;

  const api = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, body: (await r.json()) as Record<string, any> };
  };

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

  it('a month of usage with duplicates and late events → renewal usage lines equal the counters and the period report', async () => {
    // Prepare: the clock starts 33 days back, so the whole first period lies in the past (usage
    // may be dated up to 35 days back) and ends before now.
    const start = Math.floor(Date.now() / 1000) - 33 * DAY;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await stripe.customers.create({
      email: 'ub@example.com',
      test_clock: clock.id,
      metadata: { workspace_id: ws, project_id: 'demo' },
    });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(
      (
        await api('PUT', `/api/v1/workspaces/${ws}`, {
          name: 'UB',
          email: 'ub@example.com',
          country: 'US',
          currency: 'usd',
          stripe_customer_id: customer.id,
        })
      ).status,
    ).toBe(201);
    const created = await api('POST', '/api/v1/subscriptions/', { workspace_id: ws, plan: 'pro' });
    expect(created.status).toBe(201);
    const sub = await stripe.subscriptions.retrieve(created.body.subscription_id);
    expect(
      sub.items.data
        .filter((i) => i.price.recurring?.usage_type === 'metered')
        .map((i) => i.price.metadata.tollgate_meter)
        .sort(),
    ).toEqual(['email_sends', 'whatsapp_messages']);
    const periodStart = sub.items.data[0].current_period_start;
    const periodEnd = sub.items.data[0].current_period_end;
    expect(periodEnd).toBeLessThan(Date.now() / 1000);
    // Stripe takes meter events up to its clock's now: move it to just before the period end.
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd - 3600 });

    // Act: 40 WhatsApp batches of 800.5 and 30 email batches of 700.25 across the period, every
    // fifth one sent twice, then three late WhatsApp events dated in the first days, two of them
    // through the queue.
    const at = (s: number) => new Date(s * 1000).toISOString();
    const span = periodEnd - 3600 - periodStart - 7200;
    const send = async (meter: string, key: string, value: string, ts: number) => {
      const r = await api('POST', '/api/v1/usage/events', {
        event_type: meter,
        workspace_id: ws,
        value,
        idempotency_key: key,
        timestamp: at(ts),
        metadata: { batch: key },
      });
      expect(r.status).toBe(200);
      return r.body;
    };
    for (let i = 0; i < 40; i++) {
      const ts = periodStart + 3600 + Math.floor((span * i) / 40);
      await send('whatsapp_messages', `wa-${i}`, '800.5', ts);
      if (i % 5 === 0) expect((await send('whatsapp_messages', `wa-${i}`, '800.5', ts)).duplicate).toBe(true);
    }
    for (let i = 0; i < 30; i++) {
      const ts = periodStart + 3600 + Math.floor((span * i) / 30);
      await send('email_sends', `em-${i}`, '700.25', ts);
      if (i % 5 === 0) expect((await send('email_sends', `em-${i}`, '700.25', ts)).duplicate).toBe(true);
    }
    await send('whatsapp_messages', 'wa-late-0', '100', periodStart + 2 * DAY);
    for (const k of ['wa-late-1', 'wa-late-2', 'wa-late-1']) {
      const r = await api('POST', '/api/v1/usage/events/async', {
        event_type: 'whatsapp_messages',
        workspace_id: ws,
        value: '100',
        idempotency_key: k,
        timestamp: at(periodStart + DAY),
      });
      expect(r.status).toBe(202);
    }
    const events = await until('the queued late events counted', async () => {
      const r = await api('GET', `/api/v1/usage/${ws}/events?meter=whatsapp_messages&limit=100`);
      return r.body.data?.length === 43 && r.body.data;
    });
    expect(events.find((e: { idempotency_key: string }) => e.idempotency_key === 'wa-3')).toMatchObject({
      value: '800.5',
      metadata: { batch: 'wa-3' },
    });
    const meter = (await stripe.billing.meters.list({ status: 'active' })).data.find(
      (m) => m.event_name === 'whatsapp_messages',
    )!;
    await until('every WhatsApp event on the Stripe meter', async () => {
      const s = await stripe.billing.meters.listEventSummaries(meter.id, {
        customer: customer.id,
        start_time: periodStart - (periodStart % 60),
        end_time: periodEnd + 60 - (periodEnd % 60),
      });
      return s.data.reduce((n, x) => n.plus(String(x.aggregated_value)), new Big(0)).eq('32320');
    });
    // The period ends: Stripe renews and bills the usage.
    await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: periodEnd + 3600 });
    const renewal = await until('the renewal invoice', async () => {
      const r = await api('GET', `/api/v1/checkout/invoices/${ws}?limit=10`);
      return (r.body.invoices as { created: string; lines: { meter: string | null }[] }[] | undefined)?.find((i) =>
        i.lines.some((l) => l.meter),
      );
    });
    const report = await api(
      'GET',
      `/api/v1/usage/${ws}?granularity=billing_period&from=${encodeURIComponent(at(periodStart))}&to=${encodeURIComponent(at(periodEnd))}`,
    );
    const days = await api(
      'GET',
      `/api/v1/usage/${ws}?granularity=day&from=${encodeURIComponent(at(periodStart - DAY))}&to=${encodeURIComponent(at(periodEnd + DAY))}&limit=100`,
    );

    // Assess: counters (exact sums of the unique events) = invoice quantities = report totals, and
    // the amounts are the catalog's, exactly.
    const counted = {
      whatsapp_messages: new Big('800.5').times(40).plus(300).toFixed(),
      email_sends: new Big('700.25').times(30).toFixed(),
    };
    expect(counted).toEqual({ whatsapp_messages: '32320', email_sends: '21007.5' });
    const usageLines = (
      renewal.lines as {
        meter: string | null;
        quantity_decimal: string;
        amount: number;
        period_start: string;
        period_end: string;
      }[]
    ).filter((l) => l.meter);
    const figures: string[] = [];
    for (const [meter, total] of Object.entries(counted)) {
      const line = usageLines.find((l) => l.meter === meter)!;
      const amount = expectedAmount('pro', meter, 'usd', total);
      figures.push(
        `${meter}: counter ${total}, invoice line ${line.quantity_decimal} → ${line.amount} (expected ${amount})`,
      );
      expect(line).toMatchObject({
        quantity_decimal: total,
        amount,
        period_start: at(periodStart),
        period_end: at(periodEnd),
      });
      expect(report.body.data.find((d: { meter: string }) => d.meter === meter)).toMatchObject({
        total,
        period_start: at(periodStart),
        period_end: at(periodEnd),
        granularity: 'billing_period',
      });
      const daySum = (days.body.data as { meter: string; total: string }[])
        .filter((d) => d.meter === meter)
        .reduce((s, d) => s.plus(d.total), new Big(0));
      expect(daySum.toFixed()).toBe(total);
    }
    expect(usageLines.map((l) => l.amount)).toEqual(expect.arrayContaining([1160, 101]));
    process.stdout.write(`usage billing e2e: ${figures.join('; ')}\n`);
  });
});
