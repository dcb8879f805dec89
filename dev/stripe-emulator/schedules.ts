import type Stripe from 'stripe';
import { boundary, recurringOf } from './billing';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { idOf, type State } from './state';
import {
  cancelSubscription,
  changeItems,
  createSubscription,
  type ItemUpdate,
  PRORATION_BEHAVIORS,
  type ProrationBehavior,
  periodOf,
  recurringPrice,
} from './subscriptions';

type Phase = Stripe.SubscriptionSchedule.Phase;
interface PhaseItemInput {
  price: string;
  quantity: number;
}

function phase(
  state: State,
  items: PhaseItemInput[],
  start: number,
  end: number,
  behavior: ProrationBehavior,
  metadata: Stripe.Metadata | null,
  currency: string,
): Phase {
  return {
    add_invoice_items: [],
    application_fee_percent: null,
    billing_cycle_anchor: null,
    billing_thresholds: null,
    collection_method: null,
    currency,
    default_payment_method: null,
    description: null,
    discounts: [],
    end_date: end,
    invoice_settings: null,
    items: items.map((it) => ({
      billing_thresholds: null,
      discounts: [],
      metadata: {},
      plan: it.price,
      price: it.price,
      quantity: it.quantity,
      tax_rates: [],
    })),
    metadata,
    on_behalf_of: null,
    proration_behavior: behavior,
    start_date: start,
    transfer_data: null,
    trial_end: null,
  };
}

export function currentPhase(s: { phases: Phase[] }, now: number): Phase | undefined {
  return s.phases.find((p) => p.start_date <= now && now < p.end_date);
}

function refreshCurrent(s: Stripe.SubscriptionSchedule, now: number): void {
  const p = currentPhase(s, now);
  s.current_phase = p ? { start_date: p.start_date, end_date: p.end_date } : null;
}

function blank(state: State, customerId: string, now: number): Stripe.SubscriptionSchedule {
  return {
    id: state.id('sub_sched'),
    object: 'subscription_schedule',
    application: null,
    billing_mode: { flexible: null, type: 'flexible' },
    canceled_at: null,
    completed_at: null,
    created: now,
    current_phase: null,
    customer: customerId,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      billing_cycle_anchor: 'automatic',
      billing_thresholds: null,
      collection_method: null,
      default_payment_method: null,
      description: null,
      invoice_settings: {
        account_tax_ids: null,
        custom_fields: null,
        days_until_due: null,
        description: null,
        footer: null,
        issuer: { type: 'self' },
      },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: 'release',
    livemode: false,
    metadata: {},
    pause_schedules: [],
    phases: [],
    released_at: null,
    released_subscription: null,
    status: 'active',
    subscription: null,
    test_clock: state.clockOf(customerId),
  };
}

/** Phase list from `phases[n][items][m][price]`, `start_date`/`end_date`/`duration`; later phases start where the previous ends. */
export function parsePhases(state: State, p: Params, firstStart: number, currency: string): Phase[] {
  const list = p.list('phases');
  if (!list.length) throw errors.paramMissing('phases');
  const phases: Phase[] = [];
  let start = firstStart;
  list.forEach((ph, i) => {
    const items = ph.list('items').map((it, j) => {
      const price = recurringPrice(state, it.str('price') ?? it.req('plan'), `phases[${i}][items][${j}][price]`);
      return { price: price.id, quantity: it.int('quantity') ?? 1, recurring: recurringOf(price) };
    });
    if (!items.length) throw errors.paramMissing(`phases[${i}][items]`);
    if (i === 0 && ph.has('start_date') && ph.str('start_date') !== 'now') start = ph.reqInt('start_date');
    let end: number;
    const duration = ph.obj('duration');
    if (ph.has('end_date') && ph.str('end_date') !== 'now') end = ph.reqInt('end_date');
    else if (duration) {
      const interval = duration.oneOf('interval', ['day', 'week', 'month', 'year'] as const) ?? 'month';
      end = boundary(start, interval, duration.int('interval_count') ?? 1, 1);
    } else end = boundary(start, items[0].recurring.interval, items[0].recurring.interval_count, 1);
    if (end <= start) throw errors.invalid(`Phase ${i} must end after it starts.`, `phases[${i}][end_date]`);
    const behavior = ph.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
    phases.push(phase(state, items, start, end, behavior, ph.has('metadata') ? ph.metadata() : {}, currency));
    start = end;
  });
  return phases;
}

