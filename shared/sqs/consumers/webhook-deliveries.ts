import { type OutboundBatchPorts, processOutboundBatch } from '#shared/domain/outbound/consumer';
import { OutboundMessageSchema } from '#shared/domain/outbound/messages';
import { logger } from '#shared/observability/index';
import { type ConsumerPorts, type PortSource, resolvePorts, sqsBatchHandler } from '#shared/sqs/consumer';

/**
 * The webhook-deliveries consumer: billing events fanned out to a project's endpoints and the
 * delivery attempts they become. A failed message alone goes back to SQS for a later attempt.
 */
export function webhookDeliveriesConsumer(
  ports: PortSource<OutboundBatchPorts>,
  opts: { consumer: PortSource<ConsumerPorts> },
) {
  return sqsBatchHandler({
    queue: 'webhook-deliveries',
    schema: OutboundMessageSchema,
    ports: opts.consumer,
    handleBatch: async (messages) => ({
      failed: (
        await processOutboundBatch(resolvePorts(ports), messages, (id, error) =>
          logger.warn('message failed; SQS will retry it', {
            queue: 'webhook-deliveries',
            message_id: id,
            error: error as Error,
          }),
        )
      ).failed,
    }),
  });
}
