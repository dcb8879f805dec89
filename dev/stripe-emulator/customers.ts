import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { printedSettings } from './invoice-settings';
import { attachPaymentMethod } from './payment-methods';
import { inRange, newestFirst, paginate } from './render';
import type { Router } from './router';
import type { State } from './state';
import { cancelSubscription } from './subscriptions';

function address(p: Params | undefined): Stripe.Address | null {
  if (!p) return null;
  return {
    city: p.str('city') ?? null,
    country: p.str('country') ?? null,
    line1: p.str('line1') ?? null,
    line2: p.str('line2') ?? null,
    postal_code: p.str('postal_code') ?? null,
    state: p.str('state') ?? null,
  };
}

function setDefaultPaymentMethod(state: State, customer: Stripe.Customer, p: Params): void {
  const settings = p.obj('invoice_settings');
  if (!settings?.has('default_payment_method')) return;
  const pm = settings.str('default_payment_method') || null;
  if (pm && state.paymentMethods.get(pm)?.customer !== customer.id) {
    throw errors.invalid(
      `No such PaymentMethod: '${pm}'; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request on that connected account.`,
      'invoice_settings[default_payment_method]',
      'resource_missing',
    );
  }
  customer.invoice_settings.default_payment_method = pm;
}

export function createCustomer(state: State, p: Params): Stripe.Customer {
  const printed = printedSettings(p);
  const clock = p.str('test_clock') ?? null;
  if (clock) state.get(state.testClocks, 'test_clock', clock, 'test_clock');
  const created = clock ? state.timeOfClock(clock) : state.now();
  const customer: Stripe.Customer = {
    id: state.id('cus', 14),
    object: 'customer',
    address: address(p.obj('address')),
    balance: p.int('balance') ?? 0,
    created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: p.str('description') ?? null,
    discount: null,
    email: p.str('email') ?? null,
    invoice_prefix: p.str('invoice_prefix') ?? state.id('x', 8).slice(2).toUpperCase(),
    invoice_settings: {
      custom_fields: printed.customFields ?? null,
      default_payment_method: null,
      footer: printed.footer ?? null,
      rendering_options: null,
    },
    livemode: false,
    metadata: p.metadata(),
    name: p.str('name') ?? null,
    next_invoice_sequence: 1,
    phone: p.str('phone') ?? null,
    preferred_locales: p.strings('preferred_locales'),
    shipping: null,
    tax_exempt: 'none',
    test_clock: clock,
  };
  state.customers.set(customer.id, customer);
  emit(state, 'customer.created', customer);
  const pm = p.str('payment_method');
  if (pm) attachPaymentMethod(state, pm, customer.id);
  if (p.obj('invoice_settings')?.has('default_payment_method')) {
    updating(state, 'customer.updated', customer, () => setDefaultPaymentMethod(state, customer, p));
  }
  return customer;
}

function updateCustomer(state: State, customer: Stripe.Customer, p: Params): Stripe.Customer {
  const printed = printedSettings(p);
  updating(state, 'customer.updated', customer, () => {
    if (printed.customFields !== undefined) customer.invoice_settings.custom_fields = printed.customFields;
    if (printed.footer !== undefined) customer.invoice_settings.footer = printed.footer;
    for (const k of ['email', 'name', 'description', 'phone'] as const) if (p.has(k)) customer[k] = p.str(k) || null;
    if (p.has('metadata')) customer.metadata = p.metadata(customer.metadata);
    if (p.has('address')) customer.address = address(p.obj('address'));
    if (p.has('balance')) customer.balance = p.int('balance') ?? 0;
    if (p.has('preferred_locales')) customer.preferred_locales = p.strings('preferred_locales');
    if (p.has('invoice_prefix')) customer.invoice_prefix = p.req('invoice_prefix');
    const pm = p.str('payment_method');
    if (pm) attachPaymentMethod(state, pm, customer.id);
    setDefaultPaymentMethod(state, customer, p);
  });
  return customer;
}

function deleteCustomer(state: State, customer: Stripe.Customer): Stripe.DeletedCustomer {
  for (const sub of state.subscriptions.values()) {
    if (sub.customer === customer.id && !['canceled', 'incomplete_expired'].includes(sub.status))
      cancelSubscription(state, sub, {});
  }
  const deleted: Stripe.DeletedCustomer = { id: customer.id, object: 'customer', deleted: true };
  state.customers.set(customer.id, deleted);
  emit(state, 'customer.deleted', customer);
  return deleted;
}

/**
 * Stripe's search query language, enough for `email:'x'`, `name:'x'`, `metadata['k']:'v'` clauses
 * joined by AND/OR (`~` for substring match).
 */
function matchesQuery(c: Stripe.Customer, query: string): boolean {
  const clause = /(metadata\[['"]([^'"]+)['"]\]|[a-z_]+)\s*(:|~)\s*['"]([^'"]*)['"]/g;
  const useOr = /\sOR\s/.test(query);
  const results: boolean[] = [];
  let m: RegExpExecArray | null;
  while ((m = clause.exec(query)) !== null) {
    const [, field, metaKey, op, value] = m;
    const actual = metaKey ? c.metadata[metaKey] : (c as unknown as Record<string, unknown>)[field];
    const s = actual == null ? '' : String(actual);
    results.push(op === ':' ? s === value : s.toLowerCase().includes(value.toLowerCase()));
  }
  if (!results.length) throw errors.invalid(`Invalid search query: ${query}`, 'query');
  return useOr ? results.some(Boolean) : results.every(Boolean);
}

function portalSession(state: State, p: Params): Stripe.BillingPortal.Session {
  const customer = state.customer(p.req('customer'));
  const id = state.id('bps');
  const session: Stripe.BillingPortal.Session = {
    id,
    object: 'billing_portal.session',
    configuration: p.str('configuration') ?? 'bpc_emulator_default',
    created: state.nowFor(customer.id),
    customer: customer.id,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: p.str('locale') ?? null,
    on_behalf_of: null,
    return_url: p.str('return_url') ?? null,
    url: `${state.baseUrl}/billing_portal/${id}`,
  };
  state.portalSessions.set(id, session);
  emit(state, 'billing_portal.session.created', session);
  return session;
}

export function registerCustomers(r: Router): void {
  r.post('/v1/customers', ({ state, params }) => createCustomer(state, params));
  r.get('/v1/customers/search', ({ state, params }) => {
    const query = params.req('query');
    const data = newestFirst(state.customers).filter((c): c is Stripe.Customer => !c.deleted && matchesQuery(c, query));
    const limit = params.int('limit') ?? 10;
    return {
      object: 'search_result',
      data: data.slice(0, limit),
      has_more: data.length > limit,
      next_page: null,
      url: '/v1/customers/search',
    };
  });
  r.get('/v1/customers/:id', ({ state, path }) => state.get(state.customers, 'customer', path.id));
  r.post('/v1/customers/:id', ({ state, path, params }) =>
    updateCustomer(state, state.customer(path.id, 'id'), params),
  );
  r.delete('/v1/customers/:id', ({ state, path }) => deleteCustomer(state, state.customer(path.id, 'id')));
  r.get('/v1/customers', ({ state, params }) => {
    const email = params.str('email');
    const clock = params.str('test_clock');
    const items = newestFirst(state.customers).filter(
      (c): c is Stripe.Customer =>
        !c.deleted &&
        (!email || c.email === email) &&
        (!clock || c.test_clock === clock) &&
        inRange(params, 'created', c.created),
    );
    return paginate(items, params, '/v1/customers');
  });
  r.post('/v1/billing_portal/sessions', ({ state, params }) => portalSession(state, params));
}
