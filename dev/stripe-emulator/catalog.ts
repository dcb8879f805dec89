import type Stripe from 'stripe';
import { errors } from './errors';
import { emit, updating } from './events';
import type { Params } from './form';
import { inRange, newestFirst, paginate } from './render';
import type { Router } from './router';
import { dec, type State } from './state';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

export function createProduct(state: State, p: Params): Stripe.Product {
  const custom = p.str('id');
  // Custom product ids may hold only letters, digits, `_` and `-` (Stripe, since 2018-05-21).
  if (custom && !/^[a-zA-Z0-9_-]+$/.test(custom)) {
    throw errors.invalid(
      `This value must match the regex pattern. (/\\A[a-zA-Z0-9_\\-]+\\z/ does not match for the value ${custom}).`,
      'id',
    );
  }
  const id = custom || state.id('prod', 14);
  if (state.products.has(id)) throw errors.state(`Product already exists.`, 'resource_already_exists', 'id');
  const now = state.now();
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: p.bool('active') ?? true,
    created: now,
    default_price: null,
    description: p.str('description') || null,
    images: p.strings('images'),
    livemode: false,
    marketing_features: p.list('marketing_features').map((f) => ({ name: f.str('name') })),
    metadata: p.metadata(),
    name: p.req('name'),
    package_dimensions: null,
    shippable: p.bool('shippable') ?? null,
    statement_descriptor: p.str('statement_descriptor') ?? null,
    tax_code: p.str('tax_code') ?? null,
    tax_details: null,
    type: 'service',
    unit_label: p.str('unit_label') ?? null,
    updated: now,
    url: p.str('url') || null,
  };
  state.products.set(id, product);
  emit(state, 'product.created', product);
  const dpd = p.obj('default_price_data');
  if (dpd) {
    const price = createPriceFrom(state, dpd, product.id);
    updating(state, 'product.updated', product, () => (product.default_price = price.id));
  }
  return product;
}

function updateProduct(state: State, product: Stripe.Product, p: Params): Stripe.Product {
  updating(state, 'product.updated', product, () => {
    if (p.has('name')) product.name = p.req('name');
    if (p.has('active')) product.active = p.bool('active') ?? product.active;
    if (p.has('description')) product.description = p.str('description') || null;
    if (p.has('metadata')) product.metadata = p.metadata(product.metadata);
    if (p.has('unit_label')) product.unit_label = p.str('unit_label') || null;
    if (p.has('url')) product.url = p.str('url') || null;
    if (p.has('marketing_features'))
      product.marketing_features = p.list('marketing_features').map((f) => ({ name: f.str('name') }));
    if (p.has('default_price')) {
      const priceId = p.str('default_price') || null;
      if (priceId) {
        const price = state.get(state.prices, 'price', priceId, 'default_price');
        if (price.product !== product.id)
          throw errors.invalid('The default price must belong to this product.', 'default_price');
      }
      product.default_price = priceId;
    }
    product.updated = state.now();
  });
  return product;
}

