import { stripeEventsConsumer } from '#shared/sqs/consumers/stripe-events';
import { stripeEventPorts } from '#shared/wiring/billing';
import { consumerPorts } from '#shared/wiring/consumers';

export const handler = stripeEventsConsumer(stripeEventPorts, { consumer: consumerPorts });
