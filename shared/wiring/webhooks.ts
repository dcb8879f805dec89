import { tableFromConfig } from '#shared/adapters/dynamodb/client';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { razorpayWebhookVerifier } from '#shared/adapters/razorpay/webhook';
import { secret } from '#shared/adapters/secrets/parameters';
import { queuePublisher, sqsFromConfig } from '#shared/adapters/sqs/client';
import { config } from '#shared/config';
import type { WebhookOpsPorts } from '#shared/domain/operations/ports';
import type { BillingWorkspaces } from '#shared/domain/subscriptions/ports';
import type { ReceiverPorts } from '#shared/domain/webhooks/ports';

type WorkspaceLookup = Pick<BillingWorkspaces, 'get'>;

import { lazy } from './lazy';

/*
 * The webhook inbox's table-and-queue side: Razorpay's receiver and the operators' list and
 * replay. No provider SDK: Razorpay's signature is an HMAC (Stripe's receiver, which needs the
 * Stripe SDK to verify, is wired in billing.ts).
 */

export function razorpayWebhookSecret(): Promise<string> {
  const c = config();
  return secret(c.RAZORPAY_WEBHOOK_SECRET, c.RAZORPAY_WEBHOOK_SECRET_PARAM, 'Razorpay webhook secret');
}

/** Razorpay's webhook receiver: its signature, the inbox and the payment-events queue. */
export const razorpayReceiverPorts = lazy(
  (): ReceiverPorts => ({
    inbox: inboxRepository(tableFromConfig()),
    queue: queuePublisher(sqsFromConfig(), config().PAYMENT_QUEUE_URL),
    verifier: razorpayWebhookVerifier(razorpayWebhookSecret),
    clock: () => new Date(),
  }),
);

/** Listing and replaying stored events (a project's own, through the API). */
export const webhookOpsPorts = lazy((): WebhookOpsPorts & { workspaces: WorkspaceLookup } => ({
  inbox: inboxRepository(tableFromConfig()),
  workspaces: workspaceRepository(tableFromConfig()),
  queues: {
    stripe: queuePublisher(sqsFromConfig(), config().STRIPE_QUEUE_URL),
    razorpay: queuePublisher(sqsFromConfig(), config().PAYMENT_QUEUE_URL),
  },
}));
