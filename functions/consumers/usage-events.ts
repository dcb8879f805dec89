import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import { consumerPorts } from '#shared/wiring/consumers';
import { usagePorts } from '#shared/wiring/usage';

export const handler = usageEventsConsumer(usagePorts, { consumer: consumerPorts });
