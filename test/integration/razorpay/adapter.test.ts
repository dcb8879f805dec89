import type Razorpay from 'razorpay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_NOTE, razorpayAdapter } from '#shared/adapters/razorpay/adapter';
import { createRazorpayClient, razorpayBaseUrl } from '#shared/adapters/razorpay/client';
import { RazorpayRequestError, RazorpayUnavailableError } from '#shared/adapters/razorpay/errors';
import type { RazorpayPort } from '#shared/adapters/razorpay/port';
import { AppError } from '#shared/errors';
import { freePort } from '../../../dev/free-port';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../../dev/razorpay-emulator/index';

const KEY_ID = 'rzp_test_AdapterSuite01';
const KEY_SECRET = 'adapter-suite-secret';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe('Razorpay adapter through the official SDK against the emulator', () => {
  let emu: RazorpayEmulator;
  let client: Razorpay;
  let port: RazorpayPort;

  beforeAll(async () => {
    emu = await startRazorpayEmulator({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET });
    client = createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: `${emu.url}/` });
    port = razorpayAdapter(client);
  });
  afterAll(() => emu.close());

  it('points the SDK at the base URL instead of api.razorpay.com', async () => {
    // Prepare
    const plain = createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET });
    // Act
    const order = await port.createOrder({ amountPaise: 12_300, currency: 'INR', receipt: 'rcpt_base_url' });
    // Assess
    expect(razorpayBaseUrl(plain)).toBe('https://api.razorpay.com');
    expect(razorpayBaseUrl(client)).toBe(emu.url);
    expect(emu.getOrder(order.id)?.receipt).toBe('rcpt_base_url');
  });

  it('creates an order and fetches it back with the same values', async () => {
    // Prepare
    const input = {
      amountPaise: 499_900,
      currency: 'INR',
      receipt: 'in_1NvTg2',
      notes: { invoice_id: 'in_1NvTg2', workspace_id: 'ws_42' },
    };
    // Act
    const created = await port.createOrder(input);
    const fetched = await port.fetchOrder(created.id);
    // Assess
    expect(created.id).toMatch(/^order_[A-Za-z0-9]{14}$/);
    expect(created).toEqual({
      id: created.id,
      amountPaise: 499_900,
      amountPaidPaise: 0,
      amountDuePaise: 499_900,
      currency: 'INR',
      receipt: 'in_1NvTg2',
      status: 'created',
      attempts: 0,
      notes: { invoice_id: 'in_1NvTg2', workspace_id: 'ws_42' },
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/),
    });
    expect(fetched).toEqual(created);
  });

  it("reads Razorpay's empty notes ([]) and a missing receipt as {} and null", async () => {
    // Prepare
    const raw = await client.orders.create({ amount: 10_000, currency: 'INR' });
    // Act
    const order = await port.fetchOrder(raw.id);
    // Assess
    expect(raw.notes).toEqual([]);
    expect(order.notes).toEqual({});
    expect(order.receipt).toBeNull();
  });

  it('lists the payments of a paid order and fetches each payment', async () => {
    // Prepare
    const order = await port.createOrder({
      amountPaise: 250_000,
      currency: 'INR',
      receipt: 'in_pay',
      notes: { invoice_id: 'in_pay' },
    });
    const before = await port.fetchOrderPayments(order.id);
    // Act
    const { payment } = await emu.payOrderSilently(order.id, { method: 'netbanking' });
    const payments = await port.fetchOrderPayments(order.id);
    const fetched = await port.fetchPayment(payment.id);
    const after = await port.fetchOrder(order.id);
    // Assess
    expect(before).toEqual([]);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      id: payment.id,
      orderId: order.id,
      amountPaise: 250_000,
      amountRefundedPaise: 0,
      currency: 'INR',
      status: 'captured',
      captured: true,
      method: 'netbanking',
      email: 'gaurav.kumar@example.com',
      contact: '+919000090000',
    });
    expect(fetched).toEqual(payments[0]);
    expect(after).toMatchObject({ status: 'paid', amountPaidPaise: 250_000, amountDuePaise: 0, attempts: 1 });
  });

  it('tracks a partial payment as an attempted order with the remainder due', async () => {
    // Prepare
    const order = await port.createOrder({ amountPaise: 100_000, currency: 'INR' });
    // Act
    await emu.payOrderSilently(order.id, { amount: 40_000 });
    const partly = await port.fetchOrder(order.id);
    await emu.payOrderSilently(order.id, { amount: 60_000, method: 'card' });
    const settled = await port.fetchOrder(order.id);
    const payments = await port.fetchOrderPayments(order.id);
    // Assess
    expect(partly).toMatchObject({ status: 'attempted', amountPaidPaise: 40_000, amountDuePaise: 60_000, attempts: 1 });
    expect(settled).toMatchObject({ status: 'paid', amountPaidPaise: 100_000, amountDuePaise: 0, attempts: 2 });
    expect(payments.map((p) => [p.amountPaise, p.method])).toEqual([
      [60_000, 'card'],
      [40_000, 'upi'],
    ]);
  });

  it('returns the order already made under an idempotency key, and refuses the key for another amount', async () => {
    // Prepare
    const input = { amountPaise: 75_000, currency: 'INR', receipt: 'in_idem', notes: { invoice_id: 'in_idem' } };
    // Act
    const first = await port.createOrder(input, 'checkout:in_idem:75000');
    const again = await port.createOrder(input, 'checkout:in_idem:75000');
    const other = await port.createOrder(input, 'checkout:in_idem:other');
    const reused = await rejection(port.createOrder({ ...input, amountPaise: 80_000 }, 'checkout:in_idem:75000'));
    // Assess
    expect(again.id).toBe(first.id);
    expect(first.notes).toEqual({ invoice_id: 'in_idem', [IDEMPOTENCY_NOTE]: 'checkout:in_idem:75000' });
    expect(other.id).not.toBe(first.id);
    expect(emu.orders().filter((o) => o.receipt === 'in_idem')).toHaveLength(2);
    expect(reused).toMatchObject({ statusCode: 409, code: 'idempotency_key_reused', details: { order_id: first.id } });
  });

  it("translates Razorpay's 400 for a too-small amount into a RazorpayRequestError naming the field", async () => {
    // Prepare
    const input = { amountPaise: 99, currency: 'INR', receipt: 'in_small' };
    // Act
    const e = await rejection(port.createOrder(input));
    // Assess
    expect(e).toBeInstanceOf(RazorpayRequestError);
    expect(e.name).toBe('RazorpayRequestError');
    expect(e.statusCode).toBe(422);
    expect(e.code).toBe('provider_invalid_request');
    expect(e.message).toBe('Razorpay rejected the request (amount): Order amount less than minimum amount allowed');
    expect((e as RazorpayRequestError).razorpay).toEqual({
      status: 400,
      code: 'BAD_REQUEST_ERROR',
      description: 'Order amount less than minimum amount allowed',
      field: 'amount',
    });
    expect((e as RazorpayRequestError).retryable).toBe(false);
    expect(emu.orders().some((o) => o.receipt === 'in_small')).toBe(false);
  });

  it('translates an unsupported currency and an over-long receipt into field-named 422s', async () => {
    // Act
    const currency = await rejection(port.createOrder({ amountPaise: 10_000, currency: 'XYZ' }));
    const receipt = await rejection(
      port.createOrder({ amountPaise: 10_000, currency: 'INR', receipt: 'r'.repeat(41) }),
    );
    // Assess
    expect(currency).toMatchObject({
      name: 'RazorpayRequestError',
      statusCode: 422,
      details: { provider_status: 400, provider_field: 'currency' },
    });
    expect(receipt).toMatchObject({
      name: 'RazorpayRequestError',
      statusCode: 422,
      details: { provider_status: 400, provider_field: 'receipt' },
    });
    expect(receipt.message).toContain('The receipt may not be greater than 40 characters.');
  });

  it('translates an unknown order or payment id into a 404, and never sends a malformed id', async () => {
    // Act
    const order = await rejection(port.fetchOrder('order_DoesNotExist00'));
    const payment = await rejection(port.fetchPayment('pay_DoesNotExist000'));
    const injected = await rejection(port.fetchOrderPayments('order_x/../../payments'));
    // Assess
    expect(order).toMatchObject({ name: 'RazorpayRequestError', statusCode: 404, code: 'not_found' });
    expect((order as RazorpayRequestError).razorpay).toMatchObject({
      status: 400,
      description: 'The id provided does not exist',
    });
    expect(payment).toMatchObject({ name: 'RazorpayRequestError', statusCode: 404, code: 'not_found' });
    expect(injected).toMatchObject({ name: 'RazorpayRequestError', statusCode: 404 });
    expect((injected as RazorpayRequestError).razorpay.status).toBe(0);
  });

  it('translates the 401 for a wrong key secret into a non-retryable credentials error', async () => {
    // Prepare
    const wrong = razorpayAdapter(
      createRazorpayClient({ keyId: KEY_ID, keySecret: 'not-the-secret', baseUrl: emu.url }),
    );
    const order = await port.createOrder({ amountPaise: 10_000, currency: 'INR' });
    // Act
    const e = await rejection(wrong.fetchOrder(order.id));
    // Assess
    expect(e).toBeInstanceOf(RazorpayRequestError);
    expect(e).toMatchObject({
      name: 'RazorpayRequestError',
      statusCode: 502,
      code: 'provider_auth_failed',
      retryable: false,
    });
    expect((e as RazorpayRequestError).razorpay).toMatchObject({
      status: 401,
      description: 'The api secret provided is invalid',
    });
  });

  it('translates a refused connection into a retryable RazorpayUnavailableError', async () => {
    // Prepare
    const nobody = razorpayAdapter(
      createRazorpayClient({ keyId: KEY_ID, keySecret: KEY_SECRET, baseUrl: `http://127.0.0.1:${await freePort()}` }),
    );
    // Act
    const e = await rejection(nobody.fetchOrder('order_AnyOrderId00001'));
    // Assess
    expect(e).toBeInstanceOf(RazorpayUnavailableError);
    expect(e).toMatchObject({
      name: 'RazorpayUnavailableError',
      statusCode: 502,
      code: 'provider_unavailable',
      retryable: true,
    });
    expect(e.message).toBe('Razorpay: unreachable: ECONNREFUSED');
  });
});

