import { receiveWebhook } from '#shared/domain/webhooks/inbox';
import { httpHandler } from '#shared/http/handler';
import { stripeWebhook } from '#shared/http/routes/webhooks';
import { stripeReceiverPorts } from '#shared/wiring/billing';

export const handler = httpHandler(stripeWebhook, async ({ rawBody, headers }) =>
  receiveWebhook(stripeReceiverPorts(), rawBody, headers),
);
