import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import { createSubscription } from '#shared/domain/subscriptions/lifecycle';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { Scope } from '#shared/domain/tenancy/scopes';
import type { RouteDef } from '#shared/http/route';
import { getInvoiceRoute, listInvoicesRoute, sendInvoiceRoute } from '#shared/http/routes/invoices';
import { razorpayOrderRoute, reconcilePaymentRoute } from '#shared/http/routes/payments';
import {
  getRunRoute,
  listAttentionRoute,
  resolveAttentionRoute,
  startRunRoute,
} from '#shared/http/routes/reconciliation';
import { razorpayWebhook } from '#shared/http/routes/webhooks';
import type { paymentPorts } from '#shared/wiring/payments';
import { lambdaContext } from '../../dev/gateway';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../dev/razorpay-emulator/index';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshTable } from '../support/local';
import { apiEvent } from '../unit/support/apigw';

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const KEYS = {
  all: 'tg_test_invoiceRoutesAll0000000001',
  finance: 'tg_test_invoiceRoutesFin0000000001',
  other: 'tg_test_invoiceRoutesOther00000001',
};

/**
 * The invoice, payment and reconciliation routes through their real handler files (wired from
 * the environment, as the gateway and Lambda load them), on DynamoDB Local and the emulators.
 */
describe('invoice, payment and reconciliation routes', () => {
  let table: TableContext;
  let stripeEmulator: StripeEmulator;
  let razorpayEmulator: RazorpayEmulator;
  let ports: ReturnType<typeof paymentPorts>;

  beforeAll(async () => {
    table = await freshTable('routes');
    stripeEmulator = await startStripeEmulator({ port: 0 });
    razorpayEmulator = await startRazorpayEmulator({
      port: 0,
      keyId: 'rzp_test_Routes0001',
      keySecret: 'routes_secret',
    });
    await applyCatalog(createStripeClient({ secretKey: 'sk_test_routes', apiBase: stripeEmulator.url }), catalog);
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STRIPE_API_BASE: stripeEmulator.url,
      STRIPE_SECRET_KEY: 'sk_test_routes',
      RAZORPAY_API_BASE: razorpayEmulator.url,
      RAZORPAY_KEY_ID: 'rzp_test_Routes0001',
      RAZORPAY_KEY_SECRET: 'routes_secret',
      RAZORPAY_WEBHOOK_SECRET: 'routes_webhook_secret',
      PAYMENT_QUEUE_URL: '',
    });
    reloadConfig();
    const tenancy = apiKeyRepository(table);
    const key = (k: string, projectId: string, scopes: Scope[]) =>
      tenancy.putApiKey({
        keyId: `key_${k.slice(-8)}`,
        hash: hashApiKey(k),
        prefix: k.slice(0, 12),
        projectId,
        appId: 'app',
        name: 'test',
        scopes,
        createdAt: new Date().toISOString(),
      });
    await key(KEYS.all, 'proj_routes', ['admin']);
    await key(KEYS.finance, 'proj_routes', ['finance']);
    await key(KEYS.other, 'proj_elsewhere', ['admin']);
    ports = (await import('#shared/wiring/payments')).paymentPorts();
  });
  afterAll(async () => {
    await razorpayEmulator?.close();
    await stripeEmulator?.close();
  });

  const call = async (
    route: RouteDef,
    opts: {
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      key?: string | null;
      headers?: Record<string, string>;
    },
  ) => {
    const { handler } = (await import(/* @vite-ignore */ `../../${route.handler}`)) as { handler: Handler };
    const rawPath = route.path.replace(/\{(\w+)\}/g, (_m, n: string) => opts.params![n]);
    const res = await handler(
      apiEvent({
        method: route.method,
        routePath: route.path,
        rawPath,
        pathParameters: opts.params,
        query: opts.query,
        headers: {
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(opts.key !== null ? { authorization: `Bearer ${opts.key ?? KEYS.all}` } : {}),
          ...opts.headers,
        },
        body:
          opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
      }),
      lambdaContext(route.id),
    );
    return { status: res.statusCode!, body: res.body ? JSON.parse(res.body) : undefined, headers: res.headers ?? {} };
  };

  const openInvoice = async (workspaceId: string, currency: 'inr' | 'usd' = 'inr') => {
    await ports.workspaces.upsert(
      'proj_routes',
      workspaceId,
      { name: 'Routes Co', email: 'r@example.com', country: 'IN', currency },
      new Date().toISOString(),
    );
    const sub = await createSubscription(ports, 'proj_routes', {
      workspace_id: workspaceId,
      plan: 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    const stripe = await ports.stripe();
    return {
      sub,
      invoice: (await stripe.invoices.list({ customer: sub.customer_id, status: 'open', limit: 1 })).data[0],
    };
  };

  it('lists a workspace’s invoices with a status filter and cursor pagination', async () => {
    // Prepare: a second invoice for the same customer.
    const { sub, invoice } = await openInvoice('ws_list');
    const stripe = await ports.stripe();
    await stripe.invoiceItems.create({
      customer: sub.customer_id,
      amount: 5000,
      currency: 'inr',
      description: 'Setup',
    });
    const extra = await stripe.invoices.create({
      customer: sub.customer_id,
      collection_method: 'send_invoice',
      days_until_due: 3,
      pending_invoice_items_behavior: 'include',
    });
    // Act
    const page1 = await call(listInvoicesRoute, { params: { workspace_id: 'ws_list' }, query: { limit: '1' } });
    const page2 = await call(listInvoicesRoute, {
      params: { workspace_id: 'ws_list' },
      query: { limit: '1', cursor: page1.body.next_cursor },
    });
    const open = await call(listInvoicesRoute, { params: { workspace_id: 'ws_list' }, query: { status: 'open' } });
    const elsewhere = await call(listInvoicesRoute, { params: { workspace_id: 'ws_list' }, key: KEYS.other });
    const financeOnly = await call(listInvoicesRoute, { params: { workspace_id: 'ws_list' }, key: KEYS.finance });
    // Assess
    expect(page1.status).toBe(200);
    expect(page1.body.invoices.map((i: { id: string }) => i.id)).toEqual([extra.id]);
    expect(page2.body.invoices.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect(page2.body.next_cursor).toBeNull();
    expect(open.body.invoices.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect(open.body.invoices[0]).toMatchObject({
      status: 'open',
      currency: 'inr',
      amount_due: 399900,
      amount_remaining: 399900,
      subscription_id: sub.subscription_id,
      workspace_id: 'ws_list',
      paid_at: null,
    });
    expect(open.body.invoices[0].lines[0]).toMatchObject({ amount: 399900, currency: 'inr', quantity: 1 });
    expect(elsewhere.status).toBe(404);
    expect(financeOnly.status).toBe(403);
  });

  it('shows an invoice only within the key’s project', async () => {
    // Prepare
    const { invoice } = await openInvoice('ws_detail');
    // Act
    const mine = await call(getInvoiceRoute, { params: { invoice_id: invoice.id } });
    const theirs = await call(getInvoiceRoute, { params: { invoice_id: invoice.id }, key: KEYS.other });
    const missing = await call(getInvoiceRoute, { params: { invoice_id: 'in_DoesNotExist0001' } });
    const malformed = await call(getInvoiceRoute, { params: { invoice_id: 'cus_123' } });
    // Assess
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id: invoice.id,
      number: invoice.number,
      hosted_invoice_url: expect.any(String),
      due_date: expect.any(String),
      total: 399900,
    });
    expect([theirs.status, missing.status, malformed.status]).toEqual([404, 404, 400]);
    expect(theirs.body.error.message).toBe(missing.body.error.message.replace('in_DoesNotExist0001', invoice.id));
  });

  it('sends an invoice by email through Stripe, and by WhatsApp as an event', async () => {
    // Prepare
    const { invoice } = await openInvoice('ws_send');
    // Act
    const email = await call(sendInvoiceRoute, { params: { invoice_id: invoice.id }, body: { channel: 'email' } });
    const whatsapp = await call(sendInvoiceRoute, {
      params: { invoice_id: invoice.id },
      body: { channel: 'whatsapp' },
      headers: { 'idempotency-key': 'wa-1' },
    });
    const retried = await call(sendInvoiceRoute, {
      params: { invoice_id: invoice.id },
      body: { channel: 'whatsapp' },
      headers: { 'idempotency-key': 'wa-1' },
    });
    const sms = await call(sendInvoiceRoute, { params: { invoice_id: invoice.id }, body: { channel: 'sms' } });
    // Assess
    expect(email).toMatchObject({ status: 200, body: { channel: 'email', delivery: 'stripe_email' } });
    expect(
      stripeEmulator.events('invoice.sent').filter((e) => (e.data.object as { id: string }).id === invoice.id),
    ).toHaveLength(1);
    expect(whatsapp).toMatchObject({ status: 200, body: { channel: 'whatsapp', delivery: 'event_published' } });
    expect(retried.headers['idempotent-replayed']).toBe('true');
    const history = await historyRepository(table).list('proj_routes', 'ws_send', { limit: 50 });
    const requested = history.events.filter((e) => e.type === 'invoice.send_requested');
    expect(requested).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          invoice_id: invoice.id,
          channel: 'whatsapp',
          amount_remaining: 399900,
          customer_email: 'r@example.com',
        }),
      }),
    ]);
    expect(sms.status).toBe(400);
  });

  it('creates a Razorpay order (201), returns the same one again (200), and refuses a USD invoice (422)', async () => {
    // Prepare
    const { invoice } = await openInvoice('ws_rzp');
    const usd = await openInvoice('ws_rzp_usd', 'usd');
    // Act
    const created = await call(razorpayOrderRoute, { body: { invoice_id: invoice.id } });
    const again = await call(razorpayOrderRoute, { body: { invoice_id: invoice.id } });
    const dollars = await call(razorpayOrderRoute, { body: { invoice_id: usd.invoice.id } });
    // Assess
    expect(created).toMatchObject({
      status: 201,
      body: { amount: 399900, currency: 'INR', key_id: 'rzp_test_Routes0001', invoice_id: invoice.id, created: true },
    });
    expect(again).toMatchObject({ status: 200, body: { order_id: created.body.order_id, created: false } });
    expect(dollars).toMatchObject({ status: 422, body: { error: { code: 'currency_not_supported' } } });
  });

  it('reconciles a bank transfer: over-payment 422 with nothing written, 201, then 200 with the first answer', async () => {
    // Prepare
    const { invoice } = await openInvoice('ws_bank');
    const body = {
      invoice_id: invoice.id,
      amount: 399900,
      currency: 'inr',
      reference: 'UTRROUTES001',
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
    };
    // Act
    const over = await call(reconcilePaymentRoute, {
      body: { ...body, amount: 399901, reference: 'UTRROUTES000' },
      key: KEYS.finance,
    });
    const first = await call(reconcilePaymentRoute, { body, key: KEYS.finance });
    const again = await call(reconcilePaymentRoute, { body, key: KEYS.finance });
    const unknownField = await call(reconcilePaymentRoute, { body: { ...body, amount_inr: 1 }, key: KEYS.finance });
    const fractional = await call(reconcilePaymentRoute, { body: { ...body, amount: 3999.5 }, key: KEYS.finance });
    const noFinance = await call(reconcilePaymentRoute, { body, key: KEYS.other });
    // Assess
    expect(over).toMatchObject({ status: 422, body: { error: { code: 'overpayment' } } });
    expect(first).toMatchObject({
      status: 201,
      body: { status: 'settled', invoice_status: 'paid', reference: 'UTRROUTES001' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.details[0].field).toBe('body.amount_inr');
    expect(fractional.status).toBe(400);
    expect(noFinance.status).toBe(404);
    expect((await (await ports.stripe()).invoices.retrieve(invoice.id)).status).toBe('paid');
  });

  it('lists attention items of the key’s project and resolves one', async () => {
    // Prepare: a Razorpay payment that does not match its order.
    const { invoice } = await openInvoice('ws_attention');
    const order = await call(razorpayOrderRoute, { body: { invoice_id: invoice.id } });
    const paid = await razorpayEmulator.payOrderSilently(order.body.order_id, { amount: 100 });
    const { applyRazorpayPayment } = await import('#shared/domain/payments/razorpay-payments');
    const { toRazorpayPayment, RazorpayPaymentEntity } = await import('#shared/adapters/razorpay/schemas');
    await applyRazorpayPayment(ports, toRazorpayPayment(RazorpayPaymentEntity.parse(paid.payment)));
    // Act
    const listed = await call(listAttentionRoute, { key: KEYS.finance });
    const item = listed.body.items.find((i: { reference: string }) => i.reference === paid.payment.id);
    const byOther = await call(resolveAttentionRoute, { params: { attention_id: item.id }, body: {}, key: KEYS.other });
    const resolved = await call(resolveAttentionRoute, {
      params: { attention_id: item.id },
      body: { note: 'refunded' },
      key: KEYS.finance,
    });
    const after = await call(listAttentionRoute, { key: KEYS.finance });
    // Assess
    expect(item).toMatchObject({
      reason: 'amount_mismatch',
      invoice_id: invoice.id,
      workspace_id: 'ws_attention',
      amount: 100,
      status: 'open',
    });
    expect(byOther.status).toBe(404);
    expect(resolved).toMatchObject({ status: 200, body: { id: item.id, status: 'resolved' } });
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
  });

  it('starts a drift run for the key’s project and reads its report back', async () => {
    // Prepare
    const { sub } = await openInvoice('ws_drift');
    await (await ports.stripe()).subscriptions.cancel(sub.subscription_id);
    // Act
    const started = await call(startRunRoute, { body: {} });
    const read = await call(getRunRoute, { params: { run_id: started.body.run_id } });
    const otherProject = await call(getRunRoute, { params: { run_id: started.body.run_id }, key: KEYS.other });
    const financeOnly = await call(startRunRoute, { body: {}, key: KEYS.finance });
    // Assess
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'completed', scope: 'project', trigger: 'api' });
    expect(started.body.items).toContainEqual(
      expect.objectContaining({
        kind: 'subscription_status',
        subject: sub.subscription_id,
        fixed: true,
        workspace_id: 'ws_drift',
      }),
    );
    expect(read.body).toEqual(started.body);
    expect(otherProject.status).toBe(404);
    expect(financeOnly.status).toBe(403);
  });

  it('refuses an unsigned Razorpay webhook with a 400', async () => {
    // Prepare
    const body = JSON.stringify({ entity: 'event', event: 'payment.captured' });
    // Act
    const unsigned = await call(razorpayWebhook, { body, key: null });
    const forged = await call(razorpayWebhook, {
      body,
      key: null,
      headers: { 'x-razorpay-signature': createHmac('sha256', 'guess').update(body).digest('hex') },
    });
    // Assess
    expect([unsigned.status, forged.status]).toEqual([400, 400]);
  });
});
