import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { catalogRepository } from '#shared/adapters/dynamodb/repositories/catalogs';
import type { CatalogSource } from '#shared/domain/catalog/ports';
import { cachedProjectCatalogs } from '#shared/domain/catalog/projects';
import type { MeterSource } from '#shared/domain/metering/meters';
import { lazy } from './lazy';

/* The catalog documents projects pushed, read from the table only (no Stripe SDK). */

export const catalogStore = lazy(() => catalogRepository(tableFromConfig()));

/** Each project's catalog (its own, else the built-in one) and its Stripe names, kept per container for 30 s. */
export const projectCatalogs = lazy(() => cachedProjectCatalogs(catalogStore()));

export const catalogSource = lazy(
  (): CatalogSource => ({ forProject: async (projectId) => (await projectCatalogs()(projectId)).document }),
);

/** Each project's meters, from the same kept catalogs (`fresh`: read from the table again). */
export const catalogMeters = lazy(
  (): MeterSource => async (projectId, opts) => (await projectCatalogs()(projectId, opts)).document.meters,
);
