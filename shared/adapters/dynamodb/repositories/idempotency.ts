import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AvItem, fromAvItem } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { IdempotencyStore, StoredResponse } from '#shared/http/ports';
import { HTTP_FUNCTION_TIMEOUT_SECONDS, idempotencyLeaseSeconds } from '#shared/time-budgets';

export type { BeginOptions, BeginResult, IdempotencyStore, StoredResponse } from '#shared/http/ports';

/** Records live 24 h, like Stripe's idempotency keys. */
const TTL_SECONDS = 24 * 3600;
const DEFAULT_LEASE_SECONDS = idempotencyLeaseSeconds(HTTP_FUNCTION_TIMEOUT_SECONDS);

interface IdempotencyRecord {
  projectId: string;
  key: string;
  fingerprint: string;
  status: 'in_progress' | 'completed';
  /** Epoch seconds until which an unanswered attempt holds the key. */
  leaseUntil?: number;
  attempt?: string;
  /** The first answer, once completed (JSON of a StoredResponse). */
  response?: string;
  expiresAt: number;
}

/** An Idempotency-Key of one project: the request's fingerprint, its lease, then its answer. */
export const httpIdempotencyItem = defineEntity<IdempotencyRecord>({
  entity: 'http_idempotency',
  version: 1,
  keys: (r) => keys.httpIdempotency(r.projectId, r.key),
  encode: (r) => ({
    fingerprint: r.fingerprint,
    status: r.status,
    lease_until: r.leaseUntil,
    ...(r.attempt ? { attempt: r.attempt } : {}),
    response: r.response,
    expires_at: r.expiresAt,
  }),
  decode: (item) => {
    const a = attributes('http_idempotency', item);
    const id = /^IDEM#([^#]+)#(.*)$/.exec(a.str('PK'));
    return {
      projectId: id?.[1] ?? '',
      key: id?.[2] ?? '',
      fingerprint: a.str('fingerprint'),
      status: a.str('status') === 'completed' ? 'completed' : 'in_progress',
      leaseUntil: a.optNum('lease_until'),
      attempt: a.optStr('attempt'),
      response: a.optStr('response'),
      expiresAt: a.num('expires_at'),
    };
  },
});

export function idempotencyRepository({ doc, tableName }: TableContext) {
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
            Item: httpIdempotencyItem.toItem({
              projectId,
              key,
              fingerprint,
              status: 'in_progress',
              leaseUntil: nowSec + lease,
              attempt: opts.attempt,
              expiresAt: nowSec + TTL_SECONDS,
            }),
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
        // The document client hands back the failed condition's item unmarshalled by nobody.
        const raw = (e as { Item?: AvItem }).Item;
        const old = raw ? httpIdempotencyItem.fromItem(fromAvItem(raw)) : undefined;
        if (!old || old.fingerprint !== fingerprint) return { state: 'mismatch' };
        if (old.status !== 'completed' || !old.response) {
          return { state: 'in_progress', ...(old.leaseUntil ? { leaseUntil: old.leaseUntil } : {}) };
        }
        return { state: 'replay', response: JSON.parse(old.response) as StoredResponse };
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
            ExpressionAttributeValues: {
              ':c': 'completed',
              ':r': JSON.stringify(response),
              ...owned.ExpressionAttributeValues,
            },
          }),
        )
        .catch(ignoreLost);
    },

    async abandon(projectId, key, attempt) {
      await doc
        .send(
          new DeleteCommand({ TableName: tableName, Key: keys.httpIdempotency(projectId, key), ...ownedBy(attempt) }),
        )
        .catch(ignoreLost);
    },
  } satisfies IdempotencyStore;
}
