import type Stripe from 'stripe';
import {
  type ItemChange,
  isMetered,
  licensedLine,
  nextBoundary,
  prorationLines,
  recurringOf,
  usageLine,
} from './billing';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import {
  createInvoice,
  finalizeInvoice,
  type LineSpec,
  markUncollectible,
  payInvoice,
  pendingItems,
  voidInvoice,
} from './invoice-model';
import { storeInvoiceItem } from './invoices';
import { customerDefaultPaymentMethod, paymentOutcome } from './payment-methods';
import { planFromPrice } from './render';
import { DAY, idOf, type State } from './state';

export type ProrationBehavior = 'create_prorations' | 'none' | 'always_invoice';
/** How long a pending update waits for its invoice to be paid, as on Stripe. */
export const PENDING_UPDATE_EXPIRY = 23 * 3600;
export const PRORATION_BEHAVIORS = ['create_prorations', 'none', 'always_invoice'] as const;
type MissingPm = Stripe.Subscription.TrialSettings.EndBehavior.MissingPaymentMethod;

export interface CreateSpec {
  customer: string;
  items: { price: string; quantity?: number; metadata?: Stripe.Metadata }[];
  trialEnd?: number | null;
  metadata?: Stripe.Metadata;
  collectionMethod?: Stripe.Subscription.CollectionMethod;
  daysUntilDue?: number | null;
  paymentBehavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  defaultPaymentMethod?: string | null;
  cancelAtPeriodEnd?: boolean;
  description?: string | null;
  missingPaymentMethod?: MissingPm;
  schedule?: string | null;
  /** `invoice_settings[custom_fields]` and `[footer]`: printed on every invoice the subscription generates. */
  customFields?: Stripe.Invoice.CustomField[] | null;
  footer?: string | null;
}

export function recurringPrice(state: State, id: string, param: string): Stripe.Price {
  const price = state.get(state.prices, 'price', id, param);
  if (!price.active)
    throw errors.invalid(`The price specified is inactive. This field only accepts active prices.`, param);
  if (price.type !== 'recurring')
    throw errors.invalid(
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
      param,
    );
  return price;
}

/** Stripe bills a metered item on its meter's usage: a quantity on it is refused, not ignored. */
export function refuseMeteredQuantity(price: Stripe.Price, quantity: number | undefined, param: string): void {
  if (quantity !== undefined && isMetered(price)) {
    throw errors.invalid(
      `Quantity should not be specified where usage_type is \`metered\`. Remove quantity from \`${param}\`.`,
      `${param}[quantity]`,
    );
  }
}

function checkCompatible(prices: Stripe.Price[]): void {
  const [first] = prices;
  for (const p of prices) {
    if (p.currency !== first.currency)
      throw errors.invalid('All prices on a subscription must have the same currency.', 'items');
    const a = recurringOf(p),
      b = recurringOf(first);
    if (a.interval !== b.interval || a.interval_count !== b.interval_count)
      throw errors.invalid(
        'All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.',
        'items',
      );
  }
}

