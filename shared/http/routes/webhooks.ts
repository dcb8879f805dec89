import * as z from 'zod';
import { MAX_STORED_PAYLOAD_BYTES } from '#shared/adapters/dynamodb/table-definition';
import { defineRoute } from '#shared/http/route';

export const WebhookAck = z.object({ received: z.literal(true), duplicate: z.boolean(), event_id: z.string() });

/**
 * What every provider's receiver shares: no API key (the signature is the credential), the raw
 * body (signatures are over the exact bytes), Stripe's 1 MB ceiling, and a Function URL in AWS.
 */
const receiver = {
  method: 'POST',
  tag: 'Webhooks',
  auth: 'none',
  body: z.unknown(),
  rawBody: true,
  maxBodyBytes: 1024 * 1024,
  response: WebhookAck,
  exposure: 'function-url',
  timeoutSeconds: 10,
} as const;

export const stripeWebhook = defineRoute({
  ...receiver,
  id: 'stripeWebhook',
  path: '/api/v1/webhooks/stripe',
  summary: 'Stripe webhook receiver (Function URL in AWS): verify, store once, enqueue, 2xx',
  scopes: [],
  handler: 'functions/webhooks/stripe.ts',
  access: { table: 'write', queues: ['stripe'], stripeWebhookSecret: true },
});

export const razorpayWebhook = defineRoute({
  ...receiver,
  id: 'razorpayWebhook',
  path: '/api/v1/webhooks/razorpay',
  summary: 'Razorpay webhook receiver (Function URL in AWS): verify, store once, enqueue to payment-events, 2xx',
  scopes: [],
  handler: 'functions/webhooks/razorpay.ts',
  access: { table: 'write', queues: ['payment'], razorpayWebhookSecret: true },
  // Razorpay has no API to fetch an event again, so a body must fit the inbox item (a larger one
  // is refused before it is acknowledged, and Razorpay keeps retrying and reporting it).
  maxBodyBytes: MAX_STORED_PAYLOAD_BYTES,
});
