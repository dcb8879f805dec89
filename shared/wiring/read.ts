import { tableFromConfig } from '../adapters/dynamodb/client';
import { planCacheRepository } from '../adapters/dynamodb/repositories/plan-cache';
import { usageCounterRepository } from '../adapters/dynamodb/repositories/usage-counters';
import { usageRecordRepository } from '../adapters/dynamodb/repositories/usage-records';
import { workspaceCollectionRepository } from '../adapters/dynamodb/repositories/workspace-collection';
import { projectSettingsRepository } from '../adapters/dynamodb/repositories/project-settings';
import { implicitWorkspaces } from '../domain/workspaces/implicit';
import { config } from '../config';
import { cachedPlanLoader, catalogPlans } from '../domain/catalog/cached-plans';
import { PLAN_CACHE_TTL_MS } from '../domain/catalog/listing';
import { cachedProjectCatalogs } from '../domain/catalog/projects';
import { catalogRepository } from '../adapters/dynamodb/repositories/catalogs';
import type { EntitlementReadPorts, PlanLoader } from '../domain/entitlements/ports';
import type { UsageExplorerPorts, UsageReadPorts } from '../domain/usage/ports';
import { lazy } from './lazy';

/*
 * The read paths' ports: the entitlement checks and the usage report. They read the table only
 * and never call Stripe, so nothing here may import the Stripe SDK, even transitively (the
 * entitlement functions' bundles are checked for it in test/infra/bundles.test.ts).
 */

/** Plans without Stripe: the project's plan cache in the table, else its catalog document; kept per container. */
export const readPlans = lazy((): PlanLoader => {
  const cache = planCacheRepository(tableFromConfig());
  const catalogs = cachedProjectCatalogs(catalogRepository(tableFromConfig()));
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
    reads: workspaceCollectionRepository(tableFromConfig()),
    plans: readPlans(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
    implicitWorkspaces: (projectId) => implicitWorkspaces({ settings: projectSettingsRepository(tableFromConfig()) }, projectId),
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

/** The usage report's ports and the event explorer's record reads. */
export const usageExplorerPorts = lazy((): UsageExplorerPorts => ({ ...usageReadPorts(), events: usageRecordRepository(tableFromConfig()) }));
