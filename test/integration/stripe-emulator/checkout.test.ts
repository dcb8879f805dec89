import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useHarness } from './support';

describe('stripe emulator: checkout, billing portal, payment methods, setup intents', () => {
  const h = useHarness();

  const complete = (id: string, body: Record<string, string> = {}) =>
    fetch(`${h.emulator.url}/v1/test_helpers/checkout/sessions/${id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });

  it('creates a subscription-mode session and completes it as a paying customer', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 2900 });
    // Act
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.com/done?session={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.example.com/cancel',
      customer_email: 'buyer@example.com',
      client_reference_id: 'ws_7',
      metadata: { workspace: 'ws_7' },
      subscription_data: { metadata: { workspace: 'ws_7', plan: 'pro' } },
    });
    const res = await complete(session.id);
    const done = await h.stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription', 'line_items'] });
    // Assess
    expect(session).toMatchObject({
      object: 'checkout.session',
      mode: 'subscription',
      status: 'open',
      payment_status: 'unpaid',
      amount_total: 2900,
      currency: 'usd',
      client_reference_id: 'ws_7',
    });
    expect(session.url).toBe(`http://127.0.0.1:${h.emulator.port}/checkout/${session.id}`);
    expect(session.id).toMatch(/^cs_test_/);
    expect(res.status).toBe(200);
    expect(done).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      customer_details: { email: 'buyer@example.com' },
    });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: 'active', metadata: { workspace: 'ws_7', plan: 'pro' } });
    expect(typeof sub.default_payment_method).toBe('string');
    expect(done.line_items?.data[0]).toMatchObject({
      object: 'item',
      amount_total: 2900,
      quantity: 1,
      price: { id: price.id },
    });
    const inv = await h.stripe.invoices.retrieve(done.invoice as string);
    expect(inv).toMatchObject({ status: 'paid', amount_paid: 2900 });
    const completed = h.emulator
      .events('checkout.session.completed')
      .find((e) => (e.data.object as Stripe.Checkout.Session).id === session.id)!;
    expect(completed.data.object).toMatchObject({
      subscription: sub.id,
      customer: done.customer,
      metadata: { workspace: 'ws_7' },
    });
    const customer = await h.stripe.customers.retrieve(done.customer as string);
    expect(customer).toMatchObject({ email: 'buyer@example.com' });
  });

  it('completes a payment-mode session with an invoice, and trials need no payment', async () => {
    // Prepare
    const { price: monthly } = await catalog(h.stripe, { amount: 1000 });
    const existing = await h.stripe.customers.create({ email: 'pay@example.com' });
    const payment = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: existing.id,
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 750, product_data: { name: 'Credit pack' } }, quantity: 2 },
      ],
      invoice_creation: { enabled: true },
      success_url: 'https://app.example.com/ok',
    });
    const trial = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: existing.id,
      line_items: [{ price: monthly.id, quantity: 1 }],
      subscription_data: { trial_period_days: 7 },
      success_url: 'https://app.example.com/ok',
    });
    // Act
    await complete(payment.id);
    await complete(trial.id);
    const paid = await h.stripe.checkout.sessions.retrieve(payment.id, { expand: ['payment_intent', 'invoice'] });
    const trialing = await h.stripe.checkout.sessions.retrieve(trial.id, { expand: ['subscription'] });
    // Assess
    expect(payment.amount_total).toBe(1500);
    expect(paid).toMatchObject({ status: 'complete', payment_status: 'paid', customer: existing.id });
    expect(paid.payment_intent as Stripe.PaymentIntent).toMatchObject({ status: 'succeeded', amount: 1500 });
    expect(paid.invoice as Stripe.Invoice).toMatchObject({ status: 'paid', amount_paid: 1500 });
    expect(trial.amount_total).toBe(0);
    expect(trialing).toMatchObject({ payment_status: 'no_payment_required', subscription: { status: 'trialing' } });
  });

  it('rejects mode/price mismatches and declined cards, then expires the session', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 500 });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://x.example/ok',
    });
    // Act
    const wrongMode = await h.stripe.checkout.sessions
      .create({ mode: 'payment', line_items: [{ price: price.id, quantity: 1 }], success_url: 'https://x.example/ok' })
      .catch((e: Stripe.errors.StripeError) => e);
    const declined = await complete(session.id, { payment_method: 'pm_card_chargeDeclined' });
    const stillOpen = await h.stripe.checkout.sessions.retrieve(session.id);
    const expired = await h.stripe.checkout.sessions.expire(session.id);
    const late = await complete(session.id);
    // Assess
    expect(wrongMode).toMatchObject({ statusCode: 400 });
    expect(declined.status).toBe(402);
    expect(((await declined.json()) as { error: { code: string } }).error.code).toBe('card_declined');
    expect(stillOpen.status).toBe('open');
    expect(expired.status).toBe('expired');
    expect(late.status).toBe(400);
  });

  it('serves a hosted checkout page whose form completes and redirects to success_url', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 100 });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'https://app.example.com/s/{CHECKOUT_SESSION_ID}',
    });
    // Act
    const page = await fetch(session.url!);
    const submit = await fetch(`${session.url}/complete`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_visa&email=page%40example.com',
    });
    // Assess
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    expect(submit.status).toBe(303);
    expect(submit.headers.get('location')).toBe(`https://app.example.com/s/${session.id}`);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe('complete');
  });

  it('creates billing portal sessions', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'portal@example.com' });
    // Act
    const portal = await h.stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://app.example.com/billing',
    });
    const page = await fetch(portal.url);
    // Assess
    expect(portal).toMatchObject({
      object: 'billing_portal.session',
      customer: customer.id,
      return_url: 'https://app.example.com/billing',
    });
    expect(portal.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${h.emulator.port}/billing_portal/bps_`));
    expect(page.status).toBe(200);
  });

  it('attaches test payment methods, sets the default, lists, retrieves and detaches', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'pm@example.com' });
    // Act
    const visa = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const mc = await h.stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    const created = await h.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    const withDefault = await h.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: visa.id },
      expand: ['invoice_settings.default_payment_method'],
    });
    const list = await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    const viaCustomer = await h.stripe.customers.listPaymentMethods(customer.id);
    const detached = await h.stripe.paymentMethods.detach(visa.id);
    const after = await h.stripe.customers.retrieve(customer.id);
    const notMine = await h.stripe.customers
      .update(customer.id, { invoice_settings: { default_payment_method: created.id } })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(visa.id).toMatch(/^pm_/);
    expect(visa.id).not.toBe('pm_card_visa');
    expect(visa).toMatchObject({
      object: 'payment_method',
      type: 'card',
      customer: customer.id,
      card: { brand: 'visa', last4: '4242' },
    });
    expect(mc.card?.brand).toBe('mastercard');
    expect(created.customer).toBeNull();
    expect((withDefault.invoice_settings.default_payment_method as Stripe.PaymentMethod).id).toBe(visa.id);
    expect(list.data.map((p) => p.id).sort()).toEqual([visa.id, mc.id].sort());
    expect(viaCustomer.data).toHaveLength(2);
    expect(detached.customer).toBeNull();
    expect((after as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    expect(notMine).toMatchObject({ statusCode: 400 });
    expect(h.emulator.events('payment_method.attached').length).toBeGreaterThanOrEqual(2);
  });

  it('creates and confirms a setup intent, attaching the card', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'seti@example.com' });
    // Act
    const si = await h.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session' });
    const confirmed = await h.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    const pms = await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    // Assess
    expect(si).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      usage: 'off_session',
      customer: customer.id,
    });
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    expect(confirmed.status).toBe('succeeded');
    expect(pms.data.map((p) => p.id)).toEqual([confirmed.payment_method]);
  });

  it('lists sessions and line items; retrieves and updates payment methods; manages setup intents', async () => {
    // Prepare
    const { price } = await catalog(h.stripe, { amount: 333 });
    const customer = await h.stripe.customers.create({ email: 'lists@example.com' });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 3 }],
      success_url: 'https://x.example/ok',
    });
    const pm = await h.stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });
    const si = await h.stripe.setupIntents.create({ customer: customer.id });
    // Act
    const sessions = await h.stripe.checkout.sessions.list({ customer: customer.id });
    const lineItems = await h.stripe.checkout.sessions.listLineItems(session.id, { expand: ['data.price.product'] });
    const gotPm = await h.stripe.paymentMethods.retrieve(pm.id);
    const magic = await h.stripe.paymentMethods.retrieve('pm_card_visa');
    const updatedPm = await h.stripe.paymentMethods.update(pm.id, { metadata: { label: 'work card' } });
    const gotSi = await h.stripe.setupIntents.retrieve(si.id);
    const updatedSi = await h.stripe.setupIntents.update(si.id, { metadata: { purpose: 'card change' } });
    const sis = await h.stripe.setupIntents.list({ customer: customer.id });
    const canceledSi = await h.stripe.setupIntents.cancel(si.id);
    // Assess
    expect(sessions.data.map((s) => s.id)).toEqual([session.id]);
    expect(lineItems.data[0]).toMatchObject({ quantity: 3, amount_total: 999 });
    expect((lineItems.data[0].price!.product as Stripe.Product).id).toBe(price.product);
    expect(gotPm).toMatchObject({ id: pm.id, card: { brand: 'amex' }, customer: customer.id });
    expect(magic).toMatchObject({ object: 'payment_method', card: { last4: '4242' }, customer: null });
    expect(updatedPm.metadata).toEqual({ label: 'work card' });
    expect(gotSi.id).toBe(si.id);
    expect(updatedSi.metadata).toEqual({ purpose: 'card change' });
    expect(sis.data.map((s) => s.id)).toEqual([si.id]);
    expect(canceledSi.status).toBe('canceled');
  });
});
