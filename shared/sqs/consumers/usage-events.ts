import { UsageEventMessage } from '#shared/domain/usage/event';
import { ingestUsageBatch } from '#shared/domain/usage/ingest/batch';
import type { SnapshotPredictions } from '#shared/domain/usage/ingest/plan';
import type { UsagePorts } from '#shared/domain/usage/ports';
import { type ConsumerPorts, type PortSource, resolvePorts, sqsBatchHandler } from '#shared/sqs/consumer';

/**
 * The usage-events consumer: SQS bodies parsed against the published contract (a body that can
 * never parse is recorded as poison by the wrapper), then counted by `ingestUsageBatch`, whose
 * failed and poison message ids become the partial batch response.
 */
export function usageEventsConsumer(
  ports: PortSource<UsagePorts>,
  opts: { consumer: PortSource<ConsumerPorts>; predictions?: SnapshotPredictions },
) {
  return sqsBatchHandler({
    queue: 'usage-events',
    schema: UsageEventMessage,
    ports: opts.consumer,
    handleBatch: (messages) => {
      const usage = resolvePorts(ports);
      return ingestUsageBatch(
        usage,
        messages.map((m) => ({
          messageId: m.messageId,
          body: m.body,
          // A producer that sends no timestamp means "now": the moment SQS accepted the message,
          // which stays the same across redeliveries.
          receivedAt: new Date(Number(m.record.attributes?.SentTimestamp ?? usage.clock().getTime())),
        })),
        { predictions: opts.predictions },
      );
    },
  });
}
