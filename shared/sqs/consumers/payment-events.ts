import { PaymentEventMessage } from '../../domain/payments/contracts';
import { handlePaymentEvent } from '../../domain/payments/payment-events';
import type { RazorpayEventPorts } from '../../domain/webhooks/ports';
import { resolvePorts, sqsHandler, type ConsumerPorts, type PortSource } from '../consumer';

/**
 * The payment-events consumer: Razorpay webhooks and manual payments, each message on its own;
 * a transient failure fails only that message, for SQS to redeliver.
 */
export function paymentEventsConsumer(ports: PortSource<RazorpayEventPorts>, opts: { consumer: PortSource<ConsumerPorts> }) {
  return sqsHandler({
    queue: 'payment-events',
    schema: PaymentEventMessage,
    ports: opts.consumer,
    handle: ({ body }) => handlePaymentEvent(resolvePorts(ports), body),
  });
}
