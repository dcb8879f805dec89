import { catalogPropagationConsumer } from '../../shared/sqs/consumers/catalog-propagation';
import { consumerPorts } from '../../shared/wiring/consumers';
import { propagationPorts } from '../../shared/wiring/catalog';

export const handler = catalogPropagationConsumer(propagationPorts, { consumer: consumerPorts });
