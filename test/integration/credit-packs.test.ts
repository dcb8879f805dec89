import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingRepository } from '../../shared/adapters/dynamodb/billing-repository';
import { createCheckoutSession } from '../../shared/domain/checkout/service';
import { creditsHeld, purchaseGrantId } from '../../shared/domain/checkout/purchases';
import { processStripeEvent } from '../../shared/domain/webhooks/stripe-processor';
import { startPaymentHarness, type PaymentHarness } from '../support/payment-harness';

const PROJECT = 'proj_packs';
const PACK_CREDITS = 1000;

/**
 * Credit packs bought through Checkout, on the Stripe emulator and DynamoDB Local: the pack's
 * credits raise the ai_credits limit once Stripe says it is paid, a refund takes back its share,
 * and the stored Stripe events give the same end state in any order, duplicated or concurrent.
 */
describe('credit packs: bought through Checkout, taken back by refunds', () => {
  let h: PaymentHarness;
  let ports: Parameters<typeof processStripeEvent>[0];
  beforeAll(async () => {
    h = await startPaymentHarness();
    ports = { ...h.ports, inbox: h.inbox, refreshPlans: async () => undefined };
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A workspace (free plan, ai_credits 100 a month) that buys `quantity` packs and pays. */
  async function buyPacks(quantity: number) {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    await h.ports.workspaces.upsert(PROJECT, workspaceId, { name: 'Pack Co', email: 'packs@example.com', country: 'US', currency: 'usd' }, new Date().toISOString());
    const session = await createCheckoutSession(h.ports, PROJECT, { workspace_id: workspaceId, pack: 'credits_1000', quantity, success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' });
    const done = await fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${session.id}/complete`, { method: 'POST', headers: { authorization: 'Bearer sk_test_harness' } });
    expect(done.status).toBe(200);
    const completed = (await h.stripe.checkout.sessions.retrieve(session.id)) as Stripe.Checkout.Session;
    return { workspaceId, session: completed, intent: completed.payment_intent as string, customer: completed.customer as string };
  }

  /** Stores the customer's events of these types in the inbox, as the receiver would; oldest first. */
  async function storedEvents(customer: string, types: string[]): Promise<string[]> {
    const all = await h.stripe.events.list({ limit: 100 });
    const mine = all.data.filter((e) => types.includes(e.type) && (e.data.object as { customer?: string }).customer === customer).reverse();
    for (const e of mine) {
      await h.inbox.putIfNew({ provider: 'stripe', eventId: e.id, type: e.type, created: new Date(e.created * 1000).toISOString(), objectId: null, projectId: null, workspaceId: null, receivedAt: new Date().toISOString(), payload: JSON.stringify(e) });
    }
    return mine.map((e) => e.id);
  }

  const creditsLimit = async (workspaceId: string) => (await h.ports.billing.getEntitlements(PROJECT, workspaceId))?.limits.ai_credits?.limit;
  const grantOf = async (intent: string) => h.ports.billing.findGrant(PROJECT, purchaseGrantId(intent));

  it('refuses an unknown pack (404) and a pack with no price in the workspace currency (422)', async () => {
    // Prepare
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    await h.ports.workspaces.upsert(PROJECT, workspaceId, { name: 'Eur Co', email: 'eur@example.com', country: 'DE', currency: 'eur' }, new Date().toISOString());
    const urls = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };
    // Act
    const unknown = createCheckoutSession(h.ports, PROJECT, { workspace_id: workspaceId, pack: 'credits_7', ...urls });
    const noPrice = createCheckoutSession(h.ports, PROJECT, { workspace_id: workspaceId, pack: 'credits_1000', ...urls });
    // Assess
    await expect(unknown).rejects.toMatchObject({ statusCode: 404 });
    await expect(noPrice).rejects.toMatchObject({ statusCode: 422, code: 'price_unavailable' });
  });

  it('adds the credits when the payment lands, and takes back each refund’s share', async () => {
    // Prepare
    const { workspaceId, intent, customer, session } = await buyPacks(2);
    expect(session).toMatchObject({ mode: 'payment', payment_status: 'paid', metadata: { pack: 'credits_1000', credits: '2000', workspace_id: workspaceId } });
    // Act: the completion event alone.
    for (const id of await storedEvents(customer, ['checkout.session.completed'])) await processStripeEvent(ports, id);
    // Assess
    expect(await creditsLimit(workspaceId)).toBe('2100');
    expect(await grantOf(intent)).toMatchObject({ meter: 'ai_credits', quantity: '2000', reason: 'credit pack credits_1000' });

    // Act: half refunded, then the rest.
    await h.stripe.refunds.create({ payment_intent: intent, amount: 1000 });
    for (const id of await storedEvents(customer, ['charge.refunded'])) await processStripeEvent(ports, id);
    const half = await creditsLimit(workspaceId);
    await h.stripe.refunds.create({ payment_intent: intent });
    for (const id of await storedEvents(customer, ['charge.refunded'])) await processStripeEvent(ports, id);
    // Assess
    expect(half).toBe('1100');
    expect(await creditsLimit(workspaceId)).toBe('100');
    const grant = await grantOf(intent);
    expect(grant).toMatchObject({ quantity: '0', reason: 'credit pack credits_1000 (2000 of 2000 usd refunded)' });
    expect(Date.parse(grant!.expires_at!)).toBeLessThanOrEqual(Date.now());
  });

  it('ends refunded whatever order, duplication or concurrency the events come in', async () => {
    // Prepare: Stripe is fully ahead (paid, then two refunds) before Tollgate processes anything.
    const orders: ((ids: string[]) => string[][])[] = [
      (ids) => ids.map((id) => [id]),
      (ids) => [...ids].reverse().map((id) => [id]),
      (ids) => [ids[2], ids[0], ids[2], ids[1], ids[0], ids[1]].map((id) => [id]),
      (ids) => [ids, ids],
    ];
    for (const order of orders) {
      const { workspaceId, intent, customer } = await buyPacks(1);
      await h.stripe.refunds.create({ payment_intent: intent, amount: 400 });
      await h.stripe.refunds.create({ payment_intent: intent });
      const ids = await storedEvents(customer, ['checkout.session.completed', 'charge.refunded']);
      expect(ids).toHaveLength(3);
      // Act: each step runs its events concurrently; replays go through `force`.
      for (const step of order(ids)) await Promise.all(step.map((id) => processStripeEvent(ports, id, { force: true })));
      // Assess
      expect(await creditsLimit(workspaceId)).toBe('100');
      expect(await grantOf(intent)).toMatchObject({ quantity: '0' });
    }
  });

  it('never lets a state read before a refund overwrite what the refund wrote', async () => {
    // Prepare
    const billing = billingRepository(h.table);
    const grant = { grant_id: 'grt_pi_race', workspace_id: 'ws_race', feature: null, meter: 'ai_credits', quantity: '0', expires_at: '2026-01-01T00:00:00.000Z', reason: 'credit pack credits_1000', created_at: '2026-01-01T00:00:00.000Z' };
    // Act
    const refundWrite = await billing.putPurchaseGrant(PROJECT, grant, 1000);
    const staleWrite = await billing.putPurchaseGrant(PROJECT, { ...grant, quantity: String(PACK_CREDITS), expires_at: null }, 0);
    const sameAgain = await billing.putPurchaseGrant(PROJECT, grant, 1000);
    // Assess
    expect([refundWrite, staleWrite, sameAgain]).toEqual([true, false, true]);
    expect(await billing.findGrant(PROJECT, 'grt_pi_race')).toMatchObject({ quantity: '0' });
  });

  it('counts credits still paid for, rounding down', () => {
    // Assess
    expect(creditsHeld(1000, { amount: 1000, amount_refunded: 0, paid: true })).toBe(1000);
    expect(creditsHeld(1000, { amount: 1000, amount_refunded: 333, paid: true })).toBe(667);
    expect(creditsHeld(1000, { amount: 3, amount_refunded: 1, paid: true })).toBe(666);
    expect(creditsHeld(1000, { amount: 1000, amount_refunded: 1000, paid: true })).toBe(0);
    expect(creditsHeld(1000, { amount: 1000, amount_refunded: 0, paid: false })).toBe(0);
    expect(creditsHeld(1000, null)).toBe(0);
  });
});
