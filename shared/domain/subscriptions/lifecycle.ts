import type Stripe from 'stripe';
import { findPrice, type Plan } from '#shared/domain/catalog/plans';
import { subscriptionPrinting } from '#shared/domain/payments/bank-transfer';
import { stripeIdempotencyKey } from '#shared/domain/tenancy/stripe-idempotency';
import type { Workspace } from '#shared/domain/tenancy/types';
import { requireOrRegister } from '#shared/domain/workspaces/implicit';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { ConflictError, NotFoundError, UnprocessableError } from '#shared/errors';
import type { SyncPorts } from './ports';
import { type SubscriptionSnapshot, subscriptionAccess } from './snapshot';
import { syncSubscription } from './sync';
import { phasesFromNow, scheduleOf } from './transitions';
import { isMeteredItem, itemUpdatesForPlan, licensedItem, phaseItemsForPlan, subscriptionItems } from './usage-items';

export { previewChange } from './preview';
export { cancelSubscription, pauseSubscription, resumeSubscription, revokeCancellation } from './transitions';

export type Interval = 'month' | 'year';

/** Every Stripe mutation carries a key with the project in it; the SDK reuses it across its own retries. */
export const idem = (projectId: string, workspaceId: string, requestKey: string | undefined, op: string) => ({
  idempotencyKey: stripeIdempotencyKey(projectId, `${op}:${workspaceId}`, requestKey),
});

export async function ensureCustomer(ports: SyncPorts, ws: Workspace): Promise<string> {
  if (ws.stripeCustomerId) return ws.stripeCustomerId;
  const stripe = await ports.stripe();
  // Deterministic key: two concurrent first subscriptions still create one customer.
  const customer = await stripe.customers.create(
    {
      email: ws.email || undefined,
      name: ws.name,
      metadata: { workspace_id: ws.workspaceId, project_id: ws.projectId },
    },
    { idempotencyKey: `customer:${ws.projectId}:${ws.workspaceId}` },
  );
  await ports.customers.linkCustomer({ customerId: customer.id, projectId: ws.projectId, workspaceId: ws.workspaceId });
  await ports.workspaces.setStripeCustomer(ws.projectId, ws.workspaceId, customer.id);
  return customer.id;
}

export function planPrice(plans: Plan[], key: string, interval: Interval, currency: string) {
  const plan = plans.find((p) => p.plan === key);
  if (!plan) throw new NotFoundError('Plan', key);
  const price = findPrice(plan, interval, currency);
  if (!price)
    throw new UnprocessableError(
      `Plan '${key}' has no ${interval}ly price in ${currency.toUpperCase()}`,
      'price_unavailable',
      { plan: key, interval, currency },
    );
  return { plan, price };
}

const LIVE = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']);

export async function current(ports: SyncPorts, projectId: string, workspaceId: string): Promise<SubscriptionSnapshot> {
  await requireWorkspace(ports, projectId, workspaceId);
  const s = await ports.subscriptions.getSubscription(projectId, workspaceId);
  if (!s || !LIVE.has(s.status)) throw new NotFoundError('Active subscription for workspace', workspaceId);
  return s;
}

export async function applied(
  ports: SyncPorts,
  sub: Stripe.Subscription,
  source: string,
): Promise<SubscriptionSnapshot> {
  const r = await syncSubscription(ports, sub, source);
  if (!r) throw new UnprocessableError('The subscription is not linked to a workspace', 'workspace_unlinked');
  return r.snapshot;
}

