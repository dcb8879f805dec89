import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { customerDefaultPaymentMethod, paymentOutcome, resolvePaymentMethod } from './payment-methods';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { idOf, type State } from './state';

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
  /** `processing`: a delayed-notification method (a bank debit) that settles later; `no_payment_method`: nothing to charge. */
  outcome: 'succeeded' | 'failed' | 'processing' | 'no_payment_method';
  ok: boolean;
  intent: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  declineCode: string;
}

/** How long a delayed-notification payment, a pending refund or a failing refund takes to settle. */
export const ASYNC_SETTLE_SECONDS = 3;

const DECLINE_MESSAGES: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
};

function newIntent(state: State, req: CollectRequest): Stripe.PaymentIntent {
  const id = state.id('pi');
  const intent: Stripe.PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: req.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${state.id('x', 24).slice(2)}`,
    confirmation_method: 'automatic',
    created: state.nowFor(req.customer),
    currency: req.currency,
    customer: req.customer,
    customer_account: null,
    description: req.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: req.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: req.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'requires_confirmation',
    transfer_group: null,
  };
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

function cardDetails(pm: Stripe.PaymentMethod): Stripe.Charge.PaymentMethodDetails {
  const base = { type: pm.type } as const;
  if (pm.card) {
    return {
      ...base,
      card: {
        amount_authorized: null,
        authorization_code: null,
        brand: pm.card.brand,
        checks: {
          address_line1_check: null,
          address_postal_code_check: null,
          cvc_check: pm.card.checks?.cvc_check ?? null,
        },
        country: pm.card.country,
        electronic_commerce_indicator: null,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        fingerprint: pm.card.fingerprint ?? null,
        funding: pm.card.funding,
        installments: null,
        last4: pm.card.last4,
        mandate: null,
        network: pm.card.brand,
        network_transaction_id: null,
        regulated_status: 'unregulated',
        three_d_secure: null,
        transaction_link_id: null,
        wallet: null,
      },
    };
  }
  const bank = pm.us_bank_account;
  return {
    ...base,
    ...(bank
      ? {
          us_bank_account: {
            account_holder_type: bank.account_holder_type,
            account_type: bank.account_type,
            bank_name: bank.bank_name,
            fingerprint: bank.fingerprint,
            last4: bank.last4,
            payment_reference: null,
            routing_number: bank.routing_number,
          },
        }
      : {}),
  };
}

/**
 * Charges a payment method and records the PaymentIntent and Charge. Without a payment method
 * nothing is charged: the intent keeps waiting for one (`requires_payment_method`), as on Stripe.
 */
export function collect(state: State, req: CollectRequest): CollectResult {
  const intent = req.intent ? (state.paymentIntents.get(req.intent) ?? newIntent(state, req)) : newIntent(state, req);
  const outcome = paymentOutcome(state, req.paymentMethod);
  if (outcome.behaviour === 'missing')
    return { outcome: 'no_payment_method', ok: false, intent, charge: null, declineCode: '' };
  const delayed = outcome.settles === 'delayed';
  const ok = outcome.behaviour === 'succeed' && !delayed;
  const pm = req.paymentMethod ? state.paymentMethods.get(req.paymentMethod) : undefined;
  const now = state.nowFor(req.customer);
  const failed = outcome.behaviour === 'decline' && !delayed;
  const charge: Stripe.Charge = {
    id: state.id('ch'),
    object: 'charge',
    amount: req.amount,
    amount_captured: failed ? 0 : req.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    // Stripe fills the balance transaction in a moment after the charge (then sends charge.updated).
    balance_transaction: null,
    billing_details: pm?.billing_details ?? { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: 'TOLLGATE',
    captured: !failed,
    created: now,
    currency: req.currency,
    customer: req.customer,
    description: req.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failed ? 'card_declined' : null,
    failure_message: failed ? (DECLINE_MESSAGES[outcome.declineCode] ?? 'Your card was declined.') : null,
    fraud_details: {},
    livemode: false,
    metadata: req.metadata ?? {},
    on_behalf_of: null,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: failed ? 'declined_by_network' : 'approved_by_network',
      reason: failed ? outcome.declineCode : null,
      risk_level: 'normal',
      seller_message: failed ? 'The bank did not return any further details with this decline.' : 'Payment complete.',
      type: failed ? 'issuer_declined' : 'authorized',
    },
    paid: ok,
    payment_intent: intent.id,
    payment_method: req.paymentMethod,
    payment_method_details: pm ? cardDetails(pm) : null,
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
    status: failed ? 'failed' : delayed ? 'pending' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
  state.charges.set(charge.id, charge);
  intent.latest_charge = charge.id;
  intent.payment_method = req.paymentMethod;
  intent.payment_method_types = [pm?.type ?? 'card'];
  if (delayed) {
    intent.status = 'processing';
    emit(state, 'charge.pending', charge);
    emit(state, 'payment_intent.processing', intent);
    return { outcome: 'processing', ok: false, intent, charge, declineCode: '' };
  }
  if (ok) {
    succeedCharge(state, intent, charge);
    return { outcome: 'succeeded', ok: true, intent, charge, declineCode: '' };
  }
  failCharge(state, intent, charge, outcome.declineCode);
  return { outcome: 'failed', ok: false, intent, charge, declineCode: outcome.declineCode };
}

function succeedCharge(state: State, intent: Stripe.PaymentIntent, charge: Stripe.Charge): void {
  charge.status = 'succeeded';
  charge.paid = true;
  charge.captured = true;
  charge.amount_captured = charge.amount;
  intent.status = 'succeeded';
  intent.amount_received = intent.amount;
  intent.last_payment_error = null;
  emit(state, 'charge.succeeded', charge);
  emit(state, 'payment_intent.succeeded', intent);
  updating(state, 'charge.updated', charge, () => (charge.balance_transaction = state.id('txn')));
}

function failCharge(state: State, intent: Stripe.PaymentIntent, charge: Stripe.Charge, declineCode: string): void {
  charge.status = 'failed';
  charge.paid = false;
  charge.captured = false;
  charge.amount_captured = 0;
  charge.failure_code ??= 'card_declined';
  charge.failure_message ??= DECLINE_MESSAGES[declineCode] ?? 'Your card was declined.';
  intent.status = 'requires_payment_method';
  intent.last_payment_error = {
    type: 'card_error',
    code: 'card_declined',
    decline_code: declineCode,
    message: charge.failure_message ?? undefined,
    charge: charge.id,
  };
  emit(state, 'charge.failed', charge);
  emit(state, 'payment_intent.payment_failed', intent);
}

/**
 * A delayed-notification payment settles: the charge succeeds or fails with the payment method's
 * outcome. Returns whether it succeeded.
 */
export function settleProcessing(state: State, intent: Stripe.PaymentIntent): boolean {
  const charge = state.charges.get(idOf(intent.latest_charge as string | null) ?? '');
  if (!charge || intent.status !== 'processing') return false;
  const outcome = paymentOutcome(state, idOf(intent.payment_method as string | null));
  if (outcome.behaviour === 'succeed') {
    succeedCharge(state, intent, charge);
    return true;
  }
  failCharge(state, intent, charge, outcome.declineCode || 'generic_decline');
  return false;
}

export function declineError(result: CollectResult): ReturnType<typeof errors.card> {
  if (!result.charge) return errors.noPaymentMethod();
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
    if (!charge || intent.status !== 'succeeded')
      throw errors.state(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'charge_not_refundable',
        'payment_intent',
      );
  }
  if (!charge.paid)
    throw errors.state(`Charge ${charge.id} has not been paid and cannot be refunded.`, 'charge_not_refundable');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) throw errors.state(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
  const amount = p.int('amount') ?? remaining;
  if (amount <= 0) throw errors.invalid('Refund amount must be positive.', 'amount');
  if (amount > remaining) {
    throw errors.invalid(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      'amount',
      'amount_too_large',
    );
  }
  const customer = idOf(charge.customer as string | null);
  const paying = paymentOutcome(state, idOf(charge.payment_method));
  const behaviour = paying.behaviour === 'missing' ? 'succeed' : paying.refunds;
  const created = state.nowFor(customer);
  const r: Stripe.Refund = {
    id: state.id('re'),
    object: 'refund',
    amount,
    balance_transaction: state.id('txn'),
    charge: charge.id,
    created,
    currency: charge.currency,
    customer,
    customer_account: null,
    metadata: p.metadata(),
    payment_intent: idOf(charge.payment_intent as string | null),
    payment_method: charge.payment_method,
    reason: p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: behaviour === 'pending' ? 'pending' : 'succeeded',
    transfer_reversal: null,
  };
  state.refunds.set(r.id, r);
  if (behaviour !== 'succeed')
    state.refundExtra.set(r.id, {
      settlesAt: created + ASYNC_SETTLE_SECONDS,
      to: behaviour === 'fail' ? 'failed' : 'succeeded',
    });
  emit(state, 'refund.created', r);
  const c = charge;
  updating(state, 'charge.refunded', c, () => {
    c.amount_refunded += amount;
    c.refunded = c.amount_refunded === c.amount;
  });
  return r;
}

/** A pending refund succeeds, or a refund of a `refundFail` card fails: its money goes back to the charge. */
export function settleRefund(state: State, r: Stripe.Refund): void {
  const extra = state.refundExtra.get(r.id);
  if (!extra) return;
  state.refundExtra.delete(r.id);
  const charge = state.charges.get(idOf(r.charge as string | null) ?? '');
  const failed = extra.to === 'failed';
  updating(state, 'refund.updated', r, () => {
    r.status = extra.to;
    if (failed) {
      r.failure_reason = 'expired_or_canceled_card';
      r.failure_balance_transaction = state.id('txn');
    }
  });
  if (failed) {
    emit(state, 'refund.failed', r);
    if (charge) {
      updating(state, 'charge.updated', charge, () => {
        charge.amount_refunded -= r.amount;
        charge.refunded = charge.amount_refunded === charge.amount && charge.amount > 0;
      });
    }
  }
  emit(state, 'charge.refund.updated', r);
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
    throw errors.state(
      `This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`,
      'payment_intent_unexpected_state',
    );
  }
  const customer = idOf(intent.customer as string | null);
  const pmParam = p.str('payment_method');
  const pm = pmParam
    ? resolvePaymentMethod(state, pmParam).id
    : (idOf(intent.payment_method as string | null) ??
      (customer ? customerDefaultPaymentMethod(state, customer) : null));
  if (!pm)
    throw errors.state(
      'You cannot confirm this PaymentIntent because it is missing a payment method.',
      'payment_intent_unexpected_state',
      'payment_method',
    );
  const result = collect(state, {
    customer,
    amount: intent.amount,
    currency: intent.currency,
    paymentMethod: pm,
    intent: intent.id,
    description: intent.description,
    metadata: intent.metadata,
  });
  if (!result.ok && result.outcome !== 'processing') throw declineError(result);
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
      throw errors.state(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
        'payment_intent_unexpected_state',
      );
    }
    intent.status = 'canceled';
    intent.canceled_at = state.nowFor(idOf(intent.customer as string | null));
    intent.cancellation_reason =
      params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer'] as const) ??
      null;
    emit(state, 'payment_intent.canceled', intent);
    return intent;
  });
  r.get('/v1/payment_intents', ({ state, params }) => {
    const customer = params.str('customer');
    return paginate(
      newestFirst(state.paymentIntents).filter((x) => !customer || x.customer === customer),
      params,
      '/v1/payment_intents',
    );
  });
  r.get('/v1/charges/:id', ({ state, path }) => state.get(state.charges, 'charge', path.id));
  r.get('/v1/charges', ({ state, params }) => {
    const customer = params.str('customer');
    const intent = params.str('payment_intent');
    const items = newestFirst(state.charges).filter(
      (x) => (!customer || x.customer === customer) && (!intent || x.payment_intent === intent),
    );
    return paginate(items, params, '/v1/charges');
  });
  r.post('/v1/refunds', ({ state, params }) => refund(state, params));
  r.get('/v1/refunds/:id', ({ state, path }) => state.get(state.refunds, 'refund', path.id));
  r.get('/v1/refunds', ({ state, params }) => {
    const charge = params.str('charge');
    const intent = params.str('payment_intent');
    const items = newestFirst(state.refunds).filter(
      (x) => (!charge || x.charge === charge) && (!intent || x.payment_intent === intent),
    );
    return paginate(items, params, '/v1/refunds');
  });
  r.get('/v1/invoice_payments/:id', ({ state, path }) => state.get(state.invoicePayments, 'invoice_payment', path.id));
  r.get('/v1/invoice_payments', ({ state, params }) => {
    const invoice = params.str('invoice');
    const intent = params.obj('payment')?.str('payment_intent');
    const items = newestFirst(state.invoicePayments).filter(
      (x) => (!invoice || x.invoice === invoice) && (!intent || x.payment.payment_intent === intent),
    );
    return paginate(items, params, '/v1/invoice_payments');
  });
}
