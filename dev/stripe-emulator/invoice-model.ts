import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import { inheritedPrinting } from './invoice-settings';
import { customerDefaultPaymentMethod } from './payment-methods';
import { collect, declineError, openIntent } from './payments';
import { DAY, dec, idOf, type State } from './state';
import { applyPendingUpdate } from './subscriptions';

/** What a line needs of its price. */
export type PriceRef = Pick<Stripe.Price, 'id' | 'product'>;

export interface LineSpec {
  amount: number;
  currency: string;
  description: string;
  quantity: number | null;
  quantityDecimal?: string;
  price: PriceRef | null;
  period: { start: number; end: number };
  proration: boolean;
  subscription: string | null;
  subscriptionItem: string | null;
  invoiceItem: string | null;
  unitAmountDecimal: string | null;
  metadata?: Stripe.Metadata;
}

export interface InvoiceSpec {
  customer: string;
  subscription?: Stripe.Subscription | null;
  collectionMethod: Stripe.Invoice.CollectionMethod;
  daysUntilDue: number | null;
  billingReason: Stripe.Invoice.BillingReason;
  lines: LineSpec[];
  periodStart: number;
  periodEnd: number;
  currency?: string;
  metadata?: Stripe.Metadata;
  description?: string | null;
  autoAdvance?: boolean;
  defaultPaymentMethod?: string | null;
  /** Set by the request; otherwise the subscription's invoice_settings or the customer's defaults. */
  customFields?: Stripe.Invoice.CustomField[] | null;
  footer?: string | null;
  /** Previews are built but never stored. */
  id?: string;
}

/** Retries after a failed automatic payment, following Stripe's default smart-retry count. */
const RETRY_DELAY = 3 * DAY;
const MAX_ATTEMPTS = 4;

export function lineFromSpec(
  state: State,
  invoiceId: string | null,
  l: LineSpec,
  preview = false,
): Stripe.InvoiceLineItem {
  const parent: Stripe.InvoiceLineItem.Parent =
    l.subscriptionItem && !l.invoiceItem
      ? {
          type: 'subscription_item_details',
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: l.proration,
            proration_details: { credited_items: null },
            subscription: l.subscription,
            subscription_item: l.subscriptionItem,
          },
        }
      : {
          type: 'invoice_item_details',
          subscription_item_details: null,
          invoice_item_details: {
            invoice_item: l.invoiceItem ?? '',
            proration: l.proration,
            proration_details: { credited_items: null },
            subscription: l.subscription,
          },
        };
  return {
    id: preview ? state.id('il_tmp') : state.id('il'),
    object: 'line_item',
    amount: l.amount,
    currency: l.currency,
    description: l.description,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: l.metadata ?? {},
    parent,
    period: { start: l.period.start, end: l.period.end },
    pretax_credit_amounts: [],
    pricing: l.price
      ? {
          type: 'price_details',
          price_details: { price: l.price.id, product: idOf(l.price.product as string)! },
          unit_amount_decimal: l.unitAmountDecimal === null ? null : dec(l.unitAmountDecimal),
        }
      : { type: 'price_details', unit_amount_decimal: l.unitAmountDecimal === null ? null : dec(l.unitAmountDecimal) },
    quantity: l.quantity,
    quantity_decimal: dec(l.quantityDecimal ?? String(l.quantity ?? 1)),
    subscription: l.subscription,
    subtotal: l.amount,
    taxes: [],
  };
}

export function recompute(inv: Stripe.Invoice): void {
  const total = inv.lines.data.reduce((s, l) => s + l.amount, 0);
  inv.subtotal = total;
  inv.subtotal_excluding_tax = total;
  inv.total = total;
  inv.total_excluding_tax = total;
  if (inv.status === 'draft') {
    inv.amount_due = Math.max(0, total);
    inv.amount_remaining = inv.amount_due - inv.amount_paid;
  }
}

