import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { STRIPE_API_VERSION } from '#shared/adapters/stripe/client';
import { catalog, priceLookupKey } from '#shared/domain/catalog/catalog';
import { findPrice } from '#shared/domain/catalog/plans';
import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { readCredits } from '#shared/domain/credits/balance';
import { getInvoice } from '#shared/domain/payments/invoices';
import { recordManualPayment } from '#shared/domain/payments/manual';
import { createRazorpayOrder } from '#shared/domain/payments/razorpay-orders';
import { settleInvoice } from '#shared/domain/payments/settlement';
import { runDrift } from '#shared/domain/reconciliation/drift';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  getSubscription,
  pauseSubscription,
  previewChange,
  revokeCancellation,
  toSubscriptionDto,
  updateSubscription,
} from '#shared/domain/subscriptions/lifecycle';
import { API_VERSION_REFUSED, STRIPE_WEBHOOK_EVENTS } from '#shared/domain/webhooks/stripe/events';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { main as webhookCli } from '../../dev/cli/stripe-webhook';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const PROJECT = 'proj_flows';
const DAY = 86_400;

/**
 * Tollgate's Stripe flows as they must run against real Stripe, on the emulator (as strict as
 * Stripe), DynamoDB Local and the real webhook receiver and processor: a card-less subscription
 * is incomplete and the caller is told how to pay; cancellation and seats go through a schedule
 * when one manages the subscription; settlement asks for expand-only fields; events of another
 * API version are refused and reported.
 */
