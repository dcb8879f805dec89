import type Stripe from 'stripe';
import { cycleLines, nextBoundary } from './billing';
import { syncEntitlements } from './entitlements';
import { errors } from './errors';
import { emit, updating } from './events';
import {
  createInvoice,
  finalizeInvoice,
  invoiceOfIntent,
  markPaid,
  payInvoice,
  pendingItems,
  subscriptionOf,
  voidInvoice,
} from './invoice-model';
import { ASYNC_SETTLE_SECONDS, settleProcessing, settleRefund } from './payments';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { applyScheduleAt, nextScheduleMoment } from './schedules';
import { DAY, idOf, type State } from './state';
import {
  cancelSubscription,
  collectSubscriptionInvoice,
  intervalOf,
  paymentMethodFor,
  periodOf,
} from './subscriptions';

/** Work that falls due at a moment; `order` breaks ties (schedule changes apply before the renewal at the same instant). */
interface Due {
  at: number;
  order: number;
  run: () => void;
}

const INCOMPLETE_EXPIRY = 23 * 3600;
const DRAFT_FINALIZE_DELAY = 3600;

const customerOf = (o: { customer: unknown }) => idOf(o.customer as string)!;

function renew(state: State, sub: Stripe.Subscription): void {
  const prev = periodOf(sub);
  const at = prev.end;
  if (sub.cancel_at !== null && sub.cancel_at <= at) {
    cancelSubscription(state, sub, { at: sub.cancel_at, finalUsage: true });
    return;
  }
  const wasTrial = sub.status === 'trialing';
  if (wasTrial && !paymentMethodFor(state, sub)) {
    const behaviour = sub.trial_settings?.end_behavior.missing_payment_method;
    if (behaviour === 'cancel') {
      cancelSubscription(state, sub, { at });
      return;
    }
    if (behaviour === 'pause') {
      updating(state, 'customer.subscription.updated', sub, () => (sub.status = 'paused'));
      emit(state, 'customer.subscription.paused', sub);
      return;
    }
  }
  const { interval, interval_count } = intervalOf(state, sub);
  const end = nextBoundary(sub.billing_cycle_anchor, interval, interval_count, at);
  const lines = cycleLines(state, sub, prev.start, at, end, wasTrial);
  const inv = createInvoice(
    state,
    {
      customer: customerOf(sub),
      subscription: sub,
      collectionMethod: sub.collection_method,
      daysUntilDue: sub.days_until_due,
      billingReason: 'subscription_cycle',
      lines,
      periodStart: prev.start,
      periodEnd: at,
      currency: sub.currency,
    },
    [...pendingItems(state, customerOf(sub), sub.id), ...pendingItems(state, customerOf(sub), null)],
  );
  updating(state, 'customer.subscription.updated', sub, () => {
    if (wasTrial) sub.status = 'active';
    for (const item of sub.items.data) {
      item.current_period_start = at;
      item.current_period_end = end;
    }
    if (sub.cancel_at_period_end) sub.cancel_at = end;
    sub.latest_invoice = inv.id;
  });
  collectSubscriptionInvoice(state, sub, inv);
}

function subscriptionDue(state: State, sub: Stripe.Subscription): Due[] {
  const out: Due[] = [];
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired' || sub.status === 'paused') return out;
  if (sub.status === 'incomplete') {
    out.push({
      at: sub.created + INCOMPLETE_EXPIRY,
      order: 3,
      run: () => {
        const inv = sub.latest_invoice ? state.invoices.get(idOf(sub.latest_invoice as string)!) : undefined;
        if (inv?.status === 'open') voidInvoice(state, inv);
        sub.status = 'incomplete_expired';
        sub.ended_at = state.nowFor(customerOf(sub));
        emit(state, 'customer.subscription.deleted', sub, { previous: { status: 'incomplete' } });
      },
    });
    return out;
  }
  const pending = sub.pending_update;
  if (pending) {
    out.push({
      at: pending.expires_at,
      order: 1,
      run: () => {
        updating(state, 'customer.subscription.updated', sub, () => (sub.pending_update = null));
        emit(state, 'customer.subscription.pending_update_expired', sub);
      },
    });
  }
  const extra = state.subExtra(sub.id);
  if (sub.status === 'trialing' && sub.trial_end && extra.trialWillEndSentFor !== sub.trial_end) {
    out.push({
      at: sub.trial_end - 3 * DAY,
      order: 0,
      run: () => {
        extra.trialWillEndSentFor = sub.trial_end;
        emit(state, 'customer.subscription.trial_will_end', sub);
      },
    });
  }
  const resumesAt = sub.pause_collection?.resumes_at;
  if (resumesAt)
    out.push({
      at: resumesAt,
      order: 1,
      run: () => updating(state, 'customer.subscription.updated', sub, () => (sub.pause_collection = null)),
    });
  const moment = nextScheduleMoment(state, sub);
  if (moment !== null) out.push({ at: moment, order: 2, run: () => applyScheduleAt(state, sub, moment) });
  const { end } = periodOf(sub);
  if (sub.cancel_at !== null && sub.cancel_at < end) {
    out.push({
      at: sub.cancel_at,
      order: 3,
      run: () => cancelSubscription(state, sub, { at: sub.cancel_at!, finalUsage: true }),
    });
  }
  out.push({ at: end, order: 4, run: () => renew(state, sub) });
  return out;
}