/** A draft invoice in Stripe's shape (not stored: see `createInvoice`). */
export function buildInvoice(state: State, spec: InvoiceSpec): Stripe.Invoice {
  const customer = state.customer(spec.customer);
  const id = spec.id ?? state.id('in');
  const sub = spec.subscription ?? null;
  const now = state.nowFor(customer.id);
  const printed = inheritedPrinting(customer, sub);
  const inv: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Tollgate (emulated)',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: spec.autoAdvance ?? false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: spec.billingReason,
    collection_method: spec.collectionMethod,
    created: now,
    currency: spec.currency ?? spec.lines[0]?.currency ?? customer.currency ?? 'usd',
    custom_fields: spec.customFields !== undefined ? spec.customFields : printed.custom_fields,
    customer: customer.id,
    customer_account: null,
    customer_address: customer.address ?? null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: spec.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: spec.description ?? null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: spec.footer !== undefined ? spec.footer : printed.footer,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: spec.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: { ...sub.metadata }, subscription: sub.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: spec.periodEnd,
    period_start: spec.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: state.clockOf(customer.id),
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  inv.lines.data = spec.lines.map((l) =>
    lineFromSpec(state, spec.id?.startsWith('upcoming') ? null : id, l, Boolean(spec.id?.startsWith('upcoming'))),
  );
  recompute(inv);
  return inv;
}

/** Stores a new draft invoice (pulling in the given pending invoice items) and emits `invoice.created`. */
export function createInvoice(
  state: State,
  spec: InvoiceSpec,
  pendingItems: Stripe.InvoiceItem[] = [],
): Stripe.Invoice {
  const inv = buildInvoice(state, spec);
  state.invoices.set(inv.id, inv);
  state.invExtra(inv.id).daysUntilDue = spec.daysUntilDue;
  state.invExtra(inv.id).retryable =
    spec.billingReason === 'subscription_cycle' || spec.billingReason === 'subscription_update';
  for (const ii of pendingItems) {
    ii.invoice = inv.id;
    inv.lines.data.push(lineFromSpec(state, inv.id, lineSpecFromItem(ii)));
  }
  recompute(inv);
  emit(state, 'invoice.created', inv);
  return inv;
}

export function lineSpecFromItem(ii: Stripe.InvoiceItem): LineSpec {
  const priceId = idOf(ii.pricing?.price_details?.price as string | undefined);
  return {
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description ?? '',
    quantity: ii.quantity,
    price: priceId ? { id: priceId, product: ii.pricing?.price_details?.product ?? '' } : null,
    period: ii.period,
    proration: ii.proration,
    subscription: ii.parent?.subscription_details?.subscription ?? null,
    subscriptionItem: ii.parent?.subscription_details?.subscription_item ?? null,
    invoiceItem: ii.id,
    unitAmountDecimal: ii.pricing?.unit_amount_decimal == null ? null : String(ii.pricing.unit_amount_decimal),
    metadata: ii.metadata ?? {},
  };
}

/** Pending (not yet invoiced) invoice items of a customer, optionally only those of one subscription. */
export function pendingItems(
  state: State,
  customerId: string,
  subscriptionId: string | null | 'any',
): Stripe.InvoiceItem[] {
  return [...state.invoiceItems.values()].filter((ii) => {
    if (ii.customer !== customerId || ii.invoice !== null) return false;
    const sub = ii.parent?.subscription_details?.subscription ?? null;
    return subscriptionId === 'any' || sub === subscriptionId;
  });
}

function nextNumber(state: State, customerId: string): string {
  const c = state.customer(customerId);
  const seq = c.next_invoice_sequence ?? 1;
  c.next_invoice_sequence = seq + 1;
  return `${c.invoice_prefix}-${String(seq).padStart(4, '0')}`;
}

