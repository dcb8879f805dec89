import type { Window } from '#shared/domain/catalog/schema';
import { neighbourPeriod } from './periods';

/** A time window as [start, end) in ISO-8601 UTC. */
export interface Bounds {
  start: string;
  end: string;
}

/** The subscription's current period, or null without one (windows are then calendar months). */
export type BillingPeriod = Bounds | null;

/**
 * The workspace's subscription as Stripe dates it, kept after it ended: where its periods begin
 * and stop. Without it (no subscription, or a snapshot from before it was kept) billing periods
 * are assumed to reach back indefinitely and never stop.
 */
export interface BillingSpan {
  /** Stripe's current period of the subscription (`items.data[].current_period_*`); its last one once it ended. */
  period: Bounds;
  /** Stripe's `start_date`: no period of this subscription began before it. */
  started_at: string | null;
  /** Stripe's `ended_at`: no period of it runs after it (null while it lives). */
  ended_at: string | null;
}

/** What the windows of a workspace follow: the period of the plan in force and its subscription's span. */
export interface Billing {
  billing_period: BillingPeriod;
  billing_span?: BillingSpan | null;
}

/** A bare period (a subscription whose start and end are unknown) or a workspace's billing. */
export const billingOf = (b: BillingPeriod | Billing): Billing =>
  b !== null && 'billing_period' in b ? b : { billing_period: b, billing_span: null };

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function calendarMonth(at: Date): Bounds {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  return { start: iso(Date.UTC(y, m, 1)), end: iso(Date.UTC(y, m + 1, 1)) };
}

function calendarDay(at: Date): Bounds {
  const start = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return { start: iso(start), end: iso(start + DAY_MS) };
}

/** The subscription period holding `t`: Stripe's own when it holds it, else stepped from it; never before the start. */
function periodAt(period: Bounds, t: number, startedAt: string | null): Bounds {
  const p = t >= Date.parse(period.start) && t < Date.parse(period.end) ? period : neighbourPeriod(period, t);
  // The first period starts with the subscription (a trial, or a start before the billing anchor).
  return startedAt && p.start < startedAt && startedAt < p.end ? { start: startedAt, end: p.end } : p;
}

/** The window a timestamp falls in, as [start, end) in ISO-8601 UTC. */
export function windowBounds(
  window: Window,
  at: Date,
  billingPeriod: BillingPeriod,
  span?: BillingSpan | null,
): Bounds {
  if (window === 'day') return calendarDay(at);
  if (window === 'month') return calendarMonth(at);
  return billingWindow(at, billingPeriod, span);
}

/**
 * The billing window (the counter item's window) a usage event at `at` counts in:
 * - while subscribed, the subscription's period holding it (Stripe's current one, or stepped by
 *   calendar months from it for a late event or one after the period's end);
 * - before the subscription started, the calendar month the default plan counted in then (no
 *   period of the subscription existed to count it in);
 * - after it ended, calendar months, the first one starting at the end, so the period that ended
 *   and the default plan's window after it do not overlap; a late event dated before the end
 *   still counts in the ended subscription's period;
 * - without a subscription, calendar months.
 */
export function billingWindow(at: Date, billingPeriod: BillingPeriod, span?: BillingSpan | null): Bounds {
  const t = at.getTime();
  const started = span?.started_at ?? null;
  const ended = span?.ended_at ?? null;
  const stamp = iso(t);
  const beforeStart = started !== null && stamp < started;
  if (span && ended !== null && stamp < ended && !beforeStart) return periodAt(span.period, t, started);
  if (billingPeriod && !beforeStart) return periodAt(billingPeriod, t, started);
  const month = calendarMonth(at);
  return ended !== null && !billingPeriod && month.start < ended && ended <= stamp ? { ...month, start: ended } : month;
}

/**
 * The billing window the workspace is in now. While subscribed it is the subscription's current
 * period as Stripe states it, whatever the wall clock says: a test clock moves it, and between
 * a period's end and the renewal webhook the period that Stripe still calls current stays so.
 */
export function currentBillingWindow(now: Date, billingPeriod: BillingPeriod, span?: BillingSpan | null): Bounds {
  return billingPeriod ?? billingWindow(now, null, span);
}

