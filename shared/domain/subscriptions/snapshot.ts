import type Stripe from 'stripe';
import type { Plan } from '#shared/domain/catalog/plans';
import { planForPrice } from '#shared/domain/catalog/plans';
import type { BillingSpan } from '#shared/domain/metering/windows';
import { licensedItem } from './usage-items';

/** Tollgate's copy of a workspace's Stripe subscription: only what entitlements and the API need. */
export interface SubscriptionSnapshot {
  subscription_id: string;
  customer_id: string;
  status: Stripe.Subscription.Status;
  plan: string | null;
  price_id: string;
  interval: 'month' | 'year' | null;
  currency: string;
  seats: number;
  current_period_start: string;
  current_period_end: string;
  trial_end: string | null;
  cancel_at_period_end: boolean;
  cancel_at: string | null;
  canceled_at: string | null;
  /** Stripe's `start_date` (absent in snapshots stored before it was kept). */
  started_at?: string | null;
  /** Stripe's `ended_at`: when a canceled or expired subscription stopped (absent as above). */
  ended_at?: string | null;
  paused: boolean;
  /** Collection paused at Stripe (`pause_collection`): how invoices are treated and when it resumes. */
  pause_collection?: { behavior: string; resumes_at: string | null } | null;
  collection_method: 'charge_automatically' | 'send_invoice';
  /** A plan change scheduled for the period end, if any. */
  pending_plan: string | null;
  schedule_id: string | null;
  /** When past_due started, for the grace period. */
  past_due_since: string | null;
  /** For an incomplete or past_due subscription: the open invoice to pay and where the customer pays it. */
  pending_payment?: PendingPayment | null;
  /** Monotonic version of this state: when Stripe's object was read (ms), never replaced by an older one. */
  version: number;
}

export interface PendingPayment {
  invoice_id: string;
  amount_due: number;
  currency: string;
  /** Stripe's hosted page where the customer pays the invoice. */
  hosted_invoice_url: string | null;
}

const iso = (s: number | null | undefined) => (s ? new Date(s * 1000).toISOString() : null);

/**
 * Whether the subscription ends at the end of its current period: set directly
 * (`cancel_at_period_end`), or by a schedule that ends by canceling then (Stripe shows that as
 * `cancel_at` on the subscription).
 */
export function cancelsAtPeriodEnd(sub: Stripe.Subscription): boolean {
  const end = sub.items.data[0]?.current_period_end;
  return sub.cancel_at_period_end || (sub.cancel_at !== null && end !== undefined && sub.cancel_at === end);
}

/**
 * Builds the snapshot from a subscription object read from Stripe. `version` must increase with
 * the moment the object was read, so a slower reader can never overwrite a newer state.
 */
export function snapshotFromStripe(
  sub: Stripe.Subscription,
  plans: Plan[],
  opts: {
    version: number;
    previous?: SubscriptionSnapshot;
    pendingPlan?: string | null;
    pendingPayment?: PendingPayment | null;
  },
): SubscriptionSnapshot {
  const item = licensedItem(sub);
  const price = item?.price;
  const pastDueSince =
    sub.status === 'past_due'
      ? ((opts.previous?.status === 'past_due' ? opts.previous.past_due_since : null) ??
        new Date(opts.version).toISOString())
      : null;
  return {
    subscription_id: sub.id,
    customer_id: typeof sub.customer === 'string' ? sub.customer : sub.customer.id,
    status: sub.status,
    plan: price ? (planForPrice(plans, price.id)?.plan ?? price.metadata?.tollgate_plan ?? null) : null,
    price_id: price?.id ?? '',
    interval: (price?.recurring?.interval as 'month' | 'year' | undefined) ?? null,
    currency: sub.currency,
    seats: item?.quantity ?? 1,
    current_period_start: iso(item?.current_period_start)!,
    current_period_end: iso(item?.current_period_end)!,
    trial_end: iso(sub.trial_end),
    cancel_at_period_end: cancelsAtPeriodEnd(sub),
    cancel_at: iso(sub.cancel_at),
    canceled_at: iso(sub.canceled_at),
    started_at: iso(sub.start_date),
    ended_at: iso(sub.ended_at),
    paused: Boolean(sub.pause_collection) || sub.status === 'paused',
    pause_collection: sub.pause_collection
      ? { behavior: sub.pause_collection.behavior, resumes_at: iso(sub.pause_collection.resumes_at) }
      : null,
    collection_method: sub.collection_method === 'send_invoice' ? 'send_invoice' : 'charge_automatically',
    pending_plan: opts.pendingPlan ?? null,
    schedule_id: sub.schedule ? (typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id) : null,
    past_due_since: pastDueSince,
    pending_payment: opts.pendingPayment ?? null,
    version: opts.version,
  };
}

