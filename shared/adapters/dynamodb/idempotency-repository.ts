import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

export interface StoredResponse {
  statusCode: number;
  body: string;
  headers?: Record<string, string>;
}

export type BeginResult =
  | { state: 'started' }
  | { state: 'replay'; response: StoredResponse }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

export interface IdempotencyStore {
  begin(projectId: string, key: string, fingerprint: string, nowSec: number): Promise<BeginResult>;
  complete(projectId: string, key: string, response: StoredResponse): Promise<void>;
  abandon(projectId: string, key: string): Promise<void>;
}

/** Records live 24 h, like Stripe's idempotency keys. */
const TTL_SECONDS = 24 * 3600;

export function idempotencyRepository({ doc, tableName }: TableContext): IdempotencyStore {
  return {
    async begin(projectId, key, fingerprint, nowSec) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.httpIdempotency(projectId, key),
              entity: 'http_idempotency',
              fingerprint,
              status: 'in_progress',
              expires_at: nowSec + TTL_SECONDS,
            },
            // DynamoDB Local never expires items, so an expired record counts as absent here.
            ConditionExpression: 'attribute_not_exists(PK) OR expires_at < :now',
            ExpressionAttributeValues: { ':now': nowSec },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { state: 'started' };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const old = (e as { Item?: Record<string, { S?: string; N?: string }> }).Item;
        if (!old || old.fingerprint?.S !== fingerprint) return { state: 'mismatch' };
        if (old.status?.S !== 'completed' || !old.response?.S) return { state: 'in_progress' };
        return { state: 'replay', response: JSON.parse(old.response.S) as StoredResponse };
      }
    },

    async complete(projectId, key, response) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.httpIdempotency(projectId, key),
          UpdateExpression: 'SET #s = :c, #r = :r',
          ExpressionAttributeNames: { '#s': 'status', '#r': 'response' },
          ExpressionAttributeValues: { ':c': 'completed', ':r': JSON.stringify(response) },
        }),
      );
    },

    async abandon(projectId, key) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.httpIdempotency(projectId, key) }));
    },
  };
}
