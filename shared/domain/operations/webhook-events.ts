import type { InboxFilter, InboxRecord, InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import type { QueuePublisher } from '../../adapters/sqs/client';
import { ValidationError } from '../../errors';

export interface WebhookOpsPorts {
  inbox: Pick<InboxRepository, 'list' | 'get'>;
  queues: { stripe: Pick<QueuePublisher, 'send'>; razorpay: Pick<QueuePublisher, 'send'> };
}

export const toWebhookEventDto = (r: InboxRecord) => ({
  provider: r.provider,
  event_id: r.eventId,
  type: r.type,
  created: r.created,
  object_id: r.objectId,
  workspace_id: r.workspaceId,
  status: r.status,
  attempts: r.attempts,
  last_error: r.lastError,
  received_at: r.receivedAt,
  processed_at: r.processedAt,
});

export async function listWebhookEvents(ports: WebhookOpsPorts, provider: 'stripe' | 'razorpay', filter: InboxFilter, page: { limit: number; cursor?: string }) {
  const r = await ports.inbox.list(provider, filter, page);
  return { events: r.items.map(toWebhookEventDto), next_cursor: r.cursor };
}

/** At most this many events per replay call, so one request cannot flood a queue. */
export const MAX_REPLAY = 500;

/**
 * Re-enqueues stored events with `replay: true`: the consumer then processes them even if they
 * were processed before. Everything a consumer does is idempotent, so a replay converges.
 */
export async function replayWebhookEvents(
  ports: WebhookOpsPorts,
  input: { provider: 'stripe' | 'razorpay'; event_ids?: string[]; from?: string; to?: string; type?: string },
): Promise<{ replayed: string[]; not_found: string[] }> {
  let targets: InboxRecord[] = [];
  const notFound: string[] = [];
  if (input.event_ids?.length) {
    for (const id of input.event_ids) {
      const r = await ports.inbox.get(input.provider, id);
      if (r) targets.push(r);
      else notFound.push(id);
    }
  } else {
    if (!input.from) throw new ValidationError('Give event_ids, or a time range with from (and optionally to, type)', { field: 'body.from' });
    let cursor: string | undefined;
    do {
      const page = await ports.inbox.list(input.provider, { from: input.from, to: input.to, type: input.type }, { limit: 100, cursor });
      targets = targets.concat(page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor && targets.length < MAX_REPLAY);
    targets = targets.slice(0, MAX_REPLAY);
  }
  const queue = ports.queues[input.provider];
  for (const t of targets) await queue.send({ provider: input.provider, event_id: t.eventId, replay: true });
  return { replayed: targets.map((t) => t.eventId), not_found: notFound };
}
