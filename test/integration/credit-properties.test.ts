import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { memoryBus } from '#shared/adapters/events/bus';
import { catalog } from '#shared/domain/catalog/catalog';
import { allocatePeriod } from '#shared/domain/credits/allocate';
import { consumeCredits } from '#shared/domain/credits/consume';
import { replay } from '#shared/domain/credits/ledger';
import type { CreditPorts } from '#shared/domain/credits/ports';
import { syncPackPurchase } from '#shared/domain/credits/purchases';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { freshTable } from '../support/local';
import { subscriptionSnapshot } from '../support/snapshots';

const PROJECT = 'proj_props';
const SEED = 20261202;
const RUNS = 12;
const DAY = 86_400_000;
const BASE = Date.parse('2027-01-01T00:00:00Z');
const PERIODS = [0, 1, 2].map((i) => ({
  start: new Date(BASE + i * 30 * DAY).toISOString(),
  end: new Date(BASE + (i + 1) * 30 * DAY).toISOString(),
}));

type Op =
  | { kind: 'consume'; key: number; event: number; quantity: number }
  | { kind: 'pay'; intent: number }
  | { kind: 'refund'; intent: number; amount: number }
  | { kind: 'allocate'; period: number }
  | { kind: 'advance'; days: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('consume' as const),
      key: fc.nat(7),
      event: fc.nat(3),
      quantity: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), intent: fc.nat(2) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      intent: fc.nat(2),
      amount: fc.integer({ min: 1, max: 600 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('allocate' as const), period: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 25 }) }) },
);
/** Steps run one after another; the operations of a step run concurrently. */
const scenario = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 3, maxLength: 7 });

/**
 * Seeded property runs against DynamoDB Local: concurrent consumes, pack payments and refunds
 * (a scripted Stripe), period allocations in any order and repeated, and time passing (expiry).
 * After every run: no bucket ever below zero, the entries rebuild the stored balance, each
 * period is allocated and each purchase credited at most once, each consume key debits once.
 */
describe('credit ledger properties (seeded)', () => {
  let table: TableContext;
  beforeAll(async () => {
    table = await freshTable('credit-props');
  });

  it(`holds its invariants over ${RUNS} seeded runs (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (steps) => {
        let now = BASE + DAY;
        const ws = `ws_${randomUUID().slice(0, 8)}`;
        const ref = { projectId: PROJECT, workspaceId: ws };
        await workspaceRepository(table).upsert(
          PROJECT,
          ws,
          { name: 'P', email: 'p@example.com', country: 'US', currency: 'usd' },
          new Date(now).toISOString(),
        );
        const ports: CreditPorts = {
          credits: creditLedgerRepository(table),
          catalog: { forProject: async () => catalog },
          history: historyRepository(table),
          bus: memoryBus(),
          clock: () => new Date(now),
          graceDays: 7,
          backoff: async () => {},
        };
        const snapshot = (p: number): SubscriptionSnapshot =>
          subscriptionSnapshot({
            subscription_id: `sub_${ws}`,
            customer_id: 'cus_x',
            price_id: 'price_x',
            current_period_start: PERIODS[p].start,
            current_period_end: PERIODS[p].end,
          });
        await subscriptionRepository(table).putSubscriptionIfNewer(PROJECT, ws, {
          ...snapshot(2),
          current_period_start: PERIODS[0].start,
        });
        // A scripted Stripe: three paid packs of 1,000 credits for 1,000 cents, refunds as the steps make them.
        const refunds: Record<string, { amount: number; status: string }[]> = {};
        const paid = new Set<string>();
        const stripe = {
          paymentIntents: {
            retrieve: async (id: string) => ({
              id,
              status: paid.has(id) ? 'succeeded' : 'processing',
              amount_received: 1000,
              metadata: { workspace_id: ws, project_id: PROJECT, pack: 'credits_1000', credits: '1000' },
            }),
          },
          refunds: {
            list: ({ payment_intent }: { payment_intent: string }) => ({
              autoPagingToArray: async () => [...(refunds[payment_intent] ?? [])],
            }),
          },
        } as unknown as Stripe;
        const purchasePorts = { ...ports, stripe: async () => stripe };
        const run = async (o: Op) => {
          const intent = 'intent' in o ? `pi_${ws}_${o.intent}` : '';
          switch (o.kind) {
            case 'consume':
              return consumeCredits(ports, PROJECT, {
                workspace_id: ws,
                event_name: catalog.credit_events[o.event].name,
                quantity: o.quantity,
                idempotency_key: `k${o.key}`,
              }).catch((e: { statusCode?: number }) => {
                if (e.statusCode !== 402 && e.statusCode !== 409) throw e;
              });
            case 'pay':
              paid.add(intent);
              return syncPackPurchase(purchasePorts, ref, intent);
            case 'refund': {
              const list = (refunds[intent] ??= []);
              const left = 1000 - list.reduce((s, r) => s + r.amount, 0);
              if (left > 0) list.unshift({ amount: Math.min(left, o.amount), status: 'succeeded' });
              return syncPackPurchase(purchasePorts, ref, intent);
            }
            case 'allocate':
              return allocatePeriod(ports, ref, snapshot(o.period), `in_${o.period}`);
            case 'advance':
              now += o.days * DAY;
              return undefined;
          }
        };
        // As a client does: a 503 (DynamoDB Local swamped on a loaded machine) is retried as it was.
        const retrying = async (o: Op) => {
          for (let i = 1; ; i++) {
            try {
              return await run(o);
            } catch (e) {
              if ((e as { statusCode?: number }).statusCode !== 503 || i >= 30) throw e;
              await new Promise((r) => setTimeout(r, 200 * i));
            }
          }
        };
        for (const step of steps) await Promise.all(step.map(retrying));

        const entries = await ports.credits.allEntries(PROJECT, ws);
        const rebuilt = replay(entries);
        const state = (await ports.credits.read(PROJECT, ws)).state;
        expect(rebuilt.problems).toEqual([]);
        if (state)
          expect({ seq: state.seq, purchased: state.purchased, subscription: state.subscription }).toEqual({
            seq: rebuilt.seq,
            purchased: rebuilt.purchased,
            subscription: rebuilt.subscription,
          });
        const count = (type: string) => {
          const seen: Record<string, number> = {};
          for (const e of entries.filter((x) => x.type === type)) seen[e.reference] = (seen[e.reference] ?? 0) + 1;
          return seen;
        };
        for (const n of Object.values(count('allocated'))) expect(n).toBe(1);
        for (const n of Object.values(count('purchased'))) expect(n).toBe(1);
        // A consume writes one entry per bucket it takes from, all in one transaction (consecutive seqs).
        const byKey: Record<string, number[]> = {};
        for (const e of entries.filter((x) => x.type === 'consumed')) (byKey[e.reference] ??= []).push(e.seq);
        for (const seqs of Object.values(byKey))
          expect(seqs.length === 1 || (seqs.length === 2 && seqs[1] === seqs[0] + 1)).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
