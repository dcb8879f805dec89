import type Stripe from 'stripe';
import { stripeCall } from '../../adapters/stripe/errors';
import { ConflictError, NotFoundError, UnprocessableError } from '../../errors';
import { findPrice, type Plan } from '../catalog/plans';
import { stripeIdempotencyKey } from '../tenancy/stripe-idempotency';
import type { Workspace } from '../tenancy/types';
import { requireWorkspace } from '../workspaces/service';
import { subscriptionAccess, type SubscriptionSnapshot } from './snapshot';
import { syncSubscription, type SyncPorts } from './sync';

export type Interval = 'month' | 'year';

/** Every Stripe mutation carries a key with the project in it; the SDK reuses it across its own retries. */
const idem = (projectId: string, workspaceId: string, requestKey: string | undefined, op: string) => ({
  idempotencyKey: stripeIdempotencyKey(projectId, `${op}:${workspaceId}`, requestKey),
});

export async function ensureCustomer(ports: SyncPorts, ws: Workspace): Promise<string> {
  if (ws.stripeCustomerId) return ws.stripeCustomerId;
  const stripe = await ports.stripe();
  // Deterministic key: two concurrent first subscriptions still create one customer.
  const customer = await stripeCall(() =>
    stripe.customers.create(
      { email: ws.email, name: ws.name, metadata: { workspace_id: ws.workspaceId, project_id: ws.projectId } },
      { idempotencyKey: `customer:${ws.projectId}:${ws.workspaceId}` },
    ),
  );
  await ports.billing.linkCustomer({ customerId: customer.id, projectId: ws.projectId, workspaceId: ws.workspaceId });
  await ports.workspaces.setStripeCustomer(ws.projectId, ws.workspaceId, customer.id);
  return customer.id;
}

function planPrice(plans: Plan[], key: string, interval: Interval, currency: string) {
  const plan = plans.find((p) => p.plan === key);
  if (!plan) throw new NotFoundError('Plan', key);
  const price = findPrice(plan, interval, currency);
  if (!price) throw new UnprocessableError(`Plan '${key}' has no ${interval}ly price in ${currency.toUpperCase()}`, 'price_unavailable', { plan: key, interval, currency });
  return { plan, price };
}

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);

async function current(ports: SyncPorts, projectId: string, workspaceId: string): Promise<SubscriptionSnapshot> {
  await requireWorkspace(ports, projectId, workspaceId);
  const s = await ports.billing.getSubscription(projectId, workspaceId);
  if (!s || !LIVE.has(s.status)) throw new NotFoundError('Active subscription for workspace', workspaceId);
  return s;
}

async function applied(ports: SyncPorts, sub: Stripe.Subscription, source: string): Promise<SubscriptionSnapshot> {
  const r = await syncSubscription(ports, sub, source);
  if (!r) throw new UnprocessableError('The subscription is not linked to a workspace', 'workspace_unlinked');
  return r.snapshot;
}

export async function getSubscription(ports: SyncPorts, projectId: string, workspaceId: string): Promise<SubscriptionSnapshot> {
  await requireWorkspace(ports, projectId, workspaceId);
  const s = await ports.billing.getSubscription(projectId, workspaceId);
  if (!s) throw new NotFoundError('Subscription for workspace', workspaceId);
  return s;
}

export interface CreateSubscription {
  workspace_id: string;
  plan: string;
  interval: Interval;
  seats: number;
  trial_days?: number;
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
}

export async function createSubscription(ports: SyncPorts, projectId: string, input: CreateSubscription, requestKey?: string) {
  const ws = await requireWorkspace(ports, projectId, input.workspace_id);
  const existing = await ports.billing.getSubscription(projectId, ws.workspaceId);
  if (existing && LIVE.has(existing.status)) {
    throw new ConflictError(`Workspace already has a ${existing.status} subscription; change its plan instead`, 'subscription_exists', { subscription_id: existing.subscription_id });
  }
  const { price } = planPrice(await ports.plans(), input.plan, input.interval, ws.currency);
  const customer = await ensureCustomer(ports, ws);
  const stripe = await ports.stripe();
  const sub = await stripeCall(() =>
    stripe.subscriptions.create(
      {
        customer,
        items: [{ price: price.id, quantity: input.seats }],
        ...(input.trial_days ? { trial_period_days: input.trial_days } : {}),
        collection_method: input.collection_method,
        ...(input.collection_method === 'send_invoice' ? { days_until_due: input.days_until_due ?? 7 } : {}),
        metadata: { workspace_id: ws.workspaceId, project_id: projectId, plan: input.plan },
      },
      idem(projectId, ws.workspaceId, requestKey, 'sub-create'),
    ),
  );
  return applied(ports, sub, `api:create:${sub.id}`);
}

