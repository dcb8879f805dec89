import type Stripe from 'stripe';
import { errors } from './errors';
import { emit } from './events';
import { newestFirst, paginate } from './render';
import type { Router } from './router';
import { idOf, type State } from './state';

/**
 * Subscription statuses that grant their products' features. Stripe removes entitlements when a
 * subscription ends, not when a payment fails or collection pauses, so past_due and paused keep them.
 */
const ENTITLING_STATUSES = new Set(['active', 'trialing', 'past_due', 'paused']);

type SubsByCustomer = Map<string, Stripe.Subscription[]>;

function indexSubscriptions(state: State): SubsByCustomer {
  const index: SubsByCustomer = new Map();
  for (const sub of state.subscriptions.values()) {
    if (!ENTITLING_STATUSES.has(sub.status)) continue;
    const c = idOf(sub.customer as string)!;
    const list = index.get(c);
    if (list) list.push(sub);
    else index.set(c, [sub]);
  }
  return index;
}

function activeFeatureIds(
  state: State,
  customerId: string,
  index: SubsByCustomer = indexSubscriptions(state),
): string[] {
  const products = new Set<string>();
  for (const sub of index.get(customerId) ?? []) {
    for (const item of sub.items.data) {
      const price = state.prices.get(item.price.id);
      if (price) products.add(idOf(price.product as string)!);
    }
  }
  if (!products.size) return [];
  const features = new Set<string>();
  for (const pf of state.productFeatures.values()) {
    if (!products.has(pf.product)) continue;
    const feature = state.features.get(pf.feature.entitlement_feature.id);
    if (feature?.active) features.add(feature.id);
  }
  return [...features].sort();
}

function activeEntitlement(state: State, customerId: string, featureId: string): Stripe.Entitlements.ActiveEntitlement {
  const key = `${customerId}:${featureId}`;
  let id = state.activeEntitlementIds.get(key);
  if (!id) {
    id = state.id('ent');
    state.activeEntitlementIds.set(key, id);
  }
  const feature = state.features.get(featureId)!;
  return {
    id,
    object: 'entitlements.active_entitlement',
    feature: featureId,
    livemode: false,
    lookup_key: feature.lookup_key,
  };
}

function entitlementsOf(state: State, customerId: string): Stripe.Entitlements.ActiveEntitlement[] {
  return activeFeatureIds(state, customerId).map((f) => activeEntitlement(state, customerId, f));
}

function summaryList(
  customerId: string,
  data: Stripe.Entitlements.ActiveEntitlement[],
): Stripe.ApiList<Stripe.Entitlements.ActiveEntitlement> {
  return { object: 'list', data, has_more: false, url: `/v1/customer/${customerId}/entitlements` };
}

/**
 * Emits `entitlements.active_entitlement_summary.updated` for every customer whose set of active
 * features changed since the last call (after each request and each piece of clock work).
 */
export function syncEntitlements(state: State): void {
  // Entitlements only move when a subscription changes (which records an event) or a
  // product's features change (which marks the catalog).
  if (state.events.size === state.entitlementsCheckedAt && !state.catalogChanged) return;
  state.catalogChanged = false;
  const index = indexSubscriptions(state);
  for (const c of state.customers.values()) {
    if (c.deleted) continue;
    if (!index.has(c.id) && !state.entitlementSnapshot.get(c.id)?.length) continue;
    const now = activeFeatureIds(state, c.id, index);
    const before = state.entitlementSnapshot.get(c.id) ?? [];
    if (now.join(',') === before.join(',')) continue;
    state.entitlementSnapshot.set(c.id, now);
    const summary: Stripe.Entitlements.ActiveEntitlementSummary = {
      object: 'entitlements.active_entitlement_summary',
      customer: c.id,
      entitlements: summaryList(
        c.id,
        now.map((f) => activeEntitlement(state, c.id, f)),
      ),
      livemode: false,
    };
    const previous = before.filter((f) => state.features.has(f)).map((f) => activeEntitlement(state, c.id, f));
    emit(state, 'entitlements.active_entitlement_summary.updated', summary, {
      previous: { entitlements: summaryList(c.id, previous) },
    });
  }
  state.entitlementsCheckedAt = state.events.size;
}

