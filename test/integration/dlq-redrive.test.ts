import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { createSqsClient } from '#shared/adapters/sqs/client';
import { type QueuePair, queueDepth, redriveDlq } from '#shared/adapters/sqs/dlq';
import { reloadConfig } from '#shared/config';
import { billingWindow, counterCutOff } from '#shared/domain/metering/windows';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { usageEventsConsumer } from '#shared/sqs/consumers/usage-events';
import type { QueueDef } from '#shared/sqs/queues';
import { main as dlqCli } from '../../dev/cli/dlq';
import { startSqsLocal } from '../../dev/sqs-local';
import { startPoller } from '../../dev/sqs-poller';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { until } from '../support/until';
import { seedWorkspace, usageMessage, usagePorts } from '../support/usage-fixtures';
import { apiEvent, call, type Invoke } from '../unit/support/apigw';

const ADMIN = 'tg_test_dlq_admin_key_000000000000';
const READER = 'tg_test_dlq_reader_key_00000000000';

const queueDef = (name: string): QueueDef => ({
  id: 'usage',
  name,
  dlqName: `${name}-dlq`,
  handler: 'n/a',
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  consumerTimeoutSeconds: 5,
  maxReceiveCount: 2,
  urlEnv: 'USAGE_QUEUE_URL',
  dlqUrlEnv: 'USAGE_DLQ_URL',
  access: { table: 'write' },
});

