import { processOutboundBatch } from '../../shared/domain/outbound/consumer';
import { OutboundMessageSchema } from '../../shared/domain/outbound/messages';
import { logger } from '../../shared/observability';
import { sqsBatchHandler } from '../../shared/sqs/consumer';
import { attemptPorts, fanOutPorts, perEndpointConcurrency } from '../../shared/wiring/outbound';

export const handler = sqsBatchHandler({
  queue: 'webhook-deliveries',
  schema: OutboundMessageSchema,
  handleBatch: async (messages) => ({
    failed: (
      await processOutboundBatch({ fanOut: fanOutPorts(), attempt: attemptPorts(), perEndpoint: perEndpointConcurrency() }, messages, (id, error) =>
        logger.warn('message failed; SQS will retry it', { queue: 'webhook-deliveries', message_id: id, error: error as Error }),
      )
    ).failed,
  }),
});
