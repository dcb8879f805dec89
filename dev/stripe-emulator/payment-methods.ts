import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { idOf, type PaymentMethodExtra, type State } from './state';

interface TestCard {
  brand: string;
  last4: string;
  funding: string;
  extra: PaymentMethodExtra;
}

const ok = (): PaymentMethodExtra => ({
  behaviour: 'succeed',
  declineCode: '',
  refunds: 'succeed',
  settles: 'instant',
});
const decline = (code: string): PaymentMethodExtra => ({
  behaviour: 'decline',
  declineCode: code,
  refunds: 'succeed',
  settles: 'instant',
});

/**
 * Stripe's test payment methods and tokens. Attaching one creates a new `pm_…` for the customer.
 * The declining cards attach fine here and fail when charged (Stripe runs a card check on attach
 * for some of them; here they all fail at payment time, which is what billing flows care about).
 * `refundFail` and `pendingRefund` pay, and their refunds fail or stay pending for a while, as
 * Stripe's cards 4000000000005126 and 4000000000007726 do.
 */
const TEST_CARDS: Record<string, TestCard> = {
  visa: { brand: 'visa', last4: '4242', funding: 'credit', extra: ok() },
  visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', extra: ok() },
  mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', extra: ok() },
  amex: { brand: 'amex', last4: '8431', funding: 'credit', extra: ok() },
  chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', extra: decline('generic_decline') },
  chargeCustomerFail: { brand: 'visa', last4: '0341', funding: 'credit', extra: decline('generic_decline') },
  chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    extra: decline('insufficient_funds'),
  },
  chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', funding: 'credit', extra: decline('expired_card') },
  refundFail: { brand: 'visa', last4: '5126', funding: 'credit', extra: { ...ok(), refunds: 'fail' } },
  pendingRefund: { brand: 'visa', last4: '7726', funding: 'credit', extra: { ...ok(), refunds: 'pending' } },
};

const CARD_NUMBERS: Record<string, string> = {
  '4242424242424242': 'visa',
  '4000056655665556': 'visa_debit',
  '5555555555554444': 'mastercard',
  '378282246310005': 'amex',
  '4000000000000002': 'chargeDeclined',
  '4000000000000341': 'chargeCustomerFail',
  '4000000000009995': 'chargeDeclinedInsufficientFunds',
  '4000000000000069': 'chargeDeclinedExpiredCard',
  '4000000000005126': 'refundFail',
  '4000000000007726': 'pendingRefund',
};

/** Test US bank accounts: a delayed-notification method whose payments are `processing` first. */
const TEST_BANK_ACCOUNTS: Record<string, PaymentMethodExtra> = {
  pm_usBankAccount_success: { behaviour: 'succeed', declineCode: '', refunds: 'succeed', settles: 'delayed' },
  pm_usBankAccount_failure: {
    behaviour: 'decline',
    declineCode: 'insufficient_funds',
    refunds: 'succeed',
    settles: 'delayed',
  },
};

function testCardFor(idOrToken: string): string | null {
  const m = /^(?:pm_card_|tok_)(.+)$/.exec(idOrToken);
  if (!m) return null;
  const name = m[1] === 'visa_chargeDeclined' ? 'chargeDeclined' : m[1];
  return TEST_CARDS[name] ? name : null;
}

