import type { BillingEvent } from '#shared/domain/subscriptions/ports';
import { logger } from '#shared/observability/index';

/**
 * A notable change, as apps see it on the billing event bus. `detail` is the event's payload;
 * `id` lets subscribers drop a copy published twice (publishing cannot be exactly-once, so
 * producers give every event a stable id). `data` is accepted as another name for `detail` so
 * history entries can be published as they are.
 */
export interface BusEvent {
  type: string;
  project_id: string;
  workspace_id: string;
  detail?: Record<string, unknown>;
  data?: Record<string, unknown>;
  id?: string;
  occurred_at?: string;
}

export interface EventBusPort {
  publish(events: BusEvent[]): Promise<void>;
}

/** The envelope every adapter puts on the wire: the same shape as a workspace history entry. */
export type BusEnvelope = BillingEvent;

export function envelope(e: BusEvent, now: () => Date = () => new Date()): BusEnvelope {
  return {
    id: e.id ?? `${e.type}:${e.project_id}:${e.workspace_id}:${now().getTime()}`,
    type: e.type,
    project_id: e.project_id,
    workspace_id: e.workspace_id,
    occurred_at: e.occurred_at ?? now().toISOString(),
    data: e.detail ?? e.data ?? {},
  };
}

/** Locally there is no bus: events are logged. */
export const logBus: EventBusPort = {
  async publish(events) {
    for (const e of events.map((x) => envelope(x)))
      logger.info('billing event', { type: e.type, workspace_id: e.workspace_id, id: e.id });
  },
};

/** Keeps what was published, for tests and the local stack's inspection. */
export function memoryBus(): EventBusPort & { events: BusEnvelope[]; clear(): void } {
  const events: BusEnvelope[] = [];
  return {
    events,
    async publish(batch) {
      for (const e of batch) events.push(envelope(e));
    },
    clear() {
      events.length = 0;
    },
  };
}