/** Order safety in one rule: a state replaces another only if it is strictly newer. */
export function newerSnapshot(
  current: SubscriptionSnapshot | undefined,
  incoming: SubscriptionSnapshot,
): SubscriptionSnapshot {
  if (!current) return incoming;
  return incoming.version > current.version ? incoming : current;
}

export type AccessReason =
  | 'active'
  | 'trialing'
  | 'past_due_grace'
  | 'past_due_expired'
  | 'no_subscription'
  | 'paused'
  | 'inactive';

/**
 * Trialing and active grant access; past_due keeps it for the grace period; paused (collection
 * paused, or Stripe's `paused`) does not, and says so; unpaid, canceled, incomplete and
 * incomplete_expired do not either (the workspace falls back to the default plan).
 */
export function subscriptionAccess(
  sub: SubscriptionSnapshot | undefined,
  now: Date,
  graceDays: number,
): { granted: boolean; reason: AccessReason } {
  if (!sub) return { granted: false, reason: 'no_subscription' };
  if (sub.paused) return { granted: false, reason: 'paused' };
  if (sub.status === 'active') return { granted: true, reason: 'active' };
  if (sub.status === 'trialing') return { granted: true, reason: 'trialing' };
  if (sub.status === 'past_due') {
    const since = Date.parse(sub.past_due_since ?? new Date(sub.version).toISOString());
    return now.getTime() - since <= graceDays * 86_400_000
      ? { granted: true, reason: 'past_due_grace' }
      : { granted: false, reason: 'past_due_expired' };
  }
  return { granted: false, reason: 'inactive' };
}

/**
 * Whether Stripe bills a meter event dated `timestamp` through the workspace's subscription. Only
 * a live subscription bills, and only usage from its start on: a canceled one was billed up to
 * its end (the cancellation's final invoice, or the period end), an expired incomplete one never
 * bills, and usage dated before the start falls in no period of it. A meter event Stripe would
 * bill nowhere is not sent.
 */
export function billsUsageAt(
  status: string | null | undefined,
  span: BillingSpan | null | undefined,
  timestamp: string,
): boolean {
  if (!status || status === 'canceled' || status === 'incomplete_expired') return false;
  return !span?.started_at || timestamp >= span.started_at;
}

/**
 * The subscription's span as usage windows follow it: its current (or last) period as Stripe
 * states it, its start and its end. None for a subscription that never started billing
 * (incomplete, expired incomplete): the workspace counted on the default plan's windows then.
 */
export function billingSpanOf(sub: SubscriptionSnapshot | undefined): BillingSpan | null {
  if (!sub || sub.status === 'incomplete' || sub.status === 'incomplete_expired') return null;
  const ended = sub.ended_at ?? (sub.status === 'canceled' ? sub.canceled_at : null);
  return {
    period: { start: sub.current_period_start, end: sub.current_period_end },
    started_at: sub.started_at ?? null,
    ended_at: sub.status === 'canceled' ? ended : null,
  };
}
