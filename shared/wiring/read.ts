import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { usageCounterRepository } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { config } from '#shared/config';
import { cachedPlanLoader } from '#shared/domain/catalog/cached-plans';
import type { EntitlementReadPorts, PlanLoader } from '#shared/domain/entitlements/ports';
import type { UsageReadPorts } from '#shared/domain/usage/ports';
import { lazy } from './lazy';

/*
 * The read paths' ports: the entitlement checks and the usage report. They read the table only
 * and never call Stripe, so nothing here may import the Stripe SDK, even transitively (the
 * entitlement functions' bundles are checked for it in test/infra/bundles.test.ts).
 */

/** Plans without Stripe: the table's plan cache, else the catalog in code; kept per container. */
export const readPlans = lazy((): PlanLoader => {
  const cache = planCacheRepository(tableFromConfig());
  return cachedPlanLoader(async () => (await cache.get())?.plans);
});

export const entitlementReadPorts = lazy(
  (): EntitlementReadPorts => ({
    reads: workspaceCollectionRepository(tableFromConfig()),
    plans: readPlans(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  }),
);

export const usageReadPorts = lazy((): UsageReadPorts => {
  const table = tableFromConfig();
  return {
    store: { ...workspaceCollectionRepository(table), ...usageCounterRepository(table) },
    plans: readPlans(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
});
