import { PaymentEventMessage } from '../../domain/payments/contracts';
import { recordManualPaymentOrFlag } from '../../domain/payments/manual';
import { processRazorpayEvent, type RazorpayProcessorPorts } from '../../domain/payments/razorpay-processor';
import { resolvePorts, sqsHandler, type ConsumerPorts, type PortSource } from '../consumer';

/**
 * The payment-events consumer: Razorpay webhooks (by their inbox id) and manual payments from
 * any producer (docs/payment-event.schema.json). Each message on its own; a transient failure
 * fails only that message, for SQS to redeliver.
 */
export function paymentEventsConsumer(ports: PortSource<RazorpayProcessorPorts>, opts: { consumer: PortSource<ConsumerPorts> }) {
  return sqsHandler({
    queue: 'payment-events',
    schema: PaymentEventMessage,
    ports: opts.consumer,
    handle: async ({ body }) => {
      if ('provider' in body) return processRazorpayEvent(resolvePorts(ports), body.event_id, { force: body.replay });
      const { kind: _kind, ...payment } = body;
      await recordManualPaymentOrFlag(resolvePorts(ports), payment, { origin: 'queue' });
    },
  });
}