describe('Razorpay emulator HTTP surface', () => {
  let emu: RazorpayEmulator;
  const auth = `Basic ${Buffer.from(`${KEY_ID}:${KEY_SECRET}`).toString('base64')}`;

  beforeAll(async () => {
    emu = await startRazorpayEmulator({ port: 0, keyId: KEY_ID, keySecret: KEY_SECRET });
  });
  afterAll(() => emu.close());

  it('answers health without auth and refuses the API without a key', async () => {
    // Act
    const health = await fetch(`${emu.url}/__emulator/health`);
    const anonymous = await fetch(`${emu.url}/v1/orders`);
    // Assess
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', orders: 0, payments: 0 });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { code: 'BAD_REQUEST_ERROR', description: 'Please provide your api key for authentication purposes.' },
    });
  });

  it("rejects unknown fields and a missing amount in Razorpay's envelope", async () => {
    // Act
    const post = (body: unknown) =>
      fetch(`${emu.url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const unknown = await post({ amount: 1000, currency: 'INR', customer: 'x' });
    const missing = await post({ currency: 'INR' });
    // Assess
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: {
        code: 'BAD_REQUEST_ERROR',
        description: 'customer is/are not required and should not be sent',
        source: 'business',
        step: 'payment_initiation',
        reason: 'input_validation_failed',
        metadata: {},
        field: 'customer',
      },
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: { description: 'The amount field is required.', field: 'amount' },
    });
  });

  it('pays an order through the test helper without webhooks and lists orders newest first with filters', async () => {
    // Prepare
    const create = (receipt: string) =>
      fetch(`${emu.url}/v1/orders`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ amount: '20000', currency: 'INR', receipt, 'notes[invoice_id]': receipt }),
      }).then((r) => r.json() as Promise<{ id: string; notes: unknown }>);
    const a = await create('in_list_a');
    const b = await create('in_list_b');
    // Act
    const paid = await fetch(`${emu.url}/v1/test_helpers/orders/${a.id}/pay`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'upi', webhooks: false }),
    });
    const paidBody = (await paid.json()) as {
      payment: { order_id: string; amount: number; status: string; vpa: string };
      order: { status: string };
      webhook_event_ids: string[];
    };
    const all = (await (await fetch(`${emu.url}/v1/orders?count=10`, { headers: { authorization: auth } })).json()) as {
      count: number;
      items: { id: string }[];
    };
    const byReceipt = (await (
      await fetch(`${emu.url}/v1/orders?receipt=in_list_b`, { headers: { authorization: auth } })
    ).json()) as { items: { id: string }[] };
    const authorized = (await (
      await fetch(`${emu.url}/v1/orders?authorized=1`, { headers: { authorization: auth } })
    ).json()) as { items: { id: string }[] };
    const again = await fetch(`${emu.url}/v1/test_helpers/orders/${a.id}/pay`, {
      method: 'POST',
      headers: { authorization: auth },
    });
    // Assess
    expect(a.notes).toEqual({ invoice_id: 'in_list_a' });
    expect(paid.status).toBe(200);
    expect(paidBody.payment).toMatchObject({
      order_id: a.id,
      amount: 20_000,
      status: 'captured',
      vpa: 'gaurav.kumar@exampleupi',
    });
    expect(paidBody.order.status).toBe('paid');
    expect(paidBody.webhook_event_ids).toEqual([]);
    expect(emu.deliveries).toHaveLength(0);
    expect(all.items.map((o) => o.id)).toEqual([b.id, a.id]);
    expect(all.count).toBe(2);
    expect(byReceipt.items.map((o) => o.id)).toEqual([b.id]);
    expect(authorized.items.map((o) => o.id)).toEqual([a.id]);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: { description: 'Order has already been paid' } });
  });
});
