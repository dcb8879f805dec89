import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import type { APIGatewayProxyStructuredResultV2, SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attentionRepository } from '#shared/adapters/dynamodb/repositories/attention';
import { creditLedgerRepository } from '#shared/adapters/dynamodb/repositories/credit-ledger';
import { customerLinkRepository } from '#shared/adapters/dynamodb/repositories/customer-links';
import { entitlementSnapshotRepository } from '#shared/adapters/dynamodb/repositories/entitlement-snapshots';
import { grantRepository } from '#shared/adapters/dynamodb/repositories/grants';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { manualPaymentRepository } from '#shared/adapters/dynamodb/repositories/manual-payments';
import { planCacheRepository } from '#shared/adapters/dynamodb/repositories/plan-cache';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { projectMetricsRepository } from '#shared/adapters/dynamodb/repositories/project-metrics';
import { razorpayLinkRepository } from '#shared/adapters/dynamodb/repositories/razorpay-links';
import { razorpayOrderRepository } from '#shared/adapters/dynamodb/repositories/razorpay-orders';
import { reconciliationRepository } from '#shared/adapters/dynamodb/repositories/reconciliation-runs';
import { settlementRepository } from '#shared/adapters/dynamodb/repositories/settlements';
import { subscriptionRepository } from '#shared/adapters/dynamodb/repositories/subscriptions';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { memoryBus } from '#shared/adapters/events/bus';
import { createRazorpayPort } from '#shared/adapters/razorpay/adapter';
import { razorpayWebhookVerifier, readRazorpayEvent } from '#shared/adapters/razorpay/webhook';
import { queuePublisher } from '#shared/adapters/sqs/client';
import { readPlans } from '#shared/adapters/stripe/catalog-reader';
import { applyCatalog } from '#shared/adapters/stripe/catalog-sync';
import { createStripeClient, translatingStripe } from '#shared/adapters/stripe/client';
import { createWebhookEndpoint } from '#shared/adapters/stripe/webhook-endpoint';
import { stripeWebhookVerifier } from '#shared/adapters/stripe/webhook-signature';
import { catalog } from '#shared/domain/catalog/catalog';
import { listPlans } from '#shared/domain/catalog/listing';
import { stripeNames } from '#shared/domain/catalog/namespace';
import type { DriftPorts } from '#shared/domain/reconciliation/ports';
import { createSubscription } from '#shared/domain/subscriptions/lifecycle';
import { receiveWebhook, type WebhookEventMessage } from '#shared/domain/webhooks/inbox';
import type { RazorpayEventPorts, StripeEventPorts } from '#shared/domain/webhooks/ports';
import { processStripeEvent } from '#shared/domain/webhooks/stripe/process';
import { httpHandler } from '#shared/http/handler';
import { razorpayWebhook, stripeWebhook } from '#shared/http/routes/webhooks';
import { paymentEventsConsumer } from '#shared/sqs/consumers/payment-events';
import { lambdaContext } from '../../dev/gateway';
import { type RazorpayEmulator, startRazorpayEmulator } from '../../dev/razorpay-emulator/index';
import { startStripeEmulator } from '../../dev/stripe-emulator/index';
import { apiEvent } from '../unit/support/apigw';
import { freshQueue, freshTable, localSqs } from './local';
import { PATIENCE_MS } from './until';

export const RZP_KEY_ID = 'rzp_test_Harness0001';
export const RZP_KEY_SECRET = 'harness_key_secret';
export const RZP_WEBHOOK_SECRET = 'harness_webhook_secret';
export const STRIPE_WEBHOOK_SECRET = 'whsec_harness_stripe';

/**
 * Every port the payment side uses, plus `billing` and `payments`: each groups the repositories
 * of its old single store, for tests to inspect what was written.
 */
export type HarnessPorts = RazorpayEventPorts &
  DriftPorts &
  Omit<StripeEventPorts, 'refreshPlans'> & {
    workspaces: ReturnType<typeof workspaceRepository>;
    billing: ReturnType<typeof subscriptionRepository> &
      ReturnType<typeof customerLinkRepository> &
      ReturnType<typeof grantRepository> &
      ReturnType<typeof entitlementSnapshotRepository>;
    payments: ReturnType<typeof settlementRepository> &
      ReturnType<typeof razorpayOrderRepository> &
      ReturnType<typeof razorpayLinkRepository> &
      ReturnType<typeof manualPaymentRepository> &
      ReturnType<typeof attentionRepository>;
  };

