import { tableFromConfig } from '../../adapters/dynamodb/client';
import { entitlementReadRepository } from '../../adapters/dynamodb/entitlement-read-repository';
import { config } from '../../config';
import { cachedPlanLoader } from './catalog-plans';
import type { EntitlementReadPorts } from './read';

let shared: EntitlementReadPorts | undefined;

/**
 * The read paths' ports, composed once per container. Kept apart from adapters/wiring.ts on
 * purpose: that module reaches the Stripe SDK, and the entitlement functions must not bundle it.
 */
export function entitlementReadPorts(): EntitlementReadPorts {
  if (!shared) {
    const reads = entitlementReadRepository(tableFromConfig());
    shared = { reads, plans: cachedPlanLoader(reads.cachedPlans), clock: () => new Date(), graceDays: config().PAST_DUE_GRACE_DAYS };
  }
  return shared;
}
