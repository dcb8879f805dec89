import { receiveWebhook } from '#shared/domain/webhooks/inbox';
import { httpHandler } from '#shared/http/handler';
import { razorpayWebhook } from '#shared/http/routes/webhooks';
import { razorpayReceiverPorts } from '#shared/wiring/webhooks';

export const handler = httpHandler(razorpayWebhook, async ({ rawBody, headers }) =>
  receiveWebhook(razorpayReceiverPorts(), rawBody, headers),
);
