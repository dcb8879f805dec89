import type Stripe from 'stripe';
import { cycleLines, isMetered, licensedLine, nextBoundary, usageLine } from './billing';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { buildInvoice, type LineSpec, lineSpecFromItem, pendingItems } from './invoice-model';
import { printedSettings } from './invoice-settings';
import { paymentOutcome } from './payment-methods';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { currentPhase, parsePhases, phaseUpdates } from './schedules';
import { DAY, idOf, type State } from './state';
import {
  applyItemChanges,
  cancelSubscription,
  changeItems,
  createSubscription,
  type ItemUpdate,
  intervalOf,
  makeItem,
  PENDING_UPDATE_EXPIRY,
  PRORATION_BEHAVIORS,
  type ProrationBehavior,
  paymentMethodFor,
  periodOf,
  planItemChanges,
  planProrations,
  recurringPrice,
  restartPeriod,
} from './subscriptions';

const FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;
const STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
] as const;

function itemUpdates(p: Params, key = 'items'): ItemUpdate[] {
  return p.list(key).map((it) => ({
    id: it.str('id'),
    price: it.str('price') ?? it.str('plan'),
    quantity: it.int('quantity'),
    deleted: it.bool('deleted'),
    metadata: it.has('metadata') ? it : undefined,
  }));
}

function trialEndFrom(state: State, p: Params, customerId: string, prices: Stripe.Price[]): number | null {
  const now = state.nowFor(customerId);
  const te = p.str('trial_end');
  if (te === 'now') return null;
  if (te) {
    const ts = p.reqInt('trial_end');
    if (ts <= now)
      throw errors.invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    return ts;
  }
  const days = p.int('trial_period_days');
  if (days !== undefined) return days > 0 ? now + days * DAY : null;
  if (p.bool('trial_from_plan')) {
    const planDays = prices[0]?.recurring?.trial_period_days;
    if (planDays) return now + planDays * DAY;
  }
  return null;
}

function create(state: State, p: Params): Stripe.Subscription {
  const customerId = p.req('customer');
  state.customer(customerId);
  const items = p.list('items');
  if (!items.length) throw errors.paramMissing('items');
  const specItems = items.map((it, i) => {
    const price = it.str('price') ?? it.str('plan');
    if (!price) throw errors.paramMissing(`items[${i}][price]`);
    return { price, quantity: it.int('quantity'), metadata: it.metadata() };
  });
  const prices = specItems.map((it, i) => recurringPrice(state, it.price, `items[${i}][price]`));
  const printed = printedSettings(p);
  const sub = createSubscription(state, {
    customer: customerId,
    items: specItems,
    trialEnd: trialEndFrom(state, p, customerId, prices),
    metadata: p.metadata(),
    collectionMethod: p.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const),
    daysUntilDue: p.int('days_until_due') ?? null,
    paymentBehavior: p.oneOf('payment_behavior', [
      'allow_incomplete',
      'default_incomplete',
      'error_if_incomplete',
      'pending_if_incomplete',
    ] as const),
    defaultPaymentMethod: p.str('default_payment_method') ?? null,
    cancelAtPeriodEnd: p.bool('cancel_at_period_end'),
    description: p.str('description') ?? null,
    missingPaymentMethod: p
      .obj('trial_settings')
      ?.obj('end_behavior')
      ?.oneOf('missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const),
    customFields: printed.customFields,
    footer: printed.footer,
  });
  return sub;
}

