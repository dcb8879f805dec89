import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { PoisonRecord, PoisonStore } from '#shared/sqs/consumer';

/** Messages that can never succeed are kept 30 days for an operator, then expire. */
const TTL_SECONDS = 30 * 24 * 3600;
const MAX_REASON = 2000;
const MAX_BODY = 64 * 1024;

/** A poison message, keyed by message id: a redelivered poison message overwrites its own record. */
export const poisonMessageItem = defineEntity<PoisonRecord>({
  entity: 'poison_message',
  version: 1,
  keys: (p) => keys.poison(p.queue, p.messageId),
  encode: (p) => ({
    queue: p.queue,
    message_id: p.messageId,
    reason: p.reason.slice(0, MAX_REASON),
    body: p.body.slice(0, MAX_BODY),
    received_at: p.receivedAt,
    expires_at: Math.floor(Date.parse(p.receivedAt) / 1000) + TTL_SECONDS,
  }),
  decode: (item) => {
    const a = attributes('poison_message', item);
    return {
      queue: a.str('queue'),
      messageId: a.str('message_id'),
      reason: a.str('reason'),
      body: a.str('body'),
      receivedAt: a.str('received_at'),
    };
  },
});

export function poisonRepository({ doc, tableName }: TableContext) {
  return {
    async record(p) {
      await doc.send(new PutCommand({ TableName: tableName, Item: poisonMessageItem.toItem(p) }));
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
      return (r.Items ?? []).map(poisonMessageItem.fromItem);
    },
  } satisfies PoisonStore;
}
