import { stripeEventsConsumer } from '../../shared/sqs/consumers/stripe-events';
import { consumerPorts } from '../../shared/wiring/consumers';
import { stripeEventPorts } from '../../shared/wiring/stripe-events';

export const handler = stripeEventsConsumer(stripeEventPorts, { consumer: consumerPorts });
