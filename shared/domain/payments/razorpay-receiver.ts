import { createHash } from 'node:crypto';
import type { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import type { QueuePublisher } from '../../adapters/sqs/client';
import { RAZORPAY_SIGNATURE_HEADER, RazorpayWebhookEvent, verifyRazorpaySignature } from '../../adapters/razorpay/webhook';
import { ValidationError } from '../../errors';

export interface RazorpayReceiverPorts {
  inbox: Pick<InboxRepository, 'putIfNew' | 'markQueued'>;
  queue: Pick<QueuePublisher, 'send'>;
  webhookSecret: () => Promise<string>;
  clock: () => Date;
}

/** The message on `payment-events` for a Razorpay webhook: only the id; the consumer reads the stored event. */
export interface RazorpayEventMessage {
  provider: 'razorpay';
  event_id: string;
}

/**
 * The inbox id of a Razorpay event: a digest of the exact bytes the signature covers. Razorpay's
 * `x-razorpay-event-id` header is not signed, so anyone who captured one delivery could replay its
 * body under fresh ids; the body itself cannot change without breaking the signature, and
 * Razorpay's own retries resend the same bytes.
 */
export const razorpayEventId = (rawBody: string) => `rzp_${createHash('sha256').update(rawBody, 'utf8').digest('hex').slice(0, 40)}`;

function objectIdOf(e: RazorpayWebhookEvent): string | null {
  return e.payload.payment?.entity.id ?? e.payload.order?.entity.id ?? null;
}

/**
 * Verify, store once, enqueue, acknowledge. The HMAC is checked on the exact bytes received
 * before anything is parsed or stored. Razorpay signs no timestamp, so a replayed body is caught
 * by its id, a digest of the signed bytes: a known body is acknowledged without a second enqueue
 * (unless the first attempt stored it but never enqueued it).
 */
export async function receiveRazorpayWebhook(
  ports: RazorpayReceiverPorts,
  rawBody: string,
  headers: Record<string, string | undefined>,
): Promise<{ received: true; duplicate: boolean; event_id: string }> {
  const signature = headers[RAZORPAY_SIGNATURE_HEADER];
  if (!signature) throw new ValidationError('Missing X-Razorpay-Signature header', { field: `header.${RAZORPAY_SIGNATURE_HEADER}` }, 'invalid_signature');
  if (!verifyRazorpaySignature(rawBody, signature, await ports.webhookSecret())) {
    throw new ValidationError('Invalid Razorpay signature', { field: `header.${RAZORPAY_SIGNATURE_HEADER}` }, 'invalid_signature');
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new ValidationError('Razorpay webhook body is not JSON', undefined, 'invalid_json');
  }
  // A signed event Tollgate cannot read is still stored (and later marked ignored or failed by
  // the consumer) rather than refused: refusing would make Razorpay retry it for a day and then
  // disable the webhook for every event.
  const parsed = RazorpayWebhookEvent.safeParse(json);
  const loose = (json ?? {}) as { event?: unknown; created_at?: unknown };
  const type = parsed.success ? parsed.data.event : typeof loose.event === 'string' ? loose.event.slice(0, 100) : 'unknown';
  const createdAt = parsed.success ? parsed.data.created_at : typeof loose.created_at === 'number' ? loose.created_at : undefined;
  const eventId = razorpayEventId(rawBody);

  const { isNew, record } = await ports.inbox.putIfNew({
    provider: 'razorpay',
    eventId,
    type,
    created: createdAt !== undefined && Number.isInteger(createdAt) && createdAt > 0 && createdAt < 1e11 ? new Date(createdAt * 1000).toISOString() : ports.clock().toISOString(),
    objectId: parsed.success ? objectIdOf(parsed.data) : null,
    projectId: null,
    workspaceId: null,
    receivedAt: ports.clock().toISOString(),
    payload: rawBody,
  });
  if (!isNew && record.status !== 'received') return { received: true, duplicate: true, event_id: eventId };
  const message: RazorpayEventMessage = { provider: 'razorpay', event_id: eventId };
  await ports.queue.send(message);
  await ports.inbox.markQueued('razorpay', eventId);
  return { received: true, duplicate: !isNew, event_id: eventId };
}