export function makeItem(
  state: State,
  subId: string,
  price: Stripe.Price,
  quantity: number,
  start: number,
  end: number,
  metadata: Stripe.Metadata = {},
): Stripe.SubscriptionItem {
  return {
    id: state.id('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: start,
    current_period_end: end,
    current_period_start: start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planFromPrice(price),
    price: structuredClone(price),
    ...(isMetered(price) ? {} : { quantity }),
    subscription: subId,
    tax_rates: [],
  };
}

export const periodOf = (sub: Stripe.Subscription) => ({
  start: sub.items.data[0].current_period_start,
  end: sub.items.data[0].current_period_end,
});
export const intervalOf = (state: State, sub: Stripe.Subscription) =>
  recurringOf(state.prices.get(sub.items.data[0].price.id)!);
const customerOf = (sub: Stripe.Subscription) => idOf(sub.customer as string)!;

export function paymentMethodFor(state: State, sub: Stripe.Subscription): string | null {
  return idOf(sub.default_payment_method as string | null) ?? customerDefaultPaymentMethod(state, customerOf(sub));
}

export function createSubscription(state: State, spec: CreateSpec): Stripe.Subscription {
  const customer = state.customer(spec.customer);
  if (!spec.items.length) throw errors.paramMissing('items');
  const prices = spec.items.map((it, i) => recurringPrice(state, it.price, `items[${i}][price]`));
  spec.items.forEach((it, i) => refuseMeteredQuantity(prices[i], it.quantity, `items[${i}]`));
  checkCompatible(prices);
  const collection = spec.collectionMethod ?? 'charge_automatically';
  if (collection === 'send_invoice' && spec.daysUntilDue == null) throw errors.paramMissing('days_until_due');
  if (spec.defaultPaymentMethod && state.paymentMethods.get(spec.defaultPaymentMethod)?.customer !== customer.id) {
    throw errors.invalid(
      `The customer does not have a payment method with the ID ${spec.defaultPaymentMethod}. The payment method must be attached to the customer.`,
      'default_payment_method',
    );
  }
  const now = state.nowFor(customer.id);
  const trialEnd = spec.trialEnd && spec.trialEnd > now ? spec.trialEnd : null;
  const { interval, interval_count } = recurringOf(prices[0]);
  const anchor = trialEnd ?? now;
  const end = trialEnd ?? nextBoundary(anchor, interval, interval_count, now);
  const id = state.id('sub');
  const items = spec.items.map((it, i) => makeItem(state, id, prices[i], it.quantity ?? 1, now, end, it.metadata));
  const sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: spec.cancelAtPeriodEnd ? end : null,
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: now,
    currency: prices[0].currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: collection === 'send_invoice' ? (spec.daysUntilDue ?? null) : null,
    default_payment_method: spec.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: spec.customFields ?? null,
      description: null,
      footer: spec.footer ?? null,
      issuer: { type: 'self' },
    },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: spec.metadata ?? {},
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: spec.schedule ?? null,
    start_date: now,
    status: 'incomplete',
    test_clock: state.clockOf(customer.id),
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: {
        billing_cycle_anchor: null,
        missing_payment_method: spec.missingPaymentMethod ?? 'create_invoice',
      },
    },
    trial_start: trialEnd ? now : null,
  };
  const lines: LineSpec[] = items
    .filter((it) => !isMetered(it.price))
    .map((it) => licensedLine(state, sub, it, now, end, Boolean(trialEnd)));
  const pending = pendingItems(state, customer.id, null);
  const due = lines.reduce((s, l) => s + l.amount, 0) + pending.reduce((s, ii) => s + ii.amount, 0);
  const behaviour = spec.paymentBehavior ?? 'allow_incomplete';
  const paying = paymentOutcome(state, paymentMethodFor(state, sub));
  if (trialEnd) sub.status = 'trialing';
  else if (collection === 'send_invoice' || due <= 0) sub.status = 'active';
  else if (behaviour === 'default_incomplete') sub.status = 'incomplete';
  else if (paying.behaviour === 'missing') {
    // Nothing to charge: Stripe leaves the subscription incomplete with an open invoice to pay.
    if (behaviour === 'error_if_incomplete') throw errors.noPaymentMethod();
  } else if (paying.behaviour === 'succeed' && paying.settles === 'instant') sub.status = 'active';
  else if (behaviour === 'error_if_incomplete' && paying.behaviour === 'decline')
    throw errors.card(paying.declineCode, 'Your card was declined.');
  state.subscriptions.set(sub.id, sub);
  emit(state, 'customer.subscription.created', sub);

  const inv = createInvoice(
    state,
    {
      customer: customer.id,
      subscription: sub,
      collectionMethod: collection,
      daysUntilDue: sub.days_until_due,
      billingReason: 'subscription_create',
      lines,
      periodStart: now,
      periodEnd: now,
      currency: sub.currency,
    },
    pending,
  );
  sub.latest_invoice = inv.id;
  finalizeInvoice(state, inv);
  if (inv.status === 'open' && collection === 'charge_automatically' && behaviour !== 'default_incomplete')
    payInvoice(state, inv);
  if (trialEnd && trialEnd - now <= 3 * DAY) {
    state.subExtra(sub.id).trialWillEndSentFor = trialEnd;
    emit(state, 'customer.subscription.trial_will_end', sub);
  }
  return sub;
}

