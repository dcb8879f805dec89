import { config } from '../config';
import { billingRepository } from './dynamodb/billing-repository';
import { tableFromConfig } from './dynamodb/client';
import { planCacheRepository } from './dynamodb/plan-cache-repository';
import { workspaceRepository } from './dynamodb/workspace-repository';
import { readPlans } from './stripe/catalog-reader';
import { stripeFromConfig } from './stripe/client';
import { stripeCall } from './stripe/errors';
import { listPlans } from '../domain/catalog/service';
import type { CatalogPorts } from '../domain/catalog/service';
import type { RecomputePorts } from '../domain/entitlements/service';
import type { SyncPorts } from '../domain/subscriptions/sync';
import { historyRepository } from './dynamodb/history-repository';
import { eventBusFromConfig } from './events/eventbridge';

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

/** Everything the Stripe sync and the subscription API need. */
export function syncPorts(): SyncPorts {
  const table = tableFromConfig();
  const catalog = catalogPorts();
  return {
    stripe: stripeFromConfig,
    billing: billingRepository(table),
    workspaces: workspaceRepository(table),
    history: historyRepository(table),
    bus: eventBusFromConfig(),
    plans: () => listPlans(catalog),
    recompute: recomputePorts(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
}
