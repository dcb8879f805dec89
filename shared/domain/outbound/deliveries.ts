import { ConflictError, NotFoundError } from '#shared/errors';
import { requireEndpoint } from './endpoints';
import type { AttemptMessage, Delivery, DeliveryQueue, DeliveryStatus, DeliveryStore, EndpointStore } from './ports';

export interface DeliveryPorts {
  endpoints: Pick<EndpointStore, 'get'>;
  deliveries: Pick<DeliveryStore, 'list' | 'get' | 'reopen'>;
  queue: DeliveryQueue;
  clock: () => Date;
}

export function toDeliveryDto(d: Delivery) {
  return {
    id: d.deliveryId,
    endpoint_id: d.endpointId,
    event_id: d.event.id,
    event_type: d.event.type,
    workspace_id: d.event.workspace_id,
    status: d.status,
    attempts: d.attempts,
    last_response_code: d.lastStatusCode,
    last_error: d.lastError,
    last_latency_ms: d.lastLatencyMs,
    last_response_body: d.lastResponseBody,
    next_attempt_at: d.nextAttemptAt,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    completed_at: d.completedAt,
  };
}

/** An endpoint's deliveries, newest first; an endpoint of another project is a 404. */
export async function listDeliveries(
  ports: DeliveryPorts,
  projectId: string,
  endpointId: string,
  page: { limit: number; cursor?: string; status?: DeliveryStatus },
) {
  await requireEndpoint(ports, projectId, endpointId);
  return ports.deliveries.list(projectId, endpointId, page);
}

export async function getDelivery(
  ports: DeliveryPorts,
  projectId: string,
  endpointId: string,
  deliveryId: string,
): Promise<Delivery> {
  await requireEndpoint(ports, projectId, endpointId);
  const d = await ports.deliveries.get({ projectId, endpointId, deliveryId });
  if (!d) throw new NotFoundError('Delivery', deliveryId);
  return d;
}

/**
 * Sends a delivery again now, whatever its status: a failed one gets a fresh retry window, a
 * succeeded one is resent (receivers dedupe by event id). Refused while an attempt is running.
 */
export async function retryDelivery(
  ports: DeliveryPorts,
  projectId: string,
  endpointId: string,
  deliveryId: string,
): Promise<Delivery> {
  await getDelivery(ports, projectId, endpointId, deliveryId);
  const now = ports.clock().toISOString();
  const reopened = await ports.deliveries.reopen({ projectId, endpointId, deliveryId }, now);
  if (reopened === undefined) throw new NotFoundError('Delivery', deliveryId);
  if (reopened === 'in_progress')
    throw new ConflictError(
      'An attempt of this delivery is running; retry once it has answered',
      'delivery_in_progress',
    );
  const msg: AttemptMessage = {
    kind: 'attempt',
    project_id: projectId,
    endpoint_id: endpointId,
    delivery_id: deliveryId,
    attempt: reopened.attempts + 1,
    not_before: now,
  };
  await ports.queue.schedule([msg], 0);
  return reopened;
}
