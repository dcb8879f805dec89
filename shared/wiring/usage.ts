import { tableFromConfig } from '../adapters/dynamodb/client';
import { usageStore } from '../adapters/dynamodb/repositories/usage-store';
import { eventBusFromConfig } from '../adapters/events/eventbridge';
import { stripeFromConfig } from '../adapters/stripe/client';
import { stripeMeterSink } from '../adapters/stripe/meter-events';
import { config } from '../config';
import type { UsagePorts } from '../domain/usage/ports';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';
import { readPlans } from './read';
import { cachedProjectCatalogs } from '../domain/catalog/projects';
import { catalogRepository } from '../adapters/dynamodb/repositories/catalogs';

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
