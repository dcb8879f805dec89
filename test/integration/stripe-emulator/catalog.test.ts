import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useHarness, withCard } from './support';

describe('stripe emulator: products, prices, entitlement features', () => {
  const h = useHarness();

  it('creates a product with a chosen id, updates it and filters by active', async () => {
    // Prepare
    const product = await h.stripe.products.create({
      id: 'prod_tollgate_pro',
      name: 'Pro',
      description: 'Pro plan',
      metadata: { tollgate_kind: 'plan' },
    });
    // Act
    const duplicate = await h.stripe.products
      .create({ id: 'prod_tollgate_pro', name: 'Again' })
      .catch((e: Stripe.errors.StripeError) => e);
    const archived = await h.stripe.products.update(product.id, { active: false, metadata: { tollgate_plan: 'pro' } });
    const active = await h.stripe.products.list({ active: true, limit: 100 });
    const inactive = await h.stripe.products.list({ active: false, limit: 100 });
    // Assess
    expect(product).toMatchObject({
      id: 'prod_tollgate_pro',
      object: 'product',
      active: true,
      livemode: false,
      name: 'Pro',
      description: 'Pro plan',
    });
    expect(duplicate).toMatchObject({ statusCode: 400, code: 'resource_already_exists' });
    expect(archived).toMatchObject({ active: false, metadata: { tollgate_kind: 'plan', tollgate_plan: 'pro' } });
    expect(active.data.map((p) => p.id)).not.toContain(product.id);
    expect(inactive.data.map((p) => p.id)).toContain(product.id);
    expect(h.emulator.events('product.updated').at(-1)?.data.previous_attributes).toMatchObject({ active: true });
  });

  it('creates licensed, metered and one-time prices and filters them', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Catalog' });
    const meter = await h.stripe.billing.meters.create({
      display_name: 'API calls',
      event_name: 'api_calls_catalog',
      default_aggregation: { formula: 'sum' },
    });
    // Act
    const monthly = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1500,
      recurring: { interval: 'month', interval_count: 1 },
      lookup_key: 'cat_monthly',
    });
    const yearly = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 15000,
      recurring: { interval: 'year' },
      lookup_key: 'cat_yearly',
    });
    const metered = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount_decimal: '0.5' as unknown as Stripe.Decimal,
      recurring: { interval: 'month', usage_type: 'metered', meter: meter.id },
    });
    const oneTime = await h.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 999 });
    const byKeys = await h.stripe.prices.list({ lookup_keys: ['cat_monthly', 'cat_yearly'] });
    const recurring = await h.stripe.prices.list({ product: product.id, type: 'recurring' });
    const oneTimes = await h.stripe.prices.list({ product: product.id, type: 'one_time', expand: ['data.product'] });
    // Assess
    expect(monthly).toMatchObject({
      object: 'price',
      type: 'recurring',
      unit_amount: 1500,
      lookup_key: 'cat_monthly',
      recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null },
    });
    expect(String(monthly.unit_amount_decimal)).toBe('1500');
    expect(yearly.recurring?.interval).toBe('year');
    expect(metered).toMatchObject({ unit_amount: null, recurring: { usage_type: 'metered', meter: meter.id } });
    expect(String(metered.unit_amount_decimal)).toBe('0.5');
    expect(oneTime).toMatchObject({ type: 'one_time', recurring: null });
    expect(byKeys.data.map((p) => p.id).sort()).toEqual([monthly.id, yearly.id].sort());
    expect(recurring.data.map((p) => p.id).sort()).toEqual([monthly.id, yearly.id, metered.id].sort());
    expect(oneTimes.data).toHaveLength(1);
    expect((oneTimes.data[0].product as Stripe.Product).name).toBe('Catalog');
  });

  it('moves a lookup key with transfer_lookup_key and rejects duplicates without it', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Keys' });
    const old = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1000,
      recurring: { interval: 'month' },
      lookup_key: 'keys_monthly',
    });
    // Act
    const dup = await h.stripe.prices
      .create({
        product: product.id,
        currency: 'usd',
        unit_amount: 1200,
        recurring: { interval: 'month' },
        lookup_key: 'keys_monthly',
      })
      .catch((e: Stripe.errors.StripeError) => e);
    const moved = await h.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 1200,
      recurring: { interval: 'month' },
      lookup_key: 'keys_monthly',
      transfer_lookup_key: true,
    });
    const deactivated = await h.stripe.prices.update(old.id, { active: false, metadata: { replaced_by: moved.id } });
    const lookup = await h.stripe.prices.list({ lookup_keys: ['keys_monthly'], active: true });
    // Assess
    expect(dup).toMatchObject({ statusCode: 400 });
    expect(moved.lookup_key).toBe('keys_monthly');
    expect(deactivated).toMatchObject({ active: false, lookup_key: null, metadata: { replaced_by: moved.id } });
    expect(lookup.data.map((p) => p.id)).toEqual([moved.id]);
    expect(h.emulator.events('price.updated').some((e) => (e.data.object as Stripe.Price).id === old.id)).toBe(true);
  });

  it('manages entitlement features, product features and derives active entitlements', async () => {
    // Prepare
    const feature = await h.stripe.entitlements.features.create({
      lookup_key: 'sso',
      name: 'Single sign-on',
      metadata: { tier: 'pro' },
    });
    const other = await h.stripe.entitlements.features.create({ lookup_key: 'audit_log', name: 'Audit log' });
    const { product, price } = await (async () => {
      const p = await h.stripe.products.create({ name: 'Ent' });
      return {
        product: p,
        price: await h.stripe.prices.create({
          product: p.id,
          currency: 'usd',
          unit_amount: 100,
          recurring: { interval: 'month' },
        }),
      };
    })();
    const customer = await h.stripe.customers.create({ email: 'ent@example.com' });
    await withCard(h.stripe, customer.id);
    // Act
    const dupFeature = await h.stripe.entitlements.features
      .create({ lookup_key: 'sso', name: 'x' })
      .catch((e: Stripe.errors.StripeError) => e);
    const renamed = await h.stripe.entitlements.features.update(feature.id, { name: 'SSO' });
    const byKey = await h.stripe.entitlements.features.list({ lookup_key: 'sso' });
    const pf = await h.stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
    const pf2 = await h.stripe.products.createFeature(product.id, { entitlement_feature: other.id });
    const attached = await h.stripe.products.listFeatures(product.id);
    const beforeSub = await h.stripe.entitlements.activeEntitlements.list({ customer: customer.id });
    await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const afterSub = await h.stripe.entitlements.activeEntitlements.list({ customer: customer.id });
    const removed = await h.stripe.products.deleteFeature(product.id, pf2.id);
    const afterDetach = await h.stripe.entitlements.activeEntitlements.list({ customer: customer.id });
    // Assess
    expect(feature).toMatchObject({
      object: 'entitlements.feature',
      lookup_key: 'sso',
      active: true,
      metadata: { tier: 'pro' },
    });
    expect(dupFeature).toMatchObject({ statusCode: 400 });
    expect(renamed.name).toBe('SSO');
    expect(byKey.data.map((f) => f.id)).toEqual([feature.id]);
    expect(pf).toMatchObject({ object: 'product_feature', entitlement_feature: { id: feature.id, lookup_key: 'sso' } });
    expect(attached.data.map((x) => x.entitlement_feature.lookup_key).sort()).toEqual(['audit_log', 'sso']);
    expect(beforeSub.data).toEqual([]);
    expect(afterSub.data.map((e) => e.lookup_key).sort()).toEqual(['audit_log', 'sso']);
    expect(afterSub.data[0]).toMatchObject({ object: 'entitlements.active_entitlement', livemode: false });
    expect(removed).toEqual({ id: pf2.id, object: 'product_feature', deleted: true });
    expect(afterDetach.data.map((e) => e.lookup_key)).toEqual(['sso']);
    const summaries = h.emulator
      .events('entitlements.active_entitlement_summary.updated')
      .filter((e) => (e.data.object as { customer: string }).customer === customer.id);
    expect(summaries).toHaveLength(2);
    const last = summaries[1].data.object as Stripe.Entitlements.ActiveEntitlementSummary;
    expect(last.entitlements.data.map((e) => e.lookup_key)).toEqual(['sso']);
    expect(
      (summaries[1].data.previous_attributes as { entitlements: { data: unknown[] } }).entitlements.data,
    ).toHaveLength(2);
  });

  it('retrieves single catalog objects and deletes a product that has no prices', async () => {
    // Prepare
    const product = await h.stripe.products.create({ name: 'Single' });
    const price = await h.stripe.prices.create({
      product: product.id,
      currency: 'eur',
      unit_amount: 4900,
      recurring: { interval: 'year' },
      metadata: { k: 'v' },
    });
    const feature = await h.stripe.entitlements.features.create({
      lookup_key: 'single_feature',
      name: 'Single feature',
    });
    const pf = await h.stripe.products.createFeature(product.id, { entitlement_feature: feature.id });
    const customer = await h.stripe.customers.create({ email: 'single@example.com' });
    await withCard(h.stripe, customer.id);
    await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [entitlement] = (await h.stripe.entitlements.activeEntitlements.list({ customer: customer.id })).data;
    const bare = await h.stripe.products.create({ name: 'Bare' });
    // Act
    const gotPrice = await h.stripe.prices.retrieve(price.id, { expand: ['product'] });
    const gotFeature = await h.stripe.entitlements.features.retrieve(feature.id);
    const gotPf = await h.stripe.products.retrieveFeature(product.id, pf.id);
    const gotEntitlement = await h.stripe.entitlements.activeEntitlements.retrieve(entitlement.id, {
      expand: ['feature'],
    });
    const refused = await h.stripe.products.del(product.id).catch((e: Stripe.errors.StripeError) => e);
    const deleted = await h.stripe.products.del(bare.id);
    const missing = await h.stripe.products.retrieve(bare.id).catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(gotPrice).toMatchObject({
      id: price.id,
      currency: 'eur',
      metadata: { k: 'v' },
      product: { id: product.id, name: 'Single' },
    });
    expect(gotFeature).toMatchObject({ id: feature.id, lookup_key: 'single_feature' });
    expect(gotPf).toMatchObject({ id: pf.id, entitlement_feature: { id: feature.id } });
    expect(gotEntitlement).toMatchObject({
      id: entitlement.id,
      lookup_key: 'single_feature',
      feature: { id: feature.id, name: 'Single feature' },
    });
    expect(refused).toMatchObject({ statusCode: 400 });
    expect(deleted).toEqual({ id: bare.id, object: 'product', deleted: true });
    expect(missing).toMatchObject({ statusCode: 404 });
  });
});
