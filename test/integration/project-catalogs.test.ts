import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import type { Catalog } from '#shared/domain/catalog/schema';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { lambdaContext } from '../../dev/gateway';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { callRoute } from '../support/route-call';
import { subscriptionSnapshot } from '../support/snapshots';
import { sqsRecord } from '../support/usage-fixtures';

const ROOT = join(import.meta.dirname, '..', '..');

const DEMO = { project: 'demo', key: 'tg_test_catalogDemoKey000000000001' };
const ACME = { project: 'acme', key: 'tg_test_catalogAcmeKey000000000001' };
const READER = { project: 'acme', key: 'tg_test_catalogAcmeReader000000001' };

/** The demo catalog with every plan renamed, as a second team would start from it. */
function renamed(): Catalog {
  const c = structuredClone(catalog);
  for (const p of c.plans) Object.assign(p, { key: `x${p.key}`, name: `X ${p.name}` });
  return c;
}

describe('per-project catalogs', () => {
  let table: TableContext;
  let emulator: StripeEmulator;
  let stripe: Stripe;
  let queueUrl: string;
  const sqs = localSqs();

  const call = callRoute;

  /** Runs the catalog-propagation consumer on what its queue holds until the queue is empty. */
  async function drainPropagation(): Promise<number> {
    const { handler } = (await import('../../functions/consumers/catalog-propagation')) as {
      handler: (e: SQSEvent, c: Context) => Promise<unknown>;
    };
    let handled = 0;
    for (;;) {
      const r = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!r.Messages?.length) return handled;
      for (const m of r.Messages) {
        await handler(
          { Records: [sqsRecord(m.Body!, { messageId: m.MessageId })] } as SQSEvent,
          lambdaContext('catalog-propagation'),
        );
        handled++;
      }
    }
  }

  /** Every Stripe product, price, feature and meter, for comparing before and after a push. */
  async function stripeState(filter: (id: string) => boolean) {
    const products = (await stripe.products.list({ limit: 100 })).data.filter((p) => filter(p.id));
    const prices = (await stripe.prices.list({ limit: 100 })).data.filter((p) =>
      filter(typeof p.product === 'string' ? p.product : p.product.id),
    );
    return JSON.stringify({
      products: products.map((p) => [p.id, p.active, p.name, p.metadata]),
      prices: prices.map((p) => [p.id, p.active, p.lookup_key, p.unit_amount]),
    });
  }

  beforeAll(async () => {
    table = await freshTable('cat');
    emulator = await startStripeEmulator({ port: 0 });
    stripe = createStripeClient({ secretKey: 'sk_test_cat', apiBase: emulator.url });
    await applyCatalog(stripe, catalog);
    queueUrl = (await freshQueue(sqs)).url;
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      CATALOG_QUEUE_URL: queueUrl,
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY: 'sk_test_cat',
    });
    reloadConfig();
    const keys = apiKeyRepository(table);
    for (const [p, scopes] of [
      [DEMO, ['admin']],
      [ACME, ['admin']],
      [READER, ['entitlements:read']],
    ] as const) {
      await keys.putApiKey({
        keyId: `key_${p.key.slice(-8)}`,
        hash: hashApiKey(p.key),
        prefix: p.key.slice(0, 12),
        projectId: p.project,
        appId: 'app',
        name: 'k',
        scopes: [...scopes],
        createdAt: new Date().toISOString(),
      });
    }
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('answers a project without its own catalog with the built-in one, in the format PUT takes', async () => {
    // Act
    const got = await call('getCatalog', ACME.key);
    const plans = await call('listPlans', ACME.key);
    // Assess
    expect(got.status).toBe(200);
    expect(got.json).toEqual(catalog);
    expect(plans.json.plans.map((p: { plan: string }) => p.plan)).toEqual(['free', 'pro', 'enterprise']);
  });

  it('pushes a second project catalog into its own Stripe objects: it sees only its plans, and the demo project nothing of it', async () => {
    // Prepare
    const demoBefore = await stripeState((id) => id.startsWith('tollgate_'));
    const demoPlansBefore = (await call('listPlans', DEMO.key)).json;
    // Act
    const dry = await call('putCatalog', ACME.key, { body: renamed(), query: { dry_run: 'true' } });
    const afterDry = await call('getCatalog', ACME.key);
    const pushed = await call('putCatalog', ACME.key, { body: renamed() });
    const again = await call('putCatalog', ACME.key, { body: renamed(), query: { dry_run: 'true' } });
    const acmePlans = (await call('listPlans', ACME.key)).json;
    const demoPlans = (await call('listPlans', DEMO.key)).json;
    const readerPut = await call('putCatalog', READER.key, { body: catalog });
    // Assess
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dry_run: true, applied: false, version: 0 });
    expect(dry.json.changes).toEqual(
      expect.arrayContaining([
        '+ product tg-acme-plan-xpro (X Pro)',
        '+ price tg:acme:plan:xpro:month:usd: 4900 usd/month',
        '+ meter ai_credits',
        '+ feature sso',
      ]),
    );
    expect(afterDry.json).toEqual(catalog);
    expect(pushed.status).toBe(200);
    expect(pushed.json).toMatchObject({ applied: true, version: 1, in_use: [] });
    expect(again.json.changes).toEqual([]);
    expect((await call('getCatalog', ACME.key)).json).toEqual(renamed());
    expect(acmePlans.plans.map((p: { plan: string }) => p.plan)).toEqual(['xfree', 'xpro', 'xenterprise']);
    expect(acmePlans.default_plan).toBe('xfree');
    const xpro = acmePlans.plans.find((p: { plan: string }) => p.plan === 'xpro');
    expect(xpro.product_id).toBe('tg-acme-plan-xpro');
    expect(xpro.features).toEqual(['ai_assistant', 'basic_inbox', 'whatsapp_campaigns']);
    expect(xpro.prices.every((p: { lookup_key: string }) => p.lookup_key.startsWith('tg:acme:plan:xpro:'))).toBe(true);
    expect(JSON.stringify(acmePlans)).not.toContain('"pro"');
    expect(demoPlans).toEqual(demoPlansBefore);
    expect(JSON.stringify(demoPlans)).not.toContain('xpro');
    expect(await stripeState((id) => id.startsWith('tollgate_'))).toBe(demoBefore);
    const meters = (await stripe.billing.meters.list({ limit: 100 })).data.map((m) => m.event_name).sort();
    expect(meters).toEqual([
      'ai_credits',
      'email_sends',
      'tg:acme:ai_credits',
      'tg:acme:email_sends',
      'tg:acme:whatsapp_messages',
      'whatsapp_messages',
    ]);
    // Its metered prices are its own, carry the project and bill its own meters.
    const meterNames = new Map(
      (await stripe.billing.meters.list({ limit: 100 })).data.map((m) => [m.id, m.event_name] as const),
    );
    const usagePrices = (
      await stripe.prices.list({ active: true, limit: 100 }).autoPagingToArray({ limit: 1000 })
    ).filter((p) => p.recurring?.usage_type === 'metered' && p.lookup_key?.startsWith('tg:acme:'));
    expect(usagePrices).toHaveLength(16);
    for (const p of usagePrices) {
      expect(p.lookup_key).toMatch(
        /^tg:acme:usage:x(pro|enterprise):(whatsapp_messages|email_sends):(month|year):(usd|inr)$/,
      );
      expect(p.metadata.tollgate_project).toBe('acme');
      expect(meterNames.get(p.recurring!.meter!)).toBe(`tg:acme:${p.metadata.tollgate_meter}`);
    }
    expect(readerPut.status).toBe(403);
  });

  it('refuses removing a plan still subscribed to and a meter used this period, naming what uses them; force removes them and says what follows', async () => {
    // Prepare: one workspace subscribed to xpro, another with email sends this month.
    for (const ws of ['ws_sub', 'ws_use']) {
      expect(
        (
          await call('putWorkspace', ACME.key, {
            params: { workspace_id: ws },
            body: { name: ws, email: `${ws}@example.com`, country: 'US', currency: 'usd' },
          })
        ).status,
      ).toBe(201);
    }
    const now = new Date();
    const period = {
      current_period_start: new Date(now.getTime() - 86_400_000).toISOString(),
      current_period_end: new Date(now.getTime() + 20 * 86_400_000).toISOString(),
    };
    await subscriptionRepository(table).putSubscriptionIfNewer(
      ACME.project,
      'ws_sub',
      subscriptionSnapshot({ plan: 'xpro', ...period }),
    );
    expect(
      (
        await call('recordUsage', ACME.key, {
          body: { event_type: 'email_send', workspace_id: 'ws_use', value: 3, idempotency_key: 'cat-1' },
        })
      ).status,
    ).toBeLessThan(300);
    const smaller = renamed();
    smaller.plans = smaller.plans.filter((p) => p.key !== 'xpro');
    smaller.meters = smaller.meters.filter((m) => m.key !== 'email_sends');
    for (const p of smaller.plans) {
      delete p.limits.email_sends;
      delete p.usage_prices.email_sends;
    }
    const before = await stripeState((id) => id.startsWith('tg-acme-'));
    // Act
    const refused = await call('putCatalog', ACME.key, { body: smaller });
    const dry = await call('putCatalog', ACME.key, { body: smaller, query: { dry_run: 'true' } });
    const afterRefusal = await stripeState((id) => id.startsWith('tg-acme-'));
    const storedAfterRefusal = (await call('getCatalog', ACME.key)).json;
    const forced = await call('putCatalog', ACME.key, { body: smaller, query: { force: 'true' } });
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('catalog_in_use');
    expect(refused.json.error.details.in_use).toEqual(
      expect.arrayContaining([
        { kind: 'plan', key: 'xpro', count: 1, workspaces: ['ws_sub'] },
        { kind: 'meter', key: 'email_sends', count: 1, workspaces: ['ws_use'] },
      ]),
    );
    expect(dry.json.in_use).toHaveLength(2);
    expect(afterRefusal).toBe(before);
    expect(storedAfterRefusal).toEqual(renamed());
    expect(forced.status).toBe(200);
    expect(forced.json.removed).toEqual({ plans: ['xpro'], meters: ['email_sends'], credit_packs: [] });
    expect(forced.json.consequences.join('\n')).toMatch(/plan xpro: 1 workspace\(s\) \(ws_sub\).*default plan xfree/);
    expect(forced.json.changes).toEqual(
      expect.arrayContaining([
        // 4 prices and 8 metered ones (2 meters, 2 intervals, 2 currencies).
        '- product tg-acme-plan-xpro (archived with 12 price(s))',
        '- meter email_sends (deactivated)',
        '- usage price tg:acme:usage:xenterprise:email_sends:month:usd on tg-acme-plan-xenterprise (archived)',
      ]),
    );
    expect((await stripe.products.retrieve('tg-acme-plan-xpro')).active).toBe(false);
    const live = (await stripe.prices.list({ active: true, limit: 100 }).autoPagingToArray({ limit: 1000 })).map(
      (p) => p.lookup_key ?? p.id,
    );
    expect(live.filter((k) => k.startsWith('tg:acme:usage:'))).toEqual(
      expect.arrayContaining(['tg:acme:usage:xenterprise:whatsapp_messages:month:usd']),
    );
    expect(
      live.filter((k) => k.startsWith('tg:acme:') && (k.includes(':xpro:') || k.includes(':email_sends:'))),
    ).toEqual([]);
    const emailMeters = (await stripe.billing.meters.list({ limit: 100 })).data.filter(
      (m) => m.event_name === 'tg:acme:email_sends',
    );
    expect(emailMeters.map((m) => m.status)).toEqual(['inactive']);
    const plansAfter = (await call('listPlans', ACME.key)).json.plans as {
      plan: string;
      usage_prices: { meter: string }[];
    }[];
    expect(plansAfter.map((p) => p.plan)).toEqual(['xfree', 'xenterprise']);
    expect([...new Set(plansAfter[1].usage_prices.map((u) => u.meter))]).toEqual(['whatsapp_messages']);
  });

  it('brings a catalog change to every existing workspace of the project through the propagation queue', async () => {
    // Prepare: the workspaces' snapshots as they are now (ws_sub's plan is gone: default plan).
    await drainPropagation();
    const snapshots = entitlementSnapshotRepository(table);
    const changed = (await call('getCatalog', ACME.key)).json as Catalog;
    changed.plans.find((p) => p.key === 'xfree')!.limits.ai_credits.limit = '250';
    // Act
    const pushed = await call('putCatalog', ACME.key, { body: changed });
    const handled = await drainPropagation();
    // Assess
    expect(pushed.json.changes).toEqual(['~ product tg-acme-plan-xfree: metadata.tollgate_limits']);
    expect(handled).toBeGreaterThanOrEqual(1);
    for (const ws of ['ws_sub', 'ws_use']) {
      const s = await snapshots.getEntitlements(ACME.project, ws);
      expect(s?.plan, ws).toBe('xfree');
      expect(s?.limits.ai_credits.limit, ws).toBe('250');
    }
    const view = await call('getEntitlements', ACME.key, { params: { workspace_id: 'ws_use' } });
    expect(view.json.meters.ai_credits.limit).toBe('250');
  });

  it("`catalog migrate-usage --project` gives that project's subscriptions its own metered items and pushes no catalog", async () => {
    // Prepare: a subscription of each project on a licensed price only, as before usage billing.
    const subscribe = async (project: string, lookupKey: string) => {
      const customer = await stripe.customers.create({ email: `${project}@example.com` });
      const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
      await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
      const [price] = (await stripe.prices.list({ lookup_keys: [lookupKey], active: true })).data;
      return stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id }],
        metadata: { project_id: project, workspace_id: `ws_mig_${project}` },
      });
    };
    const acmeSub = await subscribe('acme', 'tg:acme:plan:xenterprise:month:usd');
    const demoSub = await subscribe('demo', 'tollgate_pro_month_usd');
    const stored = (await call('getCatalog', ACME.key)).json;
    const lookupKeys = async (id: string) =>
      (await stripe.subscriptions.retrieve(id)).items.data.map((i) => i.price.lookup_key).sort();
    // Act
    // The emulator runs in this process: the CLI runs beside it, not blocking it.
    const run = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['dev/cli/catalog.ts', 'migrate-usage', '--project', 'acme'],
      {
        cwd: ROOT,
        env: { ...process.env, STRIPE_SECRET_KEY: 'sk_test_cat', STRIPE_API_BASE: emulator.url, CATALOG_QUEUE_URL: '' },
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    // Assess
    expect('code' in run ? run.code : 0, run.stderr).toBe(0);
    expect(run.stdout).toContain(`updated ${acmeSub.id} (xenterprise)`);
    expect(await lookupKeys(acmeSub.id)).toEqual([
      'tg:acme:plan:xenterprise:month:usd',
      'tg:acme:usage:xenterprise:whatsapp_messages:month:usd',
    ]);
    expect(await lookupKeys(demoSub.id)).toEqual(['tollgate_pro_month_usd']);
    expect((await call('getCatalog', ACME.key)).json).toEqual(stored);
  });
});
