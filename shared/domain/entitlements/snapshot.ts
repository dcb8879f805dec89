import Big from 'big.js';
import type { MeterLimit, Window } from '../catalog/schema';
import type { Plan } from '../catalog/plans';
import { defaultPlan } from '../catalog/plans';
import { subscriptionAccess, type AccessReason, type SubscriptionSnapshot } from '../subscriptions/snapshot';

export interface Grant {
  grant_id: string;
  workspace_id: string;
  feature: string | null;
  meter: string | null;
  /** Extra quantity added to the meter's limit, exact decimal string. */
  quantity: string | null;
  expires_at: string | null;
  reason: string;
  created_at: string;
}

/**
 * What a workspace may do, precomputed whenever its inputs change (subscription, grants,
 * catalog) so the hot read only adds live counters to it.
 */
export interface EntitlementSnapshot {
  workspace_id: string;
  plan: string;
  plan_source: 'subscription' | 'default';
  subscription_status: string | null;
  access_reason: AccessReason;
  features: string[];
  limits: Record<string, MeterLimit>;
  /** The window `billing_period` counts in: the subscription's period, or the calendar month. */
  billing_period: { start: string; end: string } | null;
  grants: Grant[];
  computed_at: string;
}

/** A grant counts until its expiry (none: for good). */
export const isGrantActive = (g: Pick<Grant, 'expires_at'>, now: Date): boolean => !g.expires_at || Date.parse(g.expires_at) > now.getTime();

export function activeGrants(grants: Grant[], now: Date): Grant[] {
  return grants.filter((g) => isGrantActive(g, now));
}

export function computeEntitlements(input: {
  workspaceId: string;
  subscription?: SubscriptionSnapshot;
  plans: Plan[];
  grants: Grant[];
  now: Date;
  graceDays: number;
}): EntitlementSnapshot {
  const access = subscriptionAccess(input.subscription, input.now, input.graceDays);
  const subscribed = access.granted ? input.plans.find((p) => p.plan === input.subscription?.plan) : undefined;
  const plan = subscribed ?? defaultPlan(input.plans);
  const grants = activeGrants(input.grants, input.now);
  const features = new Set(plan?.features ?? []);
  for (const g of grants) if (g.feature) features.add(g.feature);
  const limits: Record<string, MeterLimit> = structuredClone(plan?.limits ?? {});
  for (const g of grants) {
    if (!g.meter || !g.quantity) continue;
    const l = limits[g.meter];
    if (!l) limits[g.meter] = { limit: g.quantity, window: 'billing_period', mode: 'hard' };
    else if (l.limit !== null) l.limit = new Big(l.limit).plus(g.quantity).toString();
  }
  return {
    workspace_id: input.workspaceId,
    plan: plan?.plan ?? 'none',
    plan_source: subscribed ? 'subscription' : 'default',
    subscription_status: input.subscription?.status ?? null,
    access_reason: access.reason,
    features: [...features].sort(),
    limits,
    billing_period:
      subscribed && input.subscription
        ? { start: input.subscription.current_period_start, end: input.subscription.current_period_end }
        : null,
    grants,
    computed_at: input.now.toISOString(),
  };
}

/** The window a timestamp falls in, as [start, end) in ISO-8601 UTC. */
export function windowBounds(
  window: Window,
  at: Date,
  billingPeriod: { start: string; end: string } | null,
): { start: string; end: string } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (window === 'day') {
    const start = Date.UTC(y, m, at.getUTCDate());
    return { start: new Date(start).toISOString(), end: new Date(start + 86_400_000).toISOString() };
  }
  if (window === 'month' || !billingPeriod) return { start: new Date(Date.UTC(y, m, 1)).toISOString(), end: new Date(Date.UTC(y, m + 1, 1)).toISOString() };
  const t = at.getTime();
  if (t >= Date.parse(billingPeriod.start) && t < Date.parse(billingPeriod.end)) return billingPeriod;
  return neighbourPeriod(billingPeriod, t);
}

/**
 * The billing period a time outside the current one falls in: a late event from before a
 * renewal, or one from after the period's end that arrives before the renewal webhook. Stripe
 * steps periods by calendar months from the billing anchor (the day clamped to the month's
 * end), so this does too; periods shorter than ~25 days (daily, weekly) step by their length.
 */
function neighbourPeriod(period: { start: string; end: string }, t: number): { start: string; end: string } {
  const ps = new Date(period.start);
  const pe = new Date(period.end);
  const len = pe.getTime() - ps.getTime();
  const days = len / 86_400_000;
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
    return Date.UTC(y, m, Math.min(anchorDay, lastDay), ps.getUTCHours(), ps.getUTCMinutes(), ps.getUTCSeconds(), ps.getUTCMilliseconds());
  };
  let k = t < ps.getTime() ? -1 : 1;
  for (let i = 0; i < 1000 && !(boundary(k) <= t && t < boundary(k + 1)); i++) k += t < boundary(k) ? -1 : 1;
  return { start: new Date(boundary(k)).toISOString(), end: new Date(boundary(k + 1)).toISOString() };
}
