import { effectiveSnapshot, withCurrentPeriod } from '#shared/domain/entitlements/read';
import { type CounterItem, viewUsage } from '#shared/domain/metering/counters';
import { type MeterStatus, meterStatus } from '#shared/domain/metering/limits';
import {
  type Bounds,
  counterCutOff,
  currentBillingWindow,
  monthBounds,
  previousBillingWindow,
  reportedBounds,
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
 * Usage per meter for a period: the current or previous billing window, or a calendar month
 * `YYYY-MM`. The billing windows are the subscription's periods as Stripe states them (the
 * current one is Stripe's current period, so a test clock moves it), the default plan's calendar
 * months before a subscription started, and after one ended calendar months from the end on:
 * after a cancellation the current period starts at the cancellation and `previous` is the
 * period the cancellation ended, shown ending there. The current period also shows each meter
 * against its limit, read from the same counters, so a limit over the billing period (or over
 * the calendar month on the default plan) says `used` what the period says.
 */
export async function usageReport(
  ports: UsageReadPorts,
  projectId: string,
  workspaceId: string,
  period: string,
): Promise<UsageReport> {
  const now = ports.clock();
  const cutOff = counterCutOff(now);
  const c = await ports.store.readWorkspace(projectId, workspaceId, { cutOff });
  if (!c.profile) throw new AppError(404, 'not_found', `Workspace '${workspaceId}' was not found`);
  const snapshot = await effectiveSnapshot(ports, projectId, workspaceId, c, now);
  const span = snapshot.billing_span;
  const ref = { projectId, workspaceId };
  let window: Bounds;
  let kind: UsageReport['period']['kind'] = 'billing_period';
  let counters: CounterItem[];
  if (period === 'current') {
    window = currentBillingWindow(now, snapshot.billing_period, span);
    counters = await withCurrentPeriod(c.counters, snapshot.billing_period, cutOff, (end) =>
      ports.store.countersEndingBetween(ref, end, end),
    );
  } else if (period === 'previous') {
    window = previousBillingWindow(now, snapshot.billing_period, span);
    counters = await ports.store.countersEndingBetween(ref, window.end, window.end);
  } else {
    kind = 'month';
    const [y, m] = period.split('-').map(Number);
    window = monthBounds(y, m);
    const latestEnd = new Date(Date.parse(window.end) + 367 * 86_400_000).toISOString();
    counters = await ports.store.countersEndingBetween(ref, window.start, latestEnd);
  }
  const meters = (await ports.catalogMeters(projectId)).map((m) => ({
    meter: m.key,
    name: m.name,
    used: viewUsage(counters, m.key, kind === 'month' ? 'month' : 'billing_period', window),
    limit: period === 'current' ? meterStatus(m.key, snapshot.limits[m.key], counters, now, snapshot) : null,
  }));
  const shown = kind === 'month' ? window : reportedBounds(window, span);
  return {
    workspace_id: workspaceId,
    plan: snapshot.plan,
    period: { kind, label: period, start: shown.start, end: shown.end },
    meters,
  };
}