/** The item updates that make the subscription's items match a phase's (same positions change price; extras are added or removed). */
export function phaseUpdates(sub: Stripe.Subscription, ph: Phase): ItemUpdate[] {
  const updates: ItemUpdate[] = [];
  const wanted = ph.items.map((it) => ({ price: idOf(it.price as string)!, quantity: it.quantity ?? 1 }));
  sub.items.data.forEach((item, i) => {
    const w = wanted[i];
    if (!w) updates.push({ id: item.id, deleted: true });
    else if (w.price !== item.price.id || w.quantity !== (item.quantity ?? 1))
      updates.push({ id: item.id, price: w.price, quantity: w.quantity });
  });
  for (const w of wanted.slice(sub.items.data.length)) updates.push({ price: w.price, quantity: w.quantity });
  return updates;
}

function alignItems(state: State, sub: Stripe.Subscription, ph: Phase, behavior: ProrationBehavior, at: number): void {
  const updates = phaseUpdates(sub, ph);
  if (updates.length) changeItems(state, sub, updates, behavior, at);
}

/** Phase transitions that fall due at `at`: the next phase's items apply; after the last phase, release or cancel. */
export function applyScheduleAt(state: State, sub: Stripe.Subscription, at: number): void {
  const id = idOf(sub.schedule as string | null);
  const s = id ? state.schedules.get(id) : undefined;
  if (s?.status !== 'active') return;
  const last = s.phases.at(-1)!;
  if (at >= last.end_date) {
    if (s.end_behavior === 'cancel') {
      s.status = 'completed';
      s.completed_at = at;
      s.current_phase = null;
      emit(state, 'subscription_schedule.completed', s);
      sub.schedule = null;
      cancelSubscription(state, sub, { at, finalUsage: true });
      return;
    }
    s.status = 'released';
    s.released_at = at;
    s.released_subscription = sub.id;
    s.subscription = null;
    s.current_phase = null;
    sub.schedule = null;
    emit(state, 'subscription_schedule.released', s);
    return;
  }
  const next = s.phases.find((p) => p.start_date === at);
  if (next) {
    const atPeriodEnd = periodOf(sub).end === at;
    updating(state, 'customer.subscription.updated', sub, () =>
      alignItems(state, sub, next, atPeriodEnd ? 'none' : (next.proration_behavior as ProrationBehavior), at),
    );
    refreshCurrent(s, at);
    emit(state, 'subscription_schedule.updated', s);
  }
}

/** The next moment the schedule needs attention (a later phase's start, or the end of the last phase). */
export function nextScheduleMoment(state: State, sub: Stripe.Subscription): number | null {
  const id = idOf(sub.schedule as string | null);
  const s = id ? state.schedules.get(id) : undefined;
  if (s?.status !== 'active') return null;
  const current = s.current_phase?.start_date ?? -Infinity;
  return Math.min(...s.phases.map((p) => p.start_date).filter((t) => t > current), s.phases.at(-1)!.end_date);
}

function create(state: State, p: Params): Stripe.SubscriptionSchedule {
  const fromId = p.str('from_subscription');
  if (fromId) {
    const sub = state.get(state.subscriptions, 'subscription', fromId, 'from_subscription');
    if (sub.schedule)
      throw errors.state(
        `Subscription ${sub.id} is already managed by a subscription schedule.`,
        undefined,
        'from_subscription',
      );
    if (sub.status === 'canceled')
      throw errors.state('You cannot create a schedule from a canceled subscription.', undefined, 'from_subscription');
    const customerId = idOf(sub.customer as string)!;
    const now = state.nowFor(customerId);
    const s = blank(state, customerId, now);
    const { start, end } = periodOf(sub);
    s.phases = [
      phase(
        state,
        sub.items.data.map((it) => ({ price: it.price.id, quantity: it.quantity ?? 1 })),
        start,
        end,
        'create_prorations',
        {},
        sub.currency,
      ),
    ];
    s.subscription = sub.id;
    s.metadata = p.metadata();
    s.default_settings.collection_method = sub.collection_method;
    refreshCurrent(s, now);
    state.schedules.set(s.id, s);
    emit(state, 'subscription_schedule.created', s);
    updating(state, 'customer.subscription.updated', sub, () => (sub.schedule = s.id));
    return s;
  }
  const customerId = p.req('customer');
  state.customer(customerId);
  const now = state.nowFor(customerId);
  const startParam = p.str('start_date');
  if (startParam && startParam !== 'now' && p.reqInt('start_date') !== now)
    throw errors.invalid('This emulator supports schedules that start now.', 'start_date');
  const s = blank(state, customerId, now);
  s.end_behavior = p.oneOf('end_behavior', ['release', 'cancel'] as const) ?? 'release';
  s.metadata = p.metadata();
  const firstPrice = state.get(
    state.prices,
    'price',
    p.list('phases')[0]?.list('items')[0]?.req('price') ?? '',
    'phases[0][items][0][price]',
  );
  s.phases = parsePhases(state, p, now, firstPrice.currency);
  state.schedules.set(s.id, s);
  const sub = createSubscription(state, {
    customer: customerId,
    items: s.phases[0].items.map((it) => ({ price: idOf(it.price as string)!, quantity: it.quantity })),
    schedule: s.id,
  });
  s.subscription = sub.id;
  refreshCurrent(s, now);
  emit(state, 'subscription_schedule.created', s);
  syncCancelAt(state, s, sub);
  return s;
}

