import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import {
  catalog,
  clocked,
  DAY,
  type Receiver,
  startReceiver,
  T0,
  useHarness,
  verifiedEvents,
  withCard,
} from './support';

/**
 * The emulator refuses what Stripe refuses and behaves as Stripe does where a lenient fake would
 * let a broken integration pass: each test here failed on the earlier, lenient emulator.
 */
describe('stripe emulator: as strict as Stripe', () => {
  const h = useHarness({ recordRequests: true });
  const receivers: Receiver[] = [];
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
  });

  const raw = async (method: string, path: string, form: Record<string, string> = {}) => {
    const res = await fetch(`${h.emulator.url}${path}`, {
      method,
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      ...(method === 'GET' ? {} : { body: new URLSearchParams(form).toString() }),
    });
    return {
      status: res.status,
      body: (await res.json()) as { error?: { code?: string; param?: string; message: string; type: string } } & Record<
        string,
        unknown
      >,
    };
  };
  const eventsFor = (type: string, id: string) =>
    h.emulator.events(type).filter((e) => (e.data.object as { id?: string }).id === id);

  it('refuses parameters the SDK does not declare for the endpoint (400 parameter_unknown), also nested and in queries, and enum values it does not list', async () => {
    // Prepare
    const { price } = await catalog(h.stripe);
    const customer = await h.stripe.customers.create({ email: 'strict@example.com' });
    // Act
    const top = await raw('POST', '/v1/customers', { email: 'x@example.com', no_such_parameter: '1' });
    const nested = await raw('POST', '/v1/subscriptions', {
      customer: customer.id,
      'items[0][price]': price.id,
      'items[0][colour]': 'red',
    });
    const query = await raw('GET', '/v1/invoices?customer_email=x@example.com');
    const badEnum = await raw('POST', '/v1/subscriptions', {
      customer: customer.id,
      'items[0][price]': price.id,
      collection_method: 'by_pigeon',
    });
    const sdk = await h.stripe.customers
      .create({ email: 'y@example.com', ...({ favourite: 'blue' } as object) })
      .catch((e: Stripe.errors.StripeError) => e);
    const created = await h.stripe.subscriptions.list({ customer: customer.id });
    // Assess
    expect(top).toMatchObject({
      status: 400,
      body: {
        error: {
          type: 'invalid_request_error',
          code: 'parameter_unknown',
          param: 'no_such_parameter',
          message: 'Received unknown parameter: no_such_parameter',
        },
      },
    });
    expect(nested).toMatchObject({
      status: 400,
      body: { error: { code: 'parameter_unknown', param: 'items[0][colour]' } },
    });
    expect(query).toMatchObject({
      status: 400,
      body: { error: { code: 'parameter_unknown', param: 'customer_email' } },
    });
    expect(badEnum).toMatchObject({ status: 400, body: { error: { param: 'collection_method' } } });
    expect(sdk).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'favourite' });
    expect(created.data).toEqual([]);
  });

  it('returns amount_paid_off_stripe only when expanded, and never in webhook events', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'oob@example.com' });
    const inv = await h.stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    await h.stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 399900, currency: 'inr' });
    await h.stripe.invoices.finalizeInvoice(inv.id);
    // Act
    const paid = await h.stripe.invoices.pay(inv.id, { paid_out_of_band: true });
    const plain = await h.stripe.invoices.retrieve(inv.id);
    const expanded = await h.stripe.invoices.retrieve(inv.id, { expand: ['amount_paid_off_stripe'] });
    const listed = await h.stripe.invoices.list({ customer: customer.id, expand: ['data.amount_paid_off_stripe'] });
    // Assess
    expect(paid.status).toBe('paid');
    expect('amount_paid_off_stripe' in plain).toBe(false);
    expect(expanded.amount_paid_off_stripe).toBe(399900);
    expect(listed.data[0].amount_paid_off_stripe).toBe(399900);
    const paidEvent = eventsFor('invoice.paid', inv.id)[0];
    expect(paidEvent).toBeDefined();
    expect('amount_paid_off_stripe' in (paidEvent.data.object as object)).toBe(false);
    // Paid outside Stripe: invoice.paid, but no invoice.payment_succeeded (Stripe collected nothing).
    expect(eventsFor('invoice.payment_succeeded', inv.id)).toEqual([]);
  });

  it("refuses cancellation changes on a schedule-managed subscription; the schedule's end behaviour cancels it instead", async () => {
    // Prepare
    const { price: pro } = await catalog(h.stripe, { amount: 2000 });
    const { price: ent } = await catalog(h.stripe, { amount: 9000 });
    const { customer } = await clocked(h.stripe);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    const item = sub.items.data[0];
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        {
          items: [{ price: pro.id, quantity: 1 }],
          start_date: item.current_period_start,
          end_date: item.current_period_end,
        },
        { items: [{ price: ent.id, quantity: 1 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    // Act
    const direct = await h.stripe.subscriptions
      .update(sub.id, { cancel_at_period_end: true })
      .catch((e: Stripe.errors.StripeError) => e);
    const directAt = await h.stripe.subscriptions
      .update(sub.id, { cancel_at: item.current_period_end })
      .catch((e: Stripe.errors.StripeError) => e);
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      end_behavior: 'cancel',
      phases: [
        {
          items: [{ price: pro.id, quantity: 1 }],
          start_date: item.current_period_start,
          end_date: item.current_period_end,
        },
      ],
    });
    const ending = await h.stripe.subscriptions.retrieve(sub.id);
    await h.stripe.subscriptionSchedules.update(schedule.id, { end_behavior: 'release' });
    const kept = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(direct).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    expect((direct as Stripe.errors.StripeError).message).toBe(
      `The subscription is managed by the subscription schedule \`${schedule.id}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    );
    expect(directAt).toMatchObject({ statusCode: 400 });
    expect(ending).toMatchObject({
      cancel_at: item.current_period_end,
      cancel_at_period_end: false,
      schedule: schedule.id,
    });
    expect(kept).toMatchObject({ cancel_at: null });
  });

  it('leaves a paid subscription without a payment method incomplete with an open invoice to pay, expiring after 23 hours; a trial needs no card', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 4900 });
    const { clock, customer } = await clocked(h.stripe, null);
    // Act
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      expand: ['latest_invoice.confirmation_secret'],
    });
    const refused = await h.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' })
      .catch((e: Stripe.errors.StripeError) => e);
    const trial = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_period_days: 7,
    });
    const charges = await h.stripe.charges.list({ customer: customer.id });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 23 * 3600 + 60 });
    const expired = await h.stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    // Assess
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(sub.status).toBe('incomplete');
    expect(inv).toMatchObject({
      status: 'open',
      amount_due: 4900,
      attempt_count: 0,
      hosted_invoice_url: expect.stringMatching(/^http/),
    });
    expect(inv.confirmation_secret?.client_secret).toMatch(/^pi_\w+_secret_/);
    expect(charges.data).toEqual([]);
    expect(refused).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/no attached payment source or default payment method/),
    });
    expect(trial.status).toBe('trialing');
    expect(expired.status).toBe('incomplete_expired');
    expect((expired.latest_invoice as Stripe.Invoice).status).toBe('void');
  });

  it('makes an incomplete subscription active once its invoice is paid with a card', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 2500 });
    const { customer } = await clocked(h.stripe, null);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const card = await withCard(h.stripe, customer.id);
    // Act
    const paid = await h.stripe.invoices.pay(sub.latest_invoice as string, { payment_method: card.id });
    const after = await h.stripe.subscriptions.retrieve(sub.id);
    // Assess
    expect(paid.status).toBe('paid');
    expect(after.status).toBe('active');
    // A card payment of an invoice: invoice_payment.paid and the charge's balance transaction update.
    expect(
      h.emulator
        .events('invoice_payment.paid')
        .some((e) => (e.data.object as Stripe.InvoicePayment).invoice === paid.id),
    ).toBe(true);
    const charge = h.emulator
      .events('charge.succeeded')
      .find((e) => (e.data.object as Stripe.Charge).customer === customer.id)!.data.object as Stripe.Charge;
    const updated = eventsFor('charge.updated', charge.id);
    expect(updated).toHaveLength(1);
    expect(updated[0].data.previous_attributes).toEqual({ balance_transaction: null });
  });

  it('refuses meter values with more than 15 significant digits', async () => {
    // Prepare
    await h.stripe.billing.meters.create({
      display_name: 'Digits',
      event_name: 'digits',
      default_aggregation: { formula: 'sum' },
    });
    const customer = await h.stripe.customers.create({ email: 'digits@example.com' });
    const send = (value: string, identifier: string) =>
      h.stripe.billing.meterEvents
        .create({ event_name: 'digits', identifier, payload: { stripe_customer_id: customer.id, value } })
        .catch((e: Stripe.errors.StripeError) => e);
    // Act
    const ok = await send('123456789012.345', 'd1');
    const tooMany = await send('123456789012.3456', 'd2');
    // Assess
    expect(ok).toMatchObject({ object: 'billing.meter_event' });
    expect(tooMany).toMatchObject({
      statusCode: 400,
      code: 'meter_event_value_too_many_digits',
      message: 'The value in the event payload can have at most 15 digits. Received 123456789012.3456.',
    });
  });

  it('sends each endpoint events in its pinned API version, or the account default, and refuses an unknown version', async () => {
    // Prepare
    const pinned = await startReceiver();
    const unpinned = await startReceiver();
    receivers.push(pinned, unpinned);
    const a = await h.stripe.webhookEndpoints.create({
      url: pinned.url,
      enabled_events: ['customer.created'],
      api_version: Stripe.API_VERSION,
    });
    const b = await h.stripe.webhookEndpoints.create({ url: unpinned.url, enabled_events: ['customer.created'] });
    // Act
    const bad = await raw('POST', '/v1/webhook_endpoints', {
      url: pinned.url,
      'enabled_events[0]': '*',
      api_version: '2099-01-01.nope',
    });
    const customer = await h.stripe.customers.create({ email: 'version@example.com' });
    await h.emulator.flush();
    // Assess
    expect(a.api_version).toBe(Stripe.API_VERSION);
    expect(b.api_version).toBeNull();
    expect(bad).toMatchObject({ status: 400, body: { error: { param: 'api_version' } } });
    const seen = (r: Receiver) =>
      verifiedEvents(h.stripe, r).filter((e) => (e.data.object as Stripe.Customer).id === customer.id);
    expect(seen(pinned).map((e) => e.api_version)).toEqual([Stripe.API_VERSION]);
    expect(seen(unpinned).map((e) => e.api_version)).toEqual(['2025-03-31.basil']);
    await h.stripe.webhookEndpoints.del(a.id);
    await h.stripe.webhookEndpoints.del(b.id);
  });

  it('bills the pending prorations of a mid-period upgrade on a final invoice when the subscription ends at the period end', async () => {
    // Prepare
    const { price: basic } = await catalog(h.stripe, { amount: 3000 });
    const { price: plus } = await catalog(h.stripe, { amount: 6000 });
    const { clock, customer } = await clocked(h.stripe);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    await h.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: plus.id }],
      proration_behavior: 'create_prorations',
    });
    await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    const pending = await h.stripe.invoiceItems.list({ customer: customer.id, pending: true });
    // Act
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 32 * DAY });
    const ended = await h.stripe.subscriptions.retrieve(sub.id);
    const invoices = (await h.stripe.invoices.list({ subscription: sub.id })).data;
    // Assess
    const owed = pending.data.reduce((s, ii) => s + ii.amount, 0);
    expect(owed).toBeGreaterThan(0);
    expect(ended.status).toBe('canceled');
    expect(invoices).toHaveLength(2);
    expect(invoices[0]).toMatchObject({ status: 'paid', amount_paid: owed, billing_reason: 'subscription_cycle' });
    expect((await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toEqual([]);
  });

  it('renders Checkout Sessions of this API version (ui_mode hosted_page) and does not save the card of a one-off payment', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Pack' });
    const price = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1000 });
    const { customer } = await clocked(h.stripe, null);
    const session = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example/ok',
    });
    // Act
    const done = await raw('POST', `/v1/test_helpers/checkout/sessions/${session.id}/complete`);
    const methods = await h.stripe.paymentMethods.list({ customer: customer.id });
    // Assess
    expect(session).toMatchObject({
      ui_mode: 'hosted_page',
      custom_text: { submit: null },
      adaptive_pricing: { enabled: false },
      wallet_options: null,
    });
    expect(done).toMatchObject({ status: 200, body: { status: 'complete', payment_status: 'paid' } });
    expect(methods.data).toEqual([]);
    expect(
      h.emulator
        .events('payment_method.attached')
        .filter((e) => (e.data.object as Stripe.PaymentMethod).customer === customer.id),
    ).toEqual([]);
  });

  it('fails or delays refunds like Stripe’s refund test cards: refund.updated, refund.failed and charge.refund.updated follow', async () => {
    // Prepare
    const { clock, customer } = await clocked(h.stripe, null);
    const pay = (pm: string) =>
      h.stripe.paymentIntents.create({
        customer: customer.id,
        amount: 5000,
        currency: 'usd',
        payment_method: pm,
        confirm: true,
      });
    const failing = await pay('pm_card_refundFail');
    const slow = await pay('pm_card_pendingRefund');
    // Act
    const r1 = await h.stripe.refunds.create({ payment_intent: failing.id });
    const r2 = await h.stripe.refunds.create({ payment_intent: slow.id });
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 3600 });
    const [f, s] = await Promise.all([h.stripe.refunds.retrieve(r1.id), h.stripe.refunds.retrieve(r2.id)]);
    const charge = await h.stripe.charges.retrieve(r1.charge as string);
    // Assess
    expect(r1.status).toBe('succeeded');
    expect(r2.status).toBe('pending');
    expect(f).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(s.status).toBe('succeeded');
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(eventsFor('refund.failed', r1.id)).toHaveLength(1);
    expect(eventsFor('refund.updated', r1.id)).toHaveLength(1);
    expect(eventsFor('charge.refund.updated', r1.id)).toHaveLength(1);
    expect(eventsFor('refund.updated', r2.id)).toHaveLength(1);
    expect(eventsFor('charge.refund.updated', r2.id)).toHaveLength(1);
    expect(eventsFor('refund.failed', r2.id)).toEqual([]);
  });

  it('completes a Checkout paid by bank debit unpaid, then reports checkout.session.async_payment_succeeded when it settles', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Bank pack' });
    const price = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2000 });
    const { clock, customer } = await clocked(h.stripe, null);
    const session = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example/ok',
    });
    // Act
    const done = await raw('POST', `/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      payment_method: 'pm_usBankAccount_success',
    });
    const processing = await h.stripe.paymentIntents.retrieve(done.body.payment_intent as string);
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 3600 });
    const settled = await h.stripe.checkout.sessions.retrieve(session.id);
    // Assess
    expect(done.body).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(processing.status).toBe('processing');
    expect(settled.payment_status).toBe('paid');
    expect(eventsFor('checkout.session.completed', session.id)).toHaveLength(1);
    expect(eventsFor('checkout.session.async_payment_succeeded', session.id)).toHaveLength(1);
  });

  it('previews a schedule-managed subscription with the next phase for the next period, and a schedule change through schedule_details', async () => {
    // Prepare
    const { price: pro } = await catalog(h.stripe, { amount: 2000 });
    const { price: ent } = await catalog(h.stripe, { amount: 9000 });
    const { customer } = await clocked(h.stripe);
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id, quantity: 2 }] });
    const item = sub.items.data[0];
    const schedule = await h.stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await h.stripe.subscriptionSchedules.update(schedule.id, {
      phases: [
        {
          items: [{ price: pro.id, quantity: 2 }],
          start_date: item.current_period_start,
          end_date: item.current_period_end,
        },
        { items: [{ price: ent.id, quantity: 2 }], duration: { interval: 'month', interval_count: 1 } },
      ],
    });
    // Act
    const plain = await h.stripe.invoices.createPreview({ customer: customer.id, subscription: sub.id });
    const seats = await h.stripe.invoices.createPreview({
      customer: customer.id,
      schedule: schedule.id,
      schedule_details: {
        phases: [
          {
            items: [{ price: pro.id, quantity: 5 }],
            start_date: item.current_period_start,
            end_date: item.current_period_end,
          },
          { items: [{ price: ent.id, quantity: 5 }], duration: { interval: 'month', interval_count: 1 } },
        ],
        proration_behavior: 'create_prorations',
      },
    });
    // Assess
    const next = (inv: Stripe.Invoice) =>
      inv.lines.data.filter(
        (l) => !l.parent?.subscription_item_details?.proration && l.period.start === item.current_period_end,
      );
    expect(next(plain).map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount])).toEqual([
      [ent.id, 2, 18000],
    ]);
    expect(next(seats).map((l) => [l.pricing?.price_details?.price, l.quantity, l.amount])).toEqual([
      [ent.id, 5, 45000],
    ]);
  });

  it('recorded every request with the SDK operation it maps to and no parameter left unchecked', () => {
    // Assess: the record the conformance test reads, for the requests of this suite.
    const requests = h.emulator.requests();
    expect(requests.length).toBeGreaterThan(50);
    expect(requests.filter((r) => r.operation === null).map((r) => r.route)).toEqual(
      expect.arrayContaining(['/v1/test_helpers/checkout/sessions/:id/complete']),
    );
    expect(
      requests
        .filter((r) => r.violations.length)
        .map((r) => r.violations[0].param)
        .sort(),
    ).toEqual(
      [
        'api_version',
        'collection_method',
        'customer_email',
        'favourite',
        'items[0][colour]',
        'no_such_parameter',
      ].sort(),
    );
  });
});
