import { createHash } from 'node:crypto';
import { matchesEventType } from './event-types';
import type { AttemptMessage, BillingEvent, Delivery, DeliveryQueue, DeliveryStore, EndpointStore } from './ports';

export interface FanOutPorts {
  endpoints: Pick<EndpointStore, 'list'>;
  deliveries: Pick<DeliveryStore, 'createOnce' | 'get'>;
  queue: DeliveryQueue;
  clock: () => Date;
  /**
   * The first attempts are made at once by the consumer that fans out; their queue messages are
   * a backstop, delayed past an attempt's lease, that finds the attempt made (and is dropped)
   * unless the consumer died before making it.
   */
  backstopSeconds: number;
}

/**
 * One delivery per (endpoint, event): the id is derived from both, so an event fanned out twice
 * (a redelivered message, a republished event) lands on the same delivery.
 */
export const deliveryIdFor = (endpointId: string, eventId: string) =>
  `dlv_${createHash('sha256').update(`${endpointId}\n${eventId}`).digest('hex').slice(0, 32)}`;

export function firstAttempt(d: Pick<Delivery, 'projectId' | 'endpointId' | 'deliveryId'>, at: string): AttemptMessage {
  return {
    kind: 'attempt',
    project_id: d.projectId,
    endpoint_id: d.endpointId,
    delivery_id: d.deliveryId,
    attempt: 1,
    not_before: at,
  };
}

/**
 * Creates a delivery of `event` for every enabled endpoint of its project that subscribes to its
 * type, queues each one's first attempt as a backstop and answers those attempts, for the caller
 * to make now. Another project's endpoints are never read: the
 * list is keyed by the event's own project.
 */
export async function fanOut(
  ports: FanOutPorts,
  event: BillingEvent,
): Promise<{ deliveries: number; attempts: AttemptMessage[] }> {
  const endpoints = (await ports.endpoints.list(event.project_id)).filter(
    (e) => !e.disabled && matchesEventType(e.events, event.type),
  );
  if (!endpoints.length) return { deliveries: 0, attempts: [] };
  const at = ports.clock().toISOString();
  const attempts: AttemptMessage[] = [];
  for (const e of endpoints) {
    const d: Delivery = {
      projectId: event.project_id,
      endpointId: e.endpointId,
      deliveryId: deliveryIdFor(e.endpointId, event.id),
      event,
      status: 'pending',
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      lastLatencyMs: null,
      lastResponseBody: null,
      createdAt: at,
      updatedAt: at,
      retryWindowStart: at,
      nextAttemptAt: at,
      completedAt: null,
    };
    if (await ports.deliveries.createOnce(d)) attempts.push(firstAttempt(d, at));
    else {
      // Made by an earlier try of this message that may have died before queueing the attempt;
      // a second first attempt is harmless (only one can claim the delivery).
      const existing = await ports.deliveries.get(d);
      if (existing?.status === 'pending' && existing.attempts === 0) attempts.push(firstAttempt(d, at));
    }
  }
  if (attempts.length) await ports.queue.schedule(attempts, ports.backstopSeconds);
  return { deliveries: endpoints.length, attempts };
}
