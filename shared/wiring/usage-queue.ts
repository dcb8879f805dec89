import { tableFromConfig } from '../adapters/dynamodb/client';
import { workspaceRepository } from '../adapters/dynamodb/repositories/workspaces';
import { queuePublisher, sqsFromConfig } from '../adapters/sqs/client';
import { config } from '../config';
import type { UsagePublishPorts } from '../domain/usage/ports';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';

/** Queuing usage for the consumer: SQS and the workspace check only (no Stripe SDK in this function). */
export const usagePublishPorts = lazy(
  (): UsagePublishPorts => ({
    queue: queuePublisher(sqsFromConfig(), config().USAGE_QUEUE_URL),
    workspaces: workspaceRepository(tableFromConfig()),
    clock: () => new Date(),
    implicit: implicitPorts(),
  }),
);
