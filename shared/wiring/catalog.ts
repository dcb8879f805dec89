import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { readPlans } from '#shared/adapters/stripe/catalog-reader';
import { stripeFromConfig } from '#shared/adapters/stripe/client';
import { stripeCall } from '#shared/adapters/stripe/errors';
import type { CatalogPorts } from '#shared/domain/catalog/ports';
import { lazy } from './lazy';

/** Plans from the table cache while fresh, else read from Stripe, the source of truth (and cached). */
export const catalogPorts = lazy(
  (): CatalogPorts => ({
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async () => stripeCall(async () => readPlans(await stripeFromConfig())),
    clock: () => new Date(),
  }),
);

export { catalogSource } from './catalog-source';
