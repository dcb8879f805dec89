import Stripe from 'stripe';
import { ValidationError } from '../../errors';
import type { InboxRepository } from '../../adapters/dynamodb/inbox-repository';
import type { QueuePublisher } from '../../adapters/sqs/client';

/** Stripe's own default: a signature older than five minutes is a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const TOLERANCE_TEXT = `its timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from now`;

/** The SDK's explanation, in Tollgate's words (the SDK's text carries links and hints for developers). */
function signatureProblem(sdkMessage: string): string {
  if (/tolerance/i.test(sdkMessage)) return TOLERANCE_TEXT;
  if (/matching the expected signature/i.test(sdkMessage)) return 'no signature in the header matches this body and secret';
  // Anything else (no timestamp, no v1 entry, empty values) is a header Stripe would not send.
  return 'the Stripe-Signature header is malformed';
}

export interface StripeReceiverPorts {
  inbox: Pick<InboxRepository, 'putIfNew' | 'markQueued'>;
  queue: Pick<QueuePublisher, 'send'>;
  webhookSecret: () => Promise<string>;
  clock: () => Date;
}

/** The message on `stripe-events`: only the id; the consumer reads the stored event. */
export interface StripeEventMessage {
  provider: 'stripe';
  event_id: string;
}

function objectIdOf(event: Stripe.Event): string | null {
  const o = event.data?.object as { id?: unknown } | undefined;
  return typeof o?.id === 'string' ? o.id : null;
}

/**
 * Verify, store once, enqueue, acknowledge. Nothing is stored unless the signature checks out
 * on the exact bytes Stripe sent. A redelivered event id is acknowledged without a second
 * enqueue, unless the first attempt stored it but failed to enqueue.
 */
export async function receiveStripeWebhook(
  ports: StripeReceiverPorts,
  rawBody: string,
  signature: string | undefined,
): Promise<{ received: true; duplicate: boolean; event_id: string }> {
  if (!signature) throw new ValidationError('Missing Stripe-Signature header', { field: 'header.stripe-signature' }, 'invalid_signature');
  const now = ports.clock().getTime();
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, await ports.webhookSecret(), SIGNATURE_TOLERANCE_SECONDS, undefined, now);
  } catch (e) {
    // The SDK parses the body only once the signature matched.
    if (e instanceof SyntaxError) throw new ValidationError('The signed Stripe webhook body is not JSON', undefined, 'invalid_json');
    throw new ValidationError(`Invalid Stripe signature: ${signatureProblem((e as Error).message)}`, { field: 'header.stripe-signature' }, 'invalid_signature');
  }
  // Stripe's check only refuses old signatures; one dated ahead of the tolerance is no better.
  const signedAt = Number([...signature.matchAll(/(?:^|,)\s*t=(\d+)/g)].at(-1)?.[1]);
  if (!Number.isFinite(signedAt) || signedAt * 1000 > now + SIGNATURE_TOLERANCE_SECONDS * 1000) {
    throw new ValidationError(`Invalid Stripe signature: ${TOLERANCE_TEXT}`, { field: 'header.stripe-signature' }, 'invalid_signature');
  }
  const { isNew, record } = await ports.inbox.putIfNew({
    provider: 'stripe',
    eventId: event.id,
    type: event.type,
    created: new Date(event.created * 1000).toISOString(),
    objectId: objectIdOf(event),
    projectId: null,
    workspaceId: null,
    receivedAt: ports.clock().toISOString(),
    payload: rawBody,
  });
  if (!isNew && record.status !== 'received') return { received: true, duplicate: true, event_id: event.id };
  const message: StripeEventMessage = { provider: 'stripe', event_id: event.id };
  await ports.queue.send(message);
  await ports.inbox.markQueued('stripe', event.id);
  return { received: true, duplicate: !isNew, event_id: event.id };
}