/**
 * Tollgate's payment side over real local servers: DynamoDB Local (a fresh table), the SQS
 * server (a fresh payment-events queue), the Stripe emulator with the catalog applied and the
 * Razorpay emulator. Razorpay's webhooks reach the real receiver (the route's middy chain) in
 * process, which enqueues; `drain()` feeds the queue to the real consumer the way Lambda's event
 * source mapping does. Every `invoices.pay` call Tollgate makes is counted.
 */
export async function startPaymentHarness(opts: { stripeWebhooks?: boolean; metrics?: boolean } = {}) {
  const table: TableContext = await freshTable('pay');
  const sqs = localSqs();
  const queue = await freshQueue(sqs, { maxReceiveCount: 5, visibility: 1 });
  const stripeEmulator = await startStripeEmulator({
    port: 0,
    webhookSecret: STRIPE_WEBHOOK_SECRET,
    recordRequests: true,
  });
  const stripe: Stripe = createStripeClient({
    secretKey: 'sk_test_harness',
    apiBase: stripeEmulator.url,
    maxNetworkRetries: 0,
  });
  await applyCatalog(stripe, catalog);

  // Every pay call Tollgate makes, and those Stripe carried out (not replayed from its cache). `crashNextPay` simulates the
  // process dying around the call: before Stripe sees it, or after Stripe paid but before the
  // answer arrived (both surface as a connection error, which is not a refusal).
  const payCalls: string[] = [];
  const stripePaid: string[] = [];
  let crashNextPay: 'before' | 'after' | undefined;
  const pay = stripe.invoices.pay.bind(stripe.invoices);
  const crash = () => new Stripe.errors.StripeConnectionError({ message: 'simulated crash' });
  stripe.invoices.pay = (async (id: string, ...rest: unknown[]) => {
    payCalls.push(id);
    const when = crashNextPay;
    crashNextPay = undefined;
    if (when === 'before') throw crash();
    const r = await (pay as (...a: unknown[]) => ReturnType<typeof pay>)(id, ...rest);
    // An idempotent replay is Stripe answering from its cache: nothing was paid again.
    if (!r.lastResponse?.headers?.['idempotent-replayed']) stripePaid.push(id);
    if (when === 'after') throw crash();
    return r;
  }) as typeof stripe.invoices.pay;

  const bus = memoryBus();
  const clock = () => new Date();
  const planCache = planCacheRepository(table);
  const plans = (projectId: string) =>
    listPlans(
      { planCache, fetchPlans: () => readPlans(stripe, { names: stripeNames('demo'), document: catalog }), clock },
      projectId,
    );
  const subscriptions = subscriptionRepository(table);
  const customers = customerLinkRepository(table);
  const grants = grantRepository(table);
  const entitlements = entitlementSnapshotRepository(table);
  const settlements = settlementRepository(table);
  const razorpayOrders = razorpayOrderRepository(table);
  const razorpayLinks = razorpayLinkRepository(table);
  const manualPayments = manualPaymentRepository(table);
  const attention = attentionRepository(table);
  const inbox = inboxRepository(table);
  const razorpayEmulatorRef: { current?: RazorpayEmulator } = {};
  const ports: HarnessPorts = {
    // Tollgate's view of the client: failures translated; `stripe` itself stays the SDK's for the tests.
    stripe: async () => translatingStripe(stripe),
    subscriptions,
    customers,
    credits: creditLedgerRepository(table),
    catalog: { forProject: async () => catalog },
    billing: { ...subscriptions, ...customers, ...grants, ...entitlements },
    workspaces: workspaceRepository(table),
    history: historyRepository(table),
    bus,
    plans,
    recompute: {
      billing: {
        getSubscription: subscriptions.getSubscription,
        listGrants: grants.listGrants,
        putEntitlements: entitlements.putEntitlements,
      },
      plans,
      clock,
      graceDays: 7,
    },
    clock,
    graceDays: 7,
    settlements,
    razorpayOrders,
    razorpayLinks,
    manualPayments,
    attention,
    payments: { ...settlements, ...razorpayOrders, ...razorpayLinks, ...manualPayments, ...attention },
    razorpay: async () =>
      createRazorpayPort({ keyId: RZP_KEY_ID, keySecret: RZP_KEY_SECRET, baseUrl: razorpayEmulatorRef.current!.url }),
    razorpayKeyId: () => RZP_KEY_ID,
    inbox,
    readEvent: readRazorpayEvent,
    runs: reconciliationRepository(table),
    // With `metrics`, the sync and the Stripe events keep the project metrics (as wired in the service).
    ...(opts.metrics
      ? {
          metrics: {
            store: projectMetricsRepository(table),
            prices: {
              priceAmount: async (p: string, id: string) =>
                (await plans(p)).flatMap((x) => x.prices).find((x) => x.id === id),
            },
            clock,
          },
        }
      : {}),
  };

  const receiverPorts = {
    inbox,
    queue: queuePublisher(sqs, queue.url),
    verifier: razorpayWebhookVerifier(async () => RZP_WEBHOOK_SECRET),
    clock,
  };
  const receiver = httpHandler(razorpayWebhook, async ({ rawBody, headers }) =>
    receiveWebhook(receiverPorts, rawBody, headers),
  );
  /** Calls the receiver as its Function URL would. */
  const receive = async (
    rawBody: string,
    headers: Record<string, string>,
  ): Promise<APIGatewayProxyStructuredResultV2> =>
    (await receiver(
      apiEvent({
        method: 'POST',
        routePath: razorpayWebhook.path,
        rawPath: razorpayWebhook.path,
        headers: { 'content-type': 'application/json', ...headers },
        body: rawBody,
      }),
      lambdaContext('razorpayWebhook'),
    )) as APIGatewayProxyStructuredResultV2;

  // Stripe's webhooks (with `stripeWebhooks`) reach the real receiver too; its queue is kept in
  // memory and `settleStripe()` hands each stored event to the real processor.
  const stripeQueue: WebhookEventMessage[] = [];
  const stripeReceiver = httpHandler(stripeWebhook, async ({ rawBody, headers }) =>
    receiveWebhook(
      {
        inbox,
        queue: { send: async (m: unknown) => String(stripeQueue.push(m as WebhookEventMessage)) },
        verifier: stripeWebhookVerifier(async () => STRIPE_WEBHOOK_SECRET),
        clock,
      },
      rawBody,
      headers,
    ),
  );
  const receiveStripe = async (
    rawBody: string,
    headers: Record<string, string>,
  ): Promise<APIGatewayProxyStructuredResultV2> =>
    (await stripeReceiver(
      apiEvent({
        method: 'POST',
        routePath: stripeWebhook.path,
        rawPath: stripeWebhook.path,
        headers: { 'content-type': 'application/json', ...headers },
        body: rawBody,
      }),
      lambdaContext('stripeWebhook'),
    )) as APIGatewayProxyStructuredResultV2;

  const webhookServer = await import('node:http').then(({ createServer }) =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
        );
        const handle = req.url?.endsWith('/stripe') ? receiveStripe : receive;
        const r = await handle(Buffer.concat(chunks).toString('utf8'), headers).catch(() => ({
          statusCode: 500,
          body: '',
        }));
        res.writeHead(r.statusCode ?? 200, { 'content-type': 'application/json' });
        res.end(r.body ?? '');
      });
    }),
  );
  await new Promise<void>((r) => webhookServer.listen(0, '127.0.0.1', r));
  const webhookUrl = `http://127.0.0.1:${(webhookServer.address() as { port: number }).port}/api/v1/webhooks/razorpay`;
  const razorpayEmulator = await startRazorpayEmulator({
    port: 0,
    keyId: RZP_KEY_ID,
    keySecret: RZP_KEY_SECRET,
    webhookUrl,
    webhookSecret: RZP_WEBHOOK_SECRET,
    retryDelaysMs: [50, 100, 200],
  });
  razorpayEmulatorRef.current = razorpayEmulator;
  const stripeWebhookUrl = webhookUrl.replace(/razorpay$/, 'stripe');
  if (opts.stripeWebhooks) await createWebhookEndpoint(stripe, stripeWebhookUrl);
  const processorPorts: StripeEventPorts = { ...ports, refreshPlans: async () => undefined };
  /** Delivers Stripe's pending webhooks and processes every event they stored, until nothing is left. */
  const settleStripe = async () => {
    for (let round = 0; round < 50; round++) {
      await stripeEmulator.flush();
      const batch = stripeQueue.splice(0);
      if (!batch.length) return;
      for (const m of batch) await processStripeEvent(processorPorts, m.event_id);
    }
    throw new Error('Stripe events kept coming for 50 rounds');
  };

  const consumer = paymentEventsConsumer(() => ports, { consumer: { poison: poisonRepository(table), now: clock } });
  const toRecord = (m: Message) => ({
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: '0',
      SenderId: 'harness',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queue.name}`,
    awsRegion: 'us-east-1',
  });

  /**
   * Feeds everything on the queue to the consumer until it is empty. `deliver` lets a test
   * reorder or duplicate a batch, as SQS may (at-least-once, no ordering).
   */
  const drain = async (opts: { deliver?: (records: SQSEvent['Records']) => SQSEvent['Records'] } = {}) => {
    let handled = 0;
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 1,
          AttributeNames: ['All'],
        }),
      );
      const messages = r.Messages ?? [];
      if (!messages.length) {
        // Done when nothing is in flight either: a failed message comes back after its
        // visibility timeout, however long the consumer took.
        if (await queueEmpty()) return handled;
        if (Date.now() > deadline) throw new Error(`${queue.name} still holds messages after ${PATIENCE_MS} ms`);
        await new Promise((res) => setTimeout(res, 100));
        continue;
      }
      const records = messages.map(toRecord);
      const out = await consumer({ Records: opts.deliver ? opts.deliver(records) : records });
      const failed = new Set(out.batchItemFailures.map((f) => f.itemIdentifier));
      const ok = messages.filter((m) => !failed.has(m.MessageId!));
      if (ok.length)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: ok.map((m) => ({ Id: randomUUID(), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      handled += records.length;
    }
  };
  const queueEmpty = async () => {
    const a = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queue.url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return Object.values(a.Attributes ?? {}).every((v) => Number(v) === 0);
  };

  /** Takes every message now on the queue (deleted at once): for a test that delivers them itself. */
  const takeRecords = async (expected: number) => {
    const out: SQSEvent['Records'] = [];
    for (const deadline = Date.now() + PATIENCE_MS; out.length < expected && Date.now() < deadline; ) {
      const r = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 30,
          AttributeNames: ['All'],
        }),
      );
      const messages = r.Messages ?? [];
      if (!messages.length) await new Promise((res) => setTimeout(res, 50));
      else
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: messages.map((m) => ({ Id: randomUUID(), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      out.push(...messages.map(toRecord));
    }
    return out;
  };

  /** A workspace on a send_invoice subscription to `plan`, and its open first invoice. */
  const openInvoice = async (opts: { projectId?: string; currency?: 'inr' | 'usd'; plan?: string } = {}) => {
    const projectId = opts.projectId ?? 'proj_pay';
    const workspaceId = `ws_${randomUUID().slice(0, 8)}`;
    const currency = opts.currency ?? 'inr';
    await ports.workspaces.upsert(
      projectId,
      workspaceId,
      { name: 'Pay Co', email: 'pay@example.com', country: currency === 'inr' ? 'IN' : 'US', currency },
      clock().toISOString(),
    );
    const sub = await createSubscription(ports, projectId, {
      workspace_id: workspaceId,
      plan: opts.plan ?? 'pro',
      interval: 'month',
      seats: 1,
      collection_method: 'send_invoice',
      days_until_due: 7,
    });
    const list = await stripe.invoices.list({ customer: sub.customer_id, status: 'open', limit: 1 });
    if (!list.data[0]) throw new Error('the send_invoice subscription did not open an invoice');
    return {
      projectId,
      workspaceId,
      subscriptionId: sub.subscription_id,
      customerId: sub.customer_id,
      invoice: list.data[0],
    };
  };

  return {
    table,
    ports,
    inbox,
    stripe,
    stripeEmulator,
    razorpayEmulator,
    payCalls,
    stripePaid,
    crashNextPay: (when: 'before' | 'after') => void (crashNextPay = when),
    settleStripe,
    stripeWebhookUrl,
    processorPorts,
    published: bus.events,
    receive,
    drain,
    takeRecords,
    consumer,
    openInvoice,
    queueUrl: queue.url,
    async close() {
      await razorpayEmulator.close();
      webhookServer.closeAllConnections();
      await new Promise<void>((r) => webhookServer.close(() => r()));
      await stripeEmulator.close();
    },
  };
}

export type PaymentHarness = Awaited<ReturnType<typeof startPaymentHarness>>;
