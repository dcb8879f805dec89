import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import { inject } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { routes } from '#shared/http/manifest';
import type { RouteDef } from '#shared/http/route';
import { stripeWebhook } from '#shared/http/routes/webhooks';
import type { StreamingLambdaHandler } from '#shared/http/streaming';
import { lambdaContext } from '../../dev/gateway';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../dev/razorpay-emulator/index';
import { collectingResponseStream } from '../../dev/response-stream';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { apiEvent } from '../unit/support/apigw';
import { freshQueue, freshTable, localSqs } from './local';
import { sqsRecord } from './usage-fixtures';

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export const PROJECT_A = { project: 'proj_iso_a', key: 'tg_test_isolationProjectA000000001' };
export const PROJECT_B = { project: 'proj_iso_b', key: 'tg_test_isolationProjectB000000001' };
/** Project A's read-only key: `entitlements:read` and nothing else. */
export const READER_A = { project: PROJECT_A.project, key: 'tg_test_isolationReaderA000000001' };
export const WEBHOOK_SECRET = 'whsec_isolation_0123456789';
/** Project A's workspace; project B has none of that name until it creates its own. */
export const WS = 'ws_iso_shared';

export interface CallOptions {
  key: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  /** The body as sent, instead of `body` as JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

/** Everything a request could change: the table, the queues, Stripe's and Razorpay's state. */
export interface Snapshot {
  items: Map<string, string>;
  queues: Record<'stripe' | 'payment' | 'usage' | 'outbound', number>;
  /** Stripe's objects and meter events. */
  stripe: string;
  /** The Idempotency-Keys Stripe has seen (a POST that changes nothing, like a preview, adds one). */
  stripeKeys: string;
  razorpay: string;
}

export interface TwoProjects {
  table: TableContext;
  stripe: Stripe;
  stripeEmulator: StripeEmulator;
  razorpay: RazorpayEmulator;
  queues: Record<'stripe' | 'payment' | 'usage' | 'outbound', string>;
  /** Project A's ids by field name (`workspace_id`, `invoice_id`, `event_ids`, …). */
  fixtures: Record<string, string | string[]>;
  /** Every id of project A that another project must never be shown. */
  victimIds: string[];
  customerId: string;
  call(route: RouteDef, opts: CallOptions): Promise<Answer>;
  route(id: string): RouteDef;
  /** As project A; a non-2xx answer throws. */
  asA(id: string, opts?: Omit<CallOptions, 'key'>): Promise<any>;
  signedStripe(body: string, opts?: { timestamp?: number; secret?: string }): Promise<Answer>;
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

export function snapshotDiff(
  before: Snapshot,
  after: Snapshot,
  allowNew: (key: string, item: Record<string, unknown>) => boolean = () => false,
  opts: { stripeReads?: boolean } = {},
): string[] {
  const problems: string[] = [];
  for (const [k, v] of before.items) if (after.items.get(k) !== v) problems.push(`changed table item ${k}`);
  for (const [k, v] of after.items)
    if (!before.items.has(k) && !allowNew(k, JSON.parse(v))) problems.push(`wrote table item ${k}`);
  if (JSON.stringify(before.queues) !== JSON.stringify(after.queues))
    problems.push(`queued messages ${JSON.stringify(before.queues)} → ${JSON.stringify(after.queues)}`);
  if (before.stripe !== after.stripe) problems.push('changed Stripe');
  if (!opts.stripeReads && before.stripeKeys !== after.stripeKeys) problems.push('sent Stripe a POST');
  if (before.razorpay !== after.razorpay) problems.push('changed Razorpay');
  return problems;
}

/**
 * Two projects on one table, one Stripe account and one Razorpay account, with every handler as
 * deployed (loaded from the manifest's entry files, configured from the environment). Project A
 * owns a workspace with a subscription, two open invoices, a saved card, a grant, usage,
 * processed webhook events, a Razorpay order, a partial bank transfer, a drift run and two
 * attention items; project B has an admin key and nothing else.
 */
export async function startTwoProjects(): Promise<TwoProjects> {
  const table = await freshTable('iso');
  const sqs = localSqs();
  const queues = {
    stripe: (await freshQueue(sqs)).url,
    payment: (await freshQueue(sqs)).url,
    usage: (await freshQueue(sqs)).url,
    outbound: (await freshQueue(sqs)).url,
  };
  const stripeEmulator = await startStripeEmulator({ port: 0 });
  const razorpay = await startRazorpayEmulator({ port: 0, keyId: 'rzp_test_Isolation01', keySecret: 'iso_secret' });
  const stripe = createStripeClient({ secretKey: 'sk_test_iso', apiBase: stripeEmulator.url });
  await applyCatalog(stripe, catalog);
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
    SQS_ENDPOINT: inject('sqsEndpoint'),
    STRIPE_QUEUE_URL: queues.stripe,
    PAYMENT_QUEUE_URL: queues.payment,
    USAGE_QUEUE_URL: queues.usage,
    OUTBOUND_QUEUE_URL: queues.outbound,
    STRIPE_API_BASE: stripeEmulator.url,
    STRIPE_SECRET_KEY: 'sk_test_iso',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    RAZORPAY_API_BASE: razorpay.url,
    RAZORPAY_KEY_ID: 'rzp_test_Isolation01',
    RAZORPAY_KEY_SECRET: 'iso_secret',
    RAZORPAY_WEBHOOK_SECRET: 'iso_webhook_secret',
  });
  reloadConfig();
  const tenancy = apiKeyRepository(table);
  for (const p of [PROJECT_A, PROJECT_B]) {
    await tenancy.putApiKey({
      keyId: `key_${p.project}`,
      hash: hashApiKey(p.key),
      prefix: p.key.slice(0, 12),
      projectId: p.project,
      appId: 'app',
      name: 'probe',
      scopes: ['admin'],
      createdAt: new Date().toISOString(),
    });
  }
  await tenancy.putApiKey({
    keyId: 'key_reader_a',
    hash: hashApiKey(READER_A.key),
    prefix: READER_A.key.slice(0, 12),
    projectId: READER_A.project,
    appId: 'app',
    name: 'reader',
    scopes: ['entitlements:read'],
    createdAt: new Date().toISOString(),
  });

