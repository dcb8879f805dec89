import { PaymentEventMessage } from '#shared/domain/payments/contracts';
import { handlePaymentEvent } from '#shared/domain/payments/payment-events';
import type { RazorpayEventPorts } from '#shared/domain/webhooks/ports';
import { type ConsumerPorts, type PortSource, resolvePorts, sqsHandler } from '#shared/sqs/consumer';

/**
 * The payment-events consumer: Razorpay webhooks and manual payments, each message on its own;
 * a transient failure fails only that message, for SQS to redeliver.
 */
export function paymentEventsConsumer(
  ports: PortSource<RazorpayEventPorts>,
  opts: { consumer: PortSource<ConsumerPorts> },
) {
  return sqsHandler({
    queue: 'payment-events',
    schema: PaymentEventMessage,
    ports: opts.consumer,
    handle: ({ body }) => handlePaymentEvent(resolvePorts(ports), body),
  });
}
