import type { Plan } from '#shared/domain/catalog/plans';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import type { RecomputePorts } from './ports';
import { computeEntitlements, type EntitlementSnapshot } from './snapshot';

export type { RecomputePorts } from './ports';

/**
 * What the caller has just read itself and the recompute need not read again: the subscription
 * it wrote (`null`: none) and the plans it loaded.
 */
export interface LoadedInputs {
  subscription?: SubscriptionSnapshot | null;
  plans?: Plan[];
}

/** Rebuilds a workspace's entitlement snapshot from its subscription, the catalog and its grants. */
export async function recomputeEntitlements(
  ports: RecomputePorts,
  projectId: string,
  workspaceId: string,
  loaded: LoadedInputs = {},
): Promise<EntitlementSnapshot> {
  const [subscription, grants, plans] = await Promise.all([
    loaded.subscription !== undefined
      ? (loaded.subscription ?? undefined)
      : ports.billing.getSubscription(projectId, workspaceId),
    ports.billing.listGrants(projectId, workspaceId),
    loaded.plans ?? ports.plans(),
  ]);
  const snapshot = computeEntitlements({
    workspaceId,
    subscription,
    plans,
    grants,
    now: ports.clock(),
    graceDays: ports.graceDays,
  });
  await ports.billing.putEntitlements(projectId, workspaceId, snapshot);
  return snapshot;
}
