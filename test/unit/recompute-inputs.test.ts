import { describe, expect, it } from 'vitest';
import { catalogPlans } from '#shared/domain/catalog/cached-plans';
import { type RecomputePorts, recomputeEntitlements } from '#shared/domain/entitlements/recompute';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { subscriptionSnapshot } from '../support/snapshots';

const NOW = new Date('2026-11-20T10:00:00.000Z');

/** Recompute ports over memory, counting what is read. */
function ports(stored = subscriptionSnapshot({ plan: 'free' })) {
  const reads: string[] = [];
  const written: EntitlementSnapshot[] = [];
  const p: RecomputePorts = {
    billing: {
      getSubscription: async () => (reads.push('subscription'), stored),
      listGrants: async () => (reads.push('grants'), []),
      putEntitlements: async (_p, _w, s) => void written.push(s),
    },
    plans: async () => (reads.push('plans'), catalogPlans()),
    clock: () => NOW,
    graceDays: 7,
  };
  return { p, reads, written };
}

describe('the entitlement recompute', () => {
  it('takes the subscription and plans its caller has just loaded instead of reading them again', async () => {
    // Prepare
    const { p, reads, written } = ports();
    // Act
    await recomputeEntitlements(p, 'p1', 'ws_1', {
      subscription: subscriptionSnapshot({ plan: 'pro' }),
      plans: catalogPlans(),
    });
    // Assess
    expect(reads).toEqual(['grants']);
    expect(written[0]).toMatchObject({ plan: 'pro', plan_source: 'subscription' });
  });

  it('reads what it is not given, and takes `null` for "no subscription"', async () => {
    // Prepare
    const stored = ports();
    const none = ports();
    // Act
    await recomputeEntitlements(stored.p, 'p1', 'ws_1');
    await recomputeEntitlements(none.p, 'p1', 'ws_1', { subscription: null });
    // Assess
    expect(stored.reads.sort()).toEqual(['grants', 'plans', 'subscription']);
    expect(stored.written[0]).toMatchObject({ plan: 'free' });
    expect(none.reads.sort()).toEqual(['grants', 'plans']);
    expect(none.written[0]).toMatchObject({ plan_source: 'default', subscription_status: null });
  });
});
