import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { awsRequestHandler, reportOutagesAs } from '#shared/adapters/outages';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { deliveryQueue } from '#shared/adapters/sqs/delivery-queue';
import { config } from '#shared/config';
import { AWS_CLIENT } from '#shared/time-budgets';
import { type BusEvent, type EventBusPort, envelope, logBus } from './bus';
import { withWebhookDelivery } from './outbound-bus';

/** PutEvents takes at most 10 entries per call. */
const CHUNK = 10;
const ATTEMPTS = 4;

/**
 * PutEvents in chunks of 10. PutEvents can accept some entries of a call and reject others
 * (throttling, internal errors); only the rejected ones are sent again, with backoff. If some
 * still fail, the call throws so the caller's message is retried; subscribers dedupe by `id`.
 */
export function eventBridgeBus(
  client: EventBridgeClient,
  busName: string,
  opts: { sleep?: (ms: number) => Promise<void>; now?: () => Date } = {},
): EventBusPort {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const toEntry = (e: BusEvent): PutEventsRequestEntry => {
    const env = envelope(e, opts.now);
    return {
      EventBusName: busName,
      Source: 'tollgate',
      DetailType: env.type,
      Detail: JSON.stringify(env),
      Time: new Date(env.occurred_at),
    };
  };
  return {
    async publish(events) {
      for (let i = 0; i < events.length; i += CHUNK) {
        let pending = events.slice(i, i + CHUNK).map(toEntry);
        for (let attempt = 1; pending.length; attempt++) {
          const r = await client.send(new PutEventsCommand({ Entries: pending }));
          if (!r.FailedEntryCount) break;
          const failed = pending.filter((_, j) => r.Entries?.[j]?.ErrorCode);
          if (attempt >= ATTEMPTS) {
            const codes = [...new Set(r.Entries?.map((x) => x.ErrorCode).filter(Boolean))].join(', ');
            throw new Error(`EventBridge rejected ${failed.length} event(s): ${codes}`);
          }
          pending = failed;
          await sleep(100 * 2 ** attempt * (0.5 + Math.random() / 2));
        }
      }
    },
  };
}

let shared: EventBusPort | undefined;
export function eventBusFromConfig(): EventBusPort {
  if (!shared) {
    const c = config();
    const client = () =>
      reportOutagesAs(
        new EventBridgeClient({
          region: c.AWS_REGION,
          maxAttempts: AWS_CLIENT.maxAttempts,
          requestHandler: awsRequestHandler(),
        }),
        'EventBridge',
      );
    const bus = c.EVENT_BUS_NAME ? eventBridgeBus(client(), c.EVENT_BUS_NAME) : logBus;
    // Outbound webhooks: every published event is also fanned out to the project's endpoints.
    shared = c.OUTBOUND_QUEUE_URL
      ? withWebhookDelivery(
          bus,
          deliveryQueue(createSqsClient({ endpoint: c.SQS_ENDPOINT, region: c.AWS_REGION }), c.OUTBOUND_QUEUE_URL),
        )
      : bus;
  }
  return shared;
}
