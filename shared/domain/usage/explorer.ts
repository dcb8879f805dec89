import { projectMeters } from '#shared/domain/metering/meters';
import { AppError, ValidationError } from '#shared/errors';
import type { UsageExplorerPorts } from './ports';

/**
 * The events a workspace's usage counted, from the records the exactly-once check writes (each
 * keeps its value, timestamp, billing window and the producer's metadata). Records live 40 days
 * after counting (beyond the 35 days an event may be backdated), so the explorer covers those.
 */
export async function countedEvents(
  ports: UsageExplorerPorts,
  projectId: string,
  workspaceId: string,
  q: { meter?: string; from?: string; to?: string; limit: number; cursor?: string },
) {
  const meters = await projectMeters(ports.catalogMeters, projectId, q.meter ? [q.meter] : []);
  if (q.meter && !meters.some((m) => m.key === q.meter)) {
    throw new ValidationError(
      `query.meter: unknown meter '${q.meter}'`,
      [{ field: 'query.meter', message: 'unknown meter' }],
      'meter_not_found',
    );
  }
  const norm = (v: string | undefined) => (v === undefined ? undefined : new Date(v).toISOString());
  const c = await ports.store.readWorkspace(projectId, workspaceId, { cutOff: '9999' });
  if (!c.profile) throw new AppError(404, 'not_found', `Workspace '${workspaceId}' was not found`);
  const page = await ports.events.listCounted({ projectId, workspaceId }, { ...q, from: norm(q.from), to: norm(q.to) });
  return {
    data: page.events.map((e) => ({
      meter: e.meter,
      idempotency_key: e.idempotencyKey,
      value: e.value,
      timestamp: e.timestamp,
      counted_at: e.countedAt,
      window: e.window,
      metadata: e.metadata,
    })),
    next_position: page.cursor,
  };
}
