import Big from 'big.js';
import type { Plan } from '#shared/domain/catalog/plans';
import { defaultPlan } from '#shared/domain/catalog/plans';
import type { MeterLimit } from '#shared/domain/catalog/schema';
import type { BillingPeriod, BillingSpan } from '#shared/domain/metering/windows';
import {
  type AccessReason,
  billingSpanOf,
  type SubscriptionSnapshot,
  subscriptionAccess,
} from '#shared/domain/subscriptions/snapshot';

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
  billing_period: BillingPeriod;
  /**
   * The subscription's periods as Stripe dates them, also once it ended or while it grants
   * nothing: where its periods start and stop, for counting late events and for reports. Absent
   * in snapshots stored before it was kept.
   */
  billing_span?: BillingSpan | null;
  grants: Grant[];
  computed_at: string;
}

/** A grant counts until its expiry (none: for good). */
export const isGrantActive = (g: Pick<Grant, 'expires_at'>, now: Date): boolean =>
  !g.expires_at || Date.parse(g.expires_at) > now.getTime();

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
    billing_span: billingSpanOf(input.subscription),
    grants,
    computed_at: input.now.toISOString(),
  };
}
