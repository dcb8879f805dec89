import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import Stripe from 'stripe';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { inboxRepository } from '#shared/adapters/dynamodb/repositories/inbox';
import { createSqsClient, queuePublisher } from '#shared/adapters/sqs/client';
import { stripeWebhookVerifier } from '#shared/adapters/stripe/webhook-signature';
import { receiveWebhook } from '#shared/domain/webhooks/inbox';
import { type Benchmark, countRequests, type LatencySummary, measure, summarize } from './harness';

/**
 * Stripe's webhook ack time: how long Stripe waits for Tollgate's 2xx. The receiver verifies the
 * signature, stores the event once and enqueues it; the floor is the same two writes done raw
 * (one conditional PutItem, one SendMessage) on the same DynamoDB Local and SQS server.
 */
export const webhooks: Benchmark = {
  name: 'webhooks',
  description: 'Stripe webhook ack: signed POST through the local HTTP stack vs raw PutItem + SendMessage',
  async run(ctx) {
    const stack = await ctx.stack();
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw new Error('The local stack did not set STRIPE_WEBHOOK_SECRET');
    const url = `${stack.baseUrl}/api/v1/webhooks/stripe`;
    // An event type Tollgate stores and ignores, so the consumer's work does not skew the ack.
    const signed = () => {
      const body = JSON.stringify({
        id: `evt_bench_${randomUUID().replace(/-/g, '')}`,
        object: 'event',
        type: 'balance.available',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'bal_1' } },
      });
      return { body, signature: Stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
    };
    const ddb = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const sqs = createSqsClient({ endpoint: stack.sqsEndpoint });
    // A queue of its own, so the floor's messages never reach a consumer or a DLQ.
    const floorQueue = (await sqs.send(new CreateQueueCommand({ QueueName: 'bench-webhook-floor' }))).QueueUrl!;

    // The receiver's own work, on a client of its own (so its requests are counted alone) and
    // into the floor's queue (so no consumer competes for DynamoDB Local while it runs).
    const table = createTableContext({ tableName: stack.tableName, endpoint: stack.dynamodbEndpoint });
    const counter = countRequests(table.doc);
    const receiverPorts = {
      inbox: inboxRepository(table),
      queue: queuePublisher(sqs, floorQueue),
      verifier: stripeWebhookVerifier(async () => secret),
      clock: () => new Date(),
    };

    const cases: { id: string; label: string; call: () => Promise<void> }[] = [
      {
        id: 'http',
        label: 'signed POST through the local HTTP stack',
        call: async () => {
          const { body, signature } = signed();
          const r = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': signature },
            body,
          });
          await r.arrayBuffer();
          if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
        },
      },
      {
        id: 'receiver',
        label: 'receiver in-process (verify, inbox, enqueue), quiet queue',
        call: async () => {
          const { body, signature } = signed();
          const r = await receiveWebhook(receiverPorts, body, { 'stripe-signature': signature });
          if (r.duplicate) throw new Error('a fresh event was taken for a duplicate');
        },
      },
      {
        id: 'raw_floor',
        label: 'raw conditional PutItem + SendMessage (floor)',
        call: async () => {
          const id = randomUUID();
          await ddb.send(
            new PutItemCommand({
              TableName: stack.tableName,
              Item: { PK: { S: `BENCH#${id}` }, SK: { S: 'BENCH' } },
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
          await sqs.send(new SendMessageCommand({ QueueUrl: floorQueue, MessageBody: JSON.stringify({ id }) }));
        },
      },
    ];
    const results: Record<string, LatencySummary & { label: string; dynamodb_requests_per_call: number | null }> = {};
    for (const c of cases) {
      ctx.log(`  ${c.label}: ${ctx.warmup} warm-up + ${ctx.iterations} measured calls`);
      const latency = summarize(await measure(c.call, { iterations: ctx.iterations, warmup: ctx.warmup }));
      const perCall =
        c.id === 'receiver' ? counter.requests / (ctx.iterations + ctx.warmup) : c.id === 'raw_floor' ? 1 : null;
      results[c.id] = { label: c.label, ...latency, dynamodb_requests_per_call: perCall };
      counter.reset();
    }
    counter.restore();
    table.doc.destroy();
    ddb.destroy();
    sqs.destroy();
    const floor = results.raw_floor.p50_ms;
    return {
      results: { iterations: ctx.iterations, cases: results },
      tables: [
        {
          title: `Stripe webhook ack — ${ctx.iterations} events after ${ctx.warmup} warm-up`,
          columns: ['path', 'p50 ms', 'p99 ms', 'mean ms', 'p50 over floor', 'DDB req/event'],
          rows: Object.values(results).map((r) => [
            r.label,
            r.p50_ms.toFixed(2),
            r.p99_ms.toFixed(2),
            r.mean_ms.toFixed(2),
            r === results.raw_floor ? '-' : `+${(r.p50_ms - floor).toFixed(2)} ms`,
            r.dynamodb_requests_per_call === null ? 'as receiver' : r.dynamodb_requests_per_call.toFixed(2),
          ]),
          notes: [
            "The receiver verifies the signature (HMAC-SHA256), writes the inbox row, sends to stripe-events and marks the row queued: two DynamoDB requests and one SQS send, against the floor's one and one.",
            'Through HTTP the stripe-events consumer drains each event as it lands, on the same DynamoDB Local and the same two cores; the gap to the receiver row is the gateway plus that contention.',
          ],
        },
      ],
    };
  },
};