export async function cancelSubscription(ports: SyncPorts, projectId: string, workspaceId: string, atPeriodEnd: boolean, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  if (atPeriodEnd) {
    if (s.cancel_at_period_end) throw new ConflictError('The subscription is already set to cancel at period end', 'invalid_transition');
    const sub = await stripeCall(() => stripe.subscriptions.update(s.subscription_id, { cancel_at_period_end: true }, idem(projectId, workspaceId, requestKey, 'sub-cancel-later')));
    return applied(ports, sub, `api:cancel_later:${sub.id}:${Date.now()}`);
  }
  const sub = await stripeCall(() => stripe.subscriptions.cancel(s.subscription_id, {}, idem(projectId, workspaceId, requestKey, 'sub-cancel-now')));
  return applied(ports, sub, `api:cancel_now:${sub.id}`);
}

export async function revokeCancellation(ports: SyncPorts, projectId: string, workspaceId: string, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  if (!s.cancel_at_period_end) throw new ConflictError('No cancellation is pending for this subscription', 'invalid_transition');
  const stripe = await ports.stripe();
  const sub = await stripeCall(() => stripe.subscriptions.update(s.subscription_id, { cancel_at_period_end: false }, idem(projectId, workspaceId, requestKey, 'sub-revoke')));
  return applied(ports, sub, `api:revoke:${sub.id}:${Date.now()}`);
}

export async function pauseSubscription(ports: SyncPorts, projectId: string, workspaceId: string, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  if (s.paused) throw new ConflictError('The subscription is already paused', 'invalid_transition');
  if (s.status === 'canceled') throw new ConflictError('A canceled subscription cannot be paused', 'invalid_transition');
  const stripe = await ports.stripe();
  const sub = await stripeCall(() => stripe.subscriptions.update(s.subscription_id, { pause_collection: { behavior: 'void' } }, idem(projectId, workspaceId, requestKey, 'sub-pause')));
  return applied(ports, sub, `api:pause:${sub.id}:${Date.now()}`);
}

export async function resumeSubscription(ports: SyncPorts, projectId: string, workspaceId: string, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  if (!s.paused) throw new ConflictError('The subscription is not paused', 'invalid_transition');
  const stripe = await ports.stripe();
  const sub =
    s.status === 'paused'
      ? await stripeCall(() => stripe.subscriptions.resume(s.subscription_id, {}, idem(projectId, workspaceId, requestKey, 'sub-resume')))
      : await stripeCall(() => stripe.subscriptions.update(s.subscription_id, { pause_collection: '' }, idem(projectId, workspaceId, requestKey, 'sub-unpause')));
  return applied(ports, sub, `api:resume:${sub.id}:${Date.now()}`);
}

export interface ChangePlan {
  plan: string;
  interval?: Interval;
  at_period_end: boolean;
}