describe('DLQ redrive on the SQS server', () => {
  let table: TableContext;
  let admin: { q: Awaited<ReturnType<typeof freshQueue>> };
  beforeAll(async () => {
    // The functions' configuration first: modules keep what they read from it for the container.
    table = await freshTable('dlq');
    const sqs = localSqs();
    const [q, stripe, payment, outbound] = await Promise.all([
      freshQueue(sqs),
      freshQueue(sqs),
      freshQueue(sqs),
      freshQueue(sqs),
    ]);
    admin = { q };
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      USAGE_QUEUE_URL: q.url,
      USAGE_DLQ_URL: q.dlqUrl,
      STRIPE_QUEUE_URL: stripe.url,
      STRIPE_DLQ_URL: stripe.dlqUrl,
      PAYMENT_QUEUE_URL: payment.url,
      PAYMENT_DLQ_URL: payment.dlqUrl,
      OUTBOUND_QUEUE_URL: outbound.url,
      OUTBOUND_DLQ_URL: outbound.dlqUrl,
    });
    reloadConfig();
  });

  const total = async (ws: string) => {
    const c = await usageStore(table).readWorkspace('p1', ws, {
      cutOff: counterCutOff(new Date(Date.now() - 40 * 86_400_000)),
      consistent: true,
    });
    const w = billingWindow(new Date(), c.entitlements?.billing_period ?? null);
    return c.counters.find((x) => x.meter === 'ai_credits' && x.window.start === w.start)?.total ?? '0';
  };

  it('moves usage messages back after an outage and counts each idempotency key exactly once, copies of counted ones included', async () => {
    // Prepare: 40 unique events sent 50 times; during an "outage" every even key fails until the DLQ
    await seedWorkspace(table, 'p1', 'ws_dlq');
    const sqs = localSqs();
    const q = await freshQueue(sqs, { maxReceiveCount: 2, visibility: 30 });
    const pair: QueuePair = { id: 'usage', url: q.url, dlqUrl: q.dlqUrl };
    const msgs = Array.from({ length: 40 }, (_, i) =>
      usageMessage({ workspace_id: 'ws_dlq', idempotency_key: `k${i}`, value: '1' }),
    );
    const sends = [...msgs, ...msgs.slice(0, 10)];
    for (let i = 0; i < sends.length; i += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.url,
          Entries: sends.slice(i, i + 10).map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })),
        }),
      );
    }
    const { ports } = usagePorts(table);
    const consumer = usageEventsConsumer(ports, { consumer: { poison: poisonRepository(table) } });
    const down = (key: string) => Number(key.slice(1)) % 2 === 0;
    const duringOutage = async (event: SQSEvent) => {
      const failing = event.Records.filter((r) => down(JSON.parse(r.body).idempotency_key));
      const res = await consumer({ Records: event.Records.filter((r) => !failing.includes(r)) });
      return {
        batchItemFailures: [...res.batchItemFailures, ...failing.map((r) => ({ itemIdentifier: r.messageId }))],
      };
    };
    const outage = startPoller({
      sqs,
      queue: queueDef(q.name),
      queueUrl: q.url,
      handler: async () => duringOutage as never,
    });
    const settled = async () => {
      const d = await queueDepth(sqs, pair);
      return d.messages + d.in_flight === 0 ? d : undefined;
    };
    const afterOutage = await until('the queue to settle after the outage', settled, 60_000);
    await outage.stop();
    // Events that were counted, yet reach the DLQ again (a consumer that crashed before its delete).
    for (const m of msgs.slice(1, 6))
      await sqs.send(new SendMessageCommand({ QueueUrl: q.dlqUrl, MessageBody: JSON.stringify(m) }));
    const countedBefore = await total('ws_dlq');
    const inDlqBefore = (await queueDepth(sqs, pair)).dlq_messages;
    // Act
    const moved = await redriveDlq(sqs, pair, { waitMs: 30_000 });
    const healthy = startPoller({
      sqs,
      queue: queueDef(q.name),
      queueUrl: q.url,
      handler: async () => consumer as never,
    });
    await until(
      'the redriven messages to be consumed',
      async () => (await settled()) && (await total('ws_dlq')) === '40',
      60_000,
    ).catch(() => undefined);
    await healthy.stop();
    const after = await queueDepth(sqs, pair);
    // Assess
    expect(afterOutage.dlq_messages).toBe(25); // 20 even keys, 5 of them sent twice
    expect(countedBefore).toBe('20');
    expect(inDlqBefore).toBe(30);
    expect(moved).toMatchObject({
      method: 'message-move-task',
      status: 'completed',
      moved: 30,
      to_move: 30,
      remaining: 0,
    });
    expect(await total('ws_dlq')).toBe('40');
    expect(after).toMatchObject({ messages: 0, in_flight: 0, dlq_messages: 0 });
  });

  it('moves by receive / send / delete where a server has no message move task, keeping bodies and attributes', async () => {
    // Prepare
    const sqs = localSqs();
    const q = await freshQueue(sqs);
    const pair: QueuePair = { id: 'stripe', url: q.url, dlqUrl: q.dlqUrl };
    for (let i = 0; i < 3; i++) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: q.dlqUrl,
          Entries: Array.from({ length: 10 }, (_, j) => ({
            Id: String(j),
            MessageBody: `{"n":${i * 10 + j}}`,
            MessageAttributes: { origin: { DataType: 'String', StringValue: 'test' } },
          })),
        }),
      );
    }
    // The server may hold a just-sent message back for a moment before counting it.
    await until(
      'the DLQ to count all 30 messages',
      async () => (await queueDepth(sqs, pair)).dlq_messages === 30,
      60_000,
    );
    // Act
    const r = await redriveDlq(sqs, pair, { waitMs: 30_000, method: 'receive-send-delete' });
    const again = await redriveDlq(sqs, pair, { waitMs: 30_000, method: 'receive-send-delete' });
    const one = (
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 1, MessageAttributeNames: ['All'] }),
      )
    ).Messages?.[0];
    // Assess
    expect(r).toEqual({
      queue: 'stripe',
      method: 'receive-send-delete',
      status: 'completed',
      moved: 30,
      to_move: 30,
      remaining: 0,
    });
    expect(again).toMatchObject({ status: 'empty', moved: 0 });
    expect(one?.Body).toMatch(/^\{"n":\d+\}$/);
    expect(one?.MessageAttributes?.origin?.StringValue).toBe('test');
    const bodies = new Set([one?.Body]);
    for (let got = 1; got; ) {
      const batch =
        (await sqs.send(new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10 }))).Messages ?? [];
      for (const m of batch) bodies.add(m.Body);
      got = batch.length;
    }
    expect(bodies.size).toBe(30);
  });

  it('offers the same through the admin routes: counts only, admin scope', async () => {
    // Prepare
    const sqs = localSqs();
    const { q } = admin;
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.dlqUrl,
        Entries: Array.from({ length: 4 }, (_, j) => ({ Id: String(j), MessageBody: `{"secret":"body ${j}"}` })),
      }),
    );
    const tenancy = apiKeyRepository(table);
    await tenancy.putApiKey({
      keyId: 'key_dlq_a',
      hash: hashApiKey(ADMIN),
      prefix: 'tg_test_dlq',
      projectId: 'p1',
      appId: 'a',
      name: 'a',
      scopes: ['admin'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    await tenancy.putApiKey({
      keyId: 'key_dlq_r',
      hash: hashApiKey(READER),
      prefix: 'tg_test_dlq',
      projectId: 'p1',
      appId: 'a',
      name: 'r',
      scopes: ['entitlements:read'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    const handler = (await import('../../functions/http/admin/dlq')).handler as Invoke;
    const list = (key: string) =>
      call(
        handler,
        apiEvent({
          method: 'GET',
          routePath: '/api/v1/admin/dlq',
          rawPath: '/api/v1/admin/dlq',
          headers: { authorization: `Bearer ${key}` },
        }),
      );
    const redrive = (queue: string, key = ADMIN) =>
      call(
        handler,
        apiEvent({
          method: 'POST',
          routePath: '/api/v1/admin/dlq/{queue}/redrive',
          rawPath: `/api/v1/admin/dlq/${queue}/redrive`,
          pathParameters: { queue },
          headers: { authorization: `Bearer ${key}` },
        }),
      );
    // Act
    const before = await list(ADMIN);
    const forbidden = await redrive('usage', READER);
    const unknown = await redrive('nope');
    const moved = await redrive('usage');
    const after = await list(ADMIN);
    // Assess
    expect(before.status).toBe(200);
    expect(before.json.queues.find((x: { queue: string }) => x.queue === 'usage')).toMatchObject({
      dlq_messages: 4,
      messages: 0,
    });
    expect(JSON.stringify(before.json)).not.toContain('secret');
    expect(forbidden.status).toBe(403);
    expect(unknown.status).toBe(400);
    expect(moved.status).toBe(200);
    expect(moved.json).toMatchObject({ queue: 'usage', status: 'completed', moved: 4, to_move: 4, remaining: 0 });
    expect(JSON.stringify(moved.json)).not.toContain('secret');
    expect(after.json.queues.find((x: { queue: string }) => x.queue === 'usage')).toMatchObject({
      dlq_messages: 0,
      messages: 4,
      last_redrive: { status: 'completed', moved: 4 },
    });
  });

  it('npm run dlq: lists depths and redrives a queue of the local stack by name, printing the count', async () => {
    // Prepare: an SQS server with the stack's own queues, as npm start makes them
    const server = await startSqsLocal({ port: 0 });
    const sqs = createSqsClient({ endpoint: server.endpoint });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: server.dlqUrls.usage,
        Entries: Array.from({ length: 3 }, (_, j) => ({ Id: String(j), MessageBody: `{"n":${j}}` })),
      }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const io = { env: { AWS_REGION: 'us-east-1' }, out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const run = async (...argv: string[]) => {
      out.length = 0;
      err.length = 0;
      return { code: await dlqCli([...argv, '--endpoint', server.endpoint], io), out: out.join(''), err: err.join('') };
    };
    try {
      // Act
      const listed = await run('list', '--json');
      const text = await run('redrive', 'usage', '--wait', '60');
      const empty = await run('redrive', 'usage-events');
      const bad = await run('redrive', 'nope');
      const after = await run('list');
      // Assess
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.out).queues.find((x: { queue: string }) => x.queue === 'usage')).toMatchObject({
        dlq_messages: 3,
        messages: 0,
      });
      expect(text).toMatchObject({ code: 0 });
      expect(text.out).toContain('completed, 3 of 3 message(s) moved back to the queue, 0 left in the DLQ');
      expect(empty.out).toContain('is empty: nothing to move');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('redrive takes one queue: usage, stripe, payment');
      expect(after.out).toMatch(/usage\s+3\s+0\s+0\s+0\s+completed: 3\/3 moved/);
    } finally {
      await server.stop();
    }
  });
});
