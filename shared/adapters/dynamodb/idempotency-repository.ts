import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, idempotencyLeaseSeconds } from '../../time-budgets';
import type { IdempotencyStore, StoredResponse } from '../../http/ports';
import type { TableContext } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

export type { BeginOptions, BeginResult, IdempotencyStore, StoredResponse } from '../../http/ports';

/** Records live 24 h, like Stripe's idempotency keys. */
const TTL_SECONDS = 24 * 3600;
const DEFAULT_LEASE_SECONDS = idempotencyLeaseSeconds(HTTP_FUNCTION_TIMEOUT_SECONDS);

type Raw = Record<string, { S?: string; N?: string }>;

export function idempotencyRepository({ doc, tableName }: TableContext): IdempotencyStore {
  const ownedBy = (attempt: string | undefined) =>
    attempt ? { ConditionExpression: 'attempt = :a', ExpressionAttributeValues: { ':a': attempt } } : {};
  const ignoreLost = (e: unknown) => {
    // The lease ran out and a retry took the key over: its answer is the one that counts.
    if (!isConditionFailure(e)) throw e;
  };

  return {
    async begin(projectId, key, fingerprint, nowSec, opts = {}) {
      const lease = opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.httpIdempotency(projectId, key),
              entity: 'http_idempotency',
              fingerprint,
              status: 'in_progress',
              lease_until: nowSec + lease,
              ...(opts.attempt ? { attempt: opts.attempt } : {}),
              expires_at: nowSec + TTL_SECONDS,
            },
            // DynamoDB Local never expires items, so an expired record counts as absent here. An
            // attempt that never answered (killed by a timeout or a crash) loses the key to a
            // retry of the same request once its lease is over; records from before leases
            // existed carry none and count as lapsed.
            ConditionExpression:
              'attribute_not_exists(PK) OR expires_at < :now OR (#s = :ip AND fingerprint = :fp AND (attribute_not_exists(lease_until) OR lease_until < :now))',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':now': nowSec, ':ip': 'in_progress', ':fp': fingerprint },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { state: 'started' };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const old = (e as { Item?: Raw }).Item;
        if (!old || old.fingerprint?.S !== fingerprint) return { state: 'mismatch' };
        if (old.status?.S !== 'completed' || !old.response?.S) {
          return { state: 'in_progress', ...(old.lease_until?.N ? { leaseUntil: Number(old.lease_until.N) } : {}) };
        }
        return { state: 'replay', response: JSON.parse(old.response.S) as StoredResponse };
      }
    },

    async complete(projectId, key, response, attempt) {
      const owned = ownedBy(attempt);
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.httpIdempotency(projectId, key),
            UpdateExpression: 'SET #s = :c, #r = :r REMOVE lease_until',
            ExpressionAttributeNames: { '#s': 'status', '#r': 'response' },
            ...owned,
            ExpressionAttributeValues: { ':c': 'completed', ':r': JSON.stringify(response), ...owned.ExpressionAttributeValues },
          }),
        )
        .catch(ignoreLost);
    },

    async abandon(projectId, key, attempt) {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.httpIdempotency(projectId, key), ...ownedBy(attempt) })).catch(ignoreLost);
    },
  };
}
