import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingTimelineRepository } from '#shared/adapters/dynamodb/repositories/billing-timeline';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { ledgerCreditBalance } from '#shared/domain/billing/credits';
import { billingHistory, type TimelineEntry } from '#shared/domain/billing/history';
import { billingSummary, type SummaryPorts } from '#shared/domain/billing/summary';
import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { readCredits } from '#shared/domain/credits/balance';
import type { EntitlementReadPorts } from '#shared/domain/entitlements/ports';
import { builtInMeters } from '#shared/domain/metering/meters';
import { settleInvoice } from '#shared/domain/payments/settlement';
import { changePlan, createSubscription } from '#shared/domain/subscriptions/lifecycle';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const P = 'proj_views';

/**
 * The billing summary and history of a workspace, from what Stripe (the emulator) says and what
 * the webhook processor recorded: a subscription with its next invoice and card, usage and
 * credits, open invoices with their pay page; a timeline with invoices, a plan change, a credit
 * pack, its refund and an out-of-band settlement, paged without repeats.
 */
describe('billing summary and history', () => {
  let h: PaymentHarness;
  let ports: SummaryPorts;
  const history = (workspaceId: string, page: { limit: number; cursor?: string }) =>
    billingHistory(
      { workspaces: h.ports.workspaces, timeline: billingTimelineRepository(h.table) },
      P,
      workspaceId,
      page,
    );
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true, metrics: true });
    const entitlements: EntitlementReadPorts = {
      reads: workspaceCollectionRepository(h.table),
      plans: h.ports.plans,
      catalogMeters: builtInMeters,
      clock: () => new Date(),
      graceDays: 7,
    };
    ports = { sync: h.ports, entitlements, credits: ledgerCreditBalance(h.ports) };
  });
  afterAll(async () => {
    await h?.close();
  });

  async function workspace() {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const customer = await h.stripe.customers.create({
      email: `${workspaceId}@example.com`,
      metadata: { workspace_id: workspaceId, project_id: P },
    });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await upsertWorkspace(h.ports, P, workspaceId, {
      name: 'Views Co',
      email: `${workspaceId}@example.com`,
      country: 'US',
      currency: 'usd',
      stripe_customer_id: customer.id,
    });
    return { workspaceId, customer, pm };
  }

  async function allEntries(workspaceId: string, limit: number) {
    const out: TimelineEntry[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await history(workspaceId, { limit, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      out.push(...page.entries);
      if (!page.next_cursor) return out;
      cursor = page.next_cursor;
    }
    throw new Error('history did not end');
  }

  it('sums up a subscribed workspace: plan, status, period, next invoice, usage vs limits, credits, card, no open invoices', async () => {
    // Prepare
    const { workspaceId, pm } = await workspace();
    await createSubscription(h.ports, P, {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
    });
    await h.settleStripe();
    // Act
    const s = await billingSummary(ports, P, workspaceId);
    // Assess
    expect(s).toMatchObject({
      workspace_id: workspaceId,
      plan: 'pro',
      plan_source: 'subscription',
      status: 'active',
      has_access: true,
      open_invoices: [],
    });
    expect(s.subscription).toMatchObject({ plan: 'pro', interval: 'month', seats: 1 });
    expect(s.period?.end).toBe(
      s.subscription && (await h.ports.subscriptions.getSubscription(P, workspaceId))?.current_period_end,
    );
    expect(s.next_invoice).toMatchObject({ amount_due: 4900, currency: 'usd' });
    expect(s.usage.ai_credits).toMatchObject({ used: '0', exceeded: false });
    const ledger = await readCredits(h.ports, { projectId: P, workspaceId });
    expect(s.credits).toEqual({
      balance: String(ledger.balance),
      expires_at: ledger.subscription.balance > 0 ? ledger.subscription.expires_at : null,
    });
    expect(Number(s.credits?.balance)).toBeGreaterThan(0);
    expect(s.default_payment_method).toMatchObject({ id: pm.id, type: 'card', last4: '4242' });
  });

  it('lists an open send_invoice invoice with its pay page, and answers a workspace Stripe does not know from the table', async () => {
    // Prepare
    const { workspaceId, invoice } = await h.openInvoice({ projectId: P, currency: 'usd' });
    const bare = `ws_${randomUUID().slice(0, 8)}`;
    await upsertWorkspace(h.ports, P, bare, {
      name: 'Bare',
      email: 'bare@example.com',
      country: 'US',
      currency: 'usd',
    });
    // Act
    const s = await billingSummary(ports, P, workspaceId);
    const b = await billingSummary(ports, P, bare);
    const other = await billingSummary(ports, 'proj_other', workspaceId).catch((e: unknown) => e);
    // Assess
    expect(s.open_invoices).toEqual([
      expect.objectContaining({
        id: invoice.id,
        amount_remaining: invoice.amount_remaining,
        hosted_invoice_url: expect.stringMatching(/^http/),
      }),
    ]);
    expect(b).toMatchObject({
      plan: 'free',
      plan_source: 'default',
      status: null,
      subscription: null,
      next_invoice: null,
      default_payment_method: null,
      open_invoices: [],
    });
    expect((await h.ports.workspaces.get(P, bare))?.stripeCustomerId).toBeUndefined();
    expect(other).toMatchObject({ statusCode: 404 });
  });

  it('keeps one timeline of invoices, a plan change, a credit pack and its refund, newest first, paged without repeats', async () => {
    // Prepare
    const { workspaceId } = await workspace();
    await createSubscription(h.ports, P, {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'charge_automatically',
    });
    await h.settleStripe();
    await changePlan(h.ports, P, workspaceId, { plan: 'enterprise', at_period_end: false });
    await h.settleStripe();
    const session = await createCheckoutSession(h.ports, P, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      quantity: 1,
      success_url: 'https://app.example/ok',
      cancel_url: 'https://app.example/no',
    });
    await fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_harness' },
    });
    await h.settleStripe();
    const paid = (await h.stripe.checkout.sessions.retrieve(session.id)) as Stripe.Checkout.Session;
    await h.stripe.refunds.create({ payment_intent: paid.payment_intent as string, amount: 400 });
    await h.settleStripe();
    // Act
    const whole = await allEntries(workspaceId, 100);
    const paged = await allEntries(workspaceId, 2);
    // Assess
    const kinds = new Set(whole.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['credit_pack', 'invoice', 'plan_change', 'refund']);
    expect(whole.find((e) => e.kind === 'credit_pack')).toMatchObject({
      amount: 1000,
      currency: 'usd',
      data: { pack: 'credits_1000', credits: '1000' },
    });
    expect(whole.find((e) => e.kind === 'refund')).toMatchObject({ amount: 400, currency: 'usd' });
    expect(whole.find((e) => e.type === 'subscription.plan_changed')).toMatchObject({
      data: { from_plan: 'pro', to_plan: 'enterprise' },
    });
    expect(whole.filter((e) => e.type === 'invoice.paid')).toEqual([
      expect.objectContaining({ kind: 'invoice', amount: 4900, currency: 'usd' }),
    ]);
    expect(whole.map((e) => e.occurred_at)).toEqual([...whole.map((e) => e.occurred_at)].sort().reverse());
    expect(paged.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(new Set(whole.map((e) => e.id)).size).toBe(whole.length);
  });

  it('shows an out-of-band settlement (a bank transfer) on the timeline', async () => {
    // Prepare
    const { workspaceId, invoice } = await h.openInvoice({ projectId: P, currency: 'inr' });
    const reference = `manual:UTR${randomUUID().slice(0, 6)}`;
    // Act
    await settleInvoice(h.ports, {
      invoiceId: invoice.id,
      source: 'manual',
      reference,
      amount: invoice.amount_remaining,
      currency: 'inr',
    });
    await h.settleStripe();
    const entries = await allEntries(workspaceId, 100);
    // Assess
    expect(entries.find((e) => e.kind === 'settlement')).toMatchObject({
      invoice_id: invoice.id,
      amount: invoice.amount_remaining,
      currency: 'inr',
      data: { reference },
    });
    expect(entries.find((e) => e.type === 'invoice.paid')).toMatchObject({
      invoice_id: invoice.id,
      amount: invoice.amount_remaining,
    });
  });
});
