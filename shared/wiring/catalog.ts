import { tableFromConfig } from '../adapters/dynamodb/client';
import { planCacheRepository } from '../adapters/dynamodb/repositories/plan-cache';
import { readPlans } from '../adapters/stripe/catalog-reader';
import { stripeFromConfig } from '../adapters/stripe/client';
import { stripeCall } from '../adapters/stripe/errors';
import { catalog } from '../domain/catalog/catalog';
import type { CatalogPorts, CatalogSource } from '../domain/catalog/ports';
import { lazy } from './lazy';

/** Plans from the table cache while fresh, else read from Stripe, the source of truth (and cached). */
export const catalogPorts = lazy(
  (): CatalogPorts => ({
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async () => stripeCall(async () => readPlans(await stripeFromConfig())),
    clock: () => new Date(),
  }),
);

/** Every project reads the catalog in code (shared/domain/catalog/catalog.ts). */
export const catalogSource = lazy((): CatalogSource => ({ forProject: async () => catalog }));
