import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { catalogRepository } from '#shared/adapters/dynamodb/repositories/catalogs';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { stripeFromConfig } from '#shared/adapters/stripe/client';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import { config } from '#shared/config';
import { cachedProjectCatalogs } from '#shared/domain/catalog/projects';
import type { UsagePorts } from '#shared/domain/usage/ports';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';
import { readPlans } from './read';

const projectCatalogs = lazy(() => cachedProjectCatalogs(catalogRepository(tableFromConfig())));

/** Counting usage (the usage-events consumer and the synchronous API): the table, the Stripe meter, the bus. */
export const usagePorts = lazy(
  (): UsagePorts => ({
    store: usageStore(tableFromConfig()),
    meters: stripeMeterSink(stripeFromConfig),
    bus: eventBusFromConfig(),
    clock: () => new Date(),
    plans: readPlans(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
    meterEventName: async (projectId, meter) => (await projectCatalogs()(projectId)).names.meterEventName(meter),
    implicit: implicitPorts(),
  }),
);
