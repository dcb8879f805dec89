import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client';
import { keys } from './keys';

export interface PoisonRecord {
  queue: string;
  messageId: string;
  reason: string;
  body: string;
  receivedAt: string;
}

export interface PoisonStore {
  record(p: PoisonRecord): Promise<void>;
  list(queue: string, limit?: number): Promise<PoisonRecord[]>;
}

/** Messages that can never succeed are kept 30 days for an operator, then expire. */
const TTL_SECONDS = 30 * 24 * 3600;

export function poisonRepository({ doc, tableName }: TableContext): PoisonStore {
  return {
    async record(p) {
      // Keyed by message id: a redelivered poison message overwrites its own record.
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.poison(p.queue, p.messageId),
            entity: 'poison_message',
            queue: p.queue,
            message_id: p.messageId,
            reason: p.reason.slice(0, 2000),
            body: p.body.slice(0, 64 * 1024),
            received_at: p.receivedAt,
            expires_at: Math.floor(Date.parse(p.receivedAt) / 1000) + TTL_SECONDS,
          },
        }),
      );
    },
    async list(queue, limit = 100) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.poisonPk(queue) },
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => ({
        queue: i.queue,
        messageId: i.message_id,
        reason: i.reason,
        body: i.body,
        receivedAt: i.received_at,
      }));
    },
  };
}
