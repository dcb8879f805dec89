import { randomUUID } from 'node:crypto';
import { signingSecrets } from './endpoints';
import type {
  AttemptMessage,
  DeliveryQueue,
  DeliveryStore,
  EndpointGate,
  EndpointStore,
  SendOutcome,
  WebhookSender,
} from './ports';
import { nextAttemptAt, type RetryPolicy } from './retry-schedule';
import { SIGNATURE_HEADER, signatureHeader } from './signing';

export interface AttemptPorts {
  endpoints: Pick<EndpointStore, 'get'>;
  deliveries: DeliveryStore;
  queue: DeliveryQueue;
  gate: EndpointGate;
  sender: WebhookSender;
  clock: () => Date;
  retry: RetryPolicy;
  /** The longest an attempt may take (the sender's timeout plus margin): claims and slots last this long. */
  leaseMs: number;
  /** The longest the queue can delay a message (SQS: 15 minutes); longer waits hop. */
  maxQueueDelaySeconds: number;
  /** How long to wait before trying again when every slot of the endpoint is busy. */
  busyDelaySeconds: number;
  random?: () => number;
}

export type AttemptOutcome = 'gone' | 'stale' | 'deferred' | 'busy' | 'abandoned' | 'succeeded' | 'retrying' | 'failed';

/** The first bytes of an answer: enough to debug, never a large body in the table. */
export const MAX_STORED_RESPONSE_CHARS = 1024;

export const USER_AGENT = 'Tollgate-Webhooks/1.0';

/**
 * Makes one delivery attempt. A message for an attempt that was already made (a duplicate, an
 * old retry) is dropped; one that arrives before its time waits again; one whose endpoint is
 * busy (every concurrency slot taken by slow answers) is put back for a few seconds without
 * counting as an attempt. Otherwise the request is signed with every valid secret and sent, and
 * a failure schedules the next attempt (queued before the result is written, so a crash between
 * the two makes at worst one extra attempt, never a lost one) until the retry window ends.
 */
export async function attemptDelivery(ports: AttemptPorts, msg: AttemptMessage): Promise<AttemptOutcome> {
  const ref = { projectId: msg.project_id, endpointId: msg.endpoint_id, deliveryId: msg.delivery_id };
  const d = await ports.deliveries.get(ref);
  if (!d) return 'gone';
  if (d.status !== 'pending' || d.attempts !== msg.attempt - 1) return 'stale';
  const now = ports.clock();
  const wait = Math.ceil((Date.parse(msg.not_before) - now.getTime()) / 1000);
  if (wait > 0) {
    await ports.queue.schedule([msg], Math.min(wait, ports.maxQueueDelaySeconds));
    return 'deferred';
  }
  const endpoint = await ports.endpoints.get(msg.project_id, msg.endpoint_id);
  if (!endpoint || endpoint.disabled) {
    await ports.deliveries.abandon(ref, endpoint ? 'endpoint_disabled' : 'endpoint_deleted', now.toISOString());
    return 'abandoned';
  }
  const leaseUntil = new Date(now.getTime() + ports.leaseMs).toISOString();
  const slot = await ports.gate.acquire(msg.project_id, msg.endpoint_id, leaseUntil, now.toISOString());
  if (!slot) {
    const jitter = Math.round((ports.random ?? Math.random)() * ports.busyDelaySeconds);
    await ports.queue.schedule([msg], ports.busyDelaySeconds + jitter);
    return 'busy';
  }
  try {
    const token = randomUUID();
    if (!(await ports.deliveries.claim(ref, msg.attempt, token, leaseUntil, now.toISOString()))) return 'stale';
    const body = JSON.stringify(d.event);
    const sentAt = ports.clock();
    const outcome: SendOutcome = await ports.sender.send({
      url: endpoint.url,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [SIGNATURE_HEADER]: signatureHeader(
          signingSecrets(endpoint, sentAt),
          Math.floor(sentAt.getTime() / 1000),
          body,
        ),
        'Tollgate-Event-Id': d.event.id,
        'Tollgate-Event-Type': d.event.type,
        'Tollgate-Delivery-Id': d.deliveryId,
        'Tollgate-Attempt': String(msg.attempt),
      },
    });
    const done = ports.clock();
    const ok = outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300;
    const base = {
      attempts: msg.attempt,
      lastStatusCode: outcome.kind === 'response' ? outcome.status : null,
      lastError: ok ? null : outcome.kind === 'error' ? outcome.error : `endpoint answered ${outcome.status}`,
      lastLatencyMs: Math.round(outcome.latencyMs),
      lastResponseBody: outcome.kind === 'response' ? outcome.body.slice(0, MAX_STORED_RESPONSE_CHARS) : null,
      updatedAt: done.toISOString(),
    };
    if (ok) {
      await ports.deliveries.finish(ref, token, {
        ...base,
        status: 'succeeded',
        nextAttemptAt: null,
        completedAt: done.toISOString(),
      });
      return 'succeeded';
    }
    const next = nextAttemptAt(msg.attempt, new Date(d.retryWindowStart), done, ports.retry, ports.random);
    if (!next) {
      await ports.deliveries.finish(ref, token, {
        ...base,
        status: 'failed',
        nextAttemptAt: null,
        completedAt: done.toISOString(),
      });
      return 'failed';
    }
    const delay = Math.ceil((next.getTime() - done.getTime()) / 1000);
    await ports.queue.schedule(
      [{ ...msg, attempt: msg.attempt + 1, not_before: next.toISOString() }],
      Math.min(delay, ports.maxQueueDelaySeconds),
    );
    await ports.deliveries.finish(ref, token, {
      ...base,
      status: 'pending',
      nextAttemptAt: next.toISOString(),
      completedAt: null,
    });
    return 'retrying';
  } finally {
    await ports.gate.release(msg.project_id, msg.endpoint_id, slot);
  }
}
