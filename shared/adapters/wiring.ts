import { config } from '../config';
import { billingRepository } from './dynamodb/billing-repository';
import { tableFromConfig } from './dynamodb/client';
import { planCacheRepository } from './dynamodb/plan-cache-repository';
import { workspaceRepository } from './dynamodb/workspace-repository';
import { readPlans } from './stripe/catalog-reader';
import { stripeFromConfig } from './stripe/client';
import { listPlans } from '../domain/catalog/service';
import type { CatalogPorts } from '../domain/catalog/service';
import type { RecomputePorts } from '../domain/entitlements/service';

/**
 * Real adapters, composed once per container. Handlers take what they need from here so the
 * wiring of a port lives in one place; tests build the same port objects over local servers.
 */
export function catalogPorts(): CatalogPorts {
  return {
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async () => readPlans(await stripeFromConfig()),
    clock: () => new Date(),
  };
}

export function recomputePorts(): RecomputePorts {
  const catalog = catalogPorts();
  return {
    billing: billingRepository(tableFromConfig()),
    plans: () => listPlans(catalog),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
}

export const repositories = () => ({
  workspaces: workspaceRepository(tableFromConfig()),
  billing: billingRepository(tableFromConfig()),
});
