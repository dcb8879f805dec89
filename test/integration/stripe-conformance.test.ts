import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import { catalog } from '#shared/domain/catalog/catalog';
import { stripeNames } from '#shared/domain/catalog/namespace';
import {
  createSetupIntent,
  detachPaymentMethod,
  listPaymentMethods,
  setDefaultPaymentMethod,
} from '#shared/domain/checkout/payment-methods';
import { createCheckoutSession, createPortalSession } from '#shared/domain/checkout/sessions';
import { getInvoice, listInvoices, sendInvoice } from '#shared/domain/payments/invoices';
import { recordManualPayment } from '#shared/domain/payments/manual';
import { createRazorpayOrder } from '#shared/domain/payments/razorpay-orders';
import { runDrift } from '#shared/domain/reconciliation/drift';
import {
  cancelSubscription,
  changePlan,
  createSubscription,
  pauseSubscription,
  previewChange,
  resumeSubscription,
  revokeCancellation,
  updateSubscription,
} from '#shared/domain/subscriptions/lifecycle';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { main as webhookCli } from '../../dev/cli/stripe-webhook';
import { checkConformance, operationsCalledIn } from '../../dev/stripe-emulator/conformance';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const PROJECT = 'proj_conform';
const DAY = 86_400;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every request Tollgate's code makes to Stripe, checked against the parameters the stripe SDK
 * declares for that endpoint (from its generated types: names, enums, required). A representative
 * run drives each Stripe call the service and its CLIs contain (found by scanning the source), on
 * the emulator, which records what it was sent; the record is then checked afresh.
 */
