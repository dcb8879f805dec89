import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { OutboundMessage } from '#shared/domain/outbound/messages';
import type { AttemptMessage, BillingEvent, DeliveryQueue } from '#shared/domain/outbound/ports';

/** SQS delays a message by 15 minutes at most; longer backoffs hop (shared/domain/outbound/attempt.ts). */
export const MAX_SQS_DELAY_SECONDS = 900;

async function sendAll(
  client: SQSClient,
  queueUrl: string,
  bodies: OutboundMessage[],
  delaySeconds = 0,
): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const chunk = bodies.slice(i, i + 10);
    let pending = chunk.map((b, j) => ({
      Id: String(j),
      MessageBody: JSON.stringify(b),
      DelaySeconds: Math.min(MAX_SQS_DELAY_SECONDS, Math.max(0, Math.round(delaySeconds))),
    }));
    // A batch can partly fail (throttling): only the failed entries are sent again.
    for (let attempt = 1; pending.length; attempt++) {
      const r = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }));
      const failed = new Set((r.Failed ?? []).map((f) => f.Id));
      pending = pending.filter((e) => failed.has(e.Id));
      if (pending.length && attempt >= 3) throw new Error(`SQS refused ${pending.length} message(s) for ${queueUrl}`);
    }
  }
}

/** The webhook-deliveries queue: attempts of deliveries, and billing events to fan out. */
export function deliveryQueue(client: SQSClient, queueUrl: string) {
  return {
    async schedule(messages: AttemptMessage[], delaySeconds: number) {
      await sendAll(client, queueUrl, messages, delaySeconds);
    },
    async publishEvents(events: BillingEvent[]) {
      await sendAll(
        client,
        queueUrl,
        events.map((event) => ({ kind: 'event' as const, event })),
      );
    },
  } satisfies DeliveryQueue & { publishEvents(events: BillingEvent[]): Promise<void> };
}