export interface ItemUpdate {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Params;
}

export interface ItemPlan {
  changes: ItemChange[];
  metadata: Map<string, Params>;
  /** The billing interval changes (or the anchor is reset): the period restarts at the change. */
  reset: boolean;
  interval: Stripe.Price.Recurring;
}

/** Validates item updates against the subscription without changing it. */
export function planItemChanges(
  state: State,
  sub: Stripe.Subscription,
  updates: ItemUpdate[],
  resetAnchor = false,
): ItemPlan {
  const changes: ItemChange[] = [];
  const metadata = new Map<string, Params>();
  const { start, end } = periodOf(sub);
  updates.forEach((u, i) => {
    if (u.id) {
      const item = sub.items.data.find((x) => x.id === u.id);
      if (!item) throw errors.invalid(`Subscription item ${u.id} is not part of this subscription.`, `items[${i}][id]`);
      const oldPrice = state.prices.get(item.price.id)!;
      if (u.deleted) {
        changes.push({ item, oldPrice, oldQuantity: item.quantity ?? 1, newPrice: null, newQuantity: 0 });
        return;
      }
      const newPrice = u.price ? recurringPrice(state, u.price, `items[${i}][price]`) : oldPrice;
      refuseMeteredQuantity(newPrice, u.quantity, `items[${i}]`);
      const newQuantity = u.quantity ?? item.quantity ?? 1;
      if (u.metadata) metadata.set(item.id, u.metadata);
      if (newPrice.id !== oldPrice.id || newQuantity !== (item.quantity ?? 1))
        changes.push({ item, oldPrice, oldQuantity: item.quantity ?? 1, newPrice, newQuantity });
    } else {
      if (!u.price) throw errors.paramMissing(`items[${i}][price]`);
      const price = recurringPrice(state, u.price, `items[${i}][price]`);
      refuseMeteredQuantity(price, u.quantity, `items[${i}]`);
      const item = makeItem(state, sub.id, price, u.quantity ?? 1, start, end, u.metadata?.metadata() ?? {});
      changes.push({ item, oldPrice: null, oldQuantity: 0, newPrice: price, newQuantity: u.quantity ?? 1 });
    }
  });
  const kept = sub.items.data.filter((it) => !changes.some((c) => c.item.id === it.id && !c.newPrice));
  const finalPrices = [
    ...kept.map((it) => changes.find((c) => c.item.id === it.id)?.newPrice ?? state.prices.get(it.price.id)!),
    ...changes.filter((c) => !c.oldPrice).map((c) => c.newPrice!),
  ];
  if (!finalPrices.length) throw errors.invalid('A subscription must have at least one item.', 'items');
  checkCompatible(finalPrices);
  const oldInterval = intervalOf(state, sub);
  const interval = recurringOf(finalPrices[0]);
  const reset =
    resetAnchor || oldInterval.interval !== interval.interval || oldInterval.interval_count !== interval.interval_count;
  return { changes, metadata, reset, interval };
}

export function applyItemChanges(sub: Stripe.Subscription, plan: ItemPlan): void {
  for (const c of plan.changes) {
    if (!c.newPrice) sub.items.data = sub.items.data.filter((x) => x.id !== c.item.id);
    else if (!c.oldPrice) sub.items.data.push(c.item);
    else {
      const item = sub.items.data.find((x) => x.id === c.item.id)!;
      item.price = structuredClone(c.newPrice);
      item.plan = planFromPrice(c.newPrice);
      if (isMetered(c.newPrice)) delete item.quantity;
      else item.quantity = c.newQuantity;
    }
  }
  for (const [id, p] of plan.metadata) {
    const item = sub.items.data.find((x) => x.id === id);
    if (item) item.metadata = p.metadata(item.metadata);
  }
}

