import type { BillingEvent } from '#shared/domain/outbound/ports';
import { type BusEvent, type EventBusPort, envelope } from './bus';

/**
 * The billing event bus with webhook delivery attached: every event published goes to the bus
 * and, as one `event` message, to the webhook-deliveries queue, whose consumer fans it out to the
 * project's endpoints. Both get the same envelope (one id, one time). Both are tried; if either
 * fails the publish fails, so the caller's message is retried (subscribers and deliveries dedupe
 * by event id).
 */
export function withWebhookDelivery(
  bus: EventBusPort,
  queue: { publishEvents(events: BillingEvent[]): Promise<void> },
): EventBusPort {
  return {
    async publish(events: BusEvent[]) {
      const envelopes = events.map((e) => envelope(e));
      const results = await Promise.allSettled([bus.publish(envelopes), queue.publishEvents(envelopes)]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
}
