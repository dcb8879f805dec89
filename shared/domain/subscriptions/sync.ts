import type Stripe from 'stripe';
import type { Plan } from '#shared/domain/catalog/plans';
import { planForPrice } from '#shared/domain/catalog/plans';
import { recomputeEntitlements } from '#shared/domain/entitlements/recompute';
import { trackSubscription } from '#shared/domain/metrics/subscriptions';
import type { BillingEvent, SyncPorts } from './ports';
import {
  newerSnapshot,
  type PendingPayment,
  type SubscriptionSnapshot,
  snapshotFromStripe,
  subscriptionAccess,
} from './snapshot';

export type { SyncPorts } from './ports';

export interface WorkspaceRef {
  projectId: string;
  workspaceId: string;
}

/** Finds the workspace a Stripe customer bills: our link first, the customer's metadata second. */
export async function workspaceForCustomer(ports: SyncPorts, customerId: string): Promise<WorkspaceRef | undefined> {
  const link = await ports.customers.findCustomer(customerId);
  if (link) return { projectId: link.projectId, workspaceId: link.workspaceId };
  const stripe = await ports.stripe();
  const customer = await stripe.customers.retrieve(customerId);
  if ((customer as Stripe.DeletedCustomer).deleted) return undefined;
  const md = (customer as Stripe.Customer).metadata;
  if (!md?.workspace_id || !md?.project_id) return undefined;
  const ref = { projectId: md.project_id, workspaceId: md.workspace_id };
  if (!(await ports.workspaces.get(ref.projectId, ref.workspaceId))) return undefined;
  await ports.customers.linkCustomer({ customerId, ...ref });
  return ref;
}

async function pendingPlanOf(stripe: Stripe, sub: Stripe.Subscription, plans: Plan[]): Promise<string | null> {
  if (!sub.schedule) return null;
  const id = typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id;
  const schedule = await stripe.subscriptionSchedules.retrieve(id);
  if (schedule.status !== 'active' && schedule.status !== 'not_started') return null;
  // The subscription's own period start is "now" for it (a test clock may differ from ours).
  const now = sub.items.data[0]?.current_period_start ?? Math.floor(Date.now() / 1000);
  const next = schedule.phases.find((p) => p.start_date > now);
  const price = next?.items[0]?.price;
  const priceId = typeof price === 'string' ? price : price?.id;
  return priceId ? (planForPrice(plans, priceId)?.plan ?? null) : null;
}

/** An incomplete or past_due subscription's open invoice: what the customer must pay, and where. */
export async function pendingPaymentOf(stripe: Stripe, sub: Stripe.Subscription): Promise<PendingPayment | null> {
  if (sub.status !== 'incomplete' && sub.status !== 'past_due' && sub.status !== 'unpaid') return null;
  const latest = sub.latest_invoice;
  if (!latest) return null;
  const inv = typeof latest === 'string' ? await stripe.invoices.retrieve(latest) : latest;
  if (inv.status !== 'open') return null;
  return {
    invoice_id: inv.id,
    amount_due: inv.amount_remaining,
    currency: inv.currency,
    hosted_invoice_url: inv.hosted_invoice_url ?? null,
  };
}

/** The normalised events a change of state means, derived by comparing before and after. */
export function transitions(
  before: SubscriptionSnapshot | undefined,
  after: SubscriptionSnapshot,
  now: Date,
  graceDays: number,
): { type: string; data: Record<string, unknown> }[] {
  const out: { type: string; data: Record<string, unknown> }[] = [];
  const was = subscriptionAccess(before, now, graceDays).granted;
  const is = subscriptionAccess(after, now, graceDays).granted;
  const base = { subscription_id: after.subscription_id, plan: after.plan, status: after.status };
  if (!was && is) out.push({ type: 'subscription.activated', data: base });
  if (before && before.plan !== after.plan && after.plan)
    out.push({ type: 'subscription.plan_changed', data: { ...base, from_plan: before.plan, to_plan: after.plan } });
  if (after.status === 'canceled' && before?.status !== 'canceled')
    out.push({ type: 'subscription.canceled', data: base });
  if (after.cancel_at_period_end && !before?.cancel_at_period_end)
    out.push({
      type: 'subscription.cancellation_scheduled',
      data: { ...base, cancel_at: after.cancel_at ?? after.current_period_end },
    });
  if (before?.cancel_at_period_end && !after.cancel_at_period_end && after.status !== 'canceled')
    out.push({ type: 'subscription.cancellation_revoked', data: base });
  if (after.paused && !before?.paused) out.push({ type: 'subscription.paused', data: base });
  if (before?.paused && !after.paused) out.push({ type: 'subscription.resumed', data: base });
  if (after.status === 'past_due' && before?.status !== 'past_due')
    out.push({ type: 'subscription.past_due', data: base });
  if (before && after.current_period_start > before.current_period_start && after.status !== 'canceled')
    out.push({ type: 'subscription.renewed', data: { ...base, current_period_end: after.current_period_end } });
  if (after.pending_plan && after.pending_plan !== before?.pending_plan)
    out.push({
      type: 'subscription.plan_change_scheduled',
      data: { ...base, to_plan: after.pending_plan, at: after.current_period_end },
    });
  if (was && !is && after.status !== 'canceled') out.push({ type: 'subscription.access_lost', data: base });
  return out;
}