/** Builds a price from `unit_amount` / `unit_amount_decimal` / `recurring` params (also used for `price_data`). */
export function createPriceFrom(
  state: State,
  p: Params,
  productId: string,
  opts: { inline?: boolean } = {},
): Stripe.Price {
  state.get(state.products, 'product', productId, p.name('product'));
  const currency = p.req('currency').toLowerCase();
  const unitAmount = p.int('unit_amount');
  const unitDecimal = p.decimal('unit_amount_decimal');
  if (unitAmount !== undefined && unitDecimal !== undefined)
    throw errors.invalid('You may only specify one of these parameters: unit_amount, unit_amount_decimal.');
  const scheme = p.oneOf('billing_scheme', ['per_unit', 'tiered'] as const) ?? 'per_unit';
  const tiered = scheme === 'tiered' ? parseTiers(p) : null;
  if (!tiered && (p.has('tiers') || p.has('tiers_mode')))
    throw errors.invalid(
      '`tiers` and `tiers_mode` are only allowed when `billing_scheme=tiered`.',
      p.name(p.has('tiers') ? 'tiers' : 'tiers_mode'),
    );
  if (tiered && (unitAmount !== undefined || unitDecimal !== undefined))
    throw errors.invalid(
      'You may not specify `unit_amount` or `unit_amount_decimal` when `billing_scheme=tiered`; set the amounts on the tiers.',
      p.name('unit_amount'),
    );
  if (tiered && p.has('transform_quantity'))
    throw errors.invalid(
      'You may not specify `transform_quantity` when `billing_scheme=tiered`.',
      p.name('transform_quantity'),
    );
  if (!tiered && unitAmount === undefined && unitDecimal === undefined && !p.has('custom_unit_amount'))
    throw errors.paramMissing(p.name('unit_amount'));
  if (unitAmount !== undefined && unitAmount < 0)
    throw errors.invalid('This value must be greater than or equal to 0.', p.name('unit_amount'));
  const rec = p.obj('recurring');
  let recurring: Stripe.Price.Recurring | null = null;
  if (rec) {
    const interval = rec.oneOf('interval', INTERVALS);
    if (!interval) throw errors.paramMissing(rec.name('interval'));
    const usageType = rec.oneOf('usage_type', ['licensed', 'metered'] as const) ?? 'licensed';
    const meter = rec.str('meter') ?? null;
    if (usageType === 'metered' && !meter)
      throw errors.invalid('Metered prices must be backed by a meter: pass `recurring[meter]`.', rec.name('meter'));
    if (meter && state.get(state.meters, 'billing meter', meter, rec.name('meter')).status !== 'active')
      // Stripe: "You can't attach a deactivated meter to a price."
      throw errors.invalid(`The meter \`${meter}\` is deactivated: a price cannot use it.`, rec.name('meter'));
    const intervalCount = rec.int('interval_count') ?? 1;
    if (intervalCount < 1) throw errors.invalid('Invalid interval_count', rec.name('interval_count'));
    recurring = {
      interval,
      interval_count: intervalCount,
      meter,
      trial_period_days: rec.int('trial_period_days') ?? null,
      usage_type: usageType,
    };
  }
  if (tiered && !recurring)
    throw errors.invalid(
      'Tiered pricing is only available for recurring prices: pass `recurring`.',
      p.name('billing_scheme'),
    );
  const decimal = unitDecimal ?? (unitAmount !== undefined ? String(unitAmount) : null);
  const price: Stripe.Price = {
    id: state.id('price'),
    object: 'price',
    active: opts.inline ? false : (p.bool('active') ?? true),
    billing_scheme: scheme,
    created: state.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: p.metadata(),
    nickname: p.str('nickname') || null,
    product: productId,
    recurring,
    tax_behavior: p.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified'] as const) ?? 'unspecified',
    tiers_mode: tiered?.mode ?? null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount ?? (decimal !== null && /^\d+$/.test(decimal) ? Number(decimal) : null),
    unit_amount_decimal: decimal === null ? null : dec(decimal),
  };
  const lookupKey = p.str('lookup_key');
  if (lookupKey) claimLookupKey(state, price, lookupKey, p.bool('transfer_lookup_key') ?? false);
  if (tiered) state.priceTiers.set(price.id, tiered.tiers);
  state.prices.set(price.id, price);
  if (!opts.inline) emit(state, 'price.created', price);
  return price;
}

/**
 * `tiers[n][up_to]` (a positive integer, increasing; the last one `inf`) with one of
 * `unit_amount` / `unit_amount_decimal` and one of `flat_amount` / `flat_amount_decimal` (at
 * least one of the four), and `tiers_mode` (graduated or volume), as Stripe requires them.
 */
function parseTiers(p: Params): { mode: Stripe.Price.TiersMode; tiers: Stripe.Price.Tier[] } {
  const mode = p.oneOf('tiers_mode', ['graduated', 'volume'] as const);
  if (!mode) throw errors.paramMissing(p.name('tiers_mode'));
  const list = p.list('tiers');
  if (!list.length) throw errors.paramMissing(p.name('tiers'));
  let previous = 0;
  const tiers = list.map((t, i): Stripe.Price.Tier => {
    const name = (k: string) => `${p.name('tiers')}[${i}][${k}]`;
    const raw = t.str('up_to');
    if (raw === undefined) throw errors.paramMissing(name('up_to'));
    const last = i === list.length - 1;
    let upTo: number | null = null;
    if (raw === 'inf') {
      if (!last) throw errors.invalid('Only the last tier may have `up_to=inf`.', name('up_to'));
    } else {
      if (!/^\d+$/.test(raw) || Number(raw) <= previous)
        throw errors.invalid(
          "`up_to` must be a positive integer greater than the previous tier's `up_to`, or `inf`.",
          name('up_to'),
        );
      if (last) throw errors.invalid('The last tier must have `up_to=inf`.', name('up_to'));
      upTo = Number(raw);
      previous = upTo;
    }
    const unit = t.int('unit_amount');
    const unitDecimal = t.decimal('unit_amount_decimal');
    const flat = t.int('flat_amount');
    const flatDecimal = t.decimal('flat_amount_decimal');
    if (unit !== undefined && unitDecimal !== undefined)
      throw errors.invalid(
        'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
        name('unit_amount'),
      );
    if (flat !== undefined && flatDecimal !== undefined)
      throw errors.invalid(
        'You may only specify one of these parameters: flat_amount, flat_amount_decimal.',
        name('flat_amount'),
      );
    if ([unit, unitDecimal, flat, flatDecimal].every((x) => x === undefined))
      throw errors.paramMissing(name('unit_amount'));
    for (const [k, v] of [
      ['unit_amount', unit],
      ['flat_amount', flat],
    ] as const) {
      if (v !== undefined && v < 0) throw errors.invalid('This value must be greater than or equal to 0.', name(k));
    }
    const unitStr = unitDecimal ?? (unit !== undefined ? String(unit) : null);
    const flatStr = flatDecimal ?? (flat !== undefined ? String(flat) : null);
    return {
      flat_amount: flatStr !== null && /^\d+$/.test(flatStr) ? Number(flatStr) : null,
      flat_amount_decimal: flatStr === null ? null : dec(flatStr),
      unit_amount: unitStr !== null && /^\d+$/.test(unitStr) ? Number(unitStr) : null,
      unit_amount_decimal: unitStr === null ? null : dec(unitStr),
      up_to: upTo,
    };
  });
  return { mode, tiers };
}

