import { tableFromConfig } from '../../adapters/dynamodb/client';
import { usageRepository } from '../../adapters/dynamodb/usage-repository';
import { eventBusFromConfig } from '../../adapters/events/eventbridge';
import { stripeMeterSink } from '../../adapters/stripe/meter-events';
import { stripeFromConfig } from '../../adapters/stripe/client';
import { config } from '../../config';
import { cachedPlanLoader } from '../entitlements/catalog-plans';
import type { UsagePorts } from './ports';

let shared: UsagePorts | undefined;

/** Real adapters for counting usage, composed once per container (the consumer and the sync API). */
export function usagePortsFromConfig(): UsagePorts {
  if (!shared) {
    const store = usageRepository(tableFromConfig());
    shared = {
      store,
      meters: stripeMeterSink(stripeFromConfig),
      bus: eventBusFromConfig(),
      clock: () => new Date(),
      plans: cachedPlanLoader(store.cachedPlans),
      graceDays: config().PAST_DUE_GRACE_DAYS,
    };
  }
  return shared;
}