/** Proration lines for a plan: the changed items, or every item when the period restarts. */
export function planProrations(
  state: State,
  sub: Stripe.Subscription,
  plan: ItemPlan,
  behavior: ProrationBehavior,
  at: number,
): LineSpec[] {
  if (behavior === 'none' || !(sub.status === 'active' || sub.status === 'past_due')) return [];
  const changes = plan.reset
    ? sub.items.data.map((item) => ({
        item,
        oldPrice: state.prices.get(item.price.id)!,
        oldQuantity: item.quantity ?? 1,
        newPrice: null,
        newQuantity: 0,
      }))
    : plan.changes;
  return prorationLines(state, sub, changes, at);
}

/** Applies item changes at `at`, creating prorations per `behavior`; returns the invoice created now, if any. */
export function changeItems(
  state: State,
  sub: Stripe.Subscription,
  updates: ItemUpdate[],
  behavior: ProrationBehavior,
  at: number,
  resetAnchor = false,
): Stripe.Invoice | null {
  const plan = planItemChanges(state, sub, updates, resetAnchor);
  const customerId = customerOf(sub);
  const prorations = planProrations(state, sub, plan, behavior, at);
  const { start } = periodOf(sub);
  applyItemChanges(sub, plan);
  if (!plan.reset) {
    for (const l of prorations) storeInvoiceItem(state, customerId, l);
    if (behavior === 'always_invoice' && (sub.status === 'active' || sub.status === 'past_due'))
      return invoiceNow(state, sub, [], 'subscription_update', at, at);
    return null;
  }
  const newEnd = nextBoundary(at, plan.interval.interval, plan.interval.interval_count, at);
  for (const item of sub.items.data) {
    item.current_period_start = at;
    item.current_period_end = newEnd;
  }
  sub.billing_cycle_anchor = at;
  if (sub.status === 'trialing') return null;
  for (const l of prorations) storeInvoiceItem(state, customerId, l);
  const usage = sub.items.data.filter((it) => isMetered(it.price)).map((it) => usageLine(state, sub, it, start, at));
  const lines = [
    ...usage,
    ...sub.items.data.filter((it) => !isMetered(it.price)).map((it) => licensedLine(state, sub, it, at, newEnd)),
  ];
  return invoiceNow(state, sub, lines, 'subscription_update', start, at);
}

/** Creates, finalizes and collects an invoice for `lines` plus the subscription's pending items. */
export function invoiceNow(
  state: State,
  sub: Stripe.Subscription,
  lines: LineSpec[],
  reason: Stripe.Invoice.BillingReason,
  periodStart: number,
  periodEnd: number,
): Stripe.Invoice {
  const inv = createInvoice(
    state,
    {
      customer: customerOf(sub),
      subscription: sub,
      collectionMethod: sub.collection_method,
      daysUntilDue: sub.days_until_due,
      billingReason: reason,
      lines,
      periodStart,
      periodEnd,
      currency: sub.currency,
    },
    [...pendingItems(state, customerOf(sub), sub.id), ...pendingItems(state, customerOf(sub), null)],
  );
  sub.latest_invoice = inv.id;
  collectSubscriptionInvoice(state, sub, inv);
  return inv;
}

/** Finalizes and collects per the subscription's collection method and `pause_collection`. */
export function collectSubscriptionInvoice(state: State, sub: Stripe.Subscription, inv: Stripe.Invoice): void {
  const pause = sub.pause_collection?.behavior;
  if (pause === 'keep_as_draft') return;
  finalizeInvoice(state, inv);
  if (inv.status !== 'open') return;
  if (pause === 'void') return void voidInvoice(state, inv);
  if (pause === 'mark_uncollectible') return void markUncollectible(state, inv);
  if (sub.collection_method === 'charge_automatically') payInvoice(state, inv);
}

export interface CancelOptions {
  invoiceNow?: boolean;
  prorate?: boolean;
  at?: number;
  /** At period end, usage of the final period is still billed. */
  finalUsage?: boolean;
  comment?: string | null;
  feedback?: Stripe.Subscription.CancellationDetails.Feedback | null;
  reason?: Stripe.Subscription.CancellationDetails.Reason;
}

