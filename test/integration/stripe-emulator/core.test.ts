import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { useHarness } from './support';

describe('stripe emulator: protocol, errors, idempotency, pagination, customers', () => {
  const h = useHarness();

  it('answers the health check without a key', async () => {
    // Act
    const res = await fetch(`${h.emulator.url}/v1/__emulator/health`);
    // Assess
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', api_version: '2026-10-28.endive' });
  });

  it('rejects requests without an API key with 401 and Stripe’s envelope', async () => {
    // Act
    const res = await fetch(`${h.emulator.url}/v1/customers`);
    const body = (await res.json()) as { error: { type: string; message: string } };
    // Assess
    expect(res.status).toBe(401);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('You did not provide an API key');
  });

  it('accepts Basic auth with the key as user name and rejects non-test keys', async () => {
    // Prepare
    const basic = `Basic ${Buffer.from('sk_test_abc:').toString('base64')}`;
    // Act
    const ok = await fetch(`${h.emulator.url}/v1/customers`, { headers: { authorization: basic } });
    const live = await fetch(`${h.emulator.url}/v1/customers`, {
      headers: { authorization: 'Bearer sk_live_abcdefghijkl' },
    });
    // Assess
    expect(ok.status).toBe(200);
    expect(live.status).toBe(401);
  });

  it('returns 404 resource_missing for unknown ids, as the SDK error', async () => {
    // Act
    const err = await h.stripe.customers.retrieve('cus_missing').catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const e = err as Stripe.errors.StripeInvalidRequestError;
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe('resource_missing');
    expect(e.param).toBe('id');
    expect(e.message).toBe("No such customer: 'cus_missing'");
  });

  it('returns the raw envelope for 404s and unknown URLs', async () => {
    // Act
    const res = await fetch(`${h.emulator.url}/v1/customers/cus_x`, { headers: { authorization: 'Bearer sk_test_x' } });
    const unknown = await fetch(`${h.emulator.url}/v1/nothing_here`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    // Assess
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: object }).error).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: "No such customer: 'cus_x'",
      param: 'id',
    });
    expect(unknown.status).toBe(404);
  });

  it('returns 400 for bad params (missing, wrong type)', async () => {
    // Act
    const missing = await h.stripe.products
      .create({} as Stripe.ProductCreateParams)
      .catch((e: Stripe.errors.StripeError) => e);
    const badInt = await h.stripe.customers
      .list({ limit: 'ten' as unknown as number })
      .catch((e: Stripe.errors.StripeError) => e);
    // Assess
    expect(missing).toMatchObject({ statusCode: 400, code: 'parameter_missing', param: 'name' });
    expect(badInt).toMatchObject({ statusCode: 400, code: 'parameter_invalid_integer', param: 'limit' });
  });

  it('creates, retrieves, updates (metadata merge and unset) and deletes a customer', async () => {
    // Prepare
    const created = await h.stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      metadata: { tenant: 't1', plan: 'free' },
    });
    // Act
    const updated = await h.stripe.customers.update(created.id, {
      name: 'Ada L.',
      metadata: { plan: '', region: 'eu' },
    });
    const fetched = await h.stripe.customers.retrieve(created.id);
    const deleted = await h.stripe.customers.del(created.id);
    const afterDelete = await h.stripe.customers.retrieve(created.id);
    // Assess
    expect(created).toMatchObject({
      object: 'customer',
      email: 'ada@example.com',
      livemode: false,
      balance: 0,
      test_clock: null,
    });
    expect(created.id).toMatch(/^cus_/);
    expect(typeof created.created).toBe('number');
    expect(updated.metadata).toEqual({ tenant: 't1', region: 'eu' });
    expect(fetched).toMatchObject({ name: 'Ada L.' });
    expect(deleted).toEqual({ id: created.id, object: 'customer', deleted: true });
    expect(afterDelete).toMatchObject({ id: created.id, deleted: true });
    const types = h.emulator
      .events()
      .filter((e) => (e.data.object as { id?: string }).id === created.id)
      .map((e) => e.type);
    expect(types).toEqual(['customer.created', 'customer.updated', 'customer.deleted']);
    const upd = h.emulator.events('customer.updated').at(-1)!;
    expect(upd.data.previous_attributes).toMatchObject({ name: 'Ada', metadata: { tenant: 't1', plan: 'free' } });
  });

  it('filters customers by email and searches by metadata', async () => {
    // Prepare
    const email = `grace-${Date.now()}@example.com`;
    const c = await h.stripe.customers.create({ email, metadata: { tollgate_workspace: 'ws_42' } });
    await h.stripe.customers.create({ email: 'someone-else@example.com' });
    // Act
    const byEmail = await h.stripe.customers.list({ email });
    const search = await h.stripe.customers.search({ query: "metadata['tollgate_workspace']:'ws_42'" });
    // Assess
    expect(byEmail.data.map((x) => x.id)).toEqual([c.id]);
    expect(search.data.map((x) => x.id)).toEqual([c.id]);
  });

  it('paginates newest first with has_more, starting_after and ending_before', async () => {
    // Prepare
    const tag = `page-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.stripe.customers.create({ email: `${tag}@example.com`, name: `c${i}` })).id);
    // Act
    const first = await h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2 });
    const second = await h.stripe.customers.list({
      email: `${tag}@example.com`,
      limit: 2,
      starting_after: first.data[1].id,
    });
    const third = await h.stripe.customers.list({
      email: `${tag}@example.com`,
      limit: 2,
      starting_after: second.data[1].id,
    });
    const back = await h.stripe.customers.list({
      email: `${tag}@example.com`,
      limit: 2,
      ending_before: third.data[0].id,
    });
    const all: string[] = [];
    for await (const c of h.stripe.customers.list({ email: `${tag}@example.com`, limit: 2 })) all.push(c.id);
    // Assess
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(first.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(second.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(third.data.map((c) => c.id)).toEqual([ids[0]]);
    expect(third.has_more).toBe(false);
    expect(back.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(back.has_more).toBe(true);
    expect(all).toEqual([...ids].reverse());
  });

  it('replays an idempotent request and rejects the same key with other params', async () => {
    // Prepare
    const key = `idem-${Date.now()}`;
    const before = h.emulator.events('customer.created').length;
    // Act
    const a = await h.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    const b = await h.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: key });
    const conflict = await h.stripe.customers
      .create({ email: 'other@example.com' }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    // Assess
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(h.emulator.events('customer.created').length).toBe(before + 1);
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect((conflict as Stripe.errors.StripeError).statusCode).toBe(400);
  });

  it('records request ids and idempotency keys on events and lists events by type', async () => {
    // Prepare
    const c = await h.stripe.customers.create({ email: 'ev@example.com' }, { idempotencyKey: 'ev-key-1' });
    // Act
    const events = await h.stripe.events.list({ type: 'customer.created', limit: 100 });
    const evt = events.data.find((e) => (e.data.object as Stripe.Customer).id === c.id)!;
    const fetched = await h.stripe.events.retrieve(evt.id);
    const byTypes = await h.stripe.events.list({
      types: ['customer.created', 'customer.deleted'],
      created: { gte: c.created },
    });
    // Assess
    expect(evt).toMatchObject({
      object: 'event',
      api_version: '2026-10-28.endive',
      livemode: false,
      request: { idempotency_key: 'ev-key-1' },
    });
    expect(evt.request?.id).toMatch(/^req_/);
    expect(fetched.id).toBe(evt.id);
    expect(byTypes.data.every((e) => e.type === 'customer.created' || e.type === 'customer.deleted')).toBe(true);
  });
});
