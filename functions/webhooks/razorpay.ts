import { config } from '../../shared/config';
import { tableFromConfig } from '../../shared/adapters/dynamodb/client';
import { inboxRepository } from '../../shared/adapters/dynamodb/inbox-repository';
import { queuePublisher, sqsFromConfig } from '../../shared/adapters/sqs/client';
import { receiveRazorpayWebhook } from '../../shared/domain/payments/razorpay-receiver';
import { razorpayWebhookSecret } from '../../shared/domain/payments/wiring';
import { httpHandler } from '../../shared/http/handler';
import { razorpayWebhook } from '../../shared/http/routes/webhooks';

const ports = {
  inbox: inboxRepository(tableFromConfig()),
  queue: queuePublisher(sqsFromConfig(), config().PAYMENT_QUEUE_URL),
  webhookSecret: razorpayWebhookSecret,
  clock: () => new Date(),
};

export const handler = httpHandler(razorpayWebhook, async ({ rawBody, headers }) => receiveRazorpayWebhook(ports, rawBody, headers));
