import { tableFromConfig } from '../../adapters/dynamodb/client';
import { usageRepository } from '../../adapters/dynamodb/usage-repository';
import { config } from '../../config';
import { cachedPlanLoader } from '../entitlements/catalog-plans';
import type { UsagePorts } from './ports';

/** The usage report reads the table only; kept apart from wiring.ts so no Stripe SDK is bundled. */
export function usageReadPortsFromConfig(): Pick<UsagePorts, 'store' | 'plans' | 'clock' | 'graceDays'> {
  const store = usageRepository(tableFromConfig());
  return { store, plans: cachedPlanLoader(store.cachedPlans), clock: () => new Date(), graceDays: config().PAST_DUE_GRACE_DAYS };
}