  const call = async (route: RouteDef, opts: CallOptions): Promise<Answer> => {
    const { handler } = (await import(/* @vite-ignore */ `../../${route.handler}`)) as { handler: Handler };
    const rawPath = route.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(opts.params?.[n] ?? ''));
    const event = apiEvent({
      method: route.method,
      routePath: route.path,
      rawPath,
      pathParameters: opts.params && Object.keys(opts.params).length ? opts.params : undefined,
      query: opts.query,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.key}`, ...opts.headers },
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    // A streaming route answers through a response stream; the caller leaves after the first bytes.
    if (route.streaming) {
      const { stream, out } = collectingResponseStream({ destroyAfter: 1 });
      await (handler as unknown as StreamingLambdaHandler)(event, stream, lambdaContext(route.id, 60_000));
      let parsed: unknown;
      try {
        parsed = JSON.parse(out.body);
      } catch {
        parsed = undefined;
      }
      return { status: out.meta?.statusCode ?? 500, headers: out.meta?.headers ?? {}, text: out.body, json: parsed };
    }
    const res = await handler(event, lambdaContext(route.id));
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      json = undefined;
    }
    return {
      status: res.statusCode!,
      headers: (res.headers ?? {}) as Record<string, string>,
      text: res.body ?? '',
      json,
    };
  };
  const route = (id: string) => {
    const r = routes.find((x) => x.id === id);
    if (!r) throw new Error(`no route ${id} in the manifest`);
    return r;
  };
  const asA = async (id: string, opts: Omit<CallOptions, 'key'> = {}) => {
    const r = await call(route(id), { key: PROJECT_A.key, ...opts });
    if (r.status >= 300) throw new Error(`${id} as project A: ${r.status} ${r.text}`);
    return r.json;
  };
  const signedStripe = (body: string, opts: { timestamp?: number; secret?: string } = {}) =>
    call(stripeWebhook, {
      key: 'unused',
      raw: body,
      headers: {
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({
          payload: body,
          secret: opts.secret ?? WEBHOOK_SECRET,
          timestamp: opts.timestamp,
        }),
      },
    });

  const snapshot = async (): Promise<Snapshot> => {
    const items = new Map<string, string>();
    let start: Record<string, unknown> | undefined;
    do {
      const r = await table.doc.send(
        new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      for (const i of r.Items ?? []) items.set(`${i.PK}|${i.SK}`, JSON.stringify(i, Object.keys(i).sort()));
      start = r.LastEvaluatedKey;
    } while (start);
    // The SQS server counts a message sent a moment ago as delayed until its next tick: count both.
    const depth = async (url: string) => {
      const a = (
        await sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: url,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
          }),
        )
      ).Attributes;
      return Number(a?.ApproximateNumberOfMessages) + Number(a?.ApproximateNumberOfMessagesDelayed);
    };
    const {
      maps: { idempotency, ...maps },
      meterEvents,
    } = stripeEmulator.state.snapshot();
    return {
      items,
      queues: {
        stripe: await depth(queues.stripe),
        payment: await depth(queues.payment),
        usage: await depth(queues.usage),
        outbound: await depth(queues.outbound),
      },
      stripe: JSON.stringify({ maps, meterEvents }),
      stripeKeys: JSON.stringify(idempotency.map(([k]) => k)),
      razorpay: JSON.stringify({ orders: razorpay.orders(), payments: razorpay.payments() }),
    };
  };

  // Project A's state, made through A's own requests where there is a route for it.
  const f: Record<string, string | string[]> = {
    workspace_id: WS,
    feature: 'sso',
    meter: 'ai_credits',
    reference: 'UTRISOA0001',
  };
  await asA('putWorkspace', {
    params: { workspace_id: WS },
    body: { name: 'Victim', email: 'v@example.com', country: 'IN', currency: 'inr' },
  });
  f.endpoint_id = (
    await asA('createWebhookEndpoint', {
      body: { url: 'http://127.0.0.1:9/hook', events: ['*'], description: 'victim' },
    })
  ).id;
  const sub = await asA('createSubscription', {
    body: { workspace_id: WS, plan: 'pro', collection_method: 'send_invoice', days_until_due: 7 },
  });
  const invoice = (await stripe.invoices.list({ customer: sub.customer_id, status: 'open', limit: 1 })).data[0];
  f.invoice_id = invoice.id;
  // A second open invoice, so invoice listings have more than one page at limit 1.
  await stripe.invoiceItems.create({ customer: sub.customer_id, amount: 5000, currency: 'inr', description: 'Setup' });
  const extra = await stripe.invoices.create({
    customer: sub.customer_id,
    collection_method: 'send_invoice',
    days_until_due: 3,
    pending_invoice_items_behavior: 'include',
  });
  await stripe.invoices.finalizeInvoice(extra.id);
  const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: sub.customer_id });
  f.payment_method_id = pm.id;
  f.grant_id = (
    await asA('createGrant', { body: { workspace_id: WS, feature: 'audit_log', reason: 'pilot' } })
  ).grant.grant_id;
  await asA('recordUsage', {
    body: { event_type: 'ai_credits', workspace_id: WS, value: 2, idempotency_key: 'victim-1' },
  });
  await asA('adjustCredits', {
    body: { workspace_id: WS, amount: 500, reason: 'victim credits' },
    headers: { 'idempotency-key': 'victim-adjust' },
  });
  await asA('consumeCredits', {
    body: { workspace_id: WS, event_name: 'api_call_basic', quantity: 3, idempotency_key: 'victim-consume' },
  });
  await asA('createRazorpayOrder', { body: { invoice_id: invoice.id } });
  await asA('reconcilePayment', {
    body: {
      invoice_id: invoice.id,
      amount: 1000,
      currency: 'inr',
      reference: f.reference,
      method: 'neft',
      paid_at: '2026-11-20T10:00:00Z',
      allow_partial: true,
    },
  });
  // Stripe's events about A's customer arrive signed, are stored, and are processed.
  const events = stripeEmulator.events().filter((e) => JSON.stringify(e.data.object).includes(sub.customer_id));
  for (const e of events) {
    const res = await signedStripe(JSON.stringify(e));
    if (res.status !== 200) throw new Error(`webhook ${e.id}: ${res.status} ${res.text}`);
  }
  const consumer = (await import('../../functions/consumers/stripe-events')).handler as unknown as (
    e: SQSEvent,
    c: Context,
  ) => Promise<{ batchItemFailures: unknown[] }>;
  const out = await consumer(
    { Records: events.map((e) => sqsRecord({ provider: 'stripe', event_id: e.id })) },
    lambdaContext('stripe-events'),
  );
  if (out.batchItemFailures.length) throw new Error(`processing A's events failed: ${JSON.stringify(out)}`);
  // A's webhook endpoint was registered before its events were processed: fanning them out
  // (the webhook-deliveries consumer, over what the bus queued) makes A's deliveries.
  const outboundConsumer = (await import('../../functions/consumers/webhook-deliveries')).handler as unknown as (
    e: SQSEvent,
    c: Context,
  ) => Promise<{ batchItemFailures: unknown[] }>;
  for (;;) {
    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.outbound, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const fanOut = (got.Messages ?? []).filter((m) => JSON.parse(m.Body!).kind === 'event');
    if (!got.Messages?.length) break;
    const r = await outboundConsumer(
      { Records: fanOut.map((m) => sqsRecord(JSON.parse(m.Body!))) },
      lambdaContext('webhook-deliveries'),
    );
    if (r.batchItemFailures.length) throw new Error(`fanning out A's events failed: ${JSON.stringify(r)}`);
    for (const m of got.Messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.outbound, ReceiptHandle: m.ReceiptHandle! }));
  }
  const deliveries = (
    await asA('listWebhookDeliveries', { params: { endpoint_id: f.endpoint_id as string }, query: { limit: '100' } })
  ).deliveries as { id: string }[];
  if (!deliveries.length) throw new Error("project A's endpoint has no deliveries");
  f.delivery_id = deliveries[0].id;
  f.event_ids = ((await asA('listWebhookEvents', { query: { limit: '100' } })).events as { event_id: string }[]).map(
    (e) => e.event_id,
  );
  if (f.event_ids.length < 2) throw new Error(`project A has ${f.event_ids.length} webhook events`);
  f.run_id = (await asA('startReconciliationRun', { body: { dry_run: true } })).run_id;
  const { flagAttention } = await import('#shared/domain/payments/attention');
  const { paymentPorts } = await import('#shared/wiring/payments');
  const attention = (ref: string) =>
    flagAttention(paymentPorts(), {
      projectId: PROJECT_A.project,
      workspaceId: WS,
      reason: 'amount_mismatch',
      message: 'fixture',
      source: 'manual:manual',
      reference: ref,
      invoiceId: invoice.id,
      amount: 5,
      currency: 'inr',
    });
  f.attention_id = (await attention('UTRATTN1')).id;
  await attention('UTRATTN2');
  const victimIds = [
    WS,
    invoice.id,
    extra.id,
    sub.subscription_id,
    sub.customer_id,
    pm.id,
    f.grant_id,
    f.run_id,
    f.attention_id,
    f.reference as string,
    ...f.event_ids,
    f.endpoint_id as string,
    f.delivery_id,
  ];

  return {
    table,
    stripe,
    stripeEmulator,
    razorpay,
    queues,
    fixtures: f,
    victimIds,
    customerId: sub.customer_id,
    call,
    route,
    asA,
    signedStripe,
    snapshot,
    close: async () => {
      await razorpay.close();
      await stripeEmulator.close();
    },
  };
}