describe('Tollgate’s Stripe requests conform to the SDK’s parameter types', () => {
  let h: PaymentHarness;
  /** For the test's own moves (test clocks, a customer paying): not Tollgate's requests. */
  let outside: Stripe;
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true });
    const base = new URL(h.stripeEmulator.url);
    outside = new Stripe('sk_test_outside', {
      host: base.hostname,
      port: Number(base.port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function workspace(card: boolean) {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const start = Math.floor(Date.now() / 1000);
    const clock = await outside.testHelpers.testClocks.create({ frozen_time: start });
    const customer = await outside.customers.create({
      email: `${workspaceId}@example.com`,
      test_clock: clock.id,
      metadata: { workspace_id: workspaceId, project_id: PROJECT },
    });
    if (card) {
      const pm = await outside.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await outside.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    }
    await upsertWorkspace(h.ports, PROJECT, workspaceId, {
      name: 'Conform',
      email: `${workspaceId}@example.com`,
      country: 'US',
      currency: 'usd',
      stripe_customer_id: customer.id,
    });
    return { workspaceId, customer, clock, start };
  }
  const sub = (workspaceId: string, plan = 'pro', extra: Partial<Parameters<typeof createSubscription>[2]> = {}) =>
    createSubscription(h.ports, PROJECT, {
      workspace_id: workspaceId,
      plan,
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
      ...extra,
    });

  it('drives every Stripe call in the code, and each request it sent has only declared parameters, listed enum values and the required ones', async () => {
    // Act: the catalog, changed and changed back (creates, updates, archives, feature moves).
    const renamed = structuredClone(catalog);
    renamed.plans[1].name = `${renamed.plans[1].name} (renamed)`;
    renamed.plans[1].features = renamed.plans[1].features.slice(1);
    renamed.plans[1].prices.month.usd += 100;
    await applyCatalog(h.stripe, renamed);
    await applyCatalog(h.stripe, catalog);
    // A project's own catalog, then pushed without a plan and a meter (archived, deactivated).
    const scope = { names: stripeNames('proj_conform_own') };
    await applyCatalog(h.stripe, catalog, undefined, scope);
    const smaller = structuredClone(catalog);
    smaller.plans = smaller.plans.filter((p) => p.key !== 'enterprise');
    smaller.meters = smaller.meters.filter((m) => m.key !== 'email_sends');
    for (const p of smaller.plans) {
      delete p.limits.email_sends;
      delete p.usage_prices.email_sends;
    }
    await applyCatalog(h.stripe, smaller, undefined, { ...scope, previous: catalog });

    // Subscriptions: card-less (incomplete, then replaced), with a card, scheduled changes, seats, cancel/revoke, pause/resume.
    const cardless = await workspace(false);
    await sub(cardless.workspaceId);
    await sub(cardless.workspaceId, 'enterprise');
    const paying = await workspace(true);
    await sub(paying.workspaceId);
    await changePlan(h.ports, PROJECT, paying.workspaceId, { plan: 'enterprise', at_period_end: false });
    await changePlan(h.ports, PROJECT, paying.workspaceId, { plan: 'pro', at_period_end: true });
    await previewChange(h.ports, PROJECT, paying.workspaceId, { seats: 3 });
    await previewChange(h.ports, PROJECT, paying.workspaceId, { plan: 'enterprise', interval: 'year' });
    await updateSubscription(h.ports, PROJECT, paying.workspaceId, { seats: 3, billing_email: 'conform@example.com' });
    await cancelSubscription(h.ports, PROJECT, paying.workspaceId, true);
    await revokeCancellation(h.ports, PROJECT, paying.workspaceId);
    await pauseSubscription(h.ports, PROJECT, paying.workspaceId);
    await resumeSubscription(h.ports, PROJECT, paying.workspaceId);
    const plain = await workspace(true);
    await sub(plain.workspaceId);
    await previewChange(h.ports, PROJECT, plain.workspaceId, { seats: 2 });
    await updateSubscription(h.ports, PROJECT, plain.workspaceId, { seats: 2 });
    await cancelSubscription(h.ports, PROJECT, plain.workspaceId, true);
    await revokeCancellation(h.ports, PROJECT, plain.workspaceId);
    await cancelSubscription(h.ports, PROJECT, plain.workspaceId, false);
    // Stripe's own `paused` (a trial ended without a card) is resumed with /resume.
    const trial = await workspace(false);
    const plans = await h.ports.plans(PROJECT);
    const proPrice = plans
      .find((p) => p.plan === 'pro')!
      .prices.find((p) => p.interval === 'month' && p.currency === 'usd')!;
    await outside.subscriptions.create({
      customer: trial.customer.id,
      items: [{ price: proPrice.id }],
      trial_period_days: 3,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
      metadata: { workspace_id: trial.workspaceId, project_id: PROJECT },
    });
    await outside.testHelpers.testClocks.advance(trial.clock.id, { frozen_time: trial.start + 4 * DAY });
    await h.settleStripe();
    const pm = await outside.paymentMethods.attach('pm_card_visa', { customer: trial.customer.id });
    await outside.customers.update(trial.customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await resumeSubscription(h.ports, PROJECT, trial.workspaceId);

    // Checkout, portal, payment methods.
    const urls = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };
    const buyer = await workspace(false);
    await createCheckoutSession(h.ports, PROJECT, { workspace_id: buyer.workspaceId, plan: 'pro', ...urls });
    const pack = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: buyer.workspaceId,
      pack: 'credits_1000',
      quantity: 2,
      ...urls,
    });
    await fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${pack.id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_outside' },
    });
    await h.settleStripe();
    await outside.refunds.create({
      payment_intent: (await outside.checkout.sessions.retrieve(pack.id)).payment_intent as string,
      amount: 500,
    });
    await h.settleStripe();
    await createPortalSession(h.ports, PROJECT, {
      workspace_id: buyer.workspaceId,
      return_url: 'https://app.example/billing',
    });
    const setup = await createSetupIntent(h.ports, PROJECT, buyer.workspaceId);
    const confirmed = await outside.setupIntents.confirm(setup.id, { payment_method: 'pm_card_visa' });
    await setDefaultPaymentMethod(h.ports, PROJECT, buyer.workspaceId, confirmed.payment_method as string);
    await listPaymentMethods(h.ports, PROJECT, buyer.workspaceId);
    await detachPaymentMethod(h.ports, PROJECT, buyer.workspaceId, confirmed.payment_method as string);

    // Invoices and payments: listing, detail, sending, Razorpay, bank transfers, drift.
    const open = await h.openInvoice({ projectId: PROJECT });
    await listInvoices(h.ports, PROJECT, open.workspaceId, { limit: 10 });
    await getInvoice(h.ports, PROJECT, open.invoice.id);
    await sendInvoice(h.ports, PROJECT, open.invoice.id, 'email');
    await createRazorpayOrder(h.ports, PROJECT, open.invoice.id);
    await recordManualPayment(
      h.ports,
      {
        invoice_id: open.invoice.id,
        amount: open.invoice.amount_remaining,
        currency: 'inr',
        reference: `UTR${randomUUID().slice(0, 6)}`,
        method: 'neft',
        paid_at: '2026-11-20T10:00:00Z',
      },
      { origin: 'api', projectId: PROJECT },
    );
    await h.settleStripe();
    await runDrift(h.ports, { trigger: 'api' });

    // An event too large for the inbox is read back by id (test/integration/stripe-large-event.test.ts drives that path end to end).
    const [someEvent] = (await outside.events.list({ limit: 1 })).data;
    await (await h.ports.stripe()).events.retrieve(someEvent.id);

    // Usage to meters (twice: Stripe refuses the repeat, which counts as delivered), and the webhook endpoint command.
    // The sink reads Stripe's own errors, so it is given the SDK client itself, as the usage wiring does.
    const sink = stripeMeterSink(async () => h.stripe, { sleep: async () => undefined });
    const event = {
      eventName: 'ai_credits',
      customerId: paying.customer.id,
      value: '2.5',
      identifier: `conform-${randomUUID()}`,
      timestamp: Math.floor(Date.now() / 1000),
    };
    expect(await sink.send([event, event])).toEqual([{ ok: true }, { ok: true }]);
    const io = {
      env: { STRIPE_SECRET_KEY: 'sk_test_conform', STRIPE_API_BASE: h.stripeEmulator.url },
      out: () => undefined,
      err: () => undefined,
    };
    expect(await webhookCli(['create', '--url', 'https://billing.example/api/v1/webhooks/stripe'], io)).toBe(0);

    // Assess
    const record = h.stripeEmulator.requests();
    const report = checkConformance(record, /tollgate/);
    const called = operationsCalledIn([`${ROOT}shared`, `${ROOT}dev/cli`]);
    expect(report.unknownEndpoints).toEqual([]);
    expect(report.violations).toEqual([]);
    expect(called.length).toBeGreaterThan(40);
    expect(called.filter((op) => !report.operations[op])).toEqual([]);
    // Nothing reached Stripe unchecked: every Tollgate request was answered without a parameter error.
    expect(record.filter((r) => /tollgate/.test(r.client) && r.violations.length)).toEqual([]);
  });
});
