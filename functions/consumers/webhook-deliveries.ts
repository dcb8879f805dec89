import { webhookDeliveriesConsumer } from '#shared/sqs/consumers/webhook-deliveries';
import { consumerPorts } from '#shared/wiring/consumers';
import { outboundBatchPorts } from '#shared/wiring/outbound';

export const handler = webhookDeliveriesConsumer(outboundBatchPorts, { consumer: consumerPorts });