function update(state: State, sub: Stripe.Subscription, p: Params): Stripe.Subscription {
  const customerId = idOf(sub.customer as string)!;
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    const allowed = Object.keys(p.raw).every((k) => ['metadata', 'cancellation_details', 'expand'].includes(k));
    if (!allowed) throw errors.state('A canceled subscription can only update its cancellation_details and metadata.');
  }
  // Everything is validated before anything changes, so a rejected update leaves no trace.
  const now = state.nowFor(customerId);
  const at = p.int('proration_date') ?? now;
  const behavior = p.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
  const bca = p.obj('billing_cycle_anchor')?.str('type') ?? p.str('billing_cycle_anchor');
  const defaultPm = p.has('default_payment_method') ? p.str('default_payment_method') || null : undefined;
  if (defaultPm && state.paymentMethods.get(defaultPm)?.customer !== customerId) {
    throw errors.invalid(
      `The customer does not have a payment method with the ID ${defaultPm}. The payment method must be attached to the customer.`,
      'default_payment_method',
    );
  }
  const collection = p.oneOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
  const daysUntilDue = p.int('days_until_due');
  if (collection === 'send_invoice' && daysUntilDue === undefined && sub.days_until_due === null)
    throw errors.paramMissing('days_until_due');
  const pc = p.obj('pause_collection');
  const pauseBehavior = pc?.oneOf('behavior', ['keep_as_draft', 'mark_uncollectible', 'void'] as const);
  if (pc && !pauseBehavior) throw errors.paramMissing('pause_collection[behavior]');
  const cancelAt = p.has('cancel_at') ? (p.isEmpty('cancel_at') ? null : p.reqInt('cancel_at')) : undefined;
  const cancelAtPeriodEnd = p.bool('cancel_at_period_end');
  const trialEnd = p.str('trial_end') === 'now' ? 'now' : p.int('trial_end');
  const cd = p.obj('cancellation_details');
  const printed = printedSettings(p);
  const updates = itemUpdates(p);
  const plan = updates.length ? planItemChanges(state, sub, updates, bca === 'now') : null;
  if (sub.schedule && (p.has('cancel_at_period_end') || p.has('cancel_at'))) {
    throw errors.state(
      `The subscription is managed by the subscription schedule \`${idOf(sub.schedule as string)}\`, and updating any cancelation behavior directly is not allowed. Please update the schedule instead.`,
    );
  }
  const paymentBehavior = p.oneOf('payment_behavior', [
    'allow_incomplete',
    'default_incomplete',
    'error_if_incomplete',
    'pending_if_incomplete',
  ] as const);
  if (paymentBehavior === 'pending_if_incomplete') {
    const unsupported = Object.keys(p.raw).find((k) => !PENDING_UPDATE_PARAMS.includes(k));
    if (unsupported)
      throw errors.invalid(
        `When payment_behavior is pending_if_incomplete, you can only pass parameters supported by pending updates; \`${unsupported}\` is not one of them.`,
        unsupported,
      );
    if (sub.collection_method === 'send_invoice')
      throw errors.state(
        'Pending updates are not supported on subscriptions with collection_method=send_invoice.',
        undefined,
        'payment_behavior',
      );
  }
  // An update whose immediate charge cannot succeed is not applied with pending_if_incomplete:
  // the invoice stays open and the changes wait in pending_update until it is paid.
  const chargesNow =
    sub.status !== 'trialing' && (Boolean(plan && (plan.reset || behavior === 'always_invoice')) || bca === 'now');
  const pm = defaultPm ?? paymentMethodFor(state, sub);
  const paying = paymentOutcome(state, pm);
  if (
    paymentBehavior === 'pending_if_incomplete' &&
    chargesNow &&
    !(paying.behaviour === 'succeed' && paying.settles === 'instant')
  ) {
    return pendUpdate(state, sub, updates, behavior, at, bca === 'now', now, cancelAtPeriodEnd);
  }

  updating(state, 'customer.subscription.updated', sub, () => {
    if (p.has('metadata')) sub.metadata = p.metadata(sub.metadata);
    if (p.has('description')) sub.description = p.str('description') || null;
    if (printed.customFields !== undefined) sub.invoice_settings.custom_fields = printed.customFields;
    if (printed.footer !== undefined) sub.invoice_settings.footer = printed.footer;
    if (defaultPm !== undefined) sub.default_payment_method = defaultPm;
    if (collection) {
      sub.collection_method = collection;
      if (collection === 'charge_automatically') sub.days_until_due = null;
    }
    if (daysUntilDue !== undefined) sub.days_until_due = daysUntilDue;
    if (updates.length || bca === 'now') changeItems(state, sub, updates, behavior, at, bca === 'now');
    if (cancelAtPeriodEnd !== undefined) {
      sub.cancel_at_period_end = cancelAtPeriodEnd;
      sub.cancel_at = cancelAtPeriodEnd ? periodOf(sub).end : null;
      if (!cancelAtPeriodEnd)
        sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
    }
    if (cancelAt !== undefined) {
      sub.cancel_at = cancelAt;
      sub.cancel_at_period_end = cancelAt !== null && cancelAt === periodOf(sub).end;
    }
    if (cd) {
      sub.cancellation_details = {
        comment: cd.str('comment') ?? null,
        feedback: cd.oneOf('feedback', FEEDBACK) ?? null,
        feedback_option: null,
        reason: sub.cancellation_details?.reason ?? null,
      };
    }
    if (p.has('pause_collection'))
      sub.pause_collection =
        pc && pauseBehavior ? { behavior: pauseBehavior, resumes_at: pc.int('resumes_at') ?? null } : null;
    if (trialEnd === 'now' && sub.status === 'trialing') {
      sub.status = 'active';
      sub.trial_end = now;
      restartPeriod(state, sub, now, 'subscription_update');
    } else if (typeof trialEnd === 'number' && sub.status === 'trialing') {
      sub.trial_end = trialEnd;
      sub.billing_cycle_anchor = trialEnd;
      for (const item of sub.items.data) item.current_period_end = trialEnd;
    }
  });
  return sub;
}

