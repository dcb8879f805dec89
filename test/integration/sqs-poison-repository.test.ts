import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import type { PoisonStore } from '#shared/sqs/consumer';
import { freshTable } from '../support/local';

describe('poison repository on DynamoDB Local', () => {
  let table: TableContext;
  let poison: PoisonStore;
  beforeAll(async () => {
    table = await freshTable('poison');
    poison = poisonRepository(table);
  });

  it('records a message per queue, listable by queue', async () => {
    // Prepare
    const base = { reason: 'body is not JSON', body: '{', receivedAt: '2026-03-01T00:00:00.000Z' };
    // Act
    await poison.record({ ...base, queue: 'usage-events', messageId: 'm1' });
    await poison.record({ ...base, queue: 'usage-events', messageId: 'm2' });
    await poison.record({ ...base, queue: 'stripe-events', messageId: 'm3' });
    // Assess
    expect((await poison.list('usage-events')).map((p) => p.messageId)).toEqual(['m1', 'm2']);
    expect(await poison.list('stripe-events')).toEqual([{ ...base, queue: 'stripe-events', messageId: 'm3' }]);
    expect(await poison.list('payment-events')).toEqual([]);
  });

  it('keeps one record when the same message is recorded again', async () => {
    // Act
    await poison.record({
      queue: 'redelivered',
      messageId: 'm1',
      reason: 'first',
      body: 'x',
      receivedAt: '2026-03-01T00:00:00.000Z',
    });
    await poison.record({
      queue: 'redelivered',
      messageId: 'm1',
      reason: 'second',
      body: 'x',
      receivedAt: '2026-03-01T00:01:00.000Z',
    });
    // Assess
    expect((await poison.list('redelivered')).map((p) => p.reason)).toEqual(['second']);
  });

  it('truncates what it keeps and expires the record after 30 days', async () => {
    // Prepare
    const receivedAt = '2026-03-01T00:00:00.000Z';
    // Act
    await poison.record({
      queue: 'big',
      messageId: 'm1',
      reason: 'r'.repeat(5000),
      body: 'b'.repeat(200 * 1024),
      receivedAt,
    });
    const item = (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.poison('big', 'm1') })))
      .Item!;
    // Assess
    expect(item.entity).toBe('poison_message');
    expect((item.reason as string).length).toBe(2000);
    expect((item.body as string).length).toBe(64 * 1024);
    expect(item.expires_at).toBe(Date.parse(receivedAt) / 1000 + 30 * 24 * 3600);
  });
});
