import { effectiveSnapshot } from '#shared/domain/entitlements/read';
import { type CounterItem, viewUsage } from '#shared/domain/metering/counters';
import { type MeterStatus, meterStatus } from '#shared/domain/metering/limits';
import {
  type Bounds,
  billingWindow,
  counterCutOff,
  monthBounds,
  previousBillingWindow,
} from '#shared/domain/metering/windows';
import { AppError } from '#shared/errors';
import type { UsageReadPorts } from './ports';

export type ReportPeriod = 'current' | 'previous' | `${number}-${number}`;

export interface UsageReport {
  workspace_id: string;
  plan: string;
  period: { kind: 'billing_period' | 'month'; label: string; start: string; end: string };
  meters: { meter: string; name: string; used: string; limit: MeterStatus | null }[];
}

/**
 * Usage per meter for a period: the current or previous billing window (the subscription's
 * periods, or calendar months without one), or a calendar month `YYYY-MM`. The current period
 * also shows each meter against its limit.
 */
export async function usageReport(
  ports: UsageReadPorts,
  projectId: string,
  workspaceId: string,
  period: string,
): Promise<UsageReport> {
  const now = ports.clock();
  const c = await ports.store.readWorkspace(projectId, workspaceId, { cutOff: counterCutOff(now) });
  if (!c.profile) throw new AppError(404, 'not_found', `Workspace '${workspaceId}' was not found`);
  const snapshot = await effectiveSnapshot(ports, projectId, workspaceId, c, now);
  const ref = { projectId, workspaceId };
  let bounds: Bounds;
  let kind: UsageReport['period']['kind'] = 'billing_period';
  let counters: CounterItem[];
  if (period === 'current') {
    bounds = billingWindow(now, snapshot.billing_period);
    counters = c.counters;
  } else if (period === 'previous') {
    bounds = previousBillingWindow(now, snapshot.billing_period);
    counters = await ports.store.countersEndingBetween(ref, bounds.end, bounds.end);
  } else {
    kind = 'month';
    const [y, m] = period.split('-').map(Number);
    bounds = monthBounds(y, m);
    const latestEnd = new Date(Date.parse(bounds.end) + 367 * 86_400_000).toISOString();
    counters = await ports.store.countersEndingBetween(ref, bounds.start, latestEnd);
  }
  const meters = (await ports.catalogMeters(projectId)).map((m) => ({
    meter: m.key,
    name: m.name,
    used: viewUsage(counters, m.key, kind === 'month' ? 'month' : 'billing_period', bounds),
    limit:
      period === 'current'
        ? meterStatus(m.key, snapshot.limits[m.key], c.counters, now, snapshot.billing_period)
        : null,
  }));
  return {
    workspace_id: workspaceId,
    plan: snapshot.plan,
    period: { kind, label: period, start: bounds.start, end: bounds.end },
    meters,
  };
}