function update(state: State, s: Stripe.SubscriptionSchedule, p: Params): Stripe.SubscriptionSchedule {
  if (s.status !== 'active' && s.status !== 'not_started')
    throw errors.state(`You cannot update a subscription schedule that is ${s.status}.`);
  const sub = s.subscription ? state.subscriptions.get(idOf(s.subscription as string)!) : undefined;
  const now = state.nowFor(idOf(s.customer as string));
  updating(state, 'subscription_schedule.updated', s, () => {
    if (p.has('phases')) {
      const firstStart = s.current_phase?.start_date ?? s.phases[0]?.start_date ?? now;
      s.phases = parsePhases(state, p, firstStart, s.phases[0]?.currency ?? sub?.currency ?? 'usd');
      const behavior = p.oneOf('proration_behavior', PRORATION_BEHAVIORS) ?? 'create_prorations';
      const cur = currentPhase(s, now);
      if (sub && cur)
        updating(state, 'customer.subscription.updated', sub, () => alignItems(state, sub, cur, behavior, now));
      refreshCurrent(s, now);
    }
    if (p.has('end_behavior')) s.end_behavior = p.oneOf('end_behavior', ['release', 'cancel'] as const)!;
    if (p.has('metadata')) s.metadata = p.metadata(s.metadata);
  });
  if (sub) syncCancelAt(state, s, sub);
  return s;
}

/** A schedule that ends by canceling shows its end on the subscription as `cancel_at`, as Stripe does. */
function syncCancelAt(state: State, s: Stripe.SubscriptionSchedule, sub: Stripe.Subscription): void {
  const cancelAt = s.status === 'active' && s.end_behavior === 'cancel' ? (s.phases.at(-1)?.end_date ?? null) : null;
  if (sub.cancel_at !== cancelAt)
    updating(state, 'customer.subscription.updated', sub, () => (sub.cancel_at = cancelAt));
}

export function registerSchedules(r: Router): void {
  r.post('/v1/subscription_schedules', ({ state, params }) => create(state, params));
  r.get('/v1/subscription_schedules/:id', ({ state, path }) =>
    state.get(state.schedules, 'subscription_schedule', path.id),
  );
  r.post('/v1/subscription_schedules/:id', ({ state, path, params }) =>
    update(state, state.get(state.schedules, 'subscription_schedule', path.id), params),
  );
  r.get('/v1/subscription_schedules', ({ state, params }) => {
    const customer = params.str('customer');
    return paginate(
      newestFirst(state.schedules).filter((s) => !customer || s.customer === customer),
      params,
      '/v1/subscription_schedules',
    );
  });
  r.post('/v1/subscription_schedules/:id/release', ({ state, path }) => {
    const s = state.get(state.schedules, 'subscription_schedule', path.id);
    if (s.status !== 'active' && s.status !== 'not_started')
      throw errors.state(`You cannot release a subscription schedule that is ${s.status}.`);
    const sub = s.subscription ? state.subscriptions.get(idOf(s.subscription as string)!) : undefined;
    s.status = 'released';
    s.released_at = state.nowFor(idOf(s.customer as string));
    s.released_subscription = sub?.id ?? null;
    s.subscription = null;
    s.current_phase = null;
    emit(state, 'subscription_schedule.released', s);
    if (sub) {
      updating(state, 'customer.subscription.updated', sub, () => {
        sub.schedule = null;
        // The schedule's planned end leaves with it.
        if (!sub.cancel_at_period_end) sub.cancel_at = null;
      });
    }
    return s;
  });
  r.post('/v1/subscription_schedules/:id/cancel', ({ state, path, params }) => {
    const s = state.get(state.schedules, 'subscription_schedule', path.id);
    if (s.status !== 'active' && s.status !== 'not_started')
      throw errors.state(`You cannot cancel a subscription schedule that is ${s.status}.`);
    const sub = s.subscription ? state.subscriptions.get(idOf(s.subscription as string)!) : undefined;
    if (sub && sub.status !== 'canceled')
      cancelSubscription(state, sub, { invoiceNow: params.bool('invoice_now'), prorate: params.bool('prorate') });
    else {
      s.status = 'canceled';
      s.canceled_at = state.nowFor(idOf(s.customer as string));
      emit(state, 'subscription_schedule.canceled', s);
    }
    return s;
  });
}