describe('Stripe flows that must hold on real Stripe', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  const dto = (workspaceId: string, s: Parameters<typeof toSubscriptionDto>[1]) =>
    toSubscriptionDto(workspaceId, s, new Date(), 7);
  const subscribe = (workspaceId: string, plan: string, extra: { seats?: number; trial_days?: number } = {}) =>
    createSubscription(h.ports, PROJECT, {
      workspace_id: workspaceId,
      plan,
      interval: 'month',
      seats: extra.seats ?? 1,
      collection_method: 'charge_automatically',
      ...(extra.trial_days ? { trial_days: extra.trial_days } : {}),
    });

  /** A workspace whose Stripe customer lives on a test clock (so time can move), optionally with a default card. */
  async function workspace(opts: { card?: string | null; currency?: 'usd' | 'inr' } = {}) {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const start = Math.floor(Date.now() / 1000);
    const clock = await h.stripe.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await h.stripe.customers.create({
      email: `${workspaceId}@example.com`,
      test_clock: clock.id,
      metadata: { workspace_id: workspaceId, project_id: PROJECT },
    });
    const card = opts.card === undefined ? 'pm_card_visa' : opts.card;
    if (card) {
      const pm = await h.stripe.paymentMethods.attach(card, { customer: customer.id });
      await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    }
    const currency = opts.currency ?? 'usd';
    await upsertWorkspace(h.ports, PROJECT, workspaceId, {
      name: 'Flow Co',
      email: `${workspaceId}@example.com`,
      country: currency === 'inr' ? 'IN' : 'US',
      currency,
      stripe_customer_id: customer.id,
    });
    return { workspaceId, customer, clock, start };
  }
  const advance = async (clock: Stripe.TestHelpers.TestClock, to: number) => {
    await h.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: to });
    await h.settleStripe();
  };

  it('answers a card-less subscription as incomplete with the invoice to pay (hosted page and client secret); a retry gets the same answer, another plan replaces it; a trial needs no card', async () => {
    // Prepare
    const { workspaceId, customer } = await workspace({ card: null });
    const trialWs = await workspace({ card: null });
    // Act
    const first = dto(workspaceId, await subscribe(workspaceId, 'pro'));
    const retry = dto(workspaceId, await subscribe(workspaceId, 'pro'));
    const other = dto(workspaceId, await subscribe(workspaceId, 'enterprise'));
    const replaced = await h.stripe.subscriptions.retrieve(first.subscription_id);
    const trial = dto(trialWs.workspaceId, await subscribe(trialWs.workspaceId, 'pro', { trial_days: 14 }));
    // The customer pays on the hosted page (a card, then the open invoice).
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.invoices.pay(other.pending_payment!.invoice_id, { payment_method: pm.id });
    await h.settleStripe();
    const paid = dto(workspaceId, await getSubscription(h.ports, PROJECT, workspaceId));
    // Assess
    expect(first).toMatchObject({
      status: 'incomplete',
      has_access: false,
      pending_payment: {
        amount_due: 4900,
        currency: 'usd',
        hosted_invoice_url: expect.stringMatching(/^http/),
        client_secret: expect.stringMatching(/^pi_\w+_secret_/),
      },
    });
    expect(retry).toMatchObject({
      subscription_id: first.subscription_id,
      status: 'incomplete',
      pending_payment: first.pending_payment,
    });
    expect(other).toMatchObject({
      status: 'incomplete',
      plan: 'enterprise',
      pending_payment: { hosted_invoice_url: expect.stringMatching(/^http/) },
    });
    expect(other.subscription_id).not.toBe(first.subscription_id);
    expect(replaced.status).toBe('canceled');
    expect(trial).toMatchObject({ status: 'trialing', has_access: true, pending_payment: null });
    expect(paid).toMatchObject({
      subscription_id: other.subscription_id,
      status: 'active',
      plan: 'enterprise',
      has_access: true,
      pending_payment: null,
    });
  });

  it('cancels at the period end through the schedule that holds a plan change, and revoking brings the plan change back', async () => {
    // Prepare
    const { workspaceId, clock, start } = await workspace();
    const sub = await subscribe(workspaceId, 'pro');
    await changePlan(h.ports, PROJECT, workspaceId, { plan: 'enterprise', at_period_end: true });
    // Act
    const direct = await h.stripe.subscriptions
      .update(sub.subscription_id, { cancel_at_period_end: true })
      .catch((e: Stripe.errors.StripeError) => e);
    const canceled = await cancelSubscription(h.ports, PROJECT, workspaceId, true);
    const atStripe = await h.stripe.subscriptions.retrieve(sub.subscription_id);
    const revoked = await revokeCancellation(h.ports, PROJECT, workspaceId);
    await advance(clock, start + 32 * DAY);
    const renewed = await getSubscription(h.ports, PROJECT, workspaceId);
    // Assess
    expect(direct).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/managed by the subscription schedule/),
    });
    expect(canceled).toMatchObject({ cancel_at_period_end: true, pending_plan: null });
    expect(atStripe.cancel_at).toBe(atStripe.items.data[0].current_period_end);
    expect(revoked).toMatchObject({ cancel_at_period_end: false, pending_plan: 'enterprise' });
    expect(renewed).toMatchObject({ status: 'active', plan: 'enterprise', cancel_at_period_end: false });
  });

  it('changes seats through the schedule of a scheduled plan change: the preview shows the next plan with the new seats, and the renewal keeps them', async () => {
    // Prepare
    const { workspaceId, clock, start } = await workspace();
    const sub = await subscribe(workspaceId, 'pro');
    await changePlan(h.ports, PROJECT, workspaceId, { plan: 'enterprise', at_period_end: true });
    const periodEnd = Date.parse(sub.current_period_end);
    // Act
    const preview = await previewChange(h.ports, PROJECT, workspaceId, { seats: 5 });
    const updated = await updateSubscription(h.ports, PROJECT, workspaceId, { seats: 5 });
    await advance(clock, start + 32 * DAY);
    const renewed = await h.stripe.subscriptions.retrieve(sub.subscription_id);
    const renewal = (await h.stripe.invoices.list({ subscription: sub.subscription_id, limit: 1 })).data[0];
    // Assess
    const next = preview.lines.filter((l) => !l.proration && Date.parse(l.period_start) === periodEnd);
    expect(next).toEqual([expect.objectContaining({ amount: 5 * 19900 })]);
    expect(preview.lines.some((l) => l.proration && l.amount > 0)).toBe(true);
    expect(updated).toMatchObject({ seats: 5, plan: 'pro', pending_plan: 'enterprise' });
    expect(renewed.items.data[0]).toMatchObject({ quantity: 5 });
    expect(renewal.lines.data.find((l) => !l.parent?.invoice_item_details)).toMatchObject({
      quantity: 5,
      amount: 5 * 19900,
    });
  });

  it('collects the prorations of a mid-period upgrade on a final invoice when the subscription ends at the period end', async () => {
    // Prepare
    const { workspaceId, clock, start } = await workspace();
    const sub = await subscribe(workspaceId, 'pro');
    await advance(clock, start + 10 * DAY);
    await changePlan(h.ports, PROJECT, workspaceId, { plan: 'enterprise', at_period_end: false });
    await cancelSubscription(h.ports, PROJECT, workspaceId, true);
    // Act
    await advance(clock, start + 32 * DAY);
    const ended = await getSubscription(h.ports, PROJECT, workspaceId);
    const invoices = (await h.stripe.invoices.list({ subscription: sub.subscription_id })).data;
    // Assess
    expect(ended.status).toBe('canceled');
    expect(invoices).toHaveLength(2);
    expect(invoices[0].status).toBe('paid');
    expect(invoices[0].amount_paid).toBeGreaterThan(0);
    expect(invoices[0].lines.data.every((l) => l.parent?.invoice_item_details?.proration)).toBe(true);
  });

  it('finishes a settlement resumed after Stripe forgot its idempotency key, reading amount_paid_off_stripe with expand', async () => {
    // Prepare: the first attempt paid at Stripe and died before recording it.
    const { invoice } = await h.openInvoice();
    const request = {
      invoiceId: invoice.id,
      source: 'manual' as const,
      reference: `manual:UTR${randomUUID().slice(0, 6)}`,
      amount: invoice.amount_remaining,
      currency: 'inr',
    };
    h.crashNextPay('after');
    const crashed = await settleInvoice(h.ports, request).catch((e: Error) => e);
    const claim = await h.ports.payments.getSettlement(invoice.id);
    // More than 24 hours later, Stripe no longer knows the key: a replayed pay is refused as already paid.
    h.stripeEmulator.state.idempotency.clear();
    // Act
    const resumed = await settleInvoice(h.ports, request);
    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(claim).toMatchObject({ status: 'pending' });
    expect((await h.stripe.invoices.retrieve(invoice.id)).status).toBe('paid');
    expect(resumed.outcome).toBe('settled');
    expect(await h.ports.payments.getSettlement(invoice.id)).toMatchObject({ status: 'settled' });
  });

  it('asks Razorpay only for what a recorded bank part-payment leaves, shows part-payments on the invoice, and flags an overpayment instead of applying it', async () => {
    // Prepare
    const a = await h.openInvoice();
    const b = await h.openInvoice();
    const part = {
      amount: 100000,
      currency: 'inr',
      method: 'neft' as const,
      paid_at: '2026-11-20T10:00:00Z',
      allow_partial: true,
    };
    await recordManualPayment(
      h.ports,
      { ...part, invoice_id: a.invoice.id, reference: `UTRA${randomUUID().slice(0, 6)}` },
      { origin: 'api', projectId: a.projectId },
    );
    const early = await createRazorpayOrder(h.ports, b.projectId, b.invoice.id);
    await recordManualPayment(
      h.ports,
      { ...part, invoice_id: b.invoice.id, reference: `UTRB${randomUUID().slice(0, 6)}` },
      { origin: 'api', projectId: b.projectId },
    );
    // Act
    const order = await createRazorpayOrder(h.ports, a.projectId, a.invoice.id);
    const detail = await getInvoice(h.ports, a.projectId, a.invoice.id);
    await h.razorpayEmulator.payOrder(order.order_id);
    await h.razorpayEmulator.payOrder(early.order_id);
    await h.razorpayEmulator.flush();
    await h.drain();
    const paidA = await h.stripe.invoices.retrieve(a.invoice.id);
    const openB = await h.stripe.invoices.retrieve(b.invoice.id);
    const attention = (await h.ports.payments.listAttention(b.projectId, { limit: 100 })).items.filter(
      (x) => x.invoiceId === b.invoice.id,
    );
    // Assess
    expect(order.amount).toBe(a.invoice.amount_remaining - 100000);
    expect(detail).toMatchObject({
      amount_recorded: 100000,
      amount_outstanding: a.invoice.amount_remaining - 100000,
      recorded_payments: [expect.objectContaining({ amount: 100000, method: 'neft', gateway: 'manual' })],
    });
    expect(paidA.status).toBe('paid');
    expect(early.amount).toBe(b.invoice.amount_remaining);
    expect(openB.status).toBe('open');
    expect(attention.map((x) => x.reason)).toEqual(['overpayment']);
  });

  it('shows a paused subscription as paused, with its pause, rather than active without access', async () => {
    // Prepare
    const { workspaceId } = await workspace();
    await subscribe(workspaceId, 'pro');
    // Act
    const paused = dto(workspaceId, await pauseSubscription(h.ports, PROJECT, workspaceId));
    // Assess
    expect(paused).toMatchObject({
      status: 'paused',
      stripe_status: 'active',
      paused: true,
      pause_collection: { behavior: 'void', resumes_at: null },
      has_access: false,
      access_reason: 'paused',
    });
  });

  it("keeps the workspace's email equal to the billing email, changed through Tollgate or at Stripe", async () => {
    // Prepare
    const { workspaceId, customer } = await workspace();
    await subscribe(workspaceId, 'pro');
    // Act
    await updateSubscription(h.ports, PROJECT, workspaceId, { billing_email: 'billing@flow.example' });
    const viaApi = await h.ports.workspaces.get(PROJECT, workspaceId);
    await h.stripe.customers.update(customer.id, { email: 'portal@flow.example' });
    await h.settleStripe();
    const viaStripe = await h.ports.workspaces.get(PROJECT, workspaceId);
    // Assess
    expect(viaApi?.email).toBe('billing@flow.example');
    expect((await h.stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({
      email: 'portal@flow.example',
    });
    expect(viaStripe?.email).toBe('portal@flow.example');
  });

  it('handles the events of refunds that fail, bank-debit Checkouts and pending updates end to end, from signed webhooks', async () => {
    // Prepare
    const urls = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };
    const { workspaceId, clock, start } = await workspace();
    // A pack's credits land in the purchased bucket of the credit ledger.
    const credits = async () =>
      String((await readCredits(h.ports, { projectId: PROJECT, workspaceId })).purchased.balance);
    const complete = (id: string, pm: string) =>
      fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${id}/complete`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk_test_flows', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ payment_method: pm }).toString(),
      });
    const sub = await subscribe(workspaceId, 'pro');
    await h.settleStripe();
    const base = await credits();
    // Act: a pack paid by card whose refund later fails; a pack paid by bank debit that settles later.
    const byCard = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      quantity: 1,
      ...urls,
    });
    await complete(byCard.id, 'pm_card_refundFail');
    await h.settleStripe();
    const afterCard = await credits();
    const intent = (await h.stripe.checkout.sessions.retrieve(byCard.id)).payment_intent as string;
    await h.stripe.refunds.create({ payment_intent: intent });
    await h.settleStripe();
    const afterRefund = await credits();
    const byBank = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      quantity: 1,
      ...urls,
    });
    await complete(byBank.id, 'pm_usBankAccount_success');
    await h.settleStripe();
    const whileProcessing = await credits();
    await advance(clock, start + 3600);
    const settled = await credits();
    // A plan change made at Stripe with pending_if_incomplete, waiting on a declined card, then paid.
    const bad = await h.stripe.paymentMethods.attach('pm_card_chargeDeclined', { customer: sub.customer_id });
    await h.stripe.customers.update(sub.customer_id, { invoice_settings: { default_payment_method: bad.id } });
    const live = await h.stripe.subscriptions.retrieve(sub.subscription_id);
    const enterprise = findPrice((await h.ports.plans()).find((p) => p.plan === 'enterprise')!, 'month', 'usd')!;
    const pending = await h.stripe.subscriptions.update(live.id, {
      items: [{ id: live.items.data[0].id, price: enterprise.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'pending_if_incomplete',
    });
    await h.settleStripe();
    const waiting = await getSubscription(h.ports, PROJECT, workspaceId);
    const good = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: sub.customer_id });
    await h.stripe.invoices.pay(pending.latest_invoice as string, { payment_method: good.id });
    await h.settleStripe();
    const applied = await getSubscription(h.ports, PROJECT, workspaceId);
    // Assess
    expect(Number(afterCard)).toBe(Number(base) + 1000);
    expect(afterRefund).toBe(base); // refunded (for now): the pack's credits are taken back
    expect(whileProcessing).toBe(base); // a bank debit still processing has paid nothing yet
    // An hour later the refund has failed (its credits come back) and the bank debit has settled.
    expect(Number(settled)).toBe(Number(base) + 2000);
    expect(pending.pending_update).not.toBeNull();
    expect(waiting.plan).toBe('pro');
    expect(applied.plan).toBe('enterprise');
    const rows = (await h.inbox.list('stripe', {}, { limit: 500 })).items;
    const handled = (type: string) => rows.filter((r) => r.type === type).map((r) => r.status);
    for (const type of [
      'refund.failed',
      'refund.updated',
      'charge.refund.updated',
      'checkout.session.async_payment_succeeded',
      'customer.subscription.pending_update_applied',
    ]) {
      expect(handled(type), type).toContain('processed');
    }
  });

  it('refuses events of another API version, clearly and in the drift report', async () => {
    // Prepare: an endpoint left at the account's default version, as one made without api_version is.
    const endpoints = (await h.stripe.webhookEndpoints.list()).data;
    for (const e of endpoints) await h.stripe.webhookEndpoints.update(e.id, { disabled: true });
    const unpinned = await h.stripe.webhookEndpoints.create({
      url: h.stripeWebhookUrl,
      enabled_events: ['customer.updated'],
    });
    const { customer } = await workspace();
    await h.settleStripe();
    // Act
    await h.stripe.customers.update(customer.id, { name: 'Another name' });
    await h.settleStripe();
    const run = await runDrift(h.ports, { trigger: 'api' });
    await h.stripe.webhookEndpoints.del(unpinned.id);
    for (const e of endpoints) await h.stripe.webhookEndpoints.update(e.id, { disabled: false });
    // Assess
    const refused = (await h.inbox.list('stripe', { status: 'failed' }, { limit: 100 })).items.filter((r) =>
      r.lastError?.startsWith(API_VERSION_REFUSED),
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].lastError).toContain(
      `${API_VERSION_REFUSED} 2025-03-31.basil; Tollgate reads ${STRIPE_API_VERSION}`,
    );
    expect(run.drifts.filter((d) => d.kind === 'webhook_api_version').map((d) => d.subject)).toEqual(
      expect.arrayContaining(refused.map((r) => r.eventId)),
    );
  });

  it('applies catalog A, then B, then A again within a day: A is live (idempotency keys are per run, not per change)', async () => {
    // Prepare: A is the catalog as it is (applied by the harness); B raises pro's monthly USD price.
    const withProPrice = (usd: number) => {
      const c = structuredClone(catalog);
      c.plans.find((p) => p.key === 'pro')!.prices.month.usd = usd;
      return c;
    };
    const live = async () =>
      (await h.stripe.prices.list({ lookup_keys: [priceLookupKey('pro', 'month', 'usd')], active: true })).data;
    const a = await live();
    // Act
    await applyCatalog(h.stripe, withProPrice(5900));
    const b = await live();
    const reverted = await applyCatalog(h.stripe, withProPrice(a[0].unit_amount!));
    const again = await live();
    // Assess
    expect(b.map((p) => p.unit_amount)).toEqual([5900]);
    expect(reverted.map((c) => c.op)).toEqual(['create_price']);
    expect(again.map((p) => p.unit_amount)).toEqual([a[0].unit_amount]);
    expect(again[0].id).not.toBe(a[0].id);
    expect((await h.stripe.prices.retrieve(a[0].id)).active).toBe(false);
    await applyCatalog(h.stripe, catalog);
  });

  it('creates the webhook endpoint with the SDK API version and the events Tollgate handles, printing its secret', async () => {
    // Prepare
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      env: { STRIPE_SECRET_KEY: 'sk_test_cli', STRIPE_API_BASE: h.stripeEmulator.url },
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
    };
    // Act
    const code = await webhookCli(['create', '--url', 'https://billing.example/api/v1/webhooks/stripe', '--json'], io);
    const usage = await webhookCli(['create'], io);
    // Assess
    expect(code).toBe(0);
    const created = JSON.parse(out.join('')) as {
      id: string;
      secret: string;
      api_version: string;
      enabled_events: string[];
    };
    expect(created).toMatchObject({ api_version: STRIPE_API_VERSION, secret: expect.stringMatching(/^whsec_/) });
    expect(created.enabled_events).toEqual([...STRIPE_WEBHOOK_EVENTS]);
    expect(await h.stripe.webhookEndpoints.retrieve(created.id)).toMatchObject({
      api_version: STRIPE_API_VERSION,
      url: 'https://billing.example/api/v1/webhooks/stripe',
      status: 'enabled',
    });
    expect(usage).toBe(2);
    await h.stripe.webhookEndpoints.del(created.id);
  });
});
