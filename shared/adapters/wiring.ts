import { config } from '../config';
import { tableFromConfig } from './dynamodb/client';
import { planCacheRepository } from './dynamodb/plan-cache-repository';
import { entitlementSnapshotRepository } from './dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from './dynamodb/repositories/grants';
import { subscriptionRepository } from './dynamodb/repositories/subscriptions';
import { workspaceRepository } from './dynamodb/workspace-repository';
import { readPlans } from './stripe/catalog-reader';
import { stripeFromConfig } from './stripe/client';
import { stripeCall } from './stripe/errors';
import { listPlans } from '../domain/catalog/service';
import type { CatalogPorts } from '../domain/catalog/service';
import type { RecomputePorts } from '../domain/entitlements/recompute';

/**
 * Real adapters, composed once per container. Handlers take what they need from here so the
 * wiring of a port lives in one place; tests build the same port objects over local servers.
 */
export function catalogPorts(): CatalogPorts {
  return {
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async () => stripeCall(async () => readPlans(await stripeFromConfig())),
    clock: () => new Date(),
  };
}

export function recomputePorts(): RecomputePorts {
  const catalog = catalogPorts();
  const table = tableFromConfig();
  const subscriptions = subscriptionRepository(table);
  const grants = grantRepository(table);
  const snapshots = entitlementSnapshotRepository(table);
  return {
    billing: { getSubscription: subscriptions.getSubscription, listGrants: grants.listGrants, putEntitlements: snapshots.putEntitlements },
    plans: () => listPlans(catalog),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
}

export const repositories = () => ({
  workspaces: workspaceRepository(tableFromConfig()),
  billing: grantRepository(tableFromConfig()),
});