function invoiceDue(state: State, inv: Stripe.Invoice): Due[] {
  const out: Due[] = [];
  if (inv.status === 'draft' && inv.auto_advance) {
    const sub = subscriptionOf(state, inv);
    if (sub?.pause_collection?.behavior === 'keep_as_draft') return out;
    out.push({
      at: inv.created + DRAFT_FINALIZE_DELAY,
      order: 5,
      run: () => {
        finalizeInvoice(state, inv);
        if (inv.status === 'open' && inv.collection_method === 'charge_automatically') payInvoice(state, inv);
      },
    });
  }
  if (inv.status !== 'open') return out;
  if (inv.collection_method === 'charge_automatically' && inv.next_payment_attempt) {
    out.push({
      at: inv.next_payment_attempt,
      order: 5,
      run: () => {
        const paid = payInvoice(state, inv);
        const sub = subscriptionOf(state, inv);
        // Stripe's default once smart retries are exhausted: cancel the subscription.
        if (
          !paid &&
          inv.next_payment_attempt === null &&
          sub &&
          sub.latest_invoice === inv.id &&
          sub.status === 'past_due'
        ) {
          cancelSubscription(state, sub, { reason: 'payment_failed' });
        }
      },
    });
  }
  const sub = subscriptionOf(state, inv);
  if (
    inv.collection_method === 'send_invoice' &&
    inv.due_date &&
    sub &&
    !state.subExtra(sub.id).overdueHandled.has(inv.id)
  ) {
    out.push({
      at: inv.due_date,
      order: 5,
      run: () => {
        state.subExtra(sub.id).overdueHandled.add(inv.id);
        emit(state, 'invoice.overdue', inv);
        if (sub.status === 'active')
          updating(state, 'customer.subscription.updated', sub, () => (sub.status = 'past_due'));
      },
    });
  }
  return out;
}

/** Delayed-notification payments in flight and refunds that change status later. */
function paymentsDue(state: State, clockId: string | null): Due[] {
  const out: Due[] = [];
  for (const intent of state.paymentIntents.values()) {
    if (intent.status !== 'processing' || state.clockOf(idOf(intent.customer as string | null)) !== clockId) continue;
    const charge = state.charges.get(idOf(intent.latest_charge as string | null) ?? '');
    out.push({
      at: (charge?.created ?? intent.created) + ASYNC_SETTLE_SECONDS,
      order: 5,
      run: () => settleDelayedPayment(state, intent),
    });
  }
  for (const [id, x] of state.refundExtra) {
    const r = state.refunds.get(id);
    if (!r || state.clockOf(idOf(r.customer as string | null)) !== clockId) continue;
    out.push({ at: x.settlesAt, order: 5, run: () => settleRefund(state, r) });
  }
  return out;
}

/**
 * A bank debit settles: the invoice it pays is paid (or its payment fails), and the Checkout
 * Session it was made in reports `async_payment_succeeded` / `async_payment_failed`.
 */