/**
 * The bounds of the limit window current at `now`. Month and day windows are calendar ones; on
 * the default plan after a subscription ended within them they start at the end, so a limit
 * counts what the report's current period counts.
 */
export function viewBounds(window: Window, now: Date, billingPeriod: BillingPeriod, span?: BillingSpan | null): Bounds {
  if (window === 'billing_period') return currentBillingWindow(now, billingPeriod, span);
  const b = window === 'month' ? calendarMonth(now) : calendarDay(now);
  const ended = span?.ended_at ?? null;
  return !billingPeriod && ended !== null && b.start < ended && ended < b.end ? { ...b, start: ended } : b;
}

/** Whether a month or day view was cut short by a subscription's end (it then starts at that end). */
export function cutView(window: Window, bounds: Bounds): boolean {
  if (window === 'billing_period') return false;
  const at = new Date(bounds.start);
  return (window === 'month' ? calendarMonth(at) : calendarDay(at)).start !== bounds.start;
}

/** The earliest window end a current view can need: the start of the current UTC month. */
export function counterCutOff(now: Date): string {
  return calendarMonth(now).start;
}

/**
 * The billing windows whose items can hold part of the view at `now`: for a billing-period view
 * its own window; for a month or day view the windows holding `now` and the view's first instant
 * (two when a renewal cuts it; nothing is counted later than now).
 */
export function windowsForView(
  window: Window,
  now: Date,
  billingPeriod: BillingPeriod,
  span?: BillingSpan | null,
): Bounds[] {
  const view = viewBounds(window, now, billingPeriod, span);
  if (window === 'billing_period') return [view];
  const current = billingWindow(now, billingPeriod, span);
  const first = billingWindow(new Date(view.start), billingPeriod, span);
  return first.start === current.start && first.end === current.end ? [current] : [current, first];
}

/** The billing window before the current one (the usage report's "previous"). */
export function previousBillingWindow(now: Date, billingPeriod: BillingPeriod, span?: BillingSpan | null): Bounds {
  const current = currentBillingWindow(now, billingPeriod, span);
  return billingWindow(new Date(Date.parse(current.start) - 1), billingPeriod, span);
}

/**
 * A billing window as a report shows it: the default plan's window that a subscription's start
 * cut short ends at that start, and the period a cancellation ended ends at the cancellation.
 * (The counter item keeps the window it was counted under.)
 */
export function reportedBounds(window: Bounds, span?: BillingSpan | null): Bounds {
  const started = span?.started_at ?? null;
  const ended = span?.ended_at ?? null;
  if (started !== null && window.start < started && started < window.end) return { ...window, end: started };
  if (ended !== null && window.start < ended && ended < window.end) return { ...window, end: ended };
  return window;
}

/**
 * The longest billing window one counter item holds: a month of day totals keeps the item under
 * 1 KB (one write unit per update). A longer window (a year, a long trial) is kept in one item per
 * calendar month it spans, its segments; the window's total is then the sum of its segments.
 */
const ONE_ITEM_MAX_MS = 32 * DAY_MS;

/** The segment of a billing window whose counter item holds usage at `at`, or undefined when one item holds the window. */
export function counterSegment(window: Bounds, at: Date | string): Bounds | undefined {
  if (Date.parse(window.end) - Date.parse(window.start) <= ONE_ITEM_MAX_MS) return undefined;
  const m = calendarMonth(new Date(at));
  return { start: [m.start, window.start].sort()[1], end: [m.end, window.end].sort()[0] };
}

/** The counter items (window, and segment when it has them) holding a window's usage in [from, to). */
export function counterParts(window: Bounds, from: string, to: string): { window: Bounds; segment?: Bounds }[] {
  const first = counterSegment(window, from > window.start ? from : window.start);
  if (!first) return [{ window }];
  const end = to < window.end ? to : window.end;
  const out: { window: Bounds; segment?: Bounds }[] = [];
  for (
    let s: Bounds | undefined = first;
    s && s.start < end;
    s = s.end < window.end ? counterSegment(window, s.end) : undefined
  )
    out.push({ window, segment: s });
  return out;
}

/** A calendar month `YYYY-MM` as bounds. */
export function monthBounds(year: number, month: number): Bounds {
  return calendarMonth(new Date(Date.UTC(year, month - 1, 1)));
}