/** The parameters Stripe accepts together with `payment_behavior=pending_if_incomplete`. */
const PENDING_UPDATE_PARAMS = [
  'expand',
  'payment_behavior',
  'proration_behavior',
  'proration_date',
  'billing_cycle_anchor',
  'items',
  'trial_end',
  'trial_from_plan',
  'add_invoice_items',
  'cancel_at_period_end',
];

/**
 * Makes the invoice the update calls for and tries to collect it, without changing the
 * subscription: the new items wait in `pending_update` (until paid, or 23 hours), as on Stripe.
 */
function pendUpdate(
  state: State,
  sub: Stripe.Subscription,
  updates: ItemUpdate[],
  behavior: ProrationBehavior,
  at: number,
  resetAnchor: boolean,
  now: number,
  cancelAtPeriodEnd: boolean | undefined,
): Stripe.Subscription {
  const draft = structuredClone(sub);
  const inv = changeItems(state, draft, updates, behavior, at, resetAnchor);
  if (inv?.status === 'paid') {
    // Paid after all (nothing was due): the changes apply at once.
    updating(state, 'customer.subscription.updated', sub, () =>
      Object.assign(sub, {
        items: draft.items,
        billing_cycle_anchor: draft.billing_cycle_anchor,
        latest_invoice: inv.id,
      }),
    );
    return sub;
  }
  updating(state, 'customer.subscription.updated', sub, () => {
    if (inv) sub.latest_invoice = inv.id;
    sub.pending_update = {
      billing_cycle_anchor:
        resetAnchor || draft.billing_cycle_anchor !== sub.billing_cycle_anchor ? draft.billing_cycle_anchor : null,
      cancel_at_period_end: cancelAtPeriodEnd ?? null,
      discount: null,
      discounts: null,
      expires_at: now + PENDING_UPDATE_EXPIRY,
      metadata: null,
      subscription_items: draft.items.data,
      trial_end: null,
      trial_from_plan: null,
    };
  });
  return sub;
}

