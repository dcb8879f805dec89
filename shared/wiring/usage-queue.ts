import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { queuePublisher, sqsFromConfig } from '#shared/adapters/sqs/client';
import { config } from '#shared/config';
import type { UsagePublishPorts } from '#shared/domain/usage/ports';
import { lazy } from './lazy';

/** Queuing usage for the consumer: SQS and the workspace check only (no Stripe SDK in this function). */
export const usagePublishPorts = lazy(
  (): UsagePublishPorts => ({
    queue: queuePublisher(sqsFromConfig(), config().USAGE_QUEUE_URL),
    workspaces: workspaceRepository(tableFromConfig()),
    clock: () => new Date(),
  }),
);