export function cancelSubscription(
  state: State,
  sub: Stripe.Subscription,
  opts: CancelOptions = {},
): Stripe.Subscription {
  if (sub.status === 'canceled') throw errors.state(`This subscription is already canceled.`, 'resource_missing');
  const customerId = customerOf(sub);
  const at = opts.at ?? state.nowFor(customerId);
  const { start } = periodOf(sub);
  if (opts.prorate && sub.status !== 'trialing') {
    const credit = prorationLines(
      state,
      sub,
      sub.items.data.map((item) => ({
        item,
        oldPrice: state.prices.get(item.price.id)!,
        oldQuantity: item.quantity ?? 1,
        newPrice: null,
        newQuantity: 0,
      })),
      at,
    );
    for (const l of credit) storeInvoiceItem(state, customerId, l);
  }
  const usage =
    sub.status === 'trialing'
      ? []
      : sub.items.data.filter((it) => isMetered(it.price)).map((it) => usageLine(state, sub, it, start, at));
  const before = structuredClone(sub);
  sub.status = 'canceled';
  sub.canceled_at = at;
  sub.ended_at = at;
  sub.cancel_at = sub.cancel_at ?? null;
  sub.cancellation_details = {
    comment: opts.comment ?? null,
    feedback: opts.feedback ?? null,
    feedback_option: null,
    reason: opts.reason ?? 'cancellation_requested',
  };
  const schedule = sub.schedule ? state.schedules.get(idOf(sub.schedule as string)!) : undefined;
  if (schedule && schedule.status !== 'released' && schedule.status !== 'canceled') {
    schedule.status = 'canceled';
    schedule.canceled_at = at;
    emit(state, 'subscription_schedule.canceled', schedule);
  }
  emit(state, 'customer.subscription.deleted', sub, { previous: { status: before.status } });
  const billable = usage.filter((l) => l.amount !== 0);
  // Ending at the period end (cancel_at): pending prorations are collected on a final invoice, as
  // Stripe does; canceled now without invoice_now, they stay pending.
  const pendingProrations = opts.finalUsage ? pendingItems(state, customerId, sub.id) : [];
  if (opts.invoiceNow || (opts.finalUsage && (billable.length || pendingProrations.length))) {
    invoiceNow(state, sub, opts.invoiceNow ? usage : billable, 'subscription_cycle', start, at);
  }
  return sub;
}

/** Starts a new period at `at` (resume, trial ended early) and invoices it. */
export function restartPeriod(
  state: State,
  sub: Stripe.Subscription,
  at: number,
  reason: Stripe.Invoice.BillingReason,
): Stripe.Invoice {
  const { interval, interval_count } = intervalOf(state, sub);
  const end = nextBoundary(at, interval, interval_count, at);
  for (const item of sub.items.data) {
    item.current_period_start = at;
    item.current_period_end = end;
  }
  sub.billing_cycle_anchor = at;
  const lines = sub.items.data.filter((it) => !isMetered(it.price)).map((it) => licensedLine(state, sub, it, at, end));
  return invoiceNow(state, sub, lines, reason, at, at);
}

/** The invoice of a pending update was paid: its changes apply now (`pending_update_applied`). */
export function applyPendingUpdate(state: State, inv: Stripe.Invoice): void {
  const id = idOf(inv.parent?.subscription_details?.subscription as string | undefined);
  const sub = id ? state.subscriptions.get(id) : undefined;
  const pending = sub?.pending_update;
  if (!sub || !pending || sub.latest_invoice !== inv.id) return;
  updating(state, 'customer.subscription.updated', sub, () => {
    if (pending.subscription_items) sub.items.data = pending.subscription_items;
    if (pending.billing_cycle_anchor) sub.billing_cycle_anchor = pending.billing_cycle_anchor;
    if (pending.cancel_at_period_end !== null) {
      sub.cancel_at_period_end = pending.cancel_at_period_end;
      sub.cancel_at = pending.cancel_at_period_end ? periodOf(sub).end : null;
    }
    sub.pending_update = null;
  });
  emit(state, 'customer.subscription.pending_update_applied', sub);
}
