import { catalog } from '#shared/domain/catalog/catalog';
import type { CatalogSource } from '#shared/domain/catalog/ports';
import { lazy } from './lazy';

/** Every project reads the catalog in code (shared/domain/catalog/catalog.ts); no Stripe SDK here. */
export const catalogSource = lazy((): CatalogSource => ({ forProject: async () => catalog }));
