import { stripeEventsConsumer } from '../../shared/sqs/consumers/stripe-events';
import { consumerPorts } from '../../shared/wiring/consumers';
import { stripeEventPorts } from '../../shared/wiring/billing';

export const handler = stripeEventsConsumer(stripeEventPorts, { consumer: consumerPorts });
