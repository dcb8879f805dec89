import * as z from 'zod';
import { tableFromConfig } from '../../shared/adapters/dynamodb/client';
import { inboxRepository } from '../../shared/adapters/dynamodb/inbox-repository';
import { catalogPorts, syncPorts } from '../../shared/adapters/wiring';
import { refreshPlans } from '../../shared/domain/catalog/service';
import { processStripeEvent } from '../../shared/domain/webhooks/stripe-processor';
import { sqsHandler } from '../../shared/sqs/consumer';

const ports = {
  ...syncPorts(),
  inbox: inboxRepository(tableFromConfig()),
  refreshPlans: () => refreshPlans(catalogPorts()),
};

export const handler = sqsHandler({
  queue: 'stripe-events',
  schema: z.object({ provider: z.literal('stripe'), event_id: z.string().min(1).max(255), replay: z.boolean().optional() }),
  handle: (m) => processStripeEvent(ports, m.body.event_id, { force: m.body.replay }),
});