export async function changePlan(ports: SyncPorts, projectId: string, workspaceId: string, input: ChangePlan, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  const interval = input.interval ?? s.interval ?? 'month';
  if (input.plan === s.plan && interval === s.interval) throw new ConflictError(`The workspace is already on ${input.plan} (${interval}ly)`, 'invalid_transition');
  if (input.at_period_end && input.plan === s.pending_plan) throw new ConflictError(`A change to ${input.plan} is already scheduled`, 'invalid_transition');
  const { price } = planPrice(await ports.plans(), input.plan, interval, s.currency);
  const stripe = await ports.stripe();
  const sub = await stripeCall(() => stripe.subscriptions.retrieve(s.subscription_id));
  const item = sub.items.data[0];
  if (!input.at_period_end) {
    const updated = await stripeCall(() =>
      stripe.subscriptions.update(
        sub.id,
        { items: [{ id: item.id, price: price.id }], proration_behavior: 'create_prorations', metadata: { ...sub.metadata, plan: input.plan } },
        idem(projectId, workspaceId, requestKey, 'sub-change-now'),
      ),
    );
    return applied(ports, updated, `api:change:${sub.id}:${price.id}:${Date.now()}`);
  }
  // At period end: a schedule with the current phase until the period ends, then the new price.
  const scheduleId = sub.schedule
    ? (typeof sub.schedule === 'string' ? sub.schedule : sub.schedule.id)
    : (await stripeCall(() => stripe.subscriptionSchedules.create({ from_subscription: sub.id }, idem(projectId, workspaceId, requestKey, 'sched-create')))).id;
  await stripeCall(() =>
    stripe.subscriptionSchedules.update(
      scheduleId,
      {
        end_behavior: 'release',
        phases: [
          { items: [{ price: item.price.id, quantity: item.quantity ?? 1 }], start_date: item.current_period_start, end_date: item.current_period_end },
          { items: [{ price: price.id, quantity: item.quantity ?? 1 }], duration: { interval, interval_count: 1 } },
        ],
      },
      idem(projectId, workspaceId, requestKey, 'sched-update'),
    ),
  );
  const after = await stripeCall(() => stripe.subscriptions.retrieve(sub.id));
  return applied(ports, after, `api:schedule:${sub.id}:${price.id}:${Date.now()}`);
}

export async function updateSubscription(ports: SyncPorts, projectId: string, workspaceId: string, input: { seats?: number; billing_email?: string }, requestKey?: string) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  if (input.billing_email) {
    await stripeCall(() => stripe.customers.update(s.customer_id, { email: input.billing_email }, idem(projectId, workspaceId, requestKey, 'cus-email')));
  }
  let sub: Stripe.Subscription;
  if (input.seats !== undefined && input.seats !== s.seats) {
    const live = await stripeCall(() => stripe.subscriptions.retrieve(s.subscription_id));
    sub = await stripeCall(() =>
      stripe.subscriptions.update(live.id, { items: [{ id: live.items.data[0].id, quantity: input.seats }], proration_behavior: 'create_prorations' }, idem(projectId, workspaceId, requestKey, 'sub-seats')),
    );
  } else sub = await stripeCall(() => stripe.subscriptions.retrieve(s.subscription_id));
  return applied(ports, sub, `api:update:${sub.id}:${Date.now()}`);
}

export async function previewChange(ports: SyncPorts, projectId: string, workspaceId: string, input: { plan?: string; interval?: Interval; seats?: number }) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  const sub = await stripeCall(() => stripe.subscriptions.retrieve(s.subscription_id));
  const item = sub.items.data[0];
  const priceId = input.plan || input.interval ? planPrice(await ports.plans(), input.plan ?? s.plan ?? '', input.interval ?? s.interval ?? 'month', s.currency).price.id : item.price.id;
  const inv = await stripeCall(() =>
    stripe.invoices.createPreview({
      customer: s.customer_id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: priceId, quantity: input.seats ?? item.quantity ?? 1 }], proration_behavior: 'create_prorations' },
    }),
  );
  return {
    currency: inv.currency,
    subtotal: inv.subtotal,
    total: inv.total,
    amount_due: inv.amount_due,
    lines: inv.lines.data.map((l) => ({
      description: l.description,
      amount: l.amount,
      proration: Boolean(l.parent?.subscription_item_details?.proration ?? l.parent?.invoice_item_details?.proration),
      period_start: new Date(l.period.start * 1000).toISOString(),
      period_end: new Date(l.period.end * 1000).toISOString(),
    })),
  };
}

export function toSubscriptionDto(workspaceId: string, s: SubscriptionSnapshot, now: Date, graceDays: number) {
  const access = subscriptionAccess(s, now, graceDays);
  const { version: _v, past_due_since: _p, ...rest } = s;
  return { workspace_id: workspaceId, ...rest, has_access: access.granted, access_reason: access.reason };
}
