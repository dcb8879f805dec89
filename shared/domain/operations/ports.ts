import type { InboxStore, QueuePort } from '#shared/domain/webhooks/ports';

export interface WebhookOpsPorts {
  inbox: Pick<InboxStore, 'list' | 'listForProject' | 'get'>;
  queues: { stripe: QueuePort; razorpay: QueuePort };
}
