import type Stripe from 'stripe';
import { errors } from './errors';
import type { Params } from './form';
import { idOf, type State } from './state';

type Json = Record<string, unknown>;

export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  const r = price.recurring;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: r?.interval ?? 'month',
    interval_count: r?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: r?.meter ?? null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: null,
    trial_period_days: r?.trial_period_days ?? null,
    usage_type: r?.usage_type ?? 'licensed',
  };
}

/** A plain JSON copy with embedded objects refreshed, as Stripe renders them at read time. */
export function snapshot(state: State, obj: object): Json {
  const copy = structuredClone(obj) as Json;
  refresh(state, copy);
  return copy;
}

function refresh(state: State, o: Json): void {
  if (o.object === 'subscription') {
    const items = (o.items as { data: Json[] }).data;
    for (const item of items) {
      const price = state.prices.get(idOf(item.price as Stripe.Price)!);
      if (price) {
        item.price = structuredClone(price);
        item.plan = planFromPrice(price);
      }
    }
  }
  if (o.object === 'list' && Array.isArray(o.data)) {
    for (const d of o.data) if (d && typeof d === 'object') refresh(state, d as Json);
  }
}

/** Fields whose id resolves in a specific store when expanded. */
function resolverFor(state: State, field: string): Map<string, unknown> | null {
  switch (field) {
    case 'customer':
      return state.customers;
    case 'subscription':
    case 'released_subscription':
      return state.subscriptions;
    case 'latest_invoice':
    case 'invoice':
      return state.invoices;
    case 'price':
    case 'default_price':
      return state.prices;
    case 'product':
      return state.products;
    case 'default_payment_method':
    case 'payment_method':
      return state.paymentMethods;
    case 'payment_intent':
      return state.paymentIntents;
    case 'latest_charge':
    case 'charge':
      return state.charges;
    case 'schedule':
      return state.schedules;
    case 'test_clock':
      return state.testClocks;
    case 'feature':
      return state.features;
    case 'setup_intent':
    case 'pending_setup_intent':
      return state.setupIntents;
    default:
      return null;
  }
}

/** Fields Stripe only includes when expanded (never in webhook events, which are not expanded). */
function includable(state: State, o: Json, field: string): unknown {
  if (o.object === 'customer' && field === 'subscriptions') {
    const data = [...state.subscriptions.values()]
      .filter((s) => s.customer === o.id && s.status !== 'canceled')
      .reverse();
    return { object: 'list', data, has_more: false, url: `/v1/customers/${String(o.id)}/subscriptions` };
  }
  if (o.object === 'checkout.session' && field === 'line_items') {
    return state.checkoutLineItems.get(String(o.id)) ?? null;
  }
  if (o.object === 'invoice' && field === 'confirmation_secret') {
    const pi = state.invoiceExtra.get(String(o.id))?.paymentIntent;
    const secret = pi ? state.paymentIntents.get(pi)?.client_secret : null;
    return secret ? { client_secret: secret, type: 'payment_intent' } : null;
  }
  if (o.object === 'invoice' && field === 'amount_paid_off_stripe') {
    return state.invoiceExtra.get(String(o.id))?.paidOffStripe ?? 0;
  }
  if (o.object === 'invoice' && field === 'payments') {
    const data = [...state.invoicePayments.values()].filter((p) => p.invoice === o.id).reverse();
    return { object: 'list', data, has_more: false, url: `/v1/invoice_payments?invoice=${String(o.id)}` };
  }
  return undefined;
}

function expandAt(state: State, target: unknown, path: string[], full: string): unknown {
  if (path.length === 0 || target == null) return target;
  if (Array.isArray(target)) return target.map((t) => expandAt(state, t, path, full));
  if (typeof target !== 'object') return target;
  const o = target as Json;
  const [field, ...rest] = path;
  let value = o[field];
  if (value === undefined) {
    const inc = includable(state, o, field);
    if (inc === undefined) throw errors.invalid(`This property cannot be expanded (${full}).`, 'expand');
    value = inc;
  }
  if (typeof value === 'string') {
    const store = resolverFor(state, field);
    const found = store?.get(value) ?? state.lookup(value);
    if (found) value = snapshot(state, found as object);
  }
  o[field] = expandAt(state, value, rest, full);
  return o;
}

/** Renders a stored object (or list) for the wire, applying `expand[]` (at most four levels, like Stripe). */
export function render(state: State, obj: object, expand: string[] = []): Json {
  const out = snapshot(state, obj);
  for (const e of expand) {
    const path = e.split('.');
    if (path.length > 4) throw errors.invalid(`You cannot expand more than 4 levels of a property (${e}).`, 'expand');
    expandAt(state, out, path, e);
  }
  return out;
}

/**
 * Cursor pagination over newest-first items: `limit` (1–100, default 10), `starting_after` (older
 * than that id), `ending_before` (newer than that id).
 */
export function paginate<T extends { id: string }>(items: T[], p: Params, url: string): Stripe.ApiList<T> {
  const limit = p.int('limit') ?? 10;
  if (limit < 1 || limit > 100) throw errors.invalid('Invalid limit: must be between 1 and 100', 'limit');
  const after = p.str('starting_after');
  const before = p.str('ending_before');
  if (after && before)
    throw errors.invalid('You may only specify one of these parameters: ending_before, starting_after.');
  if (after) {
    const i = items.findIndex((x) => x.id === after);
    if (i === -1) throw errors.missing('object', after, 'starting_after');
    const rest = items.slice(i + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (before) {
    const i = items.findIndex((x) => x.id === before);
    if (i === -1) throw errors.missing('object', before, 'ending_before');
    const newer = items.slice(0, i);
    return {
      object: 'list',
      data: newer.slice(Math.max(0, newer.length - limit)),
      has_more: newer.length > limit,
      url,
    };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

/** Newest first: Stripe lists reverse chronological order. */
export function newestFirst<T>(store: Map<string, T> | T[]): T[] {
  return [...(Array.isArray(store) ? store : store.values())].reverse();
}

/** `created[gte]=…` style range filters (and a bare `created=…` exact match). */
export function inRange(p: Params, key: string, value: number): boolean {
  if (p.isEmpty(key) || !p.has(key)) return true;
  const exact = p.raw[key];
  if (typeof exact === 'string') return value === Number(exact);
  const r = p.obj(key)!;
  const gt = r.int('gt'),
    gte = r.int('gte'),
    lt = r.int('lt'),
    lte = r.int('lte');
  return (
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte)
  );
}
