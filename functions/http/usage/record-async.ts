import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { workspaceRepository } from '../../../shared/adapters/dynamodb/workspace-repository';
import { queuePublisher, sqsFromConfig } from '../../../shared/adapters/sqs/client';
import { config } from '../../../shared/config';
import { publishUsage } from '../../../shared/domain/usage/service';
import { httpHandler } from '../../../shared/http/handler';
import { recordUsageAsyncRoute } from '../../../shared/http/routes/usage';

const ports = {
  queue: queuePublisher(sqsFromConfig(), config().USAGE_QUEUE_URL),
  workspaces: workspaceRepository(tableFromConfig()),
  clock: () => new Date(),
};

export const handler = httpHandler(recordUsageAsyncRoute, async ({ auth, body }) => publishUsage(ports, auth.projectId, body));
