import Big from 'big.js';
import type { Window } from '#shared/domain/catalog/schema';
import { type Bounds, counterSegment, cutView } from './windows';

/**
 * Counter layout: ONE item per (workspace, meter, billing window). The billing window is the
 * subscription's current period, or the calendar month for a workspace without one. The item
 * holds the window total plus sub-totals per calendar month (`m_YYYY-MM`) and per UTC day
 * (`d_YYYY-MM-DD`) of the usage inside that window.
 *
 * Why one item: exactly-once counting puts each event's dedupe record and the counter update in
 * one transaction, so every extra counter item in it would cost two more write units per group.
 * With one item a group of k events costs 2k + 2 units, and every view a limit can ask for is
 * still there:
 * - billing_period: the `total` of the current window's item;
 * - month: the `m_` sub-totals of the items overlapping the month (at most two, when a
 *   subscription period starts mid-month);
 * - day: the `d_` sub-totals of the items overlapping the day (two on a renewal day).
 * A new window is a new item, so nothing ever resets counters. Items sort by window end
 * (`U#<end>#…`), so one Query from the start of the current month returns every item that can
 * contribute to a current view.
 *
 * Day sub-totals are written for every event and kept as long as the item (400 days past its
 * window), so the daily usage report reads a year of days from the items one Query returns. A
 * monthly window holds at most 31 of them, which keeps its item under 1 KB (one write unit per
 * update). A window longer than a month (a year) is kept in one item per calendar month it
 * spans, its segments (windows.ts `counterSegment`), so no item outgrows that: a group still
 * updates one item, and the window's views sum its segments. Segments sort with their window
 * (by the window's end), so the same Query returns them all.
 */
export interface CounterItem {
  meter: string;
  window: Bounds;
  /** The calendar month of a long window that this item holds (absent: the item holds the whole window). */
  segment?: Bounds;
  total: string;
  months: Record<string, string>;
  days: Record<string, string>;
}

/** What one group adds to one counter item. */
export interface CounterDelta {
  meter: string;
  window: Bounds;
  segment?: Bounds;
  total: string;
  months: Record<string, string>;
  days: Record<string, string>;
  /** Day sub-totals old enough to drop (never overlapping `days`). */
  pruneDays: string[];
}

export const monthKey = (at: Date | string): string => new Date(at).toISOString().slice(0, 7);
export const dayKey = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);
export const monthAttr = (key: string) => `m_${key}`;
export const dayAttr = (key: string) => `d_${key}`;

/** A group's events all fall in one counter item: the window's, or one segment of it. */
export function buildDelta(
  meter: string,
  window: Bounds,
  events: { value: string; timestamp: string }[],
  _now?: Date,
): CounterDelta {
  const segment = events.length ? counterSegment(window, events[0].timestamp) : undefined;
  const inSegment = (t: string) =>
    Date.parse(t) >= Date.parse(segment!.start) && Date.parse(t) < Date.parse(segment!.end);
  if (segment && !events.every((e) => inSegment(e.timestamp)))
    throw new Error(`events of ${meter} span more than one segment of ${window.start} – ${window.end}`);
  let total = new Big(0);
  const months = new Map<string, Big>();
  const days = new Map<string, Big>();
  for (const e of events) {
    total = total.plus(e.value);
    const m = monthKey(e.timestamp);
    months.set(m, (months.get(m) ?? new Big(0)).plus(e.value));
    const d = dayKey(e.timestamp);
    days.set(d, (days.get(d) ?? new Big(0)).plus(e.value));
  }
  // Day sub-totals are kept with the window's item (as long as the item: 400 days past the
  // window) for the daily usage report; nothing is pruned.
  const pruneDays: string[] = [];
  const str = (m: Map<string, Big>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toFixed()]));
  return {
    meter,
    window,
    ...(segment ? { segment } : {}),
    total: total.toFixed(),
    months: str(months),
    days: str(days),
    pruneDays,
  };
}

const overlaps = (a: Bounds, b: Bounds) => a.start < b.end && a.end > b.start;

/** Which attribute of a counter item carries a view, and which items can contribute to it. */
export function viewAttribute(window: Window, bounds: Bounds): string {
  if (window === 'billing_period') return 'total';
  return window === 'month' ? monthAttr(monthKey(bounds.start)) : dayAttr(dayKey(bounds.start));
}

export function contributes(
  item: { meter: string; window: Bounds; segment?: Bounds },
  meter: string,
  window: Window,
  bounds: Bounds,
): boolean {
  if (item.meter !== meter) return false;
  if (window === 'billing_period') return item.window.start === bounds.start && item.window.end === bounds.end;
  // A view a subscription's end cut short counts only the windows from that end on: the ended
  // period's usage belongs to that period, not to the default plan's limit after it.
  return (
    overlaps(item.segment ?? item.window, bounds) && (!cutView(window, bounds) || item.window.start >= bounds.start)
  );
}

export function attributeValue(item: CounterItem, attr: string): string {
  if (attr === 'total') return item.total;
  if (attr.startsWith('m_')) return item.months[attr.slice(2)] ?? '0';
  if (attr.startsWith('d_')) return item.days[attr.slice(2)] ?? '0';
  return '0';
}

/** Usage of one meter in one limit window, summed over the counter items that hold it. */
export function viewUsage(items: CounterItem[], meter: string, window: Window, bounds: Bounds): string {
  const attr = viewAttribute(window, bounds);
  let used = new Big(0);
  for (const i of items) if (contributes(i, meter, window, bounds)) used = used.plus(attributeValue(i, attr));
  return used.toFixed();
}

/** The part of a delta that falls into a view (for estimating a view after a write). */
export function deltaInView(delta: CounterDelta, window: Window, bounds: Bounds): string {
  if (!contributes(delta, delta.meter, window, bounds)) return '0';
  if (window === 'billing_period') return delta.total;
  if (window === 'month') return delta.months[monthKey(bounds.start)] ?? '0';
  return delta.days[dayKey(bounds.start)] ?? '0';
}