function claimLookupKey(state: State, price: Stripe.Price, key: string, transfer: boolean): void {
  const holder = [...state.prices.values()].find((x) => x.lookup_key === key && x.id !== price.id);
  if (holder) {
    if (!transfer) {
      throw errors.invalid(
        `A price (\`${holder.id}\`) already uses that lookup key.`,
        'lookup_key',
        'lookup_key_already_exists',
      );
    }
    updating(state, 'price.updated', holder, () => (holder.lookup_key = null));
  }
  price.lookup_key = key;
}

/** Creates an inline price from `price_data` (`product` or `product_data[name]`), as Checkout and invoice items allow. */
export function priceFromPriceData(state: State, pd: Params): Stripe.Price {
  let productId = pd.str('product');
  const productData = pd.obj('product_data');
  if (!productId && productData) {
    const product = createProduct(state, productData);
    productId = product.id;
  }
  if (!productId) throw errors.paramMissing(pd.name('product'));
  return createPriceFrom(state, pd, productId, { inline: true });
}

export function registerCatalog(r: Router): void {
  r.post('/v1/products', ({ state, params }) => createProduct(state, params));
  r.get('/v1/products/:id', ({ state, path }) => state.get(state.products, 'product', path.id));
  r.post('/v1/products/:id', ({ state, path, params }) =>
    updateProduct(state, state.get(state.products, 'product', path.id), params),
  );
  r.delete('/v1/products/:id', ({ state, path }) => {
    const product = state.get(state.products, 'product', path.id);
    if ([...state.prices.values()].some((x) => x.product === product.id)) {
      throw errors.state('This product cannot be deleted because it has one or more user-created prices.');
    }
    state.products.delete(product.id);
    emit(state, 'product.deleted', product);
    return { id: product.id, object: 'product', deleted: true };
  });
  r.get('/v1/products', ({ state, params }) => {
    const active = params.bool('active');
    const ids = params.strings('ids');
    if (ids.length && (params.has('starting_after') || params.has('ending_before'))) {
      throw errors.invalid('You cannot use `ids` with `starting_after` or `ending_before`.', 'ids');
    }
    const items = newestFirst(state.products).filter(
      (x) =>
        (active === undefined || x.active === active) &&
        (!ids.length || ids.includes(x.id)) &&
        inRange(params, 'created', x.created),
    );
    return paginate(items, params, '/v1/products');
  });

  r.post('/v1/prices', ({ state, params }) => {
    let productId = params.str('product');
    const productData = params.obj('product_data');
    if (!productId && productData) productId = createProduct(state, productData).id;
    if (!productId) throw errors.paramMissing('product');
    return createPriceFrom(state, params, productId);
  });
  r.get('/v1/prices/:id', ({ state, path }) => state.get(state.prices, 'price', path.id));
  r.post('/v1/prices/:id', ({ state, path, params }) => {
    const price = state.get(state.prices, 'price', path.id);
    updating(state, 'price.updated', price, () => {
      if (params.has('active')) price.active = params.bool('active') ?? price.active;
      if (params.has('metadata')) price.metadata = params.metadata(price.metadata);
      if (params.has('nickname')) price.nickname = params.str('nickname') || null;
      if (params.has('lookup_key')) {
        const key = params.str('lookup_key');
        if (key) claimLookupKey(state, price, key, params.bool('transfer_lookup_key') ?? false);
        else price.lookup_key = null;
      }
    });
    return price;
  });
  r.get('/v1/prices', ({ state, params }) => {
    const active = params.bool('active');
    const product = params.str('product');
    const type = params.oneOf('type', ['one_time', 'recurring'] as const);
    const currency = params.str('currency');
    const lookupKeys = params.strings('lookup_keys');
    const rec = params.obj('recurring');
    const interval = rec?.str('interval');
    const usageType = rec?.str('usage_type');
    const meter = rec?.str('meter');
    const items = newestFirst(state.prices).filter(
      (x) =>
        (active === undefined || x.active === active) &&
        (!product || x.product === product) &&
        (!type || x.type === type) &&
        (!currency || x.currency === currency) &&
        (!lookupKeys.length || (x.lookup_key !== null && lookupKeys.includes(x.lookup_key))) &&
        (!interval || x.recurring?.interval === interval) &&
        (!usageType || x.recurring?.usage_type === usageType) &&
        (!meter || x.recurring?.meter === meter) &&
        inRange(params, 'created', x.created),
    );
    return paginate(items, params, '/v1/prices');
  });
}
