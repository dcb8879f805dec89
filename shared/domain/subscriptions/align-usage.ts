import type Stripe from 'stripe';
import { type Plan, planForPrice } from '#shared/domain/catalog/plans';
import type { StripeClient } from './ports';
import { itemUpdatesForPlan, licensedItem, usageItemsMatch } from './usage-items';

/** Statuses whose items may change (Stripe allows only a few fields on an incomplete subscription). */
const ALIGNABLE = new Set(['active', 'trialing', 'past_due', 'unpaid']);

export type UsageItemsPlan =
  | { subscription: string; action: 'none'; reason: string }
  | { subscription: string; action: 'update'; plan: string; updates: Stripe.SubscriptionUpdateParams.Item[] };

/**
 * What a subscription's metered items need so they match its plan's metered prices: a meter the
 * plan bills gets an item, a meter it does not bill loses one, a price that changed is swapped in
 * place. Used after a plan change made outside Tollgate (the portal, the dashboard) and by the
 * migration of subscriptions created before the plan billed usage.
 */
export function planUsageItems(plans: Plan[], sub: Stripe.Subscription): UsageItemsPlan {
  const none = (reason: string): UsageItemsPlan => ({ subscription: sub.id, action: 'none', reason });
  if (!ALIGNABLE.has(sub.status)) return none(`status ${sub.status}`);
  if (sub.schedule) return none('managed by a schedule (its phases carry the items)');
  const licensed = licensedItem(sub);
  const plan = licensed ? planForPrice(plans, licensed.price.id) : undefined;
  if (!licensed || !plan) return none('not on a catalog plan price');
  const interval = licensed.price.recurring?.interval as 'month' | 'year';
  if (usageItemsMatch(sub, plan, interval, sub.currency)) return none('already matches');
  const updates = itemUpdatesForPlan(sub, plan, licensed.price.id, interval, sub.currency).slice(1);
  return { subscription: sub.id, action: 'update', plan: plan.plan, updates };
}

/** Applies a plan: metered items carry no proration (usage is billed at the period end). */
export async function applyUsageItems(stripe: Stripe, p: UsageItemsPlan): Promise<Stripe.Subscription | null> {
  if (p.action !== 'update') return null;
  const key = `usage-items:${p.subscription}:${p.updates.map((u) => `${u.id ?? ''}>${u.price ?? ''}${u.deleted ? 'x' : ''}`).join(',')}`;
  return stripe.subscriptions.update(
    p.subscription,
    { items: p.updates, proration_behavior: 'none' },
    { idempotencyKey: key },
  );
}

/** Reads the subscription again and puts its metered items right; returns whether it changed. */
export async function alignUsageItems(
  ports: { stripe: StripeClient; plans: (projectId: string) => Promise<Plan[]> },
  projectId: string,
  subscriptionId: string,
): Promise<boolean> {
  const stripe = await ports.stripe();
  const sub = await stripe.subscriptions.retrieve(subscriptionId);
  return (await applyUsageItems(stripe, planUsageItems(await ports.plans(projectId), sub))) !== null;
}
