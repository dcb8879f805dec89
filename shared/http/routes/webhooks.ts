import * as z from 'zod';
import { defineRoute } from '../route';

export const WebhookAck = z.object({ received: z.literal(true), duplicate: z.boolean(), event_id: z.string() });

export const stripeWebhook = defineRoute({
  id: 'stripeWebhook',
  method: 'POST',
  path: '/api/v1/webhooks/stripe',
  summary: 'Stripe webhook receiver (Function URL in AWS): verify, store once, enqueue, 2xx',
  tag: 'Webhooks',
  auth: 'none',
  scopes: [],
  body: z.unknown(),
  rawBody: true,
  maxBodyBytes: 1024 * 1024,
  response: WebhookAck,
  handler: 'functions/webhooks/stripe.ts',
  access: { table: 'write', queues: ['stripe'], stripeWebhookSecret: true },
  exposure: 'function-url',
  timeoutSeconds: 10,
});