export function registerEntitlements(r: Router): void {
  r.post('/v1/entitlements/features', ({ state, params }) => {
    const lookupKey = params.req('lookup_key');
    if ([...state.features.values()].some((f) => f.lookup_key === lookupKey)) {
      throw errors.invalid(
        `A feature with lookup_key \`${lookupKey}\` already exists.`,
        'lookup_key',
        'resource_already_exists',
      );
    }
    const feature: Stripe.Entitlements.Feature = {
      id: state.id('feat'),
      object: 'entitlements.feature',
      active: true,
      livemode: false,
      lookup_key: lookupKey,
      metadata: params.metadata(),
      name: params.req('name'),
    };
    state.features.set(feature.id, feature);
    return feature;
  });
  r.get('/v1/entitlements/features/:id', ({ state, path }) => state.get(state.features, 'feature', path.id));
  r.post('/v1/entitlements/features/:id', ({ state, path, params }) => {
    const f = state.get(state.features, 'feature', path.id);
    if (params.has('name')) f.name = params.req('name');
    if (params.has('active')) f.active = params.bool('active') ?? f.active;
    state.catalogChanged = true;
    if (params.has('metadata')) f.metadata = params.metadata(f.metadata);
    return f;
  });
  r.get('/v1/entitlements/features', ({ state, params }) => {
    const lookupKey = params.str('lookup_key');
    const archived = params.bool('archived') ?? false;
    const items = newestFirst(state.features).filter(
      (f) => f.active !== archived && (!lookupKey || f.lookup_key === lookupKey),
    );
    return paginate(items, params, '/v1/entitlements/features');
  });

  r.post('/v1/products/:id/features', ({ state, path, params }) => {
    const product = state.get(state.products, 'product', path.id);
    const feature = state.get(state.features, 'feature', params.req('entitlement_feature'), 'entitlement_feature');
    if (
      [...state.productFeatures.values()].some(
        (pf) => pf.product === product.id && pf.feature.entitlement_feature.id === feature.id,
      )
    ) {
      throw errors.invalid('This feature is already attached to the product.', 'entitlement_feature');
    }
    const pf: Stripe.ProductFeature = {
      id: state.id('prodft'),
      object: 'product_feature',
      entitlement_feature: structuredClone(feature),
      livemode: false,
    };
    state.productFeatures.set(pf.id, { product: product.id, feature: pf });
    state.catalogChanged = true;
    return pf;
  });
  r.get('/v1/products/:id/features', ({ state, path, params }) => {
    state.get(state.products, 'product', path.id);
    const items = newestFirst(state.productFeatures)
      .filter((pf) => pf.product === path.id)
      .map((pf) => ({
        ...pf.feature,
        entitlement_feature: structuredClone(state.features.get(pf.feature.entitlement_feature.id)!),
      }));
    return paginate(items, params, `/v1/products/${path.id}/features`);
  });
  r.get('/v1/products/:product/features/:id', ({ state, path }) => {
    const pf = state.productFeatures.get(path.id);
    if (!pf || pf.product !== path.product) throw errors.missing('product_feature', path.id);
    return pf.feature;
  });
  r.delete('/v1/products/:product/features/:id', ({ state, path }) => {
    const pf = state.productFeatures.get(path.id);
    if (!pf || pf.product !== path.product) throw errors.missing('product_feature', path.id);
    state.productFeatures.delete(path.id);
    state.catalogChanged = true;
    const deleted: Stripe.DeletedProductFeature = { id: path.id, object: 'product_feature', deleted: true };
    return deleted;
  });

  r.get('/v1/entitlements/active_entitlements', ({ state, params }) => {
    const customer = state.customer(params.req('customer'));
    return paginate(entitlementsOf(state, customer.id), params, '/v1/entitlements/active_entitlements');
  });
  r.get('/v1/entitlements/active_entitlements/:id', ({ state, path }) => {
    for (const [key, id] of state.activeEntitlementIds) {
      if (id !== path.id) continue;
      const [customer, feature] = key.split(':');
      if (activeFeatureIds(state, customer).includes(feature)) return activeEntitlement(state, customer, feature);
    }
    throw errors.missing('active_entitlement', path.id);
  });
}
