import * as z from 'zod';
import { processStripeEvent } from '../../shared/domain/webhooks/stripe/process';
import { sqsHandler } from '../../shared/sqs/consumer';
import { stripeEventPorts } from '../../shared/wiring/billing';

export const handler = sqsHandler({
  queue: 'stripe-events',
  schema: z.object({ provider: z.literal('stripe'), event_id: z.string().min(1).max(255), replay: z.boolean().optional() }),
  handle: (m) => processStripeEvent(stripeEventPorts(), m.body.event_id, { force: m.body.replay }),
});
