import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlans } from '#shared/adapters/stripe/catalog-reader';
import { applyCatalog, describeChange, diffCatalog } from '#shared/adapters/stripe/catalog-sync';
import { catalog } from '#shared/domain/catalog/catalog';
import { stripeNames } from '#shared/domain/catalog/namespace';
import { Catalog } from '#shared/domain/catalog/schema';
import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { applyUsageItems, planUsageItems } from '#shared/domain/subscriptions/align-usage';
import { changePlan, createSubscription, previewChange } from '#shared/domain/subscriptions/lifecycle';
import { upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { ValidationError } from '#shared/errors';
import { type PaymentHarness, startPaymentHarness } from '../support/payment-harness';
import { until } from '../support/until';

const PROJECT = 'proj_ubill';

const meteredOf = (sub: Stripe.Subscription) =>
  sub.items.data
    .filter((i) => i.price.recurring?.usage_type === 'metered')
    .map((i) => `${i.price.metadata.tollgate_plan}:${i.price.metadata.tollgate_meter}`)
    .sort();

describe('usage billed by metered prices: catalog, subscriptions, preview, migration', () => {
  let h: PaymentHarness;
  beforeAll(async () => {
    h = await startPaymentHarness({ stripeWebhooks: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function workspace() {
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const customer = await h.stripe.customers.create({
      email: `${workspaceId}@example.com`,
      metadata: { workspace_id: workspaceId, project_id: PROJECT },
    });
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    await upsertWorkspace(h.ports, PROJECT, workspaceId, {
      name: 'Usage Co',
      email: `${workspaceId}@example.com`,
      country: 'US',
      currency: 'usd',
      stripe_customer_id: customer.id,
    });
    return { workspaceId, customer };
  }

  it('refuses a credit-backed meter that a plan also prices, an unknown meter and a missing currency', () => {
    // Prepare
    const base = structuredClone(catalog);
    const pro = (c: typeof base) => c.plans.find((p) => p.key === 'pro')!;
    const creditBacked = structuredClone(base);
    pro(creditBacked).usage_prices.ai_credits = { included: '5000', unit_amount_decimal: { usd: '1', inr: '80' } };
    const unknown = structuredClone(base);
    pro(unknown).usage_prices.fax_pages = { included: '0', unit_amount_decimal: { usd: '1', inr: '80' } };
    const noInr = structuredClone(base);
    pro(noInr).usage_prices.email_sends = { included: '0', unit_amount_decimal: { usd: '1' } };
    // Act
    const results = [creditBacked, unknown, noInr].map((c) => Catalog.safeParse(c));
    // Assess
    expect(Catalog.safeParse(base).success).toBe(true);
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results[0].error!.issues.map((i) => i.message).join()).toMatch(/ai_credits is credit-backed/);
    expect(results[1].error!.issues.map((i) => i.message).join()).toMatch(/unknown meter fax_pages/);
    expect(results[2].error!.issues.map((i) => i.message).join()).toMatch(/without a unit price in inr/);
  });

  it('refuses applying a catalog that drops a meter its plans still bill, before anything in Stripe changes', async () => {
    // Prepare: the meter removed, its limits with it, its metered prices left on the plans.
    const broken = structuredClone(catalog);
    broken.meters = broken.meters.filter((m) => m.key !== 'email_sends');
    for (const p of broken.plans) delete p.limits.email_sends;
    const liveMeters = async () =>
      (await h.stripe.billing.meters.list({ status: 'active', limit: 100 })).data.map((m) => m.event_name).sort();
    const before = await liveMeters();
    // Act
    const refused = await applyCatalog(h.stripe, broken, undefined, {
      names: stripeNames('demo'),
      previous: catalog,
    }).catch((e: Error) => e);
    // Assess
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as Error).message).toMatch(/plan pro prices unknown meter email_sends/);
    expect(before).toContain('email_sends');
    expect(await liveMeters()).toEqual(before);
  });

  it('catalog apply created a graduated metered price per plan, billed meter, interval and currency; diff is then empty; a new unit price replaces the price', async () => {
    // Act
    const prices = (await h.stripe.prices.list({ active: true, limit: 100, expand: ['data.tiers'] })).data.filter(
      (p) => p.recurring?.usage_type === 'metered',
    );
    const diff = await diffCatalog(h.stripe, catalog);
    const changed = structuredClone(catalog);
    changed.plans.find((p) => p.key === 'enterprise')!.usage_prices.email_sends.unit_amount_decimal.usd = '0.04';
    const pending = await diffCatalog(h.stripe, changed);
    // Assess
    const expected = catalog.plans.reduce(
      (n, p) =>
        n + Object.values(p.usage_prices).reduce((m, u) => m + Object.keys(u.unit_amount_decimal).length * 2, 0),
      0,
    );
    expect(prices).toHaveLength(expected);
    const proWa = prices.find((p) => p.lookup_key === 'tollgate_usage_pro_whatsapp_messages_month_usd')!;
    expect(proWa).toMatchObject({
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      currency: 'usd',
      recurring: { interval: 'month', usage_type: 'metered' },
    });
    expect(proWa.tiers!.map((t) => [t.up_to, String(t.unit_amount_decimal)])).toEqual([
      [30000, '0'],
      [null, '0.5'],
    ]);
    expect(prices.some((p) => p.metadata.tollgate_meter === 'ai_credits')).toBe(false);
    expect(diff).toEqual([]);
    expect(pending.map(describeChange)).toEqual([
      '~ product tollgate_plan_enterprise: metadata.tollgate_usage_prices',
      expect.stringMatching(
        /^~ usage price tollgate_usage_enterprise_email_sends_month_usd: 1000000 email_sends included, then 0.04 usd minor units each \(archives price_/,
      ),
      expect.stringMatching(
        /^~ usage price tollgate_usage_enterprise_email_sends_year_usd: 1000000 email_sends included, then 0.04 usd minor units each \(archives price_/,
      ),
    ]);
    const plans = await readPlans(h.stripe, { names: stripeNames('demo'), document: catalog });
    expect(
      plans
        .find((p) => p.plan === 'pro')!
        .usage_prices.filter((u) => u.interval === 'month' && u.currency === 'usd')
        .map((u) => [u.meter, u.included, u.unit_amount_decimal]),
    ).toEqual([
      ['email_sends', '20000', '0.1'],
      ['whatsapp_messages', '30000', '0.5'],
    ]);
  });

  it('create, change plan now and at period end, Checkout and the preview keep one metered item per billed meter', async () => {
    // Prepare
    const { workspaceId } = await workspace();
    // Act
    const created = await createSubscription(h.ports, PROJECT, {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 2,
      collection_method: 'charge_automatically',
    });
    const afterCreate = await h.stripe.subscriptions.retrieve(created.subscription_id);
    await changePlan(h.ports, PROJECT, workspaceId, { plan: 'enterprise', at_period_end: false });
    const afterNow = await h.stripe.subscriptions.retrieve(created.subscription_id);
    await changePlan(h.ports, PROJECT, workspaceId, { plan: 'pro', at_period_end: true });
    const scheduled = await h.stripe.subscriptions.retrieve(created.subscription_id, { expand: ['schedule'] });
    const preview = await previewChange(h.ports, PROJECT, workspaceId, {});
    const other = await workspace();
    const session = await createCheckoutSession(h.ports, PROJECT, {
      workspace_id: other.workspaceId,
      plan: 'pro',
      success_url: 'https://x.example/ok',
      cancel_url: 'https://x.example/no',
    });
    const lineItems = await h.stripe.checkout.sessions.listLineItems(session.id);
    // Assess
    expect(meteredOf(afterCreate)).toEqual(['pro:email_sends', 'pro:whatsapp_messages']);
    expect(afterCreate.items.data.find((i) => i.price.recurring?.usage_type === 'licensed')?.quantity).toBe(2);
    expect(
      afterCreate.items.data
        .filter((i) => i.price.recurring?.usage_type === 'metered')
        .every((i) => i.quantity === undefined),
    ).toBe(true);
    expect(meteredOf(afterNow)).toEqual(['enterprise:email_sends', 'enterprise:whatsapp_messages']);
    const phases = (scheduled.schedule as Stripe.SubscriptionSchedule).phases;
    const phasePrices = await Promise.all(
      phases.map((ph) =>
        Promise.all(
          ph.items.map(
            async (it) => (await h.stripe.prices.retrieve(it.price as string)).metadata.tollgate_meter ?? 'licensed',
          ),
        ),
      ),
    );
    expect(phasePrices.map((p) => p.sort())).toEqual([
      ['email_sends', 'licensed', 'whatsapp_messages'],
      ['email_sends', 'licensed', 'whatsapp_messages'],
    ]);
    expect((await h.stripe.prices.retrieve(phases[1].items[1].price as string)).metadata.tollgate_plan).toBe('pro');
    expect(
      preview.lines
        .filter((l) => l.meter)
        .map((l) => l.meter)
        .sort(),
    ).toEqual(['email_sends', 'whatsapp_messages']);
    expect(lineItems.data.map((l) => [l.price?.metadata.tollgate_meter ?? 'licensed', l.quantity])).toEqual([
      ['licensed', 1],
      ['email_sends', null],
      ['whatsapp_messages', null],
    ]);
  });

  it('migrates a subscription made before usage was billed (dry run first), and a plan changed outside Tollgate gets its metered items from the webhook', async () => {
    // Prepare: a Pro subscription with only its licensed price, as subscriptions were made before.
    const { workspaceId, customer } = await workspace();
    const plans = await readPlans(h.stripe, { names: stripeNames('demo'), document: catalog });
    const proPrice = plans
      .find((p) => p.plan === 'pro')!
      .prices.find((p) => p.interval === 'month' && p.currency === 'usd')!;
    const entPrice = plans
      .find((p) => p.plan === 'enterprise')!
      .prices.find((p) => p.interval === 'month' && p.currency === 'usd')!;
    const old = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: proPrice.id }],
      metadata: { workspace_id: workspaceId, project_id: PROJECT },
    });
    // Act
    const dry = planUsageItems(plans, old);
    const unchanged = await h.stripe.subscriptions.retrieve(old.id);
    const migrated = await applyUsageItems(h.stripe, dry);
    const again = planUsageItems(plans, migrated!);
    // A plan change made in the portal swaps the licensed price only; the webhook brings the rest.
    const licensed = migrated!.items.data.find((i) => i.price.recurring?.usage_type === 'licensed')!;
    await h.stripe.subscriptions.update(old.id, {
      items: [{ id: licensed.id, price: entPrice.id }],
      proration_behavior: 'none',
    });
    await h.settleStripe();
    const aligned = await until('the enterprise metered items', async () => {
      const s = await h.stripe.subscriptions.retrieve(old.id);
      return meteredOf(s).join() === 'enterprise:email_sends,enterprise:whatsapp_messages' && s;
    });
    // Assess
    expect(dry).toMatchObject({ action: 'update', plan: 'pro' });
    expect(meteredOf(unchanged)).toEqual([]);
    expect(meteredOf(migrated!)).toEqual(['pro:email_sends', 'pro:whatsapp_messages']);
    expect(again).toMatchObject({ action: 'none', reason: 'already matches' });
    expect(aligned.items.data).toHaveLength(3);
    expect(planUsageItems(plans, aligned)).toMatchObject({ action: 'none' });
  });
});

describe('catalog apply on a fresh account', () => {
  it('is idempotent for metered prices', async () => {
    // Prepare
    const { startStripeEmulator } = await import('../../dev/stripe-emulator/index');
    const { createStripeClient } = await import('#shared/adapters/stripe/client');
    const emulator = await startStripeEmulator({ port: 0, webhookSecret: 'whsec_x' });
    const stripe = createStripeClient({ secretKey: 'sk_test_x', apiBase: emulator.url, maxNetworkRetries: 0 });
    try {
      // Act
      const first = await applyCatalog(stripe, catalog);
      const second = await applyCatalog(stripe, catalog);
      // Assess
      expect(first.filter((c) => c.op === 'create_usage_price').length).toBeGreaterThan(0);
      expect(second).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
