import { tableFromConfig } from '../adapters/dynamodb/client';
import { planCacheRepository } from '../adapters/dynamodb/repositories/plan-cache';
import { readPlans } from '../adapters/stripe/catalog-reader';
import { stripeFromConfig } from '../adapters/stripe/client';
import { stripeCall } from '../adapters/stripe/errors';
import type { CatalogPorts } from '../domain/catalog/ports';
import { lazy } from './lazy';

/** Plans from the table cache while fresh, else read from Stripe, the source of truth (and cached). */
export const catalogPorts = lazy(
  (): CatalogPorts => ({
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async () => stripeCall(async () => readPlans(await stripeFromConfig())),
    clock: () => new Date(),
  }),
);
