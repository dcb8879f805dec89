import { paymentEventsConsumer } from '#shared/sqs/consumers/payment-events';
import { consumerPorts } from '#shared/wiring/consumers';
import { paymentEventPorts } from '#shared/wiring/payments';

export const handler = paymentEventsConsumer(paymentEventPorts, { consumer: consumerPorts });
