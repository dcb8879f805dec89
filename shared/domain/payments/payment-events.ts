import type { ConsumerPorts } from '../../sqs/consumer';
import { sqsHandler } from '../../sqs/consumer';
import { PaymentEventMessage } from './contracts';
import { recordManualPaymentOrFlag } from './manual';
import { processRazorpayEvent, type RazorpayProcessorPorts } from './razorpay-processor';

/**
 * The payment-events consumer: Razorpay webhooks (by their inbox id) and manual payments from
 * any producer (docs/payment-event.schema.json). Each message on its own; a transient failure
 * fails only that message, for SQS to redeliver.
 */
export function paymentEventsHandler(ports: RazorpayProcessorPorts, consumerPorts?: Partial<ConsumerPorts>) {
  return sqsHandler({
    queue: 'payment-events',
    schema: PaymentEventMessage,
    ports: consumerPorts,
    handle: async ({ body }) => {
      if ('provider' in body) return processRazorpayEvent(ports, body.event_id, { force: body.replay });
      const { kind: _kind, ...payment } = body;
      await recordManualPaymentOrFlag(ports, payment, { origin: 'queue' });
    },
  });
}
