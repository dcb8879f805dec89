import Big from 'big.js';
import type { MeterLimit, Window } from '#shared/domain/catalog/schema';
import { type CounterItem, contributes, viewUsage } from './counters';
import { type Billing, type BillingPeriod, type Bounds, billingOf, viewBounds } from './windows';

export interface MeterStatus {
  meter: string;
  /** null = unlimited. */
  limit: string | null;
  window: Window;
  mode: 'soft' | 'hard';
  used: string;
  remaining: string | null;
  /** True once nothing remains: the next unit would go over the limit. */
  exceeded: boolean;
  window_start: string;
  resets_at: string;
}

/**
 * A meter against its limit at `now`. A meter without a limit is still reported, over the
 * billing window, as unlimited. `added` is usage just counted into the billing window
 * `added.window` that `counters` (read before the write) do not hold yet.
 */
export function meterStatus(
  meter: string,
  limit: MeterLimit | undefined,
  counters: CounterItem[],
  now: Date,
  billing: BillingPeriod | Billing,
  added?: { window: Bounds; value: string; at: string },
): MeterStatus {
  const window = limit?.window ?? 'billing_period';
  const b = billingOf(billing);
  const bounds = viewBounds(window, now, b.billing_period, b.billing_span);
  let used = viewUsage(counters, meter, window, bounds);
  if (
    added &&
    contributes({ meter, window: added.window }, meter, window, bounds) &&
    added.at >= bounds.start &&
    added.at < bounds.end
  ) {
    used = new Big(used).plus(added.value).toFixed();
  }
  return statusFrom(meter, limit, window, bounds, used);
}

/** What is left of a limit, never below zero. */
export function remainingOf(limit: string, used: string): string {
  const left = new Big(limit).minus(used);
  return (left.lt(0) ? new Big(0) : left).toFixed();
}

export function statusFrom(
  meter: string,
  limit: MeterLimit | undefined,
  window: Window,
  bounds: Bounds,
  used: string,
): MeterStatus {
  const max = limit?.limit ?? null;
  const remaining = max === null ? null : remainingOf(max, used);
  return {
    meter,
    limit: max,
    window,
    mode: limit?.mode ?? 'soft',
    used,
    remaining,
    exceeded: max !== null && new Big(used).gte(max),
    window_start: bounds.start,
    resets_at: bounds.end,
  };
}

/**
 * Check-and-consume against a hard limit: the value fits when used + value <= limit. `maxBefore`
 * is the highest the counted usage may be at write time for the value to still fit; the write
 * carries it as its condition, so a concurrent writer cannot slip past the limit in between.
 */
export function enforceLimit(
  limit: string,
  usedElsewhere: string,
  value: string,
): { maxBefore: string; fits: (usedHere: string) => boolean } {
  const maxBefore = new Big(limit).minus(usedElsewhere).minus(value);
  return { maxBefore: maxBefore.toFixed(), fits: (usedHere) => new Big(usedHere).lte(maxBefore) };
}

export const THRESHOLD_LEVELS = [80, 100] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];

/** The levels a usage has reached against a limit (none for unlimited or empty usage). */
export function reachedLevels(limit: string | null, used: string): ThresholdLevel[] {
  if (limit === null) return [];
  const u = new Big(used);
  if (u.lte(0)) return [];
  return THRESHOLD_LEVELS.filter((level) => u.gte(new Big(limit).times(level).div(100)));
}

/**
 * The flag a level is remembered by. It names the limit too, so after an upgrade the new, higher
 * limit's thresholds can still fire once in the same window.
 */
export const thresholdFlag = (level: ThresholdLevel, limit: string) => `f${level}_${limit}`;

/** The threshold flags of one limit window, as stored. */
export interface ThresholdItem {
  meter: string;
  window: Bounds;
  flags: Record<string, string>;
}

export type FlagState = { state: 'claimed' | 'sent'; at: string } | undefined;

export function parseFlag(v: string | undefined): FlagState {
  if (!v) return undefined;
  const [state, at] = v.split('|');
  return state === 'claimed' || state === 'sent' ? { state, at: at ?? '' } : undefined;
}

/**
 * A claim older than this belongs to an invocation that died between claiming and publishing
 * (consumers time out after 30 s), so another may publish in its place.
 */
export const STALE_CLAIM_MS = 60_000;

/** Levels that should be claimed now: reached, and not sent nor freshly claimed by another. */
export function levelsToEmit(
  limit: string | null,
  used: string,
  flags: Record<string, string>,
  now: Date,
): ThresholdLevel[] {
  return reachedLevels(limit, used).filter((level) => {
    const f = parseFlag(flags[thresholdFlag(level, limit!)]);
    if (!f) return true;
    return f.state === 'claimed' && Date.parse(f.at) < now.getTime() - STALE_CLAIM_MS;
  });
}
