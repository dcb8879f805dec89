import { sqsBatchHandler, type ConsumerPorts } from '../../sqs/consumer';
import { UsageEventMessage } from './event';
import { ingestUsageBatch, type SnapshotPredictions } from './ingest';
import type { UsagePorts } from './ports';

/**
 * The usage-events consumer: SQS bodies parsed against the published contract (a body that can
 * never parse is recorded as poison by the wrapper), then counted by `ingestUsageBatch`, whose
 * failed and poison message ids become the partial batch response.
 */
export function usageEventsConsumer(ports: UsagePorts, opts: { consumer?: Partial<ConsumerPorts>; predictions?: SnapshotPredictions } = {}) {
  return sqsBatchHandler({
    queue: 'usage-events',
    schema: UsageEventMessage,
    ports: opts.consumer,
    handleBatch: (messages) =>
      ingestUsageBatch(
        ports,
        messages.map((m) => ({
          messageId: m.messageId,
          body: m.body,
          // A producer that sends no timestamp means "now": the moment SQS accepted the message,
          // which stays the same across redeliveries.
          receivedAt: new Date(Number(m.record.attributes?.SentTimestamp ?? ports.clock().getTime())),
        })),
        { predictions: opts.predictions },
      ),
  });
}
