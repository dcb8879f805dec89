import { config } from '../config';
import { billingRepository } from './dynamodb/billing-repository';
import { tableFromConfig } from './dynamodb/client';
import { workspaceRepository } from './dynamodb/repositories/workspaces';
import { stripeFromConfig } from './stripe/client';
import { listPlans } from '../domain/catalog/listing';
import type { SyncPorts } from '../domain/subscriptions/sync';
import { historyRepository } from './dynamodb/history-repository';
import { eventBusFromConfig } from './events/eventbridge';
import { catalogPorts } from '../wiring/catalog';
import { recomputePorts } from '../wiring/entitlements';

/**
 * Real adapters, composed once per container. Handlers take what they need from here so the
 * wiring of a port lives in one place; tests build the same port objects over local servers.
 * (The catalog, entitlement, usage, workspace and consumer port sets live in shared/wiring/.)
 */

/** Everything the Stripe sync and the subscription API need. */
export function syncPorts(): SyncPorts {
  const table = tableFromConfig();
  return {
    stripe: stripeFromConfig,
    billing: billingRepository(table),
    workspaces: workspaceRepository(table),
    history: historyRepository(table),
    bus: eventBusFromConfig(),
    plans: () => listPlans(catalogPorts()),
    recompute: recomputePorts(),
    clock: () => new Date(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
  };
}
