import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { sqsFromConfig } from '#shared/adapters/sqs/client';
import { dependencyProbes } from '#shared/adapters/sqs/health';
import { config } from '#shared/config';
import type { HealthPorts } from '#shared/domain/health/ports';
import { lazy } from './lazy';

/** `/health`: the table and every queue, each within its own deadline. */
export const healthPorts = lazy((): HealthPorts => {
  const c = config();
  return dependencyProbes({
    table: tableFromConfig(),
    sqs: sqsFromConfig(),
    queues: { usage: c.USAGE_QUEUE_URL, stripe: c.STRIPE_QUEUE_URL, payment: c.PAYMENT_QUEUE_URL },
  });
});
