import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { customerDefaultPaymentMethod, paymentOutcome, resolvePaymentMethod } from './payment-methods';
import { idOf, shape, type State } from './state';

export interface CollectRequest {
  customer: string | null;
  amount: number;
  currency: string;
  paymentMethod: string | null;
  description?: string | null;
  metadata?: Stripe.Metadata;
  /** Invoices reuse one PaymentIntent across attempts, as Stripe does. */
  intent?: string | null;
}

export interface CollectResult {
  ok: boolean;
  intent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  declineCode: string;
}

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
};

function newIntent(state: State, req: CollectRequest): Stripe.PaymentIntent {
  const intent = shape<Stripe.PaymentIntent>({
    id: state.id('pi'),
    object: 'payment_intent',
    amount: req.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: null,
    confirmation_method: 'automatic',
    created: state.nowFor(req.customer),
    currency: req.currency,
    customer: req.customer,
    customer_account: null,
    description: req.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: req.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: req.paymentMethod,
    payment_method_types: ['card'],
    receipt_email: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_confirmation',
    transfer_group: null,
  });
  intent.client_secret = `${intent.id}_secret_${state.id('x', 24).slice(2)}`;
  state.paymentIntents.set(intent.id, intent);
  emit(state, 'payment_intent.created', intent);
  return intent;
}

/** A PaymentIntent awaiting a payment method, as Stripe opens one when it finalizes an invoice. */
export function openIntent(state: State, req: Omit<CollectRequest, 'paymentMethod' | 'intent'>): Stripe.PaymentIntent {
  const intent = newIntent(state, { ...req, paymentMethod: null });
  intent.status = 'requires_payment_method';
  return intent;
}

