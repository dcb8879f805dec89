import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { eventBusFromConfig } from '#shared/adapters/events/eventbridge';
import { stripeFromConfig } from '#shared/adapters/stripe/client';
import { stripeMeterSink } from '#shared/adapters/stripe/meter-events';
import { config } from '#shared/config';
import type { UsagePorts } from '#shared/domain/usage/ports';
import { catalogMeters, projectCatalogs } from './catalog-source';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';
import { readPlans } from './read';

/** Counting usage (the usage-events consumer and the synchronous API): the table, the Stripe meter, the bus. */
export const usagePorts = lazy(
  (): UsagePorts => ({
    store: usageStore(tableFromConfig()),
    meters: stripeMeterSink(stripeFromConfig),
    bus: eventBusFromConfig(),
    clock: () => new Date(),
    plans: readPlans(),
    graceDays: config().PAST_DUE_GRACE_DAYS,
    catalogMeters: catalogMeters(),
    meterEventName: async (projectId, meter) => (await projectCatalogs()(projectId)).names.meterEventName(meter),
    implicit: implicitPorts(),
  }),
);
