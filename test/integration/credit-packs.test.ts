import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { creditsHeld, refundState } from '#shared/domain/checkout/purchases';
import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { readCredits } from '#shared/domain/credits/balance';
import { consumeCredits } from '#shared/domain/credits/consume';
import { syncPackPurchase } from '#shared/domain/credits/purchases';
import { processStripeEvent } from '#shared/domain/webhooks/stripe/process';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';

const PROJECT = 'proj_packs';
const URLS = { success_url: 'https://app.example/ok', cancel_url: 'https://app.example/no' };

/**
 * Credit packs bought through Checkout, on the Stripe emulator and DynamoDB Local: the pack's
 * credits land in the ledger's purchased bucket once Stripe says it is paid, a refund takes back
 * its share of what is unconsumed, and the stored Stripe events give the same ledger in any
 * order, duplicated or concurrent.
 */
describe('credit packs: bought through Checkout into the ledger, taken back by refunds', () => {
  let h: PaymentHarness;
  let ports: Parameters<typeof processStripeEvent>[0];
  beforeAll(async () => {
    h = await startPaymentHarness();
    ports = { ...h.ports, inbox: h.inbox, refreshPlans: async () => undefined };
  });
  afterAll(async () => {
    await h?.close();
  });

  async function newWorkspace(currency = 'usd') {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    await h.ports.workspaces.upsert(
      PROJECT,
      workspaceId,
      { name: 'Pack Co', email: 'packs@example.com', country: 'US', currency },
      new Date().toISOString(),
    );
    return workspaceId;
  }

  /** A workspace (free plan: ai_credits 100 a month) that buys `quantity` packs of 1,000 at $10 and pays. */
  async function buyPacks(quantity: number) {
    const workspaceId = await newWorkspace();
    const session = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      quantity,
      ...URLS,
    });
    const done = await fetch(`${h.stripeEmulator.url}/v1/test_helpers/checkout/sessions/${session.id}/complete`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_harness' },
    });
    expect(done.status).toBe(200);
    const completed = (await h.stripe.checkout.sessions.retrieve(session.id)) as Stripe.Checkout.Session;
    return {
      workspaceId,
      ref: { projectId: PROJECT, workspaceId },
      session: completed,
      intent: completed.payment_intent as string,
      customer: completed.customer as string,
    };
  }

  /** Stores the customer's events of these types in the inbox, as the receiver would; oldest first. */
  async function storedEvents(customer: string, types: string[]): Promise<string[]> {
    const all = await h.stripe.events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
    const mine = all
      .filter((e) => types.includes(e.type) && (e.data.object as { customer?: string }).customer === customer)
      .reverse();
    for (const e of mine) {
      await h.inbox.putIfNew({
        provider: 'stripe',
        eventId: e.id,
        type: e.type,
        created: new Date(e.created * 1000).toISOString(),
        objectId: null,
        projectId: null,
        workspaceId: null,
        receivedAt: new Date().toISOString(),
        payload: JSON.stringify(e),
      });
    }
    return mine.map((e) => e.id);
  }

  const creditsLimit = async (workspaceId: string) =>
    (await h.ports.billing.getEntitlements(PROJECT, workspaceId))?.limits.ai_credits?.limit ?? '100';
  const balance = async (workspaceId: string) => readCredits(h.ports, { projectId: PROJECT, workspaceId });
  const entries = async (workspaceId: string) =>
    (await h.ports.credits.allEntries(PROJECT, workspaceId)).map((e) => `${e.type}:${e.bucket}:${e.amount}`);

  it('refuses an unknown pack (404) and a pack with no price in the workspace currency (422), creating nothing', async () => {
    // Prepare
    const workspaceId = await newWorkspace('eur');
    // Act
    const unknown = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: workspaceId,
      pack: 'credits_7',
      ...URLS,
    }).catch((e: unknown) => e);
    const noPrice = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: workspaceId,
      pack: 'credits_1000',
      ...URLS,
    }).catch((e: unknown) => e);
    // Assess
    expect(unknown).toMatchObject({ statusCode: 404 });
    expect(noPrice).toMatchObject({ statusCode: 422, code: 'price_unavailable' });
    expect((await h.ports.workspaces.get(PROJECT, workspaceId))?.stripeCustomerId ?? null).toBeNull();
  });

  it('adds purchased credits once paid; refunds take back only unconsumed credits and show the shortfall', async () => {
    // Prepare
    const { workspaceId, intent, customer, session } = await buyPacks(2);
    expect(session).toMatchObject({
      mode: 'payment',
      payment_status: 'paid',
      metadata: { pack: 'credits_1000', credits: '2000', workspace_id: workspaceId },
    });
    // Act: the completion event alone.
    for (const id of await storedEvents(customer, ['checkout.session.completed'])) await processStripeEvent(ports, id);
    // Assess: never expiring purchased credits beside the free plan's month.
    const bought = await balance(workspaceId);
    expect(bought).toMatchObject({ balance: 2100, purchased: { balance: 2000 }, subscription: { balance: 100 } });
    expect(await creditsLimit(workspaceId)).toBe('100'); // no grant raises the meter's limit any more

    // Act: a third refunded; 1500 consumed; then the rest refunded.
    await h.stripe.refunds.create({ payment_intent: intent, amount: 667 });
    for (const id of await storedEvents(customer, ['charge.refunded'])) await processStripeEvent(ports, id);
    const third = await balance(workspaceId);
    await consumeCredits(h.ports, PROJECT, {
      workspace_id: workspaceId,
      event_name: 'api_call_basic',
      quantity: 1000,
      idempotency_key: 'use-1000',
    });
    await h.stripe.refunds.create({ payment_intent: intent });
    for (const id of await storedEvents(customer, ['charge.refunded'])) await processStripeEvent(ports, id);
    // Assess: 2000 − floor(2000 × 667 / 2000) = 1333 held; of the last 1333 owed, 333 were unconsumed.
    expect(third.purchased.balance).toBe(1333);
    const after = await balance(workspaceId);
    expect(after).toMatchObject({ balance: 100, purchased: { balance: 0 }, subscription: { balance: 100 } });
    expect(await entries(workspaceId)).toEqual([
      'allocated:subscription:100',
      'purchased:purchased:2000',
      'refunded:purchased:-667',
      'consumed:purchased:-1000',
      'refunded:purchased:-333',
      'adjusted:purchased:0',
    ]);
    const shortfall = (await h.ports.credits.allEntries(PROJECT, workspaceId)).at(-1)!;
    expect(shortfall.reason).toContain('1000 of its credits were already consumed');
  });

  it('ends on the same ledger whatever order, duplication or concurrency the events come in', async () => {
    // Prepare: Stripe is ahead (paid, then 400 of 1000 refunded) before Tollgate processes anything.
    const orders: ((ids: string[]) => string[][])[] = [
      (ids) => ids.map((id) => [id]),
      (ids) => [...ids].reverse().map((id) => [id]),
      (ids) => [ids[1], ids[0], ids[1], ids[0]].map((id) => [id]),
      (ids) => [ids, ids],
    ];
    for (const order of orders) {
      const { workspaceId, customer, intent } = await buyPacks(1);
      await h.stripe.refunds.create({ payment_intent: intent, amount: 400 });
      const ids = await storedEvents(customer, ['checkout.session.completed', 'charge.refunded']);
      expect(ids).toHaveLength(2);
      // Act: each step runs its events concurrently; replays go through `force`.
      for (const step of order(ids))
        await Promise.all(step.map((id) => processStripeEvent(ports, id, { force: true })));
      // Assess
      expect((await balance(workspaceId)).purchased.balance).toBe(600);
      expect((await entries(workspaceId)).filter((e) => !e.startsWith('allocated'))).toEqual([
        'purchased:purchased:1000',
        'refunded:purchased:-400',
      ]);
    }
  });

  it('never lets a sync that read Stripe before a refund undo what the refund’s sync wrote', async () => {
    // Prepare: a sync whose Stripe reads complete, then stall until the refund has been synced.
    const { workspaceId, ref, intent } = await buyPacks(1);
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    let readDone!: () => void;
    const read = new Promise<void>((r) => (readDone = r));
    const slowStripe = Object.create(h.stripe) as Stripe;
    const refunds = h.stripe.refunds;
    slowStripe.refunds = Object.assign(Object.create(refunds), {
      list: (...a: Parameters<typeof refunds.list>) => {
        const page = refunds.list(...a);
        return Object.assign(page, {
          autoPagingToArray: async (o: { limit: number }) => {
            const all = await refunds.list(...a).autoPagingToArray(o);
            readDone();
            await stalled;
            return all;
          },
        });
      },
    });
    // Act
    const early = syncPackPurchase({ ...h.ports, stripe: async () => slowStripe }, ref, intent);
    await read; // the early sync has read "nothing refunded", however long that took
    await h.stripe.refunds.create({ payment_intent: intent, amount: 250 });
    const late = await syncPackPurchase(h.ports, ref, intent);
    release();
    const earlySync = await early;
    // Assess
    expect(earlySync?.held).toBe(1000);
    expect(late?.held).toBe(750);
    expect((await balance(workspaceId)).purchased.balance).toBe(750);
    expect((await entries(workspaceId)).filter((e) => !e.startsWith('allocated'))).toEqual([
      'purchased:purchased:1000',
      'refunded:purchased:-250',
    ]);
  });

  it('leaves alone what is not a paid pack of this workspace', async () => {
    // Prepare
    const { ref, intent } = await buyPacks(1);
    const other = { projectId: PROJECT, workspaceId: await newWorkspace() };
    const plain = await h.stripe.paymentIntents.create({
      amount: 500,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    // Act
    const foreign = await syncPackPurchase(h.ports, other, intent);
    const notAPack = await syncPackPurchase(h.ports, ref, plain.id);
    const bought = await syncPackPurchase(h.ports, ref, intent);
    const again = await syncPackPurchase(h.ports, ref, intent);
    // Assess
    expect([foreign, notAPack]).toEqual([null, null]);
    expect(bought).toMatchObject({ credits: 1000, held: 1000 });
    expect(again).toMatchObject({ credits: 1000, held: 1000 });
    expect(await h.ports.credits.allEntries(PROJECT, other.workspaceId)).toEqual([]);
    expect((await entries(ref.workspaceId)).filter((e) => e.startsWith('purchased'))).toHaveLength(1);
  });

  it('orders stored writes by the purchase version', async () => {
    // Prepare
    const billing = grantRepository(h.table);
    const grant = {
      grant_id: 'grt_pi_race',
      workspace_id: 'ws_race',
      feature: null,
      meter: 'ai_credits',
      quantity: '0',
      expires_at: '2026-01-01T00:00:00.000Z',
      reason: 'credit pack credits_1000',
      created_at: '2026-01-01T00:00:00.000Z',
    };
    const windowEnd = '2026-02-01T00:00:00.000Z';
    // Act
    const refundWrite = await billing.putPurchaseGrant(PROJECT, { grant, version: 2, windowEnd });
    const staleWrite = await billing.putPurchaseGrant(PROJECT, {
      grant: { ...grant, quantity: '1000', expires_at: windowEnd },
      version: 0,
      windowEnd,
    });
    const sameAgain = await billing.putPurchaseGrant(PROJECT, { grant, version: 2, windowEnd });
    // Assess
    expect([refundWrite, staleWrite, sameAgain]).toEqual([true, false, true]);
    expect(await billing.getPurchaseGrant(PROJECT, 'ws_race', 'grt_pi_race')).toEqual({ grant, version: 2, windowEnd });
  });

  it('takes back the refunded share rounded down, and gives credits back when a refund fails', () => {
    // Assess
    expect(creditsHeld(1000, 1000, 0)).toBe(1000);
    expect(creditsHeld(1000, 1000, 333)).toBe(667);
    expect(creditsHeld(1000, 3, 1)).toBe(667);
    expect(creditsHeld(1000, 1000, 1000)).toBe(0);
    expect(creditsHeld(1000, 0, 0)).toBe(0);
    const pending = refundState([{ amount: 300, status: 'pending' }]);
    const succeeded = refundState([{ amount: 300, status: 'succeeded' }]);
    const failed = refundState([{ amount: 300, status: 'failed' }]);
    const another = refundState([
      { amount: 300, status: 'failed' },
      { amount: 100, status: 'pending' },
    ]);
    expect([pending.refunded, succeeded.refunded, failed.refunded, another.refunded]).toEqual([300, 300, 0, 100]);
    expect(
      pending.version < succeeded.version && succeeded.version < failed.version && failed.version < another.version,
    ).toBe(true);
  });
});
