import Big from 'big.js';
import type { MeterDef } from '#shared/domain/catalog/schema';
import type { CounterItem } from '#shared/domain/metering/counters';
import { projectMeters } from '#shared/domain/metering/meters';
import { type BillingSpan, reportedBounds } from '#shared/domain/metering/windows';
import { AppError, ValidationError } from '#shared/errors';
import type { UsageReadPorts } from './ports';

export type Granularity = 'day' | 'month' | 'billing_period';

export interface UsageSeriesItem {
  meter: string;
  period_start: string;
  period_end: string;
  granularity: Granularity;
  /** Exact decimal. */
  total: string;
}

export interface UsageSeriesQuery {
  granularity: Granularity;
  meter?: string;
  /** ISO-8601; a period is listed when it starts in [from, to). */
  from?: string;
  to?: string;
  /** Position in the listing (opened from the client's cursor). */
  offset: number;
  limit: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const dayStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
};
const monthStart = (ms: number, add = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1);
};

/** The default range: the last 31 days, the last 12 months, or the billing periods of the last 400 days, up to now. */
function range(q: UsageSeriesQuery, now: Date): { from: number; to: number } {
  const to = q.to
    ? Date.parse(q.to)
    : q.granularity === 'day'
      ? dayStart(now.getTime()) + DAY_MS
      : q.granularity === 'month'
        ? monthStart(now.getTime(), 1)
        : now.getTime() + 1;
  const from = q.from
    ? Date.parse(q.from)
    : q.granularity === 'day'
      ? to - 31 * DAY_MS
      : q.granularity === 'month'
        ? monthStart(to - 1, -11)
        : to - 400 * DAY_MS;
  if (!(from < to))
    throw new ValidationError('query.from: must be before `to`', [
      { field: 'query.from', message: 'must be before `to`' },
    ]);
  return { from, to };
}

/** Sums sub-totals per (meter, period start) over the counter items: a day or month a renewal cuts in two has two parts. */
function sums(items: CounterItem[], pick: (c: CounterItem) => Record<string, string>): Map<string, Big> {
  const out = new Map<string, Big>();
  for (const c of items) {
    for (const [k, v] of Object.entries(pick(c))) {
      const key = `${c.meter}|${k}`;
      out.set(key, (out.get(key) ?? new Big(0)).plus(v));
    }
  }
  return out;
}

/**
 * Builds every period of the range with usage, per meter, oldest first. A billing period is shown
 * as the report shows it: the one a cancellation ended ends at the cancellation.
 */
export function seriesFrom(
  counters: CounterItem[],
  granularity: Granularity,
  from: number,
  to: number,
  meters: readonly MeterDef[],
  meter?: string,
  span?: BillingSpan | null,
): UsageSeriesItem[] {
  const items = counters.filter((c) => !meter || c.meter === meter);
  const out: UsageSeriesItem[] = [];
  if (granularity === 'billing_period') {
    // A long window's segments add up to its total.
    const windows = new Map<string, { meter: string; window: CounterItem['window']; total: Big }>();
    for (const c of items) {
      const key = `${c.meter}|${c.window.start}|${c.window.end}`;
      const w = windows.get(key) ?? windows.set(key, { meter: c.meter, window: c.window, total: new Big(0) }).get(key)!;
      w.total = w.total.plus(c.total);
    }
    for (const { meter: m, window, total } of windows.values()) {
      const s = Date.parse(window.start);
      if (s >= from && s < to)
        out.push({
          meter: m,
          period_start: window.start,
          period_end: reportedBounds(window, span).end,
          granularity,
          total: total.toFixed(),
        });
    }
  } else {
    for (const [key, total] of sums(items, (c) => (granularity === 'day' ? c.days : c.months))) {
      const [m, k] = key.split('|');
      const s = granularity === 'day' ? Date.parse(`${k}T00:00:00.000Z`) : Date.parse(`${k}-01T00:00:00.000Z`);
      const e = granularity === 'day' ? s + DAY_MS : monthStart(s, 1);
      if (s >= from && s < to)
        out.push({ meter: m, period_start: iso(s), period_end: iso(e), granularity, total: total.toFixed() });
    }
  }
  const order = (m: string) => meters.findIndex((x) => x.key === m);
  return out.sort(
    (a, b) =>
      order(a.meter) - order(b.meter) || a.meter.localeCompare(b.meter) || a.period_start.localeCompare(b.period_start),
  );
}

/**
 * Usage totals per meter and day, calendar month or billing period. One Query reads the
 * workspace's profile and every counter item whose window ends after `from` (a counter item
 * holds its window's total and its month and day sub-totals, kept 400 days past the window).
 */
export async function usageSeries(ports: UsageReadPorts, projectId: string, workspaceId: string, q: UsageSeriesQuery) {
  const now = ports.clock();
  const { from, to } = range(q, now);
  const meters = await projectMeters(ports.catalogMeters, projectId, q.meter ? [q.meter] : []);
  if (q.meter && !meters.some((m) => m.key === q.meter)) {
    throw new ValidationError(
      `query.meter: unknown meter '${q.meter}'`,
      [{ field: 'query.meter', message: 'unknown meter' }],
      'meter_not_found',
    );
  }
  // A counter item holding a period that starts at `from` ends after it: read from there on.
  const c = await ports.store.readWorkspace(projectId, workspaceId, { cutOff: iso(from + 1) });
  if (!c.profile) throw new AppError(404, 'not_found', `Workspace '${workspaceId}' was not found`);
  const all = seriesFrom(c.counters, q.granularity, from, to, meters, q.meter, c.entitlements?.billing_span);
  const page = all.slice(q.offset, q.offset + q.limit);
  const next = q.offset + q.limit < all.length ? String(q.offset + q.limit) : null;
  return {
    workspace_id: workspaceId,
    granularity: q.granularity,
    from: iso(from),
    to: iso(to),
    data: page,
    next_position: next,
  };
}
