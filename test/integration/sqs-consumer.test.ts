import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { PoisonMessageError } from '#shared/errors';
import { type ParsedMessage, type PoisonStore, sqsBatchHandler, sqsHandler } from '#shared/sqs/consumer';
import type { QueueDef } from '#shared/sqs/queues';
import { startPoller } from '../../dev/sqs-poller';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { PATIENCE_MS } from '../support/until';

const Event = z.strictObject({ id: z.string(), fail: z.enum(['never', 'once', 'always']).default('never') });
type Event = z.infer<typeof Event>;

/** A queue definition like the manifest's, sized so retries and redrive take seconds. */
const queueDef = (name: string, over: Partial<QueueDef> = {}): QueueDef => ({
  id: 'usage',
  name,
  dlqName: `${name}-dlq`,
  handler: 'n/a',
  batchSize: 10,
  maxBatchingWindowSeconds: 0,
  consumerTimeoutSeconds: 5,
  maxReceiveCount: 3,
  urlEnv: 'USAGE_QUEUE_URL',
  dlqUrlEnv: 'USAGE_DLQ_URL',
  access: { table: 'write' },
  ...over,
});

async function depth(sqs: SQSClient, url: string) {
  const r = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(r.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(r.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

const send = (sqs: SQSClient, url: string, body: Event | string) =>
  sqs.send(
    new SendMessageCommand({ QueueUrl: url, MessageBody: typeof body === 'string' ? body : JSON.stringify(body) }),
  );

describe('SQS consumer wrapper driven by the local poller', () => {
  let sqs: SQSClient;
  let table: TableContext;
  let poison: PoisonStore;
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    sqs = localSqs();
    table = await freshTable('consumer');
    poison = poisonRepository(table);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  /** Runs the poller over a fresh queue; every delivery is logged with its receive count. */
  async function run(opts: { maxReceiveCount?: number } = {}) {
    const q = await freshQueue(sqs, { maxReceiveCount: opts.maxReceiveCount ?? 3 });
    const deliveries: { id: string; receiveCount: number }[] = [];
    const batches: { size: number; failed: number }[] = [];
    const outcome = (m: ParsedMessage<Event>) => {
      deliveries.push({ id: m.body.id, receiveCount: m.receiveCount });
      const attempt = deliveries.filter((d) => d.id === m.body.id).length;
      return m.body.fail === 'always' || (m.body.fail === 'once' && attempt === 1) ? 'fail' : 'ok';
    };
    const handler = sqsHandler({
      queue: q.name,
      schema: Event,
      ports: { poison },
      handle: async (m) => {
        if (outcome(m) === 'fail') throw new Error(`handler failed for ${m.body.id}`);
      },
    });
    const poller = startPoller({
      sqs,
      queue: queueDef(q.name, { maxReceiveCount: opts.maxReceiveCount ?? 3 }),
      queueUrl: q.url,
      handler: async () => handler,
      retryDelaySeconds: 0,
      idleSleepMs: 50,
      onBatch: (b) => batches.push(b),
    });
    stops.push(() => poller.stop());
    return { q, deliveries, batches };
  }

  it('handles a good message once and deletes it', async () => {
    // Prepare
    const { q, deliveries } = await run();
    // Act
    await send(sqs, q.url, { id: 'good-1', fail: 'never' });
    // Assess: the server may hold a just-sent message back for a moment, so an empty queue alone
    // does not mean it was handled.
    await vi.waitFor(async () => expect(deliveries).toHaveLength(1), { timeout: PATIENCE_MS, interval: 100 });
    await vi.waitFor(async () => expect(await depth(sqs, q.url)).toBe(0), { timeout: PATIENCE_MS, interval: 100 });
    expect(deliveries).toEqual([{ id: 'good-1', receiveCount: 1 }]);
    expect(await depth(sqs, q.dlqUrl)).toBe(0);
  });

  it('records a poison body in the table and acknowledges it instead of retrying', async () => {
    // Prepare
    const { q, deliveries, batches } = await run();
    // Act
    const notJson = await send(sqs, q.url, 'this is not json');
    const badShape = await send(sqs, q.url, JSON.stringify({ id: 42 }));
    // Assess
    await vi.waitFor(async () => expect((await poison.list(q.name)).length).toBe(2), {
      timeout: PATIENCE_MS,
      interval: 100,
    });
    const recorded = await poison.list(q.name);
    expect(recorded.find((p) => p.messageId === notJson.MessageId)).toMatchObject({
      body: 'this is not json',
      reason: expect.stringMatching(/not JSON/),
    });
    expect(recorded.find((p) => p.messageId === badShape.MessageId)?.reason).toMatch(/^id: /);
    // Nothing visible and nothing in flight: both were deleted, so neither can be redelivered.
    await vi.waitFor(async () => expect(await depth(sqs, q.url)).toBe(0), { timeout: PATIENCE_MS, interval: 100 });
    expect(batches.reduce((n, b) => n + b.size, 0)).toBe(2);
    expect(batches.every((b) => b.failed === 0)).toBe(true);
    expect(deliveries).toEqual([]);
    expect(await depth(sqs, q.dlqUrl)).toBe(0);
  });

  it('moves a message that always fails to the DLQ after exactly maxReceiveCount deliveries', async () => {
    // Prepare
    const { q, deliveries } = await run({ maxReceiveCount: 3 });
    // Act
    const sent = await send(sqs, q.url, { id: 'doomed', fail: 'always' });
    // Assess
    await vi.waitFor(async () => expect(await depth(sqs, q.dlqUrl)).toBe(1), { timeout: PATIENCE_MS, interval: 100 });
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: q.dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    expect(dead.Messages?.map((m) => m.MessageId)).toEqual([sent.MessageId]);
    expect(deliveries).toEqual([
      { id: 'doomed', receiveCount: 1 },
      { id: 'doomed', receiveCount: 2 },
      { id: 'doomed', receiveCount: 3 },
    ]);
    expect(await depth(sqs, q.url)).toBe(0);
    expect(await poison.list(q.name)).toEqual([]);
  });

  it('succeeds on the last allowed delivery without landing in the DLQ', async () => {
    // Prepare
    const { q, deliveries } = await run({ maxReceiveCount: 2 });
    // Act
    await send(sqs, q.url, { id: 'late', fail: 'once' });
    // Assess
    await vi.waitFor(async () => expect(deliveries).toHaveLength(2), { timeout: PATIENCE_MS, interval: 100 });
    await vi.waitFor(async () => expect(await depth(sqs, q.url)).toBe(0), { timeout: PATIENCE_MS, interval: 100 });
    expect(await depth(sqs, q.dlqUrl)).toBe(0);
  });

  it('retries only the failed message of a partial batch', async () => {
    // Prepare
    const q = await freshQueue(sqs, { maxReceiveCount: 3 });
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: q.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify({ id: 'a' }) },
          { Id: 'b', MessageBody: JSON.stringify({ id: 'b', fail: 'once' }) },
          { Id: 'c', MessageBody: JSON.stringify({ id: 'c' }) },
        ],
      }),
    );
    // Act: messages are queued before the poller starts, so the first receive takes all three.
    const { deliveries, batches } = await runOn(q);
    // Assess
    await vi.waitFor(async () => expect(deliveries).toHaveLength(4), { timeout: PATIENCE_MS, interval: 100 });
    await vi.waitFor(async () => expect(await depth(sqs, q.url)).toBe(0), { timeout: PATIENCE_MS, interval: 100 });
    expect(batches[0]).toEqual({ size: 3, failed: 1 });
    expect(batches[1]).toEqual({ size: 1, failed: 0 });
    expect(deliveries.map((d) => `${d.id}#${d.receiveCount}`).sort()).toEqual(['a#1', 'b#1', 'b#2', 'c#1']);
    expect(await depth(sqs, q.dlqUrl)).toBe(0);
  });

  it('records a message its handler declares poison, and does not retry it', async () => {
    // Prepare
    const q = await freshQueue(sqs, { maxReceiveCount: 3 });
    let calls = 0;
    const handler = sqsHandler({
      queue: q.name,
      schema: Event,
      ports: { poison },
      handle: async () => {
        calls += 1;
        throw new PoisonMessageError('refers to a deleted workspace');
      },
    });
    const poller = startPoller({
      sqs,
      queue: queueDef(q.name),
      queueUrl: q.url,
      handler: async () => handler,
      retryDelaySeconds: 0,
      idleSleepMs: 50,
    });
    stops.push(() => poller.stop());
    // Act
    await send(sqs, q.url, { id: 'orphan', fail: 'never' });
    // Assess
    await vi.waitFor(async () => expect(await poison.list(q.name)).toHaveLength(1), {
      timeout: PATIENCE_MS,
      interval: 100,
    });
    await vi.waitFor(async () => expect(await depth(sqs, q.url)).toBe(0), { timeout: PATIENCE_MS, interval: 100 });
    expect((await poison.list(q.name))[0].reason).toBe('refers to a deleted workspace');
    expect(calls).toBe(1);
  });

  /** Like `run`, over an existing queue, with the batch variant of the wrapper. */
  async function runOn(q: { name: string; url: string }) {
    const deliveries: { id: string; receiveCount: number }[] = [];
    const batches: { size: number; failed: number }[] = [];
    const handler = sqsBatchHandler({
      queue: q.name,
      schema: Event,
      ports: { poison },
      handleBatch: async (ms) => {
        const failed: string[] = [];
        for (const m of ms) {
          deliveries.push({ id: m.body.id, receiveCount: m.receiveCount });
          if (m.body.fail === 'once' && m.receiveCount === 1) failed.push(m.messageId);
        }
        return { failed };
      },
    });
    const poller = startPoller({
      sqs,
      queue: queueDef(q.name),
      queueUrl: q.url,
      handler: async () => handler,
      retryDelaySeconds: 0,
      idleSleepMs: 50,
      onBatch: (b) => batches.push(b),
    });
    stops.push(() => poller.stop());
    return { deliveries, batches };
  }
});