function settleDelayedPayment(state: State, intent: Stripe.PaymentIntent): void {
  const ok = settleProcessing(state, intent);
  const inv = invoiceOfIntent(state, intent.id);
  if (inv && (inv.status === 'open' || inv.status === 'uncollectible')) {
    if (ok) markPaid(state, inv, { outOfBand: false, intent });
    else emit(state, 'invoice.payment_failed', inv);
  }
  for (const session of state.checkoutSessions.values()) {
    const paysIt = session.payment_intent === intent.id || (inv && session.invoice === inv.id);
    if (!paysIt || session.status !== 'complete' || session.payment_status !== 'unpaid') continue;
    if (ok) session.payment_status = 'paid';
    emit(state, ok ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', session);
  }
}

/**
 * Runs everything that falls due on a timeline (a test clock, or the global clock for objects
 * without one) up to `target`, in time order, each at its own moment.
 */
export function processDue(state: State, clockId: string | null, target: number): void {
  const key = clockId ?? 'global';
  // Every change that can move a due date emits an event, so an unchanged event count means the
  // earliest due moment computed last time still holds and the scan can be skipped.
  const hint = state.dueHints.get(key);
  if (hint && hint.events === state.events.size && hint.at > target) return;
  // Work that falls due is Stripe's own doing: its events carry no request.
  const request = state.request;
  state.request = null;
  try {
    for (let guard = 0; guard < 20_000; guard++) {
      const due: Due[] = [];
      for (const sub of state.subscriptions.values())
        if (state.clockOf(customerOf(sub)) === clockId) due.push(...subscriptionDue(state, sub));
      for (const inv of state.invoices.values())
        if (state.clockOf(customerOf(inv)) === clockId) due.push(...invoiceDue(state, inv));
      due.push(...paymentsDue(state, clockId));
      const next = due.filter((d) => d.at <= target).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!next) {
        state.dueHints.set(key, { events: state.events.size, at: due.reduce((m, d) => Math.min(m, d.at), Infinity) });
        return;
      }
      state.timeOverride.set(key, next.at);
      next.run();
      syncEntitlements(state);
    }
    throw new Error('too much work falls due on this timeline');
  } finally {
    state.timeOverride.delete(key);
    state.request = request;
  }
}

export function registerTestClocks(r: Router): void {
  r.post('/v1/test_helpers/test_clocks', ({ state, params }) => {
    const clock: Stripe.TestHelpers.TestClock = {
      id: state.id('clock'),
      object: 'test_helpers.test_clock',
      created: state.now(),
      deletes_after: state.now() + 30 * DAY,
      frozen_time: params.reqInt('frozen_time'),
      livemode: false,
      name: params.str('name') ?? null,
      status: 'ready',
      status_details: {},
    };
    state.testClocks.set(clock.id, clock);
    emit(state, 'test_helpers.test_clock.created', clock, { created: state.now() });
    return clock;
  });
  r.get('/v1/test_helpers/test_clocks/:id', ({ state, path }) => state.get(state.testClocks, 'test_clock', path.id));
  r.get('/v1/test_helpers/test_clocks', ({ state, params }) =>
    paginate(newestFirst(state.testClocks), params, '/v1/test_helpers/test_clocks'),
  );
  r.post('/v1/test_helpers/test_clocks/:id/advance', ({ state, path, params }) => {
    const clock = state.get(state.testClocks, 'test_clock', path.id);
    const target = params.reqInt('frozen_time');
    if (target <= clock.frozen_time)
      throw errors.invalid('The test clock can only be advanced forward in time.', 'frozen_time');
    clock.status = 'advancing';
    clock.status_details = { advancing: { target_frozen_time: target } };
    emit(state, 'test_helpers.test_clock.advancing', clock, { created: state.now() });
    processDue(state, clock.id, target);
    clock.frozen_time = target;
    clock.status = 'ready';
    clock.status_details = {};
    emit(state, 'test_helpers.test_clock.ready', clock, { created: state.now() });
    return clock;
  });
  r.delete('/v1/test_helpers/test_clocks/:id', ({ state, path }) => {
    const clock = state.get(state.testClocks, 'test_clock', path.id);
    for (const c of state.customers.values()) {
      if (c.deleted || state.clockOf(c.id) !== clock.id) continue;
      for (const sub of state.subscriptions.values()) {
        if (sub.customer === c.id && sub.status !== 'canceled' && sub.status !== 'incomplete_expired')
          cancelSubscription(state, sub, {});
      }
      state.customers.set(c.id, { id: c.id, object: 'customer', deleted: true });
      emit(state, 'customer.deleted', c, { created: state.now() });
    }
    state.testClocks.delete(clock.id);
    emit(state, 'test_helpers.test_clock.deleted', clock, { created: state.now() });
    return { id: clock.id, object: 'test_helpers.test_clock', deleted: true };
  });
}
