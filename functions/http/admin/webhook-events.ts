import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { config } from '../../../shared/config';
import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { inboxRepository } from '../../../shared/adapters/dynamodb/inbox-repository';
import { queuePublisher, sqsFromConfig } from '../../../shared/adapters/sqs/client';
import { listWebhookEvents, replayWebhookEvents } from '../../../shared/domain/operations/webhook-events';
import { httpHandler } from '../../../shared/http/handler';
import { listWebhookEventsRoute, replayWebhookEventsRoute } from '../../../shared/http/routes/operations';

const ports = {
  inbox: inboxRepository(tableFromConfig()),
  queues: {
    stripe: queuePublisher(sqsFromConfig(), config().STRIPE_QUEUE_URL),
    razorpay: queuePublisher(sqsFromConfig(), config().PAYMENT_QUEUE_URL),
  },
};

const list = httpHandler(listWebhookEventsRoute, async ({ query: { provider, type, status, workspace_id, from, to, limit, cursor } }) =>
  listWebhookEvents(ports, provider, { type, status, workspaceId: workspace_id, from, to }, { limit, cursor }),
);
const replay = httpHandler(replayWebhookEventsRoute, async ({ body }) => replayWebhookEvents(ports, body));

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  (event.requestContext.http.method === 'GET' ? list : replay)(event, context);
