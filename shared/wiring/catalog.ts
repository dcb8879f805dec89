import { randomUUID } from 'node:crypto';
import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { catalogPropagationRunRepository } from '#shared/adapters/dynamodb/repositories/catalog-propagation';
import { catalogUsageRepository } from '#shared/adapters/dynamodb/repositories/catalog-usage';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { projectWorkspaceRepository } from '#shared/adapters/dynamodb/repositories/project-workspaces';
import { queuePublisher, sqsFromConfig } from '#shared/adapters/sqs/client';
import { readPlans } from '#shared/adapters/stripe/catalog-reader';
import { stripeCatalogPlanner } from '#shared/adapters/stripe/catalog-sync';
import { stripeFromConfig, translatingStripeFromConfig } from '#shared/adapters/stripe/client';
import { stripeCall } from '#shared/adapters/stripe/errors';
import { config } from '#shared/config';
import { refreshPlans } from '#shared/domain/catalog/listing';
import type { CatalogPorts } from '#shared/domain/catalog/ports';
import { projectCatalog } from '#shared/domain/catalog/projects';
import { type PropagationPorts, startPropagation } from '#shared/domain/catalog/propagation';
import type { CatalogPushPorts } from '#shared/domain/catalog/push';
import { logger } from '#shared/observability/index';
import { catalogStore } from './catalog-source';
import { recomputePorts } from './entitlements';
import { lazy } from './lazy';

export { catalogSource, catalogStore, projectCatalogs } from './catalog-source';

/*
 * Per-project catalogs: the documents projects push, their plans as read from Stripe, pushing a
 * document, and the run that brings a change to every workspace of the project.
 */

/** A project's plans from the table cache while fresh, else read from Stripe, the source of truth (and cached). */
export const catalogPorts = lazy(
  (): CatalogPorts => ({
    planCache: planCacheRepository(tableFromConfig()),
    fetchPlans: async (projectId) => {
      const c = await projectCatalog(catalogStore(), projectId);
      return stripeCall(async () => readPlans(await stripeFromConfig(), { names: c.names, document: c.document }));
    },
    clock: () => new Date(),
  }),
);

export const propagationPorts = lazy(
  (): PropagationPorts => ({
    workspaces: projectWorkspaceRepository(tableFromConfig()),
    runs: catalogPropagationRunRepository(tableFromConfig()),
    queue: queuePublisher(sqsFromConfig(), config().CATALOG_QUEUE_URL),
    recompute: recomputePorts(),
    clock: () => new Date(),
    newId: () => `cpr_${randomUUID().replace(/-/g, '')}`,
  }),
);

/** Starts a propagation run for the project; without a catalog queue (a bare test setup) only the plans are refreshed. */
export async function propagateCatalog(projectId: string, reason: string): Promise<void> {
  if (!config().CATALOG_QUEUE_URL) {
    logger.warn('no catalog queue configured: existing workspaces keep their entitlements until recomputed', {
      project_id: projectId,
    });
    return;
  }
  await startPropagation(propagationPorts(), projectId, reason);
}

/** Pushing a catalog (the admin route and `npm run catalog`). */
export const catalogPushPorts = lazy(
  (): CatalogPushPorts => ({
    store: catalogStore(),
    stripe: stripeCatalogPlanner(translatingStripeFromConfig),
    usage: catalogUsageRepository(tableFromConfig()),
    refreshPlans: (projectId) => refreshPlans(catalogPorts(), projectId),
    propagate: propagateCatalog,
    clock: () => new Date(),
  }),
);
