import type Stripe from 'stripe';
import { amountFor, isMetered } from './billing';
import { priceFromPriceData } from './catalog';
import { createCustomer } from './customers';
import { errors } from './errors';
import { emit } from './events';
import { Params } from './form';
import { createInvoice, finalizeInvoice, markPaid } from './invoice-model';
import { attachPaymentMethod, declineCodeOf, resolvePaymentMethod } from './payment-methods';
import { collect } from './payments';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { type CheckoutExtra, DAY, idOf, type State } from './state';
import { createSubscription } from './subscriptions';

function extraOf(state: State, id: string): CheckoutExtra {
  return state.checkoutExtra.get(id)!;
}

function lineItems(state: State, p: Params, mode: string): Stripe.LineItem[] {
  const list = p.list('line_items');
  if (!list.length && mode !== 'setup') throw errors.paramMissing('line_items');
  return list.map((li, i) => {
    const priceId = li.str('price');
    const pd = li.obj('price_data');
    const price = priceId
      ? state.get(state.prices, 'price', priceId, `line_items[${i}][price]`)
      : pd
        ? priceFromPriceData(state, pd)
        : null;
    if (!price) throw errors.paramMissing(`line_items[${i}][price]`);
    if (priceId && !price.active) throw errors.invalid('The price specified is inactive.', `line_items[${i}][price]`);
    if (mode === 'payment' && price.type === 'recurring') {
      throw errors.invalid(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        `line_items[${i}][price]`,
      );
    }
    const quantity = isMetered(price) ? null : (li.int('quantity') ?? 1);
    const amount = quantity === null ? 0 : amountFor(price, quantity);
    return {
      id: state.id('li'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: state.products.get(idOf(price.product as string)!)?.name ?? null,
      metadata: {},
      price: structuredClone(price),
      quantity,
    };
  });
}

const UI_MODES = ['elements', 'embedded_page', 'form', 'hosted_page'] as const;

function create(state: State, p: Params): Stripe.Checkout.Session {
  const mode = p.oneOf('mode', ['payment', 'setup', 'subscription'] as const);
  if (!mode) throw errors.paramMissing('mode');
  const uiMode = p.oneOf('ui_mode', UI_MODES) ?? 'hosted_page';
  if (uiMode === 'hosted_page' && !p.str('success_url')) throw errors.paramMissing('success_url');
  if (uiMode !== 'hosted_page' && p.has('success_url'))
    throw errors.invalid(
      `success_url can only be used with ui_mode=hosted_page; use return_url instead.`,
      'success_url',
    );
  const customer = p.str('customer') ?? null;
  if (customer) state.customer(customer);
  if (customer && p.str('customer_email'))
    throw errors.invalid('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
  const items = lineItems(state, p, mode);
  if (mode === 'subscription' && !items.some((li) => li.price?.type === 'recurring')) {
    throw errors.invalid(
      'You must provide at least one recurring price in `subscription` mode when using prices.',
      'line_items',
    );
  }
  const sd = p.obj('subscription_data');
  const trialDays = sd?.int('trial_period_days') ?? null;
  const subtotal = items.reduce((s, li) => s + li.amount_subtotal, 0);
  const now = state.nowFor(customer);
  const id = state.id('cs_test', 58);
  const invoiceCreation = p.obj('invoice_creation');
  const invoiceData = invoiceCreation?.obj('invoice_data');
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: mode === 'payment' ? { enabled: false } : null,
    after_expiration: null,
    allow_promotion_codes: p.bool('allow_promotion_codes') ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: subtotal,
    amount_total: trialDays ? 0 : subtotal,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: p.str('cancel_url') ?? null,
    client_reference_id: p.str('client_reference_id') ?? null,
    client_secret: uiMode === 'hosted_page' ? null : `${id}_secret_${state.id('x', 24).slice(2)}`,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: items[0]?.currency ?? p.str('currency') ?? null,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer,
    customer_account: null,
    customer_creation: customer ? null : mode === 'payment' ? 'if_required' : 'always',
    customer_details: null,
    customer_email: p.str('customer_email') ?? null,
    discounts: [],
    expires_at: p.int('expires_at') ?? now + DAY,
    integration_identifier: null,
    invoice: null,
    invoice_creation:
      mode === 'payment'
        ? {
            enabled: invoiceCreation?.bool('enabled') ?? false,
            invoice_data: {
              account_tax_ids: null,
              custom_fields: null,
              description: invoiceData?.str('description') ?? null,
              footer: invoiceData?.str('footer') ?? null,
              issuer: null,
              metadata: invoiceData?.has('metadata') ? invoiceData.metadata() : {},
              rendering_options: null,
            },
          }
        : null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: p.metadata(),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: mode === 'payment' ? null : 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: p.str('success_url') ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: uiMode,
    url: uiMode === 'hosted_page' ? `${state.baseUrl}/checkout/${id}` : null,
    wallet_options: null,
  };
  state.checkoutSessions.set(id, session);
  state.checkoutLineItems.set(id, {
    object: 'list',
    data: items,
    has_more: false,
    url: `/v1/checkout/sessions/${id}/line_items`,
  });
  state.checkoutExtra.set(id, {
    subscriptionMetadata: sd?.metadata() ?? {},
    trialDays,
    paymentIntentMetadata: p.obj('payment_intent_data')?.metadata() ?? {},
    invoiceCreation: invoiceCreation?.bool('enabled') ?? false,
  });
  return session;
}

/**
 * Completes an open session as a customer paying with `payment_method` (default `pm_card_visa`):
 * creates the customer if needed, then the subscription (first invoice paid) or the payment.
 */
export function completeCheckoutSession(state: State, id: string, p: Params): Stripe.Checkout.Session {
  const session = state.get(state.checkoutSessions, 'checkout.session', id);
  if (session.status !== 'open')
    throw errors.state(
      `This Checkout Session is ${session.status} and can no longer be completed.`,
      'checkout_session_unexpected_state',
    );
  const pmId = p.str('payment_method') ?? 'pm_card_visa';
  const extra = extraOf(state, id);
  const declines = declineCodeOf(state, pmId);
  if (declines && session.mode !== 'setup' && (session.amount_total ?? 0) > 0)
    throw errors.card(declines, 'Your card was declined.');
  const items = state.checkoutLineItems.get(id)!.data;
  let customerId = idOf(session.customer as string | null);
  const email =
    p.str('email') ??
    session.customer_email ??
    (customerId ? state.customer(customerId).email : null) ??
    `${state.id('buyer', 8).slice(6).toLowerCase()}@example.com`;
  const name = p.str('name') ?? null;
  // Payment mode creates a customer only when something needs one (here: an invoice), as `if_required` does.
  if (!customerId && (session.mode !== 'payment' || extra.invoiceCreation)) {
    const c = createCustomer(state, new Params({ email, ...(name ? { name } : {}) }));
    customerId = c.id;
  }
  if (session.mode === 'subscription') {
    const pm = attachPaymentMethod(state, pmId, customerId!);
    const now = state.nowFor(customerId);
    const sub = createSubscription(state, {
      customer: customerId!,
      items: items
        .filter((li) => li.price?.type === 'recurring')
        .map((li) => ({ price: li.price!.id, quantity: li.quantity ?? 1 })),
      trialEnd: extra.trialDays ? now + extra.trialDays * DAY : null,
      metadata: extra.subscriptionMetadata,
      defaultPaymentMethod: pm.id,
    });
    session.subscription = sub.id;
    session.invoice = idOf(sub.latest_invoice as string | null);
    const inv = session.invoice ? state.invoices.get(session.invoice) : undefined;
    session.payment_status =
      !inv || inv.amount_due === 0 ? 'no_payment_required' : inv.status === 'paid' ? 'paid' : 'unpaid';
  } else if (session.mode === 'payment') {
    // A one-off payment uses the card without saving it to the customer (no payment_method.attached).
    const pm = resolvePaymentMethod(state, pmId);
    const result = collect(state, {
      customer: customerId,
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      paymentMethod: pm.id,
      metadata: extra.paymentIntentMetadata,
    });
    session.payment_intent = result.intent.id;
    session.payment_status = result.ok ? 'paid' : 'unpaid';
    if (extra.invoiceCreation && customerId) {
      const now = state.nowFor(customerId);
      const inv = createInvoice(state, {
        customer: customerId,
        collectionMethod: 'charge_automatically',
        daysUntilDue: null,
        billingReason: 'manual',
        periodStart: now,
        periodEnd: now,
        currency: session.currency ?? undefined,
        lines: items.map((li) => ({
          amount: li.amount_total,
          currency: li.currency,
          description: li.description ?? '',
          quantity: li.quantity,
          price: li.price,
          period: { start: now, end: now },
          proration: false,
          subscription: null,
          subscriptionItem: null,
          invoiceItem: null,
          unitAmountDecimal: li.price?.unit_amount_decimal == null ? null : String(li.price.unit_amount_decimal),
        })),
      });
      finalizeInvoice(state, inv);
      // The session's payment pays the invoice: now, or when a delayed payment settles.
      state.invExtra(inv.id).paymentIntent = result.intent.id;
      if (inv.status === 'open' && result.ok) markPaid(state, inv, { outOfBand: false, intent: result.intent });
      session.invoice = inv.id;
    }
  } else {
    attachPaymentMethod(state, pmId, customerId!);
    session.payment_status = 'no_payment_required';
  }
  session.customer = customerId;
  session.customer_details = {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
  session.status = 'complete';
  session.url = null;
  emit(state, 'checkout.session.completed', session);
  return session;
}

export function registerCheckout(r: Router): void {
  r.post('/v1/checkout/sessions', ({ state, params }) => create(state, params));
  r.get('/v1/checkout/sessions/:id', ({ state, path }) =>
    state.get(state.checkoutSessions, 'checkout.session', path.id),
  );
  r.get('/v1/checkout/sessions/:id/line_items', ({ state, path, params }) => {
    state.get(state.checkoutSessions, 'checkout.session', path.id);
    return paginate(
      [...state.checkoutLineItems.get(path.id)!.data],
      params,
      `/v1/checkout/sessions/${path.id}/line_items`,
    );
  });
  r.get('/v1/checkout/sessions', ({ state, params }) => {
    const customer = params.str('customer');
    const subscription = params.str('subscription');
    const intent = params.str('payment_intent');
    const status = params.str('status');
    const items = newestFirst(state.checkoutSessions).filter(
      (s) =>
        (!customer || s.customer === customer) &&
        (!subscription || s.subscription === subscription) &&
        (!intent || s.payment_intent === intent) &&
        (!status || s.status === status),
    );
    return paginate(items, params, '/v1/checkout/sessions');
  });
  r.post('/v1/checkout/sessions/:id/expire', ({ state, path }) => {
    const session = state.get(state.checkoutSessions, 'checkout.session', path.id);
    if (session.status !== 'open')
      throw errors.state(`Only Checkout Sessions with a status of open can be expired; this one is ${session.status}.`);
    session.status = 'expired';
    session.url = null;
    emit(state, 'checkout.session.expired', session);
    return session;
  });
  r.post(
    '/v1/test_helpers/checkout/sessions/:id/complete',
    ({ state, path, params }) => completeCheckoutSession(state, path.id, params),
    {
      type: 'object',
      properties: {
        payment_method: { required: false, schema: { type: 'string' } },
        email: { required: false, schema: { type: 'string' } },
        name: { required: false, schema: { type: 'string' } },
        expand: { required: false, schema: { type: 'array', items: { type: 'string' } } },
      },
    },
  );
}
