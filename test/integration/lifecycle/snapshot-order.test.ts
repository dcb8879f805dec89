import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type SubscriptionRepository,
  subscriptionRepository,
} from '#shared/adapters/dynamodb/repositories/subscriptions';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { freshTable } from '../../support/local';
import { subscriptionSnapshot } from '../../support/snapshots';

const STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'unpaid'] as const;
const PLANS = ['free', 'pro', 'enterprise'] as const;

/** A stream of states of one subscription as Stripe would have produced them, in order. */
const stateStream = fc
  .array(
    fc.record({
      status: fc.constantFrom(...STATUSES),
      plan: fc.constantFrom(...PLANS),
      cancel: fc.boolean(),
      seats: fc.integer({ min: 1, max: 50 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((states) =>
    states.map(
      (s, i): SubscriptionSnapshot =>
        subscriptionSnapshot({
          status: s.status,
          plan: s.plan,
          seats: s.seats,
          cancel_at_period_end: s.cancel,
          version: 1_700_000_000_000 + i * 1000,
        }),
    ),
  );

describe('subscription snapshots follow the newest state whatever the delivery order', () => {
  let repo: SubscriptionRepository;
  beforeAll(async () => {
    repo = subscriptionRepository(await freshTable('order'));
  });

  it('duplicated and shuffled deliveries end on the same snapshot as the in-order stream (DynamoDB conditions)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        stateStream,
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }),
        fc.infiniteStream(fc.nat()),
        async (states, copies, randoms) => {
          // Prepare: each state delivered 1-3 times, then the whole delivery shuffled.
          const ws = `ws_${run++}`;
          const deliveries = states.flatMap((s, i) => Array.from({ length: copies[i] }, () => s));
          const it = randoms[Symbol.iterator]();
          for (let i = deliveries.length - 1; i > 0; i--) {
            const j = it.next().value % (i + 1);
            [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
          }
          // Act
          for (const d of deliveries) await repo.putSubscriptionIfNewer('p', ws, d);
          // Assess
          expect(await repo.getSubscription('p', ws)).toEqual(states[states.length - 1]);
        },
      ),
      { numRuns: 60, seed: 20261121 },
    );
  });
});
