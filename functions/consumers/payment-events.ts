import { PaymentEventMessage } from '../../shared/domain/payments/contracts';
import { handlePaymentEvent } from '../../shared/domain/payments/payment-events';
import type { RazorpayEventPorts } from '../../shared/domain/webhooks/ports';
import { sqsHandler, type ConsumerPorts } from '../../shared/sqs/consumer';
import { paymentEventPorts } from '../../shared/wiring/payments';

/**
 * The payment-events consumer: Razorpay webhooks (by their inbox id) and manual payments from
 * any producer. Each message on its own; a transient failure fails only that message, for SQS to
 * redeliver.
 */
export function paymentEventsHandler(ports: () => RazorpayEventPorts, consumerPorts?: Partial<ConsumerPorts>) {
  return sqsHandler({
    queue: 'payment-events',
    schema: PaymentEventMessage,
    ports: consumerPorts,
    handle: ({ body }) => handlePaymentEvent(ports(), body),
  });
}

export const handler = paymentEventsHandler(paymentEventPorts);
