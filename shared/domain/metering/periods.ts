import type { BillingPeriod, Bounds } from './windows';

const DAY_MS = 86_400_000;

/**
 * The billing period a time outside the current one falls in: a late event from before a
 * renewal, or one from after the period's end that arrives before the renewal webhook. Stripe
 * steps periods by calendar months from the billing anchor (the day clamped to the month's
 * end), so this does too; periods shorter than ~25 days (daily, weekly) step by their length.
 */
export function neighbourPeriod(period: NonNullable<BillingPeriod>, t: number): Bounds {
  const ps = new Date(period.start);
  const pe = new Date(period.end);
  const len = pe.getTime() - ps.getTime();
  const days = len / DAY_MS;
  const months = days > 300 ? 12 * Math.max(1, Math.round(days / 365)) : Math.max(1, Math.round(days / 30.44));
  // A start clamped to a short month's end (Feb 28 for an anchor on the 31st) hides the anchor; the end shows it.
  const anchorDay = Math.max(ps.getUTCDate(), pe.getUTCDate());
  const boundary = (k: number): number => {
    if (k === 0) return ps.getTime();
    if (k === 1) return pe.getTime();
    if (days < 25) return ps.getTime() + k * len;
    const y = ps.getUTCFullYear();
    const m = ps.getUTCMonth() + k * months;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Date.UTC(
      y,
      m,
      Math.min(anchorDay, lastDay),
      ps.getUTCHours(),
      ps.getUTCMinutes(),
      ps.getUTCSeconds(),
      ps.getUTCMilliseconds(),
    );
  };
  let k = t < ps.getTime() ? -1 : 1;
  for (let i = 0; i < 1000 && !(boundary(k) <= t && t < boundary(k + 1)); i++) k += t < boundary(k) ? -1 : 1;
  return { start: new Date(boundary(k)).toISOString(), end: new Date(boundary(k + 1)).toISOString() };
}