/** `POST /v1/invoices/create_preview`: what the next invoice would be, including prorations for proposed changes. */
export function preview(state: State, p: Params): Stripe.Invoice {
  const scheduleId = p.str('schedule');
  const schedule = scheduleId ? state.get(state.schedules, 'subscription_schedule', scheduleId, 'schedule') : null;
  if (schedule && p.has('subscription_details'))
    throw errors.invalid(
      'You cannot pass both `subscription_details` and `schedule`; describe the changes in `schedule_details`.',
      'subscription_details',
    );
  const subId = p.str('subscription') ?? (schedule?.subscription ? idOf(schedule.subscription as string) : undefined);
  const sub = subId ? state.get(state.subscriptions, 'subscription', subId, 'subscription') : null;
  const customerId = p.str('customer') ?? (sub ? idOf(sub.customer as string)! : undefined);
  if (!customerId) throw errors.paramMissing('customer');
  state.customer(customerId);
  const sd = p.obj('subscription_details');
  const schedDetails = p.obj('schedule_details');
  const behavior = (schedDetails ?? sd)?.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
  const now = state.nowFor(customerId);
  const at = sd?.int('proration_date') ?? now;
  // The schedule driving the subscription: its phases as they are, or as schedule_details proposes.
  const managing = schedule ?? (sub?.schedule ? state.schedules.get(idOf(sub.schedule as string)!) : undefined);
  const phases =
    managing && schedDetails?.has('phases')
      ? parsePhases(
          state,
          schedDetails,
          managing.current_phase?.start_date ?? managing.phases[0]?.start_date ?? now,
          sub?.currency ?? 'usd',
        )
      : managing?.status === 'active'
        ? managing.phases
        : [];
  let updates = sd ? itemUpdates(sd) : [];
  const pending = [
    ...(sub ? pendingItems(state, customerId, sub.id) : []),
    ...pendingItems(state, customerId, null),
  ].map(lineSpecFromItem);
  let lines: LineSpec[];
  let periodStart: number, periodEnd: number;
  let base: Stripe.Subscription | null = null;
  if (sub) {
    if (sub.status === 'canceled')
      throw errors.state('No upcoming invoices for a canceled subscription.', 'invoice_upcoming_none');
    const clone = structuredClone(sub);
    const current = schedDetails?.has('phases') ? currentPhase({ phases }, now) : undefined;
    if (current) updates = phaseUpdates(clone, current);
    const plan = planItemChanges(state, clone, updates);
    const prorations = planProrations(state, clone, plan, behavior, at);
    const { start, end } = periodOf(clone);
    applyItemChanges(clone, plan);
    base = clone;
    if (plan.reset) {
      const newEnd = nextBoundary(at, plan.interval.interval, plan.interval.interval_count, at);
      const usage = clone.items.data
        .filter((it) => isMetered(it.price))
        .map((it) => usageLine(state, clone, it, start, at));
      lines = [
        ...pending,
        ...prorations,
        ...usage,
        ...clone.items.data
          .filter((it) => !isMetered(it.price))
          .map((it) => licensedLine(state, clone, it, at, newEnd)),
      ];
      periodStart = start;
      periodEnd = at;
    } else if (behavior === 'always_invoice') {
      lines = [...pending, ...prorations];
      periodStart = periodEnd = at;
    } else {
      // The next period bills the items of the phase that starts then, when a schedule has one.
      const next = phases.find((ph) => ph.start_date === end);
      const renewal = next ? structuredClone(clone) : clone;
      if (next) applyItemChanges(renewal, planItemChanges(state, renewal, phaseUpdates(renewal, next)));
      const { interval, interval_count } = intervalOf(state, renewal);
      const nextEnd = nextBoundary(renewal.billing_cycle_anchor, interval, interval_count, end);
      lines = [
        ...pending,
        ...prorations,
        ...cycleLines(state, renewal, start, end, nextEnd, clone.status === 'trialing'),
      ];
      periodStart = start;
      periodEnd = end;
    }
  } else {
    if (!updates.length)
      throw errors.state(`No upcoming invoices for customer: ${customerId}`, 'invoice_upcoming_none');
    const prices = updates.map((u, i) =>
      recurringPrice(state, u.price ?? '', `subscription_details[items][${i}][price]`),
    );
    const { interval, interval_count } = prices[0].recurring!;
    const end = nextBoundary(now, interval, interval_count, now);
    const draft = { id: 'sub_preview' };
    lines = [
      ...pending,
      ...updates
        .map((u, i) =>
          licensedLine(state, draft, makeItem(state, 'sub_preview', prices[i], u.quantity ?? 1, now, end), now, end),
        )
        .map((l) => ({ ...l, subscription: null, subscriptionItem: null })),
    ];
    periodStart = periodEnd = now;
  }
  return buildInvoice(state, {
    id: `upcoming_${state.id('in').slice(3)}`,
    customer: customerId,
    subscription: base,
    collectionMethod: sub?.collection_method ?? 'charge_automatically',
    daysUntilDue: sub?.days_until_due ?? null,
    billingReason: 'upcoming',
    lines,
    periodStart,
    periodEnd,
    currency: sub?.currency,
  });
}

