import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { applyCatalog, diffCatalog } from '#shared/adapters/stripe/catalog-sync';
import { catalog as tollgateCatalog } from '#shared/domain/catalog/catalog';
import { PERSISTED_MAPS, State } from '../../../dev/stripe-emulator/state';
import { until } from '../../support/until';
import { clocked, DAY, type Harness, startHarness, startReceiver, T0, verifiedEvents, withCard } from './support';

const dirs: string[] = [];
const stateFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-state-'));
  dirs.push(dir);
  return join(dir, 'stripe-emulator.json');
};

/** Every page of a list, through the SDK's auto-pagination. */
const all = async <T>(list: Stripe.ApiListPromise<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of list) out.push(x);
  return out;
};

describe('stripe emulator: state kept in a file across restarts', () => {
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('brings back customers, prices by lookup key, test clocks and subscriptions, and new objects do not collide', async () => {
    // Prepare
    const file = stateFile();
    const first: Harness = await startHarness({ stateFile: file });
    const s1 = first.stripe;
    const { clock, customer } = await clocked(s1);
    const product = await s1.products.create({ name: 'Persisted plan' });
    const price = await s1.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2500,
      recurring: { interval: 'month' },
      lookup_key: 'persisted_monthly',
    });
    const sub = await s1.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      metadata: { workspace_id: 'ws_persist' },
    });
    await s1.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 10 * DAY });
    const idempotent = await s1.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'persist-once' });
    const firstInvoice = (await s1.invoices.list({ subscription: sub.id })).data[0];
    const eventsBefore = await all(s1.events.list({ limit: 100 }));
    await first.close();
    const snapshotBefore = JSON.parse(JSON.stringify(first.emulator.state.snapshot())) as unknown;

    // Act
    const second = await startHarness({ stateFile: file });
    const snapshotAfter = JSON.parse(JSON.stringify(second.emulator.state.snapshot())) as unknown;
    const s2 = second.stripe;
    const customerAgain = await s2.customers.retrieve(customer.id);
    const byLookup = await s2.prices.list({ lookup_keys: ['persisted_monthly'] });
    const clockAgain = await s2.testHelpers.testClocks.retrieve(clock.id);
    const subAgain = await s2.subscriptions.retrieve(sub.id, { expand: ['latest_invoice'] });
    const replayed = await s2.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'persist-once' });
    const eventsAfter = await all(s2.events.list({ limit: 100 }));
    const newCustomer = await s2.customers.create({ email: 'after-restart@example.com', test_clock: clock.id });
    await withCard(s2, newCustomer.id);
    const newSub = await s2.subscriptions.create({ customer: newCustomer.id, items: [{ price: price.id }] });
    await s2.testHelpers.testClocks.advance(clock.id, { frozen_time: T0 + 32 * DAY });
    const invoices = await s2.invoices.list({ subscription: sub.id });
    const customers = await all(s2.customers.list({ limit: 100 }));
    await second.close();

    // Assess
    expect(existsSync(file)).toBe(true);
    expect(snapshotAfter).toEqual(snapshotBefore);
    expect(customerAgain).toMatchObject({ id: customer.id, email: 'clock@example.com', test_clock: clock.id });
    expect(byLookup.data.map((p) => [p.id, p.product, p.unit_amount])).toEqual([[price.id, product.id, 2500]]);
    expect(clockAgain).toMatchObject({ id: clock.id, frozen_time: T0 + 10 * DAY, status: 'ready' });
    expect(subAgain).toMatchObject({
      id: sub.id,
      status: 'active',
      customer: customer.id,
      metadata: { workspace_id: 'ws_persist' },
      test_clock: clock.id,
    });
    expect(subAgain.items.data[0].price.id).toBe(price.id);
    expect((subAgain.latest_invoice as Stripe.Invoice).id).toBe(firstInvoice.id);
    expect(replayed.id).toBe(idempotent.id);
    expect(eventsAfter.map((e) => e.id)).toEqual(eventsBefore.map((e) => e.id));
    // New ids are new, and the invoice number sequence of the customer carries on.
    expect(newCustomer.id).not.toBe(customer.id);
    expect(newSub).toMatchObject({ status: 'active', customer: newCustomer.id });
    expect(newSub.id).not.toBe(sub.id);
    expect(customers.map((c) => c.id).sort()).toEqual([customer.id, idempotent.id, newCustomer.id].sort());
    const renewal = invoices.data.find((i) => i.billing_reason === 'subscription_cycle')!;
    expect(renewal).toMatchObject({ status: 'paid', created: T0 + 31 * DAY });
    expect(firstInvoice.number).toMatch(/-0001$/);
    const numbers = new Set(invoices.data.map((i) => i.number));
    expect(numbers.size).toBe(invoices.data.length);
  });

  it('applying the catalog again after a restart changes nothing and creates no prices', async () => {
    // Prepare
    const file = stateFile();
    const first = await startHarness({ stateFile: file });
    const created = await applyCatalog(first.stripe, tollgateCatalog);
    const pricesBefore = await all(first.stripe.prices.list({ limit: 100 }));
    const productsBefore = await all(first.stripe.products.list({ limit: 100 }));
    await first.close();
    // Act
    const second = await startHarness({ stateFile: file });
    const diff = await diffCatalog(second.stripe, tollgateCatalog);
    const applied = await applyCatalog(second.stripe, tollgateCatalog);
    const pricesAfter = await all(second.stripe.prices.list({ limit: 100 }));
    const productsAfter = await all(second.stripe.products.list({ limit: 100 }));
    await second.close();
    // Assess
    expect(created.length).toBeGreaterThan(0);
    expect(diff).toEqual([]);
    expect(applied).toEqual([]);
    expect(pricesAfter.map((p) => [p.id, p.lookup_key]).sort()).toEqual(
      pricesBefore.map((p) => [p.id, p.lookup_key]).sort(),
    );
    expect(productsAfter.map((p) => p.id).sort()).toEqual(productsBefore.map((p) => p.id).sort());
  });

  it('writes changes shortly after they happen, without waiting for close, by replacing the file', async () => {
    // Prepare
    const file = stateFile();
    const running = await startHarness({ stateFile: file, saveDelayMs: 50 });
    // Act
    const customer = await running.stripe.customers.create({ email: 'crash@example.com' });
    type Written = { version: number; maps: { customers: [string, unknown][] } };
    const written = await until('the state file to hold the customer', async () => {
      const w = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Written) : undefined;
      return w?.maps.customers.some(([id]) => id === customer.id) && w;
    });
    // A second emulator reads the file while the first one still runs, as after a crash.
    const reader = await startHarness({ stateFile: file });
    const seen = await reader.stripe.customers.retrieve(customer.id);
    await reader.close();
    await running.close();
    // Assess
    expect(written.version).toBe(1);
    expect(written.maps.customers.map(([id]) => id)).toEqual([customer.id]);
    expect(seen).toMatchObject({ id: customer.id, email: 'crash@example.com' });
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('signs webhooks of a restored endpoint with the webhookSecret of the new start', async () => {
    // Prepare
    const file = stateFile();
    const receiver = await startReceiver();
    const first = await startHarness({ stateFile: file, webhookSecret: 'whsec_first_start' });
    const endpoint = await first.stripe.webhookEndpoints.create({
      url: receiver.url,
      enabled_events: ['customer.created'],
    });
    await first.close();
    // Act
    const second = await startHarness({ stateFile: file, webhookSecret: 'whsec_second_start' });
    const endpoints = await second.stripe.webhookEndpoints.list();
    const customer = await second.stripe.customers.create({ email: 'signed@example.com' });
    await second.emulator.flush();
    await second.close();
    await receiver.close();
    // Assess
    expect(endpoints.data.map((e) => e.id)).toEqual([endpoint.id]);
    expect(
      verifiedEvents(second.stripe, receiver, 'whsec_second_start').map((e) => [
        e.type,
        (e.data.object as Stripe.Customer).id,
      ]),
    ).toEqual([['customer.created', customer.id]]);
  });

  it('keeps every store of the state, or knows why not', () => {
    // Prepare
    const state = new State({ clock: Date.now, baseUrl: () => '' });
    const rebuiltOrPerRun = ['meterEventsByIdentifier', 'meterEventsByName', 'timeOverride', 'dueHints'];
    const separately = ['subscriptionExtra', 'meterEvents'];
    // Act
    const stores = Object.entries(state)
      .filter(([, v]) => v instanceof Map || v instanceof Set || Array.isArray(v))
      .map(([k]) => k);
    // Assess: a store added to State must be added to the snapshot (or to one of these lists).
    expect(stores.sort()).toEqual([...PERSISTED_MAPS, ...separately, ...rebuiltOrPerRun].sort());
  });

  it('refuses a state file that is not JSON rather than starting empty over it', async () => {
    // Prepare
    const file = stateFile();
    writeFileSync(file, '{"version":1,"maps":');
    // Act
    const started = await startHarness({ stateFile: file }).catch((e: Error) => e);
    // Assess
    expect(started).toBeInstanceOf(Error);
    expect((started as Error).message).toContain('not valid JSON');
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"maps":');
  });
});
