import type { RecomputePorts } from './ports';
import { computeEntitlements, type EntitlementSnapshot } from './snapshot';

export type { RecomputePorts } from './ports';

/** Rebuilds a workspace's entitlement snapshot from its subscription, the catalog and its grants. */
export async function recomputeEntitlements(ports: RecomputePorts, projectId: string, workspaceId: string): Promise<EntitlementSnapshot> {
  const [subscription, grants, plans] = await Promise.all([
    ports.billing.getSubscription(projectId, workspaceId),
    ports.billing.listGrants(projectId, workspaceId),
    ports.plans(),
  ]);
  const snapshot = computeEntitlements({ workspaceId, subscription, plans, grants, now: ports.clock(), graceDays: ports.graceDays });
  await ports.billing.putEntitlements(projectId, workspaceId, snapshot);
  return snapshot;
}