export function registerSubscriptions(r: Router): void {
  r.post('/v1/subscriptions', ({ state, params }) => create(state, params));
  r.get('/v1/subscriptions/:id', ({ state, path }) => state.get(state.subscriptions, 'subscription', path.id));
  r.post('/v1/subscriptions/:id', ({ state, path, params }) =>
    update(state, state.get(state.subscriptions, 'subscription', path.id), params),
  );
  r.delete('/v1/subscriptions/:id', ({ state, path, params }) => {
    const sub = state.get(state.subscriptions, 'subscription', path.id);
    const cd = params.obj('cancellation_details');
    return cancelSubscription(state, sub, {
      invoiceNow: params.bool('invoice_now'),
      prorate: params.bool('prorate'),
      comment: cd?.str('comment') ?? null,
      feedback: cd?.oneOf('feedback', FEEDBACK) ?? null,
    });
  });
  r.post('/v1/subscriptions/:id/pause', ({ state, path }) => {
    const sub = state.get(state.subscriptions, 'subscription', path.id);
    if (sub.status !== 'active' && sub.status !== 'trialing')
      throw errors.state(`Only active or trialing subscriptions can be paused; this one is ${sub.status}.`);
    updating(state, 'customer.subscription.updated', sub, () => (sub.status = 'paused'));
    emit(state, 'customer.subscription.paused', sub);
    return sub;
  });
  r.post('/v1/subscriptions/:id/resume', ({ state, path, params }) => {
    const sub = state.get(state.subscriptions, 'subscription', path.id);
    if (sub.status !== 'paused') throw errors.state('Only paused subscriptions can be resumed.', undefined, 'id');
    const now = state.nowFor(idOf(sub.customer as string));
    const anchor = params.obj('billing_cycle_anchor')?.str('type') ?? params.str('billing_cycle_anchor') ?? 'now';
    updating(state, 'customer.subscription.updated', sub, () => {
      sub.status = 'active';
      sub.pause_collection = null;
      if (anchor === 'now') restartPeriod(state, sub, now, 'subscription_update');
    });
    emit(state, 'customer.subscription.resumed', sub);
    return sub;
  });
  r.get('/v1/subscriptions', ({ state, params }) => {
    const customer = params.str('customer');
    const price = params.str('price');
    const status = params.oneOf('status', STATUSES);
    const items = newestFirst(state.subscriptions).filter((s) => {
      if (customer && s.customer !== customer) return false;
      if (price && !s.items.data.some((it) => it.price.id === price)) return false;
      if (!status) return s.status !== 'canceled' && s.status !== 'incomplete_expired';
      if (status === 'all') return true;
      if (status === 'ended') return s.status === 'canceled' || s.status === 'incomplete_expired';
      return s.status === status;
    });
    return paginate(items, params, '/v1/subscriptions');
  });
  r.get('/v1/subscription_items', ({ state, params }) => {
    const sub = state.get(state.subscriptions, 'subscription', params.req('subscription'), 'subscription');
    return paginate([...sub.items.data], params, '/v1/subscription_items');
  });
  r.get('/v1/subscription_items/:id', ({ state, path }) => {
    for (const s of state.subscriptions.values()) {
      const item = s.items.data.find((x) => x.id === path.id);
      if (item) return item;
    }
    throw errors.missing('subscription_item', path.id);
  });
  r.post('/v1/invoices/create_preview', ({ state, params }) => preview(state, params));
}
