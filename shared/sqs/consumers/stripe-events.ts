import * as z from 'zod';
import type { StripeEventPorts } from '#shared/domain/webhooks/ports';
import { processStripeEvent } from '#shared/domain/webhooks/stripe/process';
import { type ConsumerPorts, type PortSource, resolvePorts, sqsHandler } from '#shared/sqs/consumer';

/** What the Stripe webhook receiver (and a replay) puts on the stripe-events queue: the inbox id. */
export const StripeEventMessage = z.object({
  provider: z.literal('stripe'),
  event_id: z.string().min(1).max(255),
  replay: z.boolean().optional(),
});

/** The stripe-events consumer: each stored Stripe event processed on its own. */
export function stripeEventsConsumer(
  ports: PortSource<StripeEventPorts>,
  opts: { consumer: PortSource<ConsumerPorts> },
) {
  return sqsHandler({
    queue: 'stripe-events',
    schema: StripeEventMessage,
    ports: opts.consumer,
    handle: (m) => processStripeEvent(resolvePorts(ports), m.body.event_id, { force: m.body.replay }),
  });
}
