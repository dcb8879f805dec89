import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { type Allocation, allocationMovements } from './ledger';
import { changeLedger } from './movements';
import type { CreditPorts } from './ports';

/** A paid period's (or a trial's) allocation is known by its subscription and its start. */
export const periodAllocation = (
  s: Pick<SubscriptionSnapshot, 'subscription_id' | 'current_period_start' | 'current_period_end'>,
): Allocation => ({
  key: `${s.subscription_id}:${s.current_period_start}`,
  start: s.current_period_start,
  end: s.current_period_end,
});

/**
 * Allocates the plan's `credits_per_period` for the subscription's current period, once: when
 * Stripe says the period's invoice is paid, or the trial starts. Duplicated, reordered or late
 * events change nothing (the period's marker exists, the bucket holds a later period, or the
 * period is over). What the previous allocation left expires first.
 */
export async function allocatePeriod(
  ports: CreditPorts,
  ref: WorkspaceRef,
  snapshot: SubscriptionSnapshot,
  reference: string,
  occurredAt?: string,
): Promise<{ allocated: number }> {
  const period = periodAllocation(snapshot);
  const markerId = `alloc#${period.key}`;
  return changeLedger(
    ports,
    ref,
    async (view) => {
      const plan = view.catalog.plans.find((p) => p.key === snapshot.plan);
      const credits = plan?.credits_per_period ?? 0;
      const planned = allocationMovements(view.state, period, credits, view.now);
      if (!planned) return { movements: [], result: () => ({ allocated: 0 }) };
      const movements = planned.movements.map((m) => (m.type === 'allocated' ? { ...m, reference } : m));
      return {
        movements,
        patch: { allocation: planned.allocation },
        markers: [
          { op: 'create', marker: { id: markerId, rev: 1, data: { reference, credits, plan: snapshot.plan } } },
        ],
        result: () => ({ allocated: credits }),
      };
    },
    () => ({ allocated: 0 }),
    { occurredAt },
  );
}
