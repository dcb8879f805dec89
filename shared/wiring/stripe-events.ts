import { tableFromConfig } from '../adapters/dynamodb/client';
import { inboxRepository } from '../adapters/dynamodb/inbox-repository';
import { syncPorts } from '../adapters/wiring';
import { refreshPlans } from '../domain/catalog/listing';
import type { ProcessorPorts } from '../domain/webhooks/stripe-processor';
import { catalogPorts } from './catalog';
import { lazy } from './lazy';

/** The stripe-events consumer's domain ports: the Stripe sync, the inbox and the plan refresh. */
export const stripeEventPorts = lazy(
  (): ProcessorPorts => ({
    ...syncPorts(),
    inbox: inboxRepository(tableFromConfig()),
    refreshPlans: () => refreshPlans(catalogPorts()),
  }),
);