/** Charges a payment method (or "pays" without one, as test mode allows here) and records the PaymentIntent and Charge. */
export function collect(state: State, req: CollectRequest): CollectResult {
  const intent = req.intent ? state.paymentIntents.get(req.intent) ?? newIntent(state, req) : newIntent(state, req);
  const outcome = paymentOutcome(state, req.paymentMethod);
  const ok = outcome.behaviour === 'succeed';
  const pm = req.paymentMethod ? state.paymentMethods.get(req.paymentMethod) : undefined;
  const now = state.nowFor(req.customer);
  const charge = shape<Stripe.Charge>({
    id: state.id('ch'),
    object: 'charge',
    amount: req.amount,
    amount_captured: ok ? req.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: ok ? state.id('txn') : null,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'TOLLGATE',
    captured: ok,
    created: now,
    currency: req.currency,
    customer: req.customer,
    description: req.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: ok ? null : 'card_declined',
    failure_message: ok ? null : (DECLINE_MESSAGES[outcome.declineCode] ?? 'Your card was declined.'),
    fraud_details: {},
    livemode: false,
    metadata: req.metadata ?? {},
    on_behalf_of: null,
    outcome: shape<Stripe.Charge.Outcome>({
      network_status: ok ? 'approved_by_network' : 'declined_by_network',
      reason: ok ? null : outcome.declineCode,
      risk_level: 'normal',
      seller_message: ok ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
      type: ok ? 'authorized' : 'issuer_declined',
    }),
    paid: ok,
    payment_intent: intent.id,
    payment_method: req.paymentMethod,
    payment_method_details: pm?.card
      ? shape<Stripe.Charge.PaymentMethodDetails>({ type: 'card', card: shape<Stripe.Charge.PaymentMethodDetails.Card>({ brand: pm.card.brand, last4: pm.card.last4, exp_month: pm.card.exp_month, exp_year: pm.card.exp_year, funding: pm.card.funding, country: pm.card.country }) })
      : null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: `${state.baseUrl}/receipts/${intent.id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: ok ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  });
  state.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;
  intent.payment_method = req.paymentMethod;
  if (ok) {
    intent.status = 'succeeded';
    intent.amount_received = req.amount;
    intent.last_payment_error = null;
    emit(state, 'charge.succeeded', charge);
    emit(state, 'payment_intent.succeeded', intent);
  } else {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = shape<Stripe.PaymentIntent.LastPaymentError>({
      type: 'card_error',
      code: 'card_declined',
      decline_code: outcome.declineCode,
      message: charge.failure_message ?? undefined,
      charge: charge.id,
    });
    emit(state, 'charge.failed', charge);
    emit(state, 'payment_intent.payment_failed', intent);
  }
  return { ok, intent, charge, declineCode: outcome.declineCode };
}

export function declineError(result: CollectResult): ReturnType<typeof errors.card> {
  return errors.card(result.declineCode, result.charge.failure_message ?? 'Your card was declined.', {
    charge: result.charge.id,
    payment_intent: { id: result.intent.id, object: 'payment_intent', status: result.intent.status },
  });
}

function refund(state: State, p: Params): Stripe.Refund {
  const chargeId = p.str('charge');
  const intentId = p.str('payment_intent');
  if (!chargeId && !intentId) throw errors.paramMissing('charge');
  let charge: Stripe.Charge | undefined;
  if (chargeId) charge = state.get(state.charges, 'charge', chargeId, 'charge');
  else {
    const intent = state.get(state.paymentIntents, 'payment_intent', intentId!, 'payment_intent');
    const latest = idOf(intent.latest_charge as string | null);
    charge = latest ? state.charges.get(latest) : undefined;
    if (!charge || intent.status !== 'succeeded') throw errors.state(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'charge_not_refundable', 'payment_intent');
  }
  if (!charge.paid) throw errors.state(`Charge ${charge.id} has not been paid and cannot be refunded.`, 'charge_not_refundable');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw errors.state(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  const amount = p.int('amount') ?? remaining;
  if (amount <= 0) throw errors.invalid('Refund amount must be positive.', 'amount');
  if (amount > remaining) {
    throw errors.invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
  }
  const customer = idOf(charge.customer as string | null);
  const r: Stripe.Refund = {
    id: state.id('re'),
    object: 'refund',
    amount,
    balance_transaction: state.id('txn'),
    charge: charge.id,
    created: state.nowFor(customer),
    currency: charge.currency,
    customer,
    customer_account: null,
    metadata: p.metadata(),
    payment_intent: idOf(charge.payment_intent as string | null),
    payment_method: charge.payment_method,
    reason: p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  state.refunds.set(r.id, r);
  emit(state, 'refund.created', r);
  const c = charge;
  updating(state, 'charge.refunded', c, () => {
    c.amount_refunded += amount;
    c.refunded = c.amount_refunded === c.amount;
  });
  return r;
}

function createIntent(state: State, p: Params): Stripe.PaymentIntent {
  const customer = p.str('customer') ?? null;
  if (customer) state.customer(customer);
  const amount = p.reqInt('amount');
  if (amount < 1) throw errors.invalid('Amount must be at least 1.', 'amount', 'amount_too_small');
  const pmParam = p.str('payment_method');
  const intent = newIntent(state, {
    customer,
    amount,
    currency: p.req('currency').toLowerCase(),
    paymentMethod: pmParam ? resolvePaymentMethod(state, pmParam).id : null,
    description: p.str('description') ?? null,
    metadata: p.metadata(),
  });
  if (!intent.payment_method) intent.status = 'requires_payment_method';
  if (p.bool('confirm')) return confirmIntent(state, intent, p);
  return intent;
}

export function confirmIntent(state: State, intent: Stripe.PaymentIntent, p: Params): Stripe.PaymentIntent {
  if (intent.status === 'succeeded' || intent.status === 'canceled') {
    throw errors.state(`This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`, 'payment_intent_unexpected_state');
  }
  const customer = idOf(intent.customer as string | null);
  const pmParam = p.str('payment_method');
  const pm = pmParam ? resolvePaymentMethod(state, pmParam).id : (idOf(intent.payment_method as string | null) ?? (customer ? customerDefaultPaymentMethod(state, customer) : null));
  if (!pm) throw errors.state('You cannot confirm this PaymentIntent because it is missing a payment method.', 'payment_intent_unexpected_state', 'payment_method');
  const result = collect(state, { customer, amount: intent.amount, currency: intent.currency, paymentMethod: pm, intent: intent.id, description: intent.description, metadata: intent.metadata });
  if (!result.ok) throw declineError(result);
  return result.intent;
}

export function registerPayments(r: Router): void {
  r.post('/v1/payment_intents', ({ state, params }) => createIntent(state, params));
  r.get('/v1/payment_intents/:id', ({ state, path }) => state.get(state.paymentIntents, 'payment_intent', path.id));
  r.post('/v1/payment_intents/:id', ({ state, path, params }) => {
    const intent = state.get(state.paymentIntents, 'payment_intent', path.id);
    if (params.has('metadata')) intent.metadata = params.metadata(intent.metadata);
    if (params.has('description')) intent.description = params.str('description') || null;
    return intent;
  });
  r.post('/v1/payment_intents/:id/cancel', ({ state, path, params }) => {
    const intent = state.get(state.paymentIntents, 'payment_intent', path.id);
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      throw errors.state(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`, 'payment_intent_unexpected_state');
    }
    intent.status = 'canceled';
    intent.canceled_at = state.nowFor(idOf(intent.customer as string | null));
    intent.cancellation_reason = params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
    emit(state, 'payment_intent.canceled', intent);
    return intent;
  });
  r.get('/v1/payment_intents', ({ state, params }) => {
    const customer = params.str('customer');
    return paginate(newestFirst(state.paymentIntents).filter((x) => !customer || x.customer === customer), params, '/v1/payment_intents');
  });
  r.get('/v1/charges/:id', ({ state, path }) => state.get(state.charges, 'charge', path.id));
  r.get('/v1/charges', ({ state, params }) => {
    const customer = params.str('customer');
    const intent = params.str('payment_intent');
    const items = newestFirst(state.charges).filter((x) => (!customer || x.customer === customer) && (!intent || x.payment_intent === intent));
    return paginate(items, params, '/v1/charges');
  });
  r.post('/v1/refunds', ({ state, params }) => refund(state, params));
  r.get('/v1/refunds/:id', ({ state, path }) => state.get(state.refunds, 'refund', path.id));
  r.get('/v1/refunds', ({ state, params }) => {
    const charge = params.str('charge');
    const intent = params.str('payment_intent');
    const items = newestFirst(state.refunds).filter((x) => (!charge || x.charge === charge) && (!intent || x.payment_intent === intent));
    return paginate(items, params, '/v1/refunds');
  });
  r.get('/v1/invoice_payments/:id', ({ state, path }) => state.get(state.invoicePayments, 'invoice_payment', path.id));
  r.get('/v1/invoice_payments', ({ state, params }) => {
    const invoice = params.str('invoice');
    const intent = params.obj('payment')?.str('payment_intent');
    const items = newestFirst(state.invoicePayments).filter((x) => (!invoice || x.invoice === invoice) && (!intent || x.payment.payment_intent === intent));
    return paginate(items, params, '/v1/invoice_payments');
  });
}