export async function getSubscription(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
): Promise<SubscriptionSnapshot> {
  await requireWorkspace(ports, projectId, workspaceId);
  const s = await ports.subscriptions.getSubscription(projectId, workspaceId);
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

/** What a caller needs to pay an incomplete (or past_due) subscription: the hosted invoice page, and the PaymentIntent's client secret for an in-app payment form. */
export interface PaymentAnswer {
  client_secret: string | null;
}

export type CreatedSubscription = SubscriptionSnapshot & { payment: PaymentAnswer };

export async function createSubscription(
  ports: SyncPorts,
  projectId: string,
  input: CreateSubscription,
  requestKey?: string,
): Promise<CreatedSubscription> {
  const ws = await requireOrRegister(ports, projectId, input.workspace_id);
  const existing = await ports.subscriptions.getSubscription(projectId, ws.workspaceId);
  const { plan, price } = planPrice(await ports.plans(projectId), input.plan, input.interval, ws.currency);
  const stripe = await ports.stripe();
  if (existing?.status === 'incomplete') {
    // A retry while the first payment is outstanding: the same plan answers the same subscription
    // and how to pay it; another plan replaces the unpaid one (Stripe lets it expire otherwise).
    const live = await stripe.subscriptions.retrieve(existing.subscription_id, {
      expand: ['latest_invoice.confirmation_secret'],
    });
    const item = licensedItem(live);
    if (live.status === 'incomplete' && item?.price.id === price.id && (item.quantity ?? 1) === input.seats) {
      return { ...(await applied(ports, live, `api:create:${live.id}`)), payment: paymentAnswer(live) };
    }
    if (live.status === 'incomplete')
      await stripe.subscriptions.cancel(
        live.id,
        {},
        idem(projectId, ws.workspaceId, requestKey, `sub-replace:${live.id}`),
      );
    // Paid meanwhile (its webhook not processed yet): it is the workspace's subscription now.
    else if (LIVE.has(live.status))
      throw new ConflictError(
        `Workspace already has a ${live.status} subscription; change its plan instead`,
        'subscription_exists',
        { subscription_id: live.id },
      );
  } else if (existing && LIVE.has(existing.status)) {
    throw new ConflictError(
      `Workspace already has a ${existing.status} subscription; change its plan instead`,
      'subscription_exists',
      { subscription_id: existing.subscription_id },
    );
  }
  const customer = await ensureCustomer(ports, ws);
  const printed = await subscriptionPrinting(ports, projectId, input.collection_method, ws.currency);
  // Without a payment method on file, Stripe leaves a paid subscription incomplete with an open
  // invoice; the answer carries its hosted page and the PaymentIntent's client secret.
  const sub = await stripe.subscriptions.create(
    {
      customer,
      items: subscriptionItems(plan, price.id, input.seats, input.interval, ws.currency),
      ...(input.trial_days ? { trial_period_days: input.trial_days } : {}),
      collection_method: input.collection_method,
      ...(input.collection_method === 'send_invoice' ? { days_until_due: input.days_until_due ?? 7 } : {}),
      // Paid by bank transfer: every invoice prints the project's account (custom fields, footer).
      ...(printed ? { invoice_settings: printed } : {}),
      metadata: { workspace_id: ws.workspaceId, project_id: projectId, plan: input.plan },
      expand: ['latest_invoice.confirmation_secret'],
    },
    idem(projectId, ws.workspaceId, requestKey, 'sub-create'),
  );
  return { ...(await applied(ports, sub, `api:create:${sub.id}`)), payment: paymentAnswer(sub) };
}

function paymentAnswer(sub: Stripe.Subscription): PaymentAnswer {
  const inv = typeof sub.latest_invoice === 'object' ? sub.latest_invoice : null;
  const owing = (sub.status === 'incomplete' || sub.status === 'past_due') && inv?.status === 'open';
  return { client_secret: owing ? (inv?.confirmation_secret?.client_secret ?? null) : null };
}

export interface ChangePlan {
  plan: string;
  interval?: Interval;
  at_period_end: boolean;
}

export async function changePlan(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  input: ChangePlan,
  requestKey?: string,
) {
  const s = await current(ports, projectId, workspaceId);
  const interval = input.interval ?? s.interval ?? 'month';
  if (input.plan === s.plan && interval === s.interval)
    throw new ConflictError(`The workspace is already on ${input.plan} (${interval}ly)`, 'invalid_transition');
  if (input.at_period_end && input.plan === s.pending_plan)
    throw new ConflictError(`A change to ${input.plan} is already scheduled`, 'invalid_transition');
  const { plan, price } = planPrice(await ports.plans(projectId), input.plan, interval, s.currency);
  const stripe = await ports.stripe();
  const sub = await stripe.subscriptions.retrieve(s.subscription_id);
  const item = licensedItem(sub);
  if (!input.at_period_end) {
    const updated = await stripe.subscriptions.update(
      sub.id,
      {
        items: itemUpdatesForPlan(sub, plan, price.id, interval, s.currency),
        proration_behavior: 'create_prorations',
        metadata: { ...sub.metadata, plan: input.plan },
      },
      idem(projectId, workspaceId, requestKey, 'sub-change-now'),
    );
    return applied(ports, updated, `api:change:${sub.id}:${price.id}:${Date.now()}`);
  }
  // At period end: a schedule with the current phase until the period ends, then the new price.
  const scheduleId = sub.schedule
    ? typeof sub.schedule === 'string'
      ? sub.schedule
      : sub.schedule.id
    : (
        await stripe.subscriptionSchedules.create(
          { from_subscription: sub.id },
          idem(projectId, workspaceId, requestKey, 'sched-create'),
        )
      ).id;
  await stripe.subscriptionSchedules.update(
    scheduleId,
    {
      end_behavior: 'release',
      phases: [
        {
          items: sub.items.data.map((it) =>
            isMeteredItem(it) ? { price: it.price.id } : { price: it.price.id, quantity: it.quantity ?? 1 },
          ),
          start_date: item.current_period_start,
          end_date: item.current_period_end,
        },
        {
          items: phaseItemsForPlan(plan, price.id, item.quantity ?? 1, interval, s.currency),
          duration: { interval, interval_count: 1 },
        },
      ],
    },
    idem(projectId, workspaceId, requestKey, 'sched-update'),
  );
  const after = await stripe.subscriptions.retrieve(sub.id);
  return applied(ports, after, `api:schedule:${sub.id}:${price.id}:${Date.now()}`);
}

export async function updateSubscription(
  ports: SyncPorts,
  projectId: string,
  workspaceId: string,
  input: { seats?: number; billing_email?: string },
  requestKey?: string,
) {
  const s = await current(ports, projectId, workspaceId);
  const stripe = await ports.stripe();
  if (input.billing_email) {
    await stripe.customers.update(
      s.customer_id,
      { email: input.billing_email },
      idem(projectId, workspaceId, requestKey, 'cus-email'),
    );
    await ports.workspaces.setEmail(projectId, workspaceId, input.billing_email, ports.clock().toISOString());
  }
  let sub: Stripe.Subscription;
  if (input.seats !== undefined && input.seats !== s.seats) {
    const live = await stripe.subscriptions.retrieve(s.subscription_id);
    const schedule = await scheduleOf(stripe, live);
    if (schedule) {
      // A scheduled plan change would put the old seat count back at the period end: the seats
      // change in every phase from now on, prorated for the current one.
      await stripe.subscriptionSchedules.update(
        schedule.id,
        { phases: phasesFromNow(schedule, input.seats), proration_behavior: 'create_prorations' },
        idem(projectId, workspaceId, requestKey, 'sched-seats'),
      );
      sub = await stripe.subscriptions.retrieve(live.id);
    } else {
      sub = await stripe.subscriptions.update(
        live.id,
        { items: [{ id: licensedItem(live).id, quantity: input.seats }], proration_behavior: 'create_prorations' },
        idem(projectId, workspaceId, requestKey, 'sub-seats'),
      );
    }
  } else sub = await stripe.subscriptions.retrieve(s.subscription_id);
  return applied(ports, sub, `api:update:${sub.id}:${Date.now()}`);
}

/**
 * The subscription as the API shows it. A paused subscription says so (`status: paused`, with
 * Stripe's own status beside it); an incomplete or past_due one carries what is owed and where
 * to pay it (the client secret only in the answer to the request that created it).
 */
export function toSubscriptionDto(
  workspaceId: string,
  s: SubscriptionSnapshot & { payment?: PaymentAnswer },
  now: Date,
  graceDays: number,
) {
  const access = subscriptionAccess(s, now, graceDays);
  const { version: _v, past_due_since: _p, pending_payment: pending, pause_collection: pause, payment, ...rest } = s;
  return {
    workspace_id: workspaceId,
    ...rest,
    status: s.paused && LIVE.has(s.status) ? 'paused' : s.status,
    stripe_status: s.status,
    pause_collection: pause ?? null,
    pending_payment: pending ? { ...pending, client_secret: payment?.client_secret ?? null } : null,
    has_access: access.granted,
    access_reason: access.reason,
  };
}
