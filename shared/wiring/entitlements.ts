import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { config } from '#shared/config';
import { listPlans } from '#shared/domain/catalog/listing';
import type { GrantPorts, RecomputePorts } from '#shared/domain/entitlements/ports';
import { catalogPorts } from './catalog';
import { catalogMeters } from './catalog-source';
import { lazy } from './lazy';

/** Rebuilding a snapshot: the subscription, grants and the plans (from Stripe when the cache is stale). */
export const recomputePorts = lazy((): RecomputePorts => {
  const table = tableFromConfig();
  const subscriptions = subscriptionRepository(table);
  const grants = grantRepository(table);
  const snapshots = entitlementSnapshotRepository(table);
  return {
    billing: {
      getSubscription: subscriptions.getSubscription,
      listGrants: grants.listGrants,
      putEntitlements: snapshots.putEntitlements,
    },
    plans: (projectId) => listPlans(catalogPorts(), projectId),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
});

/** Admin grants: each write recomputes the workspace's snapshot. */
export const grantPorts = lazy(
  (): GrantPorts => ({
    billing: grantRepository(tableFromConfig()),
    workspaces: workspaceRepository(tableFromConfig()),
    catalogMeters: catalogMeters(),
    recompute: recomputePorts(),
    clock: () => new Date(),
  }),
);