/** draft → open: numbers the invoice, applies the customer's credit balance, and settles $0 invoices. */
export function finalizeInvoice(state: State, inv: Stripe.Invoice): Stripe.Invoice {
  if (inv.status !== 'draft')
    throw errors.state(
      `This invoice is already finalized, you can't re-finalize a non-draft invoice.`,
      'invoice_not_editable',
    );
  const customer = state.customer(idOf(inv.customer as string)!);
  const now = state.nowFor(customer.id);
  recompute(inv);
  inv.starting_balance = customer.balance;
  let due = inv.total;
  if (inv.total < 0) {
    due = 0;
    updating(state, 'customer.updated', customer, () => (customer.balance += inv.total));
  } else if (customer.balance < 0 && inv.total > 0) {
    const applied = Math.max(customer.balance, -inv.total);
    due = inv.total + applied;
    updating(state, 'customer.updated', customer, () => (customer.balance -= applied));
  }
  inv.ending_balance = customer.balance;
  inv.amount_due = due;
  inv.amount_remaining = due;
  inv.status = 'open';
  inv.number = nextNumber(state, customer.id);
  inv.effective_at = now;
  inv.status_transitions.finalized_at = now;
  inv.hosted_invoice_url = `${state.baseUrl}/invoice/${inv.id}`;
  inv.invoice_pdf = `${state.baseUrl}/invoice/${inv.id}/pdf`;
  if (inv.collection_method === 'send_invoice') {
    const days = state.invExtra(inv.id).daysUntilDue ?? 30;
    inv.due_date = now + days * DAY;
  }
  if (inv.amount_due > 0) {
    state.invExtra(inv.id).paymentIntent = openIntent(state, {
      customer: customer.id,
      amount: inv.amount_due,
      currency: inv.currency,
      description: inv.description,
    }).id;
  }
  emit(state, 'invoice.finalized', inv);
  if (inv.amount_due === 0) markPaid(state, inv, { outOfBand: false });
  return inv;
}

export function markPaid(
  state: State,
  inv: Stripe.Invoice,
  opts: { outOfBand: boolean; intent?: Stripe.PaymentIntent },
): void {
  const customerId = idOf(inv.customer as string)!;
  const now = state.nowFor(customerId);
  const due = inv.amount_remaining;
  inv.amount_paid += due;
  inv.amount_remaining = 0;
  // Expand-only on Stripe (computed from payment records); kept beside the invoice, rendered on request.
  if (opts.outOfBand) state.invExtra(inv.id).paidOffStripe += due;
  inv.status = 'paid';
  inv.status_transitions.paid_at = now;
  inv.next_payment_attempt = null;
  if (opts.intent) {
    const payment: Stripe.InvoicePayment = {
      id: state.id('inpay'),
      object: 'invoice_payment',
      amount_paid: due,
      amount_requested: due,
      created: now,
      currency: inv.currency,
      invoice: inv.id,
      is_default: true,
      livemode: false,
      payment: { type: 'payment_intent', payment_intent: opts.intent.id },
      status: 'paid',
      status_transitions: { canceled_at: null, paid_at: now },
    };
    state.invoicePayments.set(payment.id, payment);
    emit(state, 'invoice_payment.paid', payment);
  }
  emit(state, 'invoice.paid', inv);
  // Stripe sends payment_succeeded for a payment it collected, not for one recorded as paid out of band.
  if (!opts.outOfBand) emit(state, 'invoice.payment_succeeded', inv);
  syncSubscriptionStatus(state, inv, 'paid');
  applyPendingUpdate(state, inv);
}

export interface PayOptions {
  paymentMethod?: string | null;
  outOfBand?: boolean;
  /** API calls report a decline as a 402; background collection only records it. */
  throwOnDecline?: boolean;
}

/** The invoice a PaymentIntent was opened for, if any (paying the intent pays the invoice). */
export function invoiceOfIntent(state: State, intentId: string): Stripe.Invoice | undefined {
  for (const [id, x] of state.invoiceExtra) if (x.paymentIntent === intentId) return state.invoices.get(id);
  return undefined;
}

