/**
 * Project metrics are counters kept per project, changed only by the webhook consumers (and the
 * drift job's repairs), each change written once: a workspace's contribution moves by a
 * condition on what it was, and a revenue source (an invoice, a pack payment, a charge's refunds)
 * is counted by a condition on what was already counted for it. Reading them costs a bounded
 * number of items: one per status and plan, per currency, and per day with activity.
 */

/** What one workspace's subscription adds to its project's counters. */
export interface Membership {
  subscription_id: string;
  status: string;
  plan: string;
  /** Counted towards churn: active, trialing or past due. */
  live: boolean;
  /** Monthly recurring revenue in minor units (an annual price / 12); null when it brings none (trialing, canceled...). */
  mrr: { amount: number; currency: string } | null;
  /** This subscription was seen trialing (its trial is counted once). */
  trialed: boolean;
  /** The snapshot version it was derived from: an older one never replaces it. */
  version: number;
}

export interface StoredMembership extends Membership {
  /** Write revision, the condition of the next change. */
  rev: number;
}

/** Movements of a day, added to its subscription counters. */
export interface SubscriptionDayDelta {
  trials_started?: number;
  trial_conversions?: number;
  cancellations?: number;
  /** Net change of live subscriptions: the churn rate's denominator is rebuilt from it. */
  live_delta?: number;
}

export interface MembershipChange {
  projectId: string;
  workspaceId: string;
  previous: StoredMembership | undefined;
  next: Membership;
  /** `status#plan` → +1/-1; a key appears once. */
  counts: Record<string, number>;
  /** currency → change of MRR and of the number of subscriptions bringing it. */
  mrr: Record<string, { amount: number; subscriptions: number }>;
  day: string;
  dayDelta: SubscriptionDayDelta;
}

/** Money of one revenue source on one day, in one currency (minor units). */
export interface RevenueAmounts {
  collected?: number;
  refunds?: number;
  /** Of collected: credit packs, and invoices paid outside Stripe (Razorpay, bank transfer). */
  credit_packs?: number;
  out_of_band?: number;
  invoices?: number;
}

export interface SubscriptionCount {
  status: string;
  plan: string;
  count: number;
}

export interface SubscriptionDay extends Required<SubscriptionDayDelta> {
  day: string;
}

export interface RevenueDay extends Required<RevenueAmounts> {
  day: string;
  currency: string;
}

export interface MrrTotal {
  currency: string;
  amount: number;
  subscriptions: number;
}

export interface MetricsStore {
  getMembership(projectId: string, workspaceId: string): Promise<StoredMembership | undefined>;
  /** Applies the change in one transaction; false when the membership moved meanwhile (read again and retry). */
  applyMembership(change: MembershipChange): Promise<boolean>;
  /**
   * Counts a source once: adds `amounts` for `day`/`currency` unless `sourceKey` was counted with
   * `level` or more already; then only the difference to the new level is added. A source whose
   * level only grows (a charge's refunded amount) is counted by its level; others use level 1.
   * Returns the difference added (0 for a replay).
   */
  countSource(
    projectId: string,
    sourceKey: string,
    level: number,
    day: string,
    currency: string,
    amounts: (added: number) => RevenueAmounts,
  ): Promise<number>;
  readCounts(projectId: string): Promise<SubscriptionCount[]>;
  /** Days with activity, `from` and `to` included (YYYY-MM-DD). */
  readSubscriptionDays(projectId: string, from: string, to: string): Promise<SubscriptionDay[]>;
  readMrr(projectId: string): Promise<MrrTotal[]>;
  readRevenueDays(projectId: string, from: string, to: string): Promise<RevenueDay[]>;
}

/** The price of a plan as the catalog serves it, for MRR. */
export interface PriceLookup {
  priceAmount(
    projectId: string,
    priceId: string,
  ): Promise<{ unit_amount: number; interval: 'month' | 'year'; currency: string } | undefined>;
}

export interface MetricsPorts {
  store: MetricsStore;
  prices: PriceLookup;
  clock: () => Date;
}
