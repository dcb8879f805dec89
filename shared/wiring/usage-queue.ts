import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { queuePublisher, sqsFromConfig } from '#shared/adapters/sqs/client';
import { config } from '#shared/config';
import type { UsagePublishPorts } from '#shared/domain/usage/ports';
import { catalogMeters } from './catalog-source';
import { implicitPorts } from './implicit';
import { lazy } from './lazy';

/** Queuing usage for the consumer: SQS, the project's meters and the workspace check (no Stripe SDK here). */
export const usagePublishPorts = lazy(
  (): UsagePublishPorts => ({
    queue: queuePublisher(sqsFromConfig(), config().USAGE_QUEUE_URL),
    catalogMeters: catalogMeters(),
    workspaces: workspaceRepository(tableFromConfig()),
    clock: () => new Date(),
    implicit: implicitPorts(),
  }),
);