/** Collects an open invoice. Returns whether it is now paid. */
export function payInvoice(state: State, inv: Stripe.Invoice, opts: PayOptions = {}): boolean {
  if (inv.status === 'draft') finalizeInvoice(state, inv);
  if (inv.status === 'paid') {
    if (opts.throwOnDecline) throw errors.state('Invoice is already paid');
    return true;
  }
  if (inv.status === 'void') throw errors.state('You cannot pay a void invoice.', 'invoice_not_payable');
  if (inv.status !== 'open' && inv.status !== 'uncollectible')
    throw errors.state(`You cannot pay an invoice with status ${inv.status}.`);
  const inFlight = state.paymentIntents.get(state.invExtra(inv.id).paymentIntent ?? '');
  if (inFlight?.status === 'processing')
    throw errors.state(
      'This invoice has a payment in progress; it cannot be paid again until that payment settles.',
      'invoice_payment_intent_requires_action',
    );
  if (opts.outOfBand) {
    markPaid(state, inv, { outOfBand: true });
    return true;
  }
  const customerId = idOf(inv.customer as string)!;
  const sub = subscriptionOf(state, inv);
  const pm =
    opts.paymentMethod ??
    idOf(inv.default_payment_method as string | null) ??
    idOf(sub?.default_payment_method as string | null) ??
    customerDefaultPaymentMethod(state, customerId);
  const extra = state.invExtra(inv.id);
  const result = collect(state, {
    customer: customerId,
    amount: inv.amount_remaining,
    currency: inv.currency,
    paymentMethod: pm,
    intent: extra.paymentIntent,
    description: inv.billing_reason?.startsWith('subscription') ? 'Subscription update' : null,
  });
  extra.paymentIntent = result.intent.id;
  // A subscription's first invoice without a payment method is not attempted: it waits (incomplete).
  if (result.outcome === 'no_payment_method' && inv.billing_reason === 'subscription_create' && !opts.throwOnDecline)
    return false;
  if (result.outcome === 'no_payment_method' && opts.throwOnDecline) throw declineError(result);
  inv.attempted = true;
  inv.attempt_count += 1;
  if (result.ok) {
    markPaid(state, inv, { outOfBand: false, intent: result.intent });
    return true;
  }
  // A bank debit in flight: the invoice stays open until it settles.
  if (result.outcome === 'processing') return false;
  const now = state.nowFor(customerId);
  inv.next_payment_attempt = extra.retryable && inv.attempt_count < MAX_ATTEMPTS ? now + RETRY_DELAY : null;
  inv.last_finalization_error = null;
  emit(state, 'invoice.payment_failed', inv);
  syncSubscriptionStatus(state, inv, 'failed');
  if (opts.throwOnDecline) throw declineError(result);
  return false;
}

export function subscriptionOf(state: State, inv: Stripe.Invoice): Stripe.Subscription | undefined {
  const id = idOf(inv.parent?.subscription_details?.subscription as string | undefined);
  return id ? state.subscriptions.get(id) : undefined;
}

/** Moves the invoice's subscription along with the payment: paid → active, failed → incomplete/past_due. */
function syncSubscriptionStatus(state: State, inv: Stripe.Invoice, outcome: 'paid' | 'failed'): void {
  const sub = subscriptionOf(state, inv);
  if (!sub || sub.status === 'canceled' || sub.status === 'incomplete_expired') return;
  if (sub.latest_invoice !== inv.id && outcome === 'failed') return;
  // A pending update's invoice failing leaves the subscription as it was (it cycles on unchanged).
  if (outcome === 'failed' && sub.pending_update) return;
  let next = sub.status;
  if (outcome === 'paid' && ['incomplete', 'past_due', 'unpaid'].includes(sub.status)) {
    const stillOwing = [...state.invoices.values()].some(
      (i) =>
        i.id !== inv.id &&
        subscriptionOf(state, i)?.id === sub.id &&
        i.status === 'open' &&
        i.collection_method === 'charge_automatically' &&
        i.attempt_count > 0,
    );
    if (!stillOwing) next = 'active';
  }
  if (outcome === 'failed') {
    if (inv.billing_reason === 'subscription_create') next = 'incomplete';
    else if (sub.status === 'active') next = 'past_due';
  }
  if (next !== sub.status) updating(state, 'customer.subscription.updated', sub, () => (sub.status = next));
}

export function voidInvoice(state: State, inv: Stripe.Invoice): Stripe.Invoice {
  if (inv.status !== 'open' && inv.status !== 'uncollectible') {
    throw errors.state(
      `You can only void open or uncollectible invoices; this invoice is ${inv.status}.`,
      'invoice_not_editable',
    );
  }
  inv.status = 'void';
  inv.amount_remaining = 0;
  inv.next_payment_attempt = null;
  inv.status_transitions.voided_at = state.nowFor(idOf(inv.customer as string));
  emit(state, 'invoice.voided', inv);
  return inv;
}

export function markUncollectible(state: State, inv: Stripe.Invoice): Stripe.Invoice {
  if (inv.status !== 'open')
    throw errors.state(
      `You can only mark open invoices as uncollectible; this invoice is ${inv.status}.`,
      'invoice_not_editable',
    );
  inv.status = 'uncollectible';
  inv.next_payment_attempt = null;
  inv.status_transitions.marked_uncollectible_at = state.nowFor(idOf(inv.customer as string));
  emit(state, 'invoice.marked_uncollectible', inv);
  return inv;
}
