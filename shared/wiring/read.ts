import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { projectSettingsRepository } from '#shared/adapters/dynamodb/repositories/project-settings';
import { usageCounterRepository } from '#shared/adapters/dynamodb/repositories/usage-counters';
import { usageRecordRepository } from '#shared/adapters/dynamodb/repositories/usage-records';
import { workspaceCollectionRepository } from '#shared/adapters/dynamodb/repositories/workspace-collection';
import { config } from '#shared/config';
import { cachedPlanLoader, catalogPlans } from '#shared/domain/catalog/cached-plans';
import { PLAN_CACHE_TTL_MS } from '#shared/domain/catalog/listing';
import type { EntitlementReadPorts, PlanLoader } from '#shared/domain/entitlements/ports';
import type { UsageExplorerPorts, UsageReadPorts } from '#shared/domain/usage/ports';
import { implicitWorkspaces } from '#shared/domain/workspaces/implicit';
import { catalogMeters, projectCatalogs } from './catalog-source';
import { lazy } from './lazy';

/*
 * The read paths' ports: the entitlement checks and the usage report. They read the table only
 * and never call Stripe, so nothing here may import the Stripe SDK, even transitively (the
 * entitlement functions' bundles are checked for it in test/infra/bundles.test.ts).
 */

/** Plans without Stripe: the project's plan cache in the table, else its catalog document; kept per container. */
export const readPlans = lazy((): PlanLoader => {
  const cache = planCacheRepository(tableFromConfig());
  const catalogs = projectCatalogs();
  return cachedPlanLoader(
    async (projectId) => (await cache.get(projectId))?.plans,
    () => new Date(),
    PLAN_CACHE_TTL_MS,
    async (projectId) => {
      const c = await catalogs(projectId);
      return catalogPlans(c.document, c.names);
    },
  );
});

export const entitlementReadPorts = lazy(
  (): EntitlementReadPorts => ({
    reads: { ...workspaceCollectionRepository(tableFromConfig()), ...usageCounterRepository(tableFromConfig()) },
    plans: readPlans(),
    catalogMeters: catalogMeters(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
    implicitWorkspaces: (projectId) =>
      implicitWorkspaces({ settings: projectSettingsRepository(tableFromConfig()) }, projectId),
  }),
);

export const usageReadPorts = lazy((): UsageReadPorts => {
  const table = tableFromConfig();
  return {
    store: { ...workspaceCollectionRepository(table), ...usageCounterRepository(table) },
    plans: readPlans(),
    catalogMeters: catalogMeters(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
});

/** The usage report's ports and the event explorer's record reads. */
export const usageExplorerPorts = lazy(
  (): UsageExplorerPorts => ({ ...usageReadPorts(), events: usageRecordRepository(tableFromConfig()) }),
);
