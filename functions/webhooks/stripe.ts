import { config } from '../../shared/config';
import { tableFromConfig } from '../../shared/adapters/dynamodb/client';
import { inboxRepository } from '../../shared/adapters/dynamodb/inbox-repository';
import { queuePublisher, sqsFromConfig } from '../../shared/adapters/sqs/client';
import { stripeWebhookSecret } from '../../shared/adapters/stripe/client';
import { receiveStripeWebhook } from '../../shared/domain/webhooks/stripe-receiver';
import { httpHandler } from '../../shared/http/handler';
import { stripeWebhook } from '../../shared/http/routes/webhooks';

const ports = {
  inbox: inboxRepository(tableFromConfig()),
  queue: queuePublisher(sqsFromConfig(), config().STRIPE_QUEUE_URL),
  webhookSecret: stripeWebhookSecret,
  clock: () => new Date(),
};

export const handler = httpHandler(stripeWebhook, async ({ rawBody, headers }) =>
  receiveStripeWebhook(ports, rawBody, headers['stripe-signature']),
);