function buildCard(state: State, name: string, p?: Params): Stripe.PaymentMethod {
  const card = TEST_CARDS[name];
  const bd = p?.obj('billing_details');
  const pm: Stripe.PaymentMethod = {
    id: state.id('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: null,
      email: bd?.str('email') ?? null,
      name: bd?.str('name') ?? null,
      phone: bd?.str('phone') ?? null,
      tax_id: null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date(state.now() * 1000).getUTCFullYear() + 3,
      fingerprint: `fp${card.last4}${card.brand}`.slice(0, 16),
      funding: card.funding,
      generated_from: null,
      last4: card.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: state.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: p?.metadata() ?? {},
    type: 'card',
  };
  state.paymentMethods.set(pm.id, pm);
  state.paymentMethodExtra.set(pm.id, { ...card.extra });
  return pm;
}

function buildBankAccount(state: State, token: string): Stripe.PaymentMethod {
  const pm: Stripe.PaymentMethod = {
    id: state.id('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: 'Jenny Rosen', phone: null, tax_id: null },
    created: state.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'us_bank_account',
    us_bank_account: {
      account_holder_type: 'individual',
      account_type: 'checking',
      bank_name: 'STRIPE TEST BANK',
      financial_connections_account: null,
      fingerprint: `fpbank${token.endsWith('success') ? '6789' : '1113'}`,
      last4: token.endsWith('success') ? '6789' : '1113',
      networks: { preferred: 'ach', supported: ['ach'] },
      routing_number: '110000000',
      status_details: null,
    },
  };
  state.paymentMethods.set(pm.id, pm);
  state.paymentMethodExtra.set(pm.id, { ...TEST_BANK_ACCOUNTS[token] });
  return pm;
}

/** Resolves a stored payment method, or materialises one from a test id such as `pm_card_visa`. */
export function resolvePaymentMethod(state: State, id: string, param = 'payment_method'): Stripe.PaymentMethod {
  const stored = state.paymentMethods.get(id);
  if (stored) return stored;
  const name = testCardFor(id);
  if (name) return buildCard(state, name);
  if (TEST_BANK_ACCOUNTS[id]) return buildBankAccount(state, id);
  throw errors.missing('PaymentMethod', id, param);
}

export function attachPaymentMethod(
  state: State,
  id: string,
  customerId: string,
  param = 'payment_method',
): Stripe.PaymentMethod {
  const customer = state.customer(customerId);
  const pm = resolvePaymentMethod(state, id, param);
  if (pm.customer && pm.customer !== customer.id) {
    throw errors.state(
      'The payment method you provided has already been attached to a customer.',
      'payment_method_unexpected_state',
      param,
    );
  }
  if (pm.customer !== customer.id) {
    pm.customer = customer.id;
    emit(state, 'payment_method.attached', pm);
  }
  return pm;
}

/** What charging this payment method does; without one there is nothing to charge. */
export function paymentOutcome(
  state: State,
  pmId: string | null,
): PaymentMethodExtra | { behaviour: 'missing'; declineCode: '' } {
  if (!pmId) return { behaviour: 'missing', declineCode: '' };
  return { ...ok(), ...state.paymentMethodExtra.get(pmId) };
}

export function customerDefaultPaymentMethod(state: State, customerId: string): string | null {
  const c = state.customers.get(customerId);
  if (!c || c.deleted) return null;
  return idOf(c.invoice_settings.default_payment_method as string | null);
}

function setupIntent(state: State, p: Params): Stripe.SetupIntent {
  const customer = p.str('customer') ?? null;
  if (customer) state.customer(customer);
  const si: Stripe.SetupIntent = {
    id: state.id('seti'),
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: null,
    created: state.nowFor(customer),
    customer,
    description: p.str('description') ?? null,
    excluded_payment_method_types: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: p.metadata(),
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: p.strings('payment_method_types').length ? p.strings('payment_method_types') : ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: p.str('usage') ?? 'off_session',
  };
  si.client_secret = `${si.id}_secret_${state.id('x', 24).slice(2)}`;
  state.setupIntents.set(si.id, si);
  emit(state, 'setup_intent.created', si);
  const pm = p.str('payment_method');
  if (pm) si.payment_method = resolvePaymentMethod(state, pm).id;
  if (p.bool('confirm')) confirmSetupIntent(state, si, p);
  else if (si.payment_method) si.status = 'requires_confirmation';
  return si;
}

function confirmSetupIntent(state: State, si: Stripe.SetupIntent, p: Params): Stripe.SetupIntent {
  if (si.status === 'succeeded' || si.status === 'canceled') {
    throw errors.state(
      `This SetupIntent has a status of ${si.status} and cannot be confirmed.`,
      'setup_intent_unexpected_state',
    );
  }
  const pmId = p.str('payment_method') ?? idOf(si.payment_method as string | null);
  if (!pmId) throw errors.paramMissing('payment_method');
  const pm = si.customer ? attachPaymentMethod(state, pmId, si.customer as string) : resolvePaymentMethod(state, pmId);
  si.payment_method = pm.id;
  si.status = 'succeeded';
  emit(state, 'setup_intent.succeeded', si);
  return si;
}

export function registerPaymentMethods(r: Router): void {
  r.post('/v1/payment_methods', ({ state, params }) => {
    if ((params.str('type') ?? 'card') !== 'card') throw errors.invalid('Only `type=card` is supported.', 'type');
    const card = params.obj('card');
    const token = card?.str('token');
    const number = card?.str('number')?.replace(/\s/g, '');
    const name = token ? testCardFor(token) : number ? CARD_NUMBERS[number] : 'visa';
    if (!name) throw errors.invalid('Unknown test card.', token ? 'card[token]' : 'card[number]', 'invalid_number');
    return buildCard(state, name, params);
  });
  r.get('/v1/payment_methods/:id', ({ state, path }) => resolvePaymentMethod(state, path.id, 'id'));
  r.post('/v1/payment_methods/:id', ({ state, path, params }) => {
    const pm = state.get(state.paymentMethods, 'PaymentMethod', path.id);
    updating(state, 'payment_method.updated', pm, () => {
      if (params.has('metadata')) pm.metadata = params.metadata(pm.metadata);
    });
    return pm;
  });
  r.post('/v1/payment_methods/:id/attach', ({ state, path, params }) =>
    attachPaymentMethod(state, path.id, params.req('customer'), 'id'),
  );
  r.post('/v1/payment_methods/:id/detach', ({ state, path }) => {
    const pm = state.get(state.paymentMethods, 'PaymentMethod', path.id);
    const customerId = idOf(pm.customer as string | null);
    if (!customerId)
      throw errors.state(
        'The payment method you provided is not attached to a customer so detachment is impossible.',
        'payment_method_unexpected_state',
      );
    const customer = state.customers.get(customerId);
    if (customer && !customer.deleted && customer.invoice_settings.default_payment_method === pm.id) {
      updating(state, 'customer.updated', customer, () => (customer.invoice_settings.default_payment_method = null));
    }
    for (const sub of state.subscriptions.values())
      if (sub.default_payment_method === pm.id) sub.default_payment_method = null;
    const before = pm.customer;
    pm.customer = null;
    emit(state, 'payment_method.detached', pm, { previous: { customer: before } });
    return pm;
  });
  const list = (state: State, p: Params, customer: string | undefined, url: string) => {
    if (customer) state.customer(customer);
    const type = p.str('type');
    const items = newestFirst(state.paymentMethods).filter(
      (pm) => (!customer || pm.customer === customer) && (!type || pm.type === type),
    );
    return paginate(items, p, url);
  };
  r.get('/v1/payment_methods', ({ state, params }) =>
    list(state, params, params.req('customer'), '/v1/payment_methods'),
  );
  r.get('/v1/customers/:id/payment_methods', ({ state, path, params }) =>
    list(state, params, path.id, `/v1/customers/${path.id}/payment_methods`),
  );
  r.get('/v1/customers/:customer/payment_methods/:id', ({ state, path }) => {
    const pm = state.get(state.paymentMethods, 'PaymentMethod', path.id);
    if (pm.customer !== path.customer) throw errors.missing('PaymentMethod', path.id);
    return pm;
  });

  r.post('/v1/setup_intents', ({ state, params }) => setupIntent(state, params));
  r.get('/v1/setup_intents/:id', ({ state, path }) => state.get(state.setupIntents, 'setupintent', path.id));
  r.get('/v1/setup_intents', ({ state, params }) => {
    const customer = params.str('customer');
    return paginate(
      newestFirst(state.setupIntents).filter((s) => !customer || s.customer === customer),
      params,
      '/v1/setup_intents',
    );
  });
  r.post('/v1/setup_intents/:id', ({ state, path, params }) => {
    const si = state.get(state.setupIntents, 'setupintent', path.id);
    if (params.has('metadata')) si.metadata = params.metadata(si.metadata);
    if (params.has('payment_method')) si.payment_method = resolvePaymentMethod(state, params.req('payment_method')).id;
    return si;
  });
  r.post('/v1/setup_intents/:id/confirm', ({ state, path, params }) =>
    confirmSetupIntent(state, state.get(state.setupIntents, 'setupintent', path.id), params),
  );
  r.post('/v1/setup_intents/:id/cancel', ({ state, path, params }) => {
    const si = state.get(state.setupIntents, 'setupintent', path.id);
    if (si.status === 'succeeded')
      throw errors.state(
        'You cannot cancel this SetupIntent because it has a status of succeeded.',
        'setup_intent_unexpected_state',
      );
    si.status = 'canceled';
    si.cancellation_reason =
      params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null;
    emit(state, 'setup_intent.canceled', si);
    return si;
  });
}

/** The decline code a payment method (or test id like `pm_card_chargeDeclined`) would produce, or null if it pays. */
export function declineCodeOf(state: State, idOrToken: string): string | null {
  const extra =
    state.paymentMethodExtra.get(idOrToken) ??
    (testCardFor(idOrToken) ? TEST_CARDS[testCardFor(idOrToken)!].extra : TEST_BANK_ACCOUNTS[idOrToken]);
  return extra?.behaviour === 'decline' && extra.settles === 'instant' ? extra.declineCode : null;
}