export async function emit(
  ports: Pick<SyncPorts, 'history' | 'bus'>,
  ref: WorkspaceRef,
  sourceId: string,
  at: string,
  events: { type: string; data: Record<string, unknown> }[],
) {
  const fresh: BillingEvent[] = [];
  for (const e of events) {
    const be: BillingEvent = {
      id: `${sourceId}:${e.type}`,
      type: e.type,
      project_id: ref.projectId,
      workspace_id: ref.workspaceId,
      occurred_at: at,
      data: e.data,
    };
    // The history write is the "once": a replayed source event finds its entry and emits nothing.
    if (await ports.history.recordOnce(be)) fresh.push(be);
  }
  if (fresh.length) await ports.bus.publish(fresh);
}

/**
 * When Stripe made a change that no event of its own dates: Stripe's now for the subscription,
 * which is its test clock's time when it runs on one.
 */
async function stripeNow(stripe: Stripe, sub: Stripe.Subscription, fallback: Date): Promise<string> {
  const clock = sub.test_clock;
  if (!clock) return fallback.toISOString();
  const c = typeof clock === 'string' ? await stripe.testHelpers.testClocks.retrieve(clock) : clock;
  return new Date(c.frozen_time * 1000).toISOString();
}

/**
 * Re-reads a subscription from Stripe (the newest truth, whatever order webhooks came in),
 * stores it only if newer than what the table has, recomputes entitlements, and emits the
 * transitions. `sourceId` names what triggered it, so a replay emits nothing twice.
 * `occurredAt` is the provider's time of the change (the Stripe event's `created`), which the
 * history entries carry, as every other entry does; without an event (an API call, a drift
 * check) it is Stripe's now for the subscription.
 */
export async function syncSubscription(
  ports: SyncPorts,
  subscriptionOrId: string | Stripe.Subscription,
  sourceId: string,
  occurredAt?: string,
): Promise<{ ref: WorkspaceRef; snapshot: SubscriptionSnapshot } | undefined> {
  const stripe = await ports.stripe();
  const version = ports.clock().getTime();
  const sub =
    typeof subscriptionOrId === 'string' ? await stripe.subscriptions.retrieve(subscriptionOrId) : subscriptionOrId;
  const customerId = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  const ref = await workspaceForCustomer(ports, customerId);
  if (!ref) return undefined;
  const plans = await ports.plans(ref.projectId);
  const before = await ports.subscriptions.getSubscription(ref.projectId, ref.workspaceId);
  // Another subscription of the same customer: only the newest live one drives entitlements.
  if (
    before &&
    before.subscription_id !== sub.id &&
    before.status !== 'canceled' &&
    before.status !== 'incomplete_expired' &&
    sub.status === 'canceled'
  ) {
    return { ref, snapshot: before };
  }
  const next = snapshotFromStripe(sub, plans, {
    version,
    previous: before?.subscription_id === sub.id ? before : undefined,
    pendingPlan: await pendingPlanOf(stripe, sub, plans),
    pendingPayment: await pendingPaymentOf(stripe, sub),
  });
  const written = await ports.subscriptions.putSubscriptionIfNewer(ref.projectId, ref.workspaceId, next);
  const current = written ? next : newerSnapshot(before, next);
  // What was just written and the plans just loaded are the recompute's inputs; when a newer
  // state won the write, the recompute reads that one instead.
  await recomputeEntitlements(
    ports.recompute,
    ref.projectId,
    ref.workspaceId,
    written ? { subscription: next, plans } : { plans },
  );
  if (written) {
    const events = transitions(before, next, ports.clock(), ports.graceDays);
    if (events.length)
      await emit(ports, ref, sourceId, occurredAt ?? (await stripeNow(stripe, sub, ports.clock())), events);
  }
  if (ports.metrics) await trackSubscription(ports.metrics, ref.projectId, ref.workspaceId, current);
  return { ref, snapshot: current };
}
