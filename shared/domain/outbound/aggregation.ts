import Big from 'big.js';
import type { BillingEvent, EventPublisher, EventRecorder, UsageDaySource } from './ports';

export const USAGE_AGGREGATED = 'usage.aggregated';

export interface AggregationPorts {
  source: UsageDaySource;
  history: EventRecorder;
  bus: EventPublisher;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/** The UTC day before `now`: what a run shortly after midnight reports. */
export function previousDay(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - DAY_MS)
    .toISOString()
    .slice(0, 10);
}

/**
 * The `usage.aggregated` event of one workspace, meter and UTC day. Its id and time depend only
 * on what it reports, so a second run of the same day records and publishes nothing new.
 */
export function aggregatedEvent(
  projectId: string,
  workspaceId: string,
  meter: string,
  day: string,
  total: string,
): BillingEvent {
  const start = `${day}T00:00:00.000Z`;
  const end = new Date(Date.parse(start) + DAY_MS).toISOString();
  return {
    id: `usage.aggregated:${projectId}:${workspaceId}:${meter}:${day}`,
    type: USAGE_AGGREGATED,
    project_id: projectId,
    workspace_id: workspaceId,
    occurred_at: end,
    data: { meter, granularity: 'day', day_start: start, day_end: end, total },
  };
}

/**
 * Reports each workspace's usage of one UTC day, per meter with any usage, as `usage.aggregated`
 * (seed 001's `billing.usage_aggregated`): recorded once in the workspace history and published
 * on the bus (and so to webhook endpoints) when first recorded. The totals are what the usage
 * counters hold for that day when the job runs: usage dated in that day but sent later than a
 * day after it is counted in its billing window, not in this report.
 */
export async function aggregateDay(
  ports: AggregationPorts,
  day: string,
  scope: { projectId?: string } = {},
): Promise<{ day: string; workspaces: number; events: number; published: number }> {
  let workspaces = 0;
  let events = 0;
  let published = 0;
  const projects = scope.projectId ? [scope.projectId] : await ports.source.projectIds();
  for (const projectId of projects) {
    for (const workspaceId of await ports.source.workspaceIds(projectId)) {
      workspaces++;
      const totals = await ports.source.dayTotals(projectId, workspaceId, day);
      const fresh: BillingEvent[] = [];
      for (const [meter, total] of Object.entries(totals).sort(([a], [b]) => a.localeCompare(b))) {
        if (new Big(total).lte(0)) continue;
        const e = aggregatedEvent(projectId, workspaceId, meter, day, new Big(total).toFixed());
        events++;
        if (await ports.history.recordOnce(e)) fresh.push(e);
      }
      if (fresh.length) {
        await ports.bus.publish(fresh);
        published += fresh.length;
      }
    }
  }
  return { day, workspaces, events, published };
}
