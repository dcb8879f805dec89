import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import type { ConsumerPorts } from '#shared/sqs/consumer';
import { lazy } from './lazy';

/**
 * What every queue consumer needs besides its own domain ports: where poison messages are kept,
 * and the clock. Each consumer in functions/consumers/ is built the same way:
 * `xEventsConsumer(<its domain ports>, { consumer: consumerPorts })` from shared/sqs/consumers/.
 */
export const consumerPorts = lazy(
  (): ConsumerPorts => ({ poison: poisonRepository(tableFromConfig()), now: () => new Date() }),
);
