import { catalogPropagationConsumer } from '#shared/sqs/consumers/catalog-propagation';
import { propagationPorts } from '#shared/wiring/catalog';
import { consumerPorts } from '#shared/wiring/consumers';

export const handler = catalogPropagationConsumer(propagationPorts, { consumer: consumerPorts });
