import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, DAY, T0, useHarness } from './support';

describe('stripe emulator: invoices, invoice items, payments and refunds', () => {
  const now = T0;
  const h = useHarness({ clock: () => now * 1000 });

  it('invoices pending items, finalizes with a number and is paid out of band once', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'inv@example.com' });
    const { price } = await catalog(h.stripe, { amount: 250 });
    const oneTime = await h.stripe.prices.create({
      product: (await h.stripe.products.create({ name: 'Setup fee' })).id,
      currency: 'usd',
      unit_amount: 5000,
    });
    const a = await h.stripe.invoiceItems.create({
      customer: customer.id,
      amount: 1234,
      currency: 'usd',
      description: 'Credits top-up',
    });
    const b = await h.stripe.invoiceItems.create({
      customer: customer.id,
      pricing: { price: oneTime.id },
      quantity: 3,
    });
    // Act
    const draft = await h.stripe.invoices.create({
      customer: customer.id,
      pending_invoice_items_behavior: 'include',
      metadata: { order: 'o1' },
    });
    const recurringItem = await h.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: draft.id,
      pricing: { price: price.id },
      quantity: 2,
    });
    const withItem = await h.stripe.invoices.retrieve(draft.id);
    const lines = await h.stripe.invoices.listLineItems(draft.id, { limit: 2 });
    const open = await h.stripe.invoices.finalizeInvoice(draft.id);
    const paid = await h.stripe.invoices.pay(draft.id, { paid_out_of_band: true });
    const again = await h.stripe.invoices.pay(draft.id).catch((e: unknown) => e);
    // Assess
    expect(a).toMatchObject({ object: 'invoiceitem', amount: 1234, invoice: null, proration: false });
    expect(b.amount).toBe(15000);
    expect(draft).toMatchObject({
      object: 'invoice',
      status: 'draft',
      total: 16234,
      amount_due: 16234,
      billing_reason: 'manual',
      parent: null,
      metadata: { order: 'o1' },
    });
    expect(recurringItem.invoice).toBe(draft.id);
    expect(withItem.total).toBe(16734);
    expect(lines).toMatchObject({ object: 'list', has_more: true });
    expect(open).toMatchObject({
      status: 'open',
      amount_due: 16734,
      amount_remaining: 16734,
      status_transitions: { finalized_at: now },
    });
    expect(open.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    expect(open.hosted_invoice_url).toContain(`/invoice/${draft.id}`);
    expect(paid).toMatchObject({
      status: 'paid',
      amount_paid: 16734,
      amount_remaining: 0,
      status_transitions: { paid_at: now },
    });
    expect(again).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((again as Stripe.errors.StripeError).message).toBe('Invoice is already paid');
    expect((await h.stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(0);
  });

  it('charges the default payment method, links the payment, and refunds it with charge.refunded', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({
      email: 'refund@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: undefined },
    });
    const pms = await h.stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pms.data[0].id } });
    const inv = await h.stripe.invoices.create({ customer: customer.id });
    await h.stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 4200, currency: 'usd' });
    // Act
    const paid = await h.stripe.invoices.pay(inv.id);
    const payments = await h.stripe.invoicePayments.list({ invoice: inv.id });
    const intent = await h.stripe.paymentIntents.retrieve(payments.data[0].payment.payment_intent as string, {
      expand: ['latest_charge'],
    });
    const charge = intent.latest_charge as Stripe.Charge;
    const partial = await h.stripe.refunds.create({ charge: charge.id, amount: 200 });
    const rest = await h.stripe.refunds.create({ payment_intent: intent.id });
    const refundedCharge = await h.stripe.charges.retrieve(charge.id);
    const tooMuch = await h.stripe.refunds.create({ charge: charge.id }).catch((e: Stripe.errors.StripeError) => e);
    const refunds = await h.stripe.refunds.list({ charge: charge.id });
    // Assess
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 4200, attempt_count: 1 });
    expect(payments.data[0]).toMatchObject({
      object: 'invoice_payment',
      amount_paid: 4200,
      status: 'paid',
      invoice: inv.id,
    });
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 4200,
      amount_received: 4200,
      customer: customer.id,
      payment_method: pms.data[0].id,
    });
    expect(charge).toMatchObject({
      object: 'charge',
      paid: true,
      status: 'succeeded',
      amount: 4200,
      payment_method_details: { type: 'card', card: { last4: '4242', brand: 'visa' } },
    });
    expect(partial).toMatchObject({ object: 'refund', amount: 200, status: 'succeeded', charge: charge.id });
    expect(rest.amount).toBe(4000);
    expect(refundedCharge).toMatchObject({ amount_refunded: 4200, refunded: true });
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect(refunds.data).toHaveLength(2);
    const refundedEvents = h.emulator
      .events('charge.refunded')
      .filter((e) => (e.data.object as Stripe.Charge).id === charge.id);
    expect(refundedEvents.map((e) => (e.data.object as Stripe.Charge).amount_refunded)).toEqual([200, 4200]);
    expect(refundedEvents[0].data.previous_attributes).toMatchObject({ amount_refunded: 0 });
  });

  it('voids, marks uncollectible, deletes drafts and refuses invalid transitions', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'void@example.com' });
    const mk = async () => {
      const inv = await h.stripe.invoices.create({
        customer: customer.id,
        collection_method: 'send_invoice',
        days_until_due: 30,
      });
      await h.stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 999, currency: 'usd' });
      return inv;
    };
    const toVoid = await mk();
    const toWriteOff = await mk();
    const toDelete = await mk();
    // Act
    const voidDraft = await h.stripe.invoices.voidInvoice(toVoid.id).catch((e: Stripe.errors.StripeError) => e);
    const finalized = await h.stripe.invoices.finalizeInvoice(toVoid.id);
    const voided = await h.stripe.invoices.voidInvoice(toVoid.id);
    const payVoid = await h.stripe.invoices
      .pay(toVoid.id, { paid_out_of_band: true })
      .catch((e: Stripe.errors.StripeError) => e);
    const raw = await fetch(`${h.emulator.url}/v1/invoices/${toWriteOff.id}/finalize`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x' },
    });
    const viaAlias = await fetch(`${h.emulator.url}/v1/invoices/${toWriteOff.id}/mark_uncollectible`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x' },
    });
    const collectedLater = await h.stripe.invoices.pay(toWriteOff.id, { paid_out_of_band: true });
    const deleted = await h.stripe.invoices.del(toDelete.id);
    const openList = await h.stripe.invoices.list({ customer: customer.id, status: 'void' });
    // Assess
    expect(voidDraft).toMatchObject({ statusCode: 400 });
    expect(finalized).toMatchObject({ status: 'open', due_date: now + 30 * DAY });
    expect(voided).toMatchObject({ status: 'void', status_transitions: { voided_at: now } });
    expect(payVoid).toMatchObject({ statusCode: 400 });
    expect(raw.status).toBe(200);
    expect(((await viaAlias.json()) as Stripe.Invoice).status).toBe('uncollectible');
    expect(collectedLater.status).toBe('paid');
    expect(deleted).toEqual({ id: toDelete.id, object: 'invoice', deleted: true });
    expect(openList.data.map((i) => i.id)).toEqual([toVoid.id]);
    expect(h.emulator.events('invoice.voided').some((e) => (e.data.object as Stripe.Invoice).id === toVoid.id)).toBe(
      true,
    );
    expect(
      h.emulator
        .events('invoice.marked_uncollectible')
        .some((e) => (e.data.object as Stripe.Invoice).id === toWriteOff.id),
    ).toBe(true);
  });

  it('answers 404 for /void_invoice, a path Stripe does not have (void is /void)', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'alias@example.com' });
    const inv = await h.stripe.invoices.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      days_until_due: 3,
    });
    await h.stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 100, currency: 'usd' });
    await h.stripe.invoices.finalizeInvoice(inv.id);
    // Act
    const res = await fetch(`${h.emulator.url}/v1/invoices/${inv.id}/void_invoice`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x' },
    });
    // Assess
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Unrecognized request URL/);
    expect((await h.stripe.invoices.voidInvoice(inv.id)).status).toBe('void');
  });

  it('previews the first invoice of a new subscription and a $0 invoice settles at finalization', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'preview@example.com' });
    const { price } = await catalog(h.stripe, { amount: 4900 });
    const empty = await h.stripe.invoices.create({ customer: customer.id });
    // Act
    const preview = await h.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 2 }] },
    });
    const settled = await h.stripe.invoices.finalizeInvoice(empty.id);
    // Assess
    expect(preview).toMatchObject({ object: 'invoice', status: 'draft', total: 9800, amount_due: 9800 });
    expect(preview.lines.data[0]).toMatchObject({ amount: 9800, quantity: 2 });
    expect(settled).toMatchObject({ status: 'paid', amount_due: 0, amount_paid: 0 });
  });

  it('lists invoices by subscription and exposes customer and subscription expansions', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'expand@example.com' });
    const { price } = await catalog(h.stripe, { amount: 100 });
    const sub = await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    // Act
    const list = await h.stripe.invoices.list({ subscription: sub.id, expand: ['data.customer'] });
    const inv = await h.stripe.invoices.retrieve(list.data[0].id, {
      expand: ['parent.subscription_details.subscription'],
    });
    // Assess
    expect(list.data).toHaveLength(1);
    expect((list.data[0].customer as Stripe.Customer).email).toBe('expand@example.com');
    expect((inv.parent!.subscription_details!.subscription as Stripe.Subscription).id).toBe(sub.id);
  });

  it('creates, confirms, lists, updates and cancels PaymentIntents; lists charges, refunds and invoice payments', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'pi@example.com' });
    const inv = await h.stripe.invoices.create({ customer: customer.id });
    await h.stripe.invoiceItems.create({ customer: customer.id, invoice: inv.id, amount: 1500, currency: 'usd' });
    await h.stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa' });
    // Act
    const direct = await h.stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      confirm: true,
      metadata: { order: 'o9' },
    });
    const declined = await h.stripe.paymentIntents
      .create({ amount: 100, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true })
      .catch((e: Stripe.errors.StripeError) => e);
    const pending = await h.stripe.paymentIntents.create({ amount: 300, currency: 'usd', customer: customer.id });
    const updated = await h.stripe.paymentIntents.update(pending.id, { metadata: { note: 'later' } });
    const canceled = await h.stripe.paymentIntents.cancel(pending.id);
    const intents = await h.stripe.paymentIntents.list({ customer: customer.id });
    const charges = await h.stripe.charges.list({ customer: customer.id });
    const refund = await h.stripe.refunds.create({
      payment_intent: direct.id,
      amount: 500,
      reason: 'requested_by_customer',
    });
    const gotRefund = await h.stripe.refunds.retrieve(refund.id);
    const [payment] = (await h.stripe.invoicePayments.list({ invoice: inv.id })).data;
    const gotPayment = await h.stripe.invoicePayments.retrieve(payment.id);
    // Assess
    expect(direct).toMatchObject({
      object: 'payment_intent',
      status: 'succeeded',
      amount_received: 2500,
      metadata: { order: 'o9' },
    });
    expect(declined).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(updated.metadata).toEqual({ note: 'later' });
    expect(canceled.status).toBe('canceled');
    expect(intents.data.map((i) => i.id)).toEqual(expect.arrayContaining([direct.id, pending.id]));
    expect(charges.data.map((c) => c.amount).sort((a, b) => a - b)).toEqual([1500, 2500]);
    expect(gotRefund).toMatchObject({
      id: refund.id,
      amount: 500,
      reason: 'requested_by_customer',
      payment_intent: direct.id,
    });
    expect(gotPayment).toMatchObject({ id: payment.id, invoice: inv.id, amount_paid: 1500 });
  });

  it('updates invoices and invoice items and deletes an item from a draft', async () => {
    // Prepare
    const customer = await h.stripe.customers.create({ email: 'items@example.com' });
    const inv = await h.stripe.invoices.create({ customer: customer.id, description: 'Draft' });
    const keep = await h.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: inv.id,
      amount: 700,
      currency: 'usd',
    });
    const drop = await h.stripe.invoiceItems.create({
      customer: customer.id,
      invoice: inv.id,
      amount: 300,
      currency: 'usd',
    });
    // Act
    const updated = await h.stripe.invoices.update(inv.id, {
      description: 'April usage',
      metadata: { period: '2026-04' },
    });
    const item = await h.stripe.invoiceItems.update(keep.id, { description: 'Seats', metadata: { seats: '7' } });
    const gotItem = await h.stripe.invoiceItems.retrieve(keep.id);
    const removed = await h.stripe.invoiceItems.del(drop.id);
    const after = await h.stripe.invoices.retrieve(inv.id);
    const onInvoice = await h.stripe.invoiceItems.list({ invoice: inv.id });
    // Assess
    expect(updated).toMatchObject({ description: 'April usage', metadata: { period: '2026-04' } });
    expect(item).toMatchObject({ description: 'Seats', metadata: { seats: '7' } });
    expect(gotItem.id).toBe(keep.id);
    expect(removed).toEqual({ id: drop.id, object: 'invoiceitem', deleted: true });
    expect(after.total).toBe(700);
    expect(onInvoice.data.map((i) => i.id)).toEqual([keep.id]);
  });
});
