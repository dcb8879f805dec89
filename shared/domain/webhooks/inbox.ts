import type { WorkspaceRef } from '#shared/domain/subscriptions/sync';
import { PoisonMessageError } from '#shared/errors';
import type { ProcessorInboxPorts, ReceiverPorts, WebhookProvider } from './ports';

/*
 * One inbox protocol for every provider. Receiving: verify the signature on the exact bytes,
 * store the event once, enqueue its id once, acknowledge. Processing (the queue's consumer):
 * load the stored event, read it (or fetch it again when it was too large to store), handle it,
 * and settle the row as processed, ignored or failed.
 */

const PROVIDER_NAME: Record<WebhookProvider, string> = { stripe: 'Stripe', razorpay: 'Razorpay' };

/** The message on the provider's queue: only the id; the consumer reads the stored event. */
export interface WebhookEventMessage {
  provider: WebhookProvider;
  event_id: string;
}

export interface WebhookAck {
  received: true;
  duplicate: boolean;
  event_id: string;
}

/**
 * Verify, store once, enqueue, acknowledge. Nothing is stored unless the signature checks out on
 * the exact bytes the provider sent. A redelivered event id is acknowledged without a second
 * enqueue, unless the first attempt stored it but failed to enqueue.
 */
export async function receiveWebhook(
  ports: ReceiverPorts,
  rawBody: string,
  headers: Record<string, string | undefined>,
): Promise<WebhookAck> {
  const { provider } = ports.verifier;
  const event = await ports.verifier.verify(rawBody, headers, ports.clock());
  const { isNew, record } = await ports.inbox.putIfNew({
    provider,
    eventId: event.eventId,
    type: event.type,
    created: event.created ?? ports.clock().toISOString(),
    objectId: event.objectId,
    projectId: null,
    workspaceId: null,
    receivedAt: ports.clock().toISOString(),
    payload: rawBody,
  });
  if (!isNew && record.status !== 'received') return { received: true, duplicate: true, event_id: event.eventId };
  const message: WebhookEventMessage = { provider, event_id: event.eventId };
  await ports.queue.send(message);
  await ports.inbox.markQueued(provider, event.eventId);
  return { received: true, duplicate: !isNew, event_id: event.eventId };
}

/**
 * What handling a stored event came to: processed or ignored (with the workspace it concerned,
 * which claims the row for that project), or refused for good (recorded as failed, not retried).
 */
export type HandledEvent =
  | { status: 'processed' | 'ignored'; ref?: WorkspaceRef }
  | { status: 'refused'; reason: string };

/** How one provider's stored events are read and handled. */
export interface StoredEventHandler<E> {
  provider: WebhookProvider;
  /** Reads a stored body (the exact bytes the provider signed). */
  decode(payload: string): E;
  /**
   * Reads an event from the provider again, for one stored without its body (too large for the
   * inbox). A provider that cannot be asked again has none: such a row can never be processed.
   */
  refetch?: (eventId: string) => Promise<E>;
  handle(event: E): Promise<HandledEvent>;
}

/**
 * Processes one stored event. A processed or ignored event is a no-op (duplicates, replays from
 * the queue) unless `force` (an operator's replay); a row that is missing, or stored without a
 * body that cannot be fetched again, is poison. A failure is recorded on the row and rethrown so
 * the queue retries it, ending in the DLQ.
 */
export async function processStored<E>(
  ports: ProcessorInboxPorts,
  handler: StoredEventHandler<E>,
  eventId: string,
  opts: { force?: boolean } = {},
): Promise<void> {
  const { provider } = handler;
  const row = await ports.inbox.get(provider, eventId);
  if (!row) throw new PoisonMessageError(`no stored ${PROVIDER_NAME[provider]} event ${eventId}`);
  if ((row.status === 'processed' || row.status === 'ignored') && !opts.force) return;
  if (row.payload === null && !handler.refetch)
    throw new PoisonMessageError(`${PROVIDER_NAME[provider]} event ${eventId} was stored without its body`);
  await ports.inbox.markAttempt(provider, eventId);
  try {
    const event = row.payload !== null ? handler.decode(row.payload) : await handler.refetch!(eventId);
    const r = await handler.handle(event);
    if (r.status === 'refused') {
      await ports.inbox.markFailed(provider, eventId, r.reason);
      return;
    }
    await ports.inbox.markDone(provider, eventId, {
      status: r.status,
      projectId: r.ref?.projectId ?? null,
      workspaceId: r.ref?.workspaceId ?? null,
      at: ports.clock().toISOString(),
    });
  } catch (e) {
    await ports.inbox.markFailed(provider, eventId, (e as Error).message).catch(() => undefined);
    throw e;
  }
}
