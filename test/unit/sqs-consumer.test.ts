import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { PoisonMessageError } from '#shared/errors';
import type { PoisonRecord, PoisonStore } from '#shared/sqs/consumer';
import { type BatchOutcome, type ParsedMessage, sqsBatchHandler, sqsHandler } from '#shared/sqs/consumer';

const Usage = z.strictObject({ workspace_id: z.string().min(1), quantity: z.number().positive() });

const record = (messageId: string, body: string, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '0',
    SenderId: 'x',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:usage-events',
  awsRegion: 'us-east-1',
});
const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const good = (id: string, quantity = 1) => record(id, JSON.stringify({ workspace_id: 'ws_1', quantity }));

function memoryPoison(fail = false): PoisonStore & { items: PoisonRecord[] } {
  const items: PoisonRecord[] = [];
  return {
    items,
    record: vi.fn(async (p: PoisonRecord) => {
      if (fail) throw new Error('table unavailable');
      items.push(p);
    }),
    list: async (queue) => items.filter((i) => i.queue === queue),
  };
}
const ports = (poison: PoisonStore) => ({ poison, now: () => new Date('2026-03-01T00:00:00Z') });

describe('sqsBatchHandler', () => {
  it('records bodies that can never parse as poison and acknowledges them', async () => {
    // Prepare
    const poison = memoryPoison();
    const handleBatch = vi.fn(
      async (_messages: ParsedMessage<z.infer<typeof Usage>>[]): Promise<BatchOutcome> => ({ failed: [] }),
    );
    const handler = sqsBatchHandler({ queue: 'usage-events', schema: Usage, handleBatch, ports: ports(poison) });
    // Act
    const res = await handler(
      event(
        good('m1'),
        record('m2', 'not json'),
        record('m3', '{"workspace_id":"ws_1","quantity":-1}'),
        record('m4', '{"workspace_id":"ws_1","quantity":1,"extra":true}'),
      ),
    );
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(handleBatch).toHaveBeenCalledOnce();
    expect(handleBatch.mock.calls[0][0].map((m) => m.messageId)).toEqual(['m1']);
    expect(poison.items.map((p) => [p.messageId, p.queue])).toEqual([
      ['m2', 'usage-events'],
      ['m3', 'usage-events'],
      ['m4', 'usage-events'],
    ]);
    expect(poison.items[0]).toMatchObject({
      body: 'not json',
      reason: expect.stringMatching(/^body is not JSON/),
      receivedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(poison.items[1].reason).toMatch(/^quantity: /);
    expect(poison.items[2].reason).toContain('extra');
  });

  it('hands the handler typed bodies with their receive count', async () => {
    // Prepare
    const handleBatch = vi.fn(
      async (_messages: ParsedMessage<z.infer<typeof Usage>>[]): Promise<BatchOutcome> => ({ failed: [] }),
    );
    const handler = sqsBatchHandler({ queue: 'q', schema: Usage, handleBatch, ports: ports(memoryPoison()) });
    // Act
    await handler(event(record('m1', JSON.stringify({ workspace_id: 'ws_9', quantity: 2.5 }), 3)));
    // Assess
    expect(handleBatch.mock.calls[0][0]).toEqual([
      expect.objectContaining({ messageId: 'm1', body: { workspace_id: 'ws_9', quantity: 2.5 }, receiveCount: 3 }),
    ]);
  });

  it('reports only the failed messages of a partial batch', async () => {
    // Prepare
    const handler = sqsBatchHandler({
      queue: 'q',
      schema: Usage,
      handleBatch: async () => ({ failed: ['m2'] }),
      ports: ports(memoryPoison()),
    });
    // Act
    const res = await handler(event(good('m1'), good('m2'), good('m3')));
    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  });

  it('fails every parsed message when the batch handler throws, still recording poison', async () => {
    // Prepare
    const poison = memoryPoison();
    const handler = sqsBatchHandler({
      queue: 'q',
      schema: Usage,
      handleBatch: async () => {
        throw new Error('boom');
      },
      ports: ports(poison),
    });
    // Act
    const res = await handler(event(good('m1'), record('m2', '{'), good('m3')));
    // Assess
    expect(res.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m1', 'm3']);
    expect(poison.items.map((p) => p.messageId)).toEqual(['m2']);
  });

  it('hands a poison message back to SQS when it cannot be recorded, rather than losing it', async () => {
    // Prepare
    const handler = sqsBatchHandler({
      queue: 'q',
      schema: Usage,
      handleBatch: async () => ({ failed: [] }),
      ports: ports(memoryPoison(true)),
    });
    // Act
    const res = await handler(event(good('m1'), record('m2', 'garbage')));
    // Assess
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  });

  it('records messages the handler declares poison, with the original body', async () => {
    // Prepare
    const poison = memoryPoison();
    const handler = sqsBatchHandler({
      queue: 'q',
      schema: Usage,
      handleBatch: async () => ({ failed: [], poison: [{ messageId: 'm1', reason: 'unknown workspace' }] }),
      ports: ports(poison),
    });
    // Act
    const res = await handler(event(good('m1', 7)));
    // Assess
    expect(res.batchItemFailures).toEqual([]);
    expect(poison.items).toEqual([
      expect.objectContaining({
        messageId: 'm1',
        reason: 'unknown workspace',
        body: JSON.stringify({ workspace_id: 'ws_1', quantity: 7 }),
      }),
    ]);
  });
});

describe('sqsHandler', () => {
  it('fails only the message whose handler throws; PoisonMessageError is recorded instead', async () => {
    // Prepare
    const poison = memoryPoison();
    const seen: string[] = [];
    const handler = sqsHandler({
      queue: 'q',
      schema: Usage,
      ports: ports(poison),
      handle: async (m) => {
        seen.push(m.messageId);
        if (m.body.quantity === 2) throw new Error('transient');
        if (m.body.quantity === 3) throw new PoisonMessageError('workspace was deleted');
      },
    });
    // Act
    const res = await handler(event(good('m1', 1), good('m2', 2), good('m3', 3), good('m4', 4)));
    // Assess
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(res.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    expect(poison.items.map((p) => [p.messageId, p.reason])).toEqual([['m3', 'workspace was deleted']]);
  });
});
