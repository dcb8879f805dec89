import type { Window } from '#shared/domain/catalog/schema';
import { neighbourPeriod } from './periods';

/** A time window as [start, end) in ISO-8601 UTC. */
export interface Bounds {
  start: string;
  end: string;
}

/** The subscription's current period, or null without one (windows are then calendar months). */
export type BillingPeriod = Bounds | null;

/** The window a timestamp falls in, as [start, end) in ISO-8601 UTC. */
export function windowBounds(window: Window, at: Date, billingPeriod: BillingPeriod): Bounds {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (window === 'day') {
    const start = Date.UTC(y, m, at.getUTCDate());
    return { start: new Date(start).toISOString(), end: new Date(start + 86_400_000).toISOString() };
  }
  if (window === 'month' || !billingPeriod)
    return { start: new Date(Date.UTC(y, m, 1)).toISOString(), end: new Date(Date.UTC(y, m + 1, 1)).toISOString() };
  const t = at.getTime();
  if (t >= Date.parse(billingPeriod.start) && t < Date.parse(billingPeriod.end)) return billingPeriod;
  return neighbourPeriod(billingPeriod, t);
}

/** The billing window (the counter item's window) a usage event at `at` counts in. */
export function billingWindow(at: Date, billingPeriod: BillingPeriod): Bounds {
  return windowBounds('billing_period', at, billingPeriod);
}

/** The bounds of the limit window containing `at`. */
export function viewBounds(window: Window, at: Date, billingPeriod: BillingPeriod): Bounds {
  return windowBounds(window, at, billingPeriod);
}

/** The earliest window end a current view can need: the start of the current UTC month. */
export function counterCutOff(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString();
}

/**
 * The billing windows whose items can hold part of the view at `now`: the current one and, for
 * a month or day view that a window boundary cuts, the one before it.
 */
export function windowsForView(window: Window, now: Date, billingPeriod: BillingPeriod): Bounds[] {
  const current = billingWindow(now, billingPeriod);
  if (window === 'billing_period') return [current];
  const view = viewBounds(window, now, billingPeriod);
  const out = [current];
  if (view.start < current.start) out.push(billingWindow(new Date(Date.parse(current.start) - 1), billingPeriod));
  return out;
}

/** The billing window before the one `now` falls in (the usage report's "previous"). */
export function previousBillingWindow(now: Date, billingPeriod: BillingPeriod): Bounds {
  const current = billingWindow(now, billingPeriod);
  return billingWindow(new Date(Date.parse(current.start) - 1), billingPeriod);
}

/** A calendar month `YYYY-MM` as bounds. */
export function monthBounds(year: number, month: number): Bounds {
  return {
    start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
    end: new Date(Date.UTC(year, month, 1)).toISOString(),
  };
}
