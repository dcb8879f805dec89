import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';

/** An active monthly `pro` subscription for November 2026; override what a test is about. */
export function subscriptionSnapshot(over: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot {
  const plan = over.plan ?? 'pro';
  return {
    subscription_id: 'sub_1',
    customer_id: 'cus_1',
    status: 'active',
    plan,
    price_id: `price_${plan}`,
    interval: 'month',
    currency: 'usd',
    seats: 1,
    current_period_start: '2026-11-01T00:00:00.000Z',
    current_period_end: '2026-12-01T00:00:00.000Z',
    trial_end: null,
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    paused: false,
    collection_method: 'charge_automatically',
    pending_plan: null,
    schedule_id: null,
    past_due_since: null,
    version: 1,
    ...over,
  };
}
