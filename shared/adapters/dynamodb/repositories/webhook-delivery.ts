import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { BillingEvent, Delivery, DeliveryStatus, DeliveryStore } from '#shared/domain/outbound/ports';

/** Deliveries are kept 30 days (DynamoDB's TTL deletes them), long past the 3-day retry window. */
export const DELIVERY_RETENTION_SECONDS = 30 * 86_400;

const nullableNum = (v: unknown) => (typeof v === 'number' ? v : null);
const nullableStr = (v: unknown) => (typeof v === 'string' ? v : null);

export const webhookDeliveryEntity = defineEntity<Delivery>({
  entity: 'webhook_delivery',
  version: 1,
  keys: (d) => ({
    ...keys.webhookDelivery(d.projectId, d.endpointId, d.deliveryId),
    ...keys.webhookDeliveryIndex(d.projectId, d.endpointId, d.createdAt, d.deliveryId),
  }),
  encode: (d) => ({
    project_id: d.projectId,
    endpoint_id: d.endpointId,
    delivery_id: d.deliveryId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    last_latency_ms: d.lastLatencyMs,
    last_response_body: d.lastResponseBody,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    retry_window_start: d.retryWindowStart,
    next_attempt_at: d.nextAttemptAt,
    completed_at: d.completedAt,
    expires_at: Math.floor(Date.parse(d.createdAt) / 1000) + DELIVERY_RETENTION_SECONDS,
  }),
  decode: (item) => {
    const a = attributes('webhook_delivery', item);
    return {
      projectId: a.str('project_id'),
      endpointId: a.str('endpoint_id'),
      deliveryId: a.str('delivery_id'),
      event: a.doc<BillingEvent>('event'),
      status: a.str('status') as DeliveryStatus,
      attempts: a.num('attempts'),
      lastStatusCode: nullableNum(item.last_status_code),
      lastError: nullableStr(item.last_error),
      lastLatencyMs: nullableNum(item.last_latency_ms),
      lastResponseBody: nullableStr(item.last_response_body),
      createdAt: a.str('created_at'),
      updatedAt: a.str('updated_at'),
      retryWindowStart: a.str('retry_window_start'),
      nextAttemptAt: nullableStr(item.next_attempt_at),
      completedAt: nullableStr(item.completed_at),
    };
  },
});

const cursorOf = (k: Record<string, unknown> | undefined) =>
  k ? Buffer.from(JSON.stringify(k)).toString('base64url') : null;
const startOf = (c: string | undefined) =>
  c ? (JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>) : undefined;

/**
 * One item per (endpoint, event). Attempts are serialised by a claim: a token and a lease on the
 * item, taken only for the next attempt number, so a duplicate or stale queue message can never
 * make a second attempt of the same number while the first runs.
 */
export function webhookDeliveryRepository({ doc, tableName }: TableContext) {
  const key = (r: { projectId: string; endpointId: string; deliveryId: string }) =>
    keys.webhookDelivery(r.projectId, r.endpointId, r.deliveryId);
  return {
    async createOnce(d) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: webhookDeliveryEntity.toItem(d),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async get(ref) {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: key(ref), ConsistentRead: true }));
      return r.Item ? webhookDeliveryEntity.fromItem(r.Item) : undefined;
    },

    async list(projectId, endpointId, page) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ...(page.status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':pk': keys.webhookDeliveryIndexPk(projectId, endpointId),
            ...(page.status ? { ':s': page.status } : {}),
          },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: startOf(page.cursor),
        }),
      );
      return { deliveries: (r.Items ?? []).map(webhookDeliveryEntity.fromItem), cursor: cursorOf(r.LastEvaluatedKey) };
    },

    async claim(ref, attempt, token, leaseUntil, now) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(ref),
            UpdateExpression: 'SET claim_token = :t, lease_until = :l',
            ConditionExpression:
              '#s = :pending AND attempts = :prev AND (attribute_not_exists(lease_until) OR lease_until < :now)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':t': token,
              ':l': leaseUntil,
              ':pending': 'pending',
              ':prev': attempt - 1,
              ':now': now,
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async finish(ref, token, r) {
      try {
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(ref),
            UpdateExpression:
              'SET #s = :s, attempts = :a, last_status_code = :c, last_error = :e, last_latency_ms = :l, last_response_body = :b, next_attempt_at = :n, completed_at = :d, updated_at = :u REMOVE claim_token, lease_until',
            ConditionExpression: 'claim_token = :t',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':s': r.status,
              ':a': r.attempts,
              ':c': r.lastStatusCode,
              ':e': r.lastError,
              ':l': r.lastLatencyMs,
              ':b': r.lastResponseBody,
              ':n': r.nextAttemptAt,
              ':d': r.completedAt,
              ':u': r.updatedAt,
              ':t': token,
            },
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async release(ref, token) {
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(ref),
            UpdateExpression: 'REMOVE claim_token, lease_until',
            ConditionExpression: 'claim_token = :t',
            ExpressionAttributeValues: { ':t': token },
          }),
        )
        .catch((err) => {
          if (!isConditionFailure(err)) throw err;
        });
    },

    async reopen(ref, now) {
      try {
        const r = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(ref),
            UpdateExpression:
              'SET #s = :pending, retry_window_start = :now, next_attempt_at = :now, completed_at = :null, updated_at = :now',
            ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lease_until) OR lease_until < :now)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending', ':now': now, ':null': null },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return r.Attributes ? webhookDeliveryEntity.fromItem(r.Attributes) : undefined;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        return (await this.get(ref)) ? 'in_progress' : undefined;
      }
    },

    async abandon(ref, reason, now) {
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: key(ref),
            UpdateExpression:
              'SET #s = :failed, last_error = :r, next_attempt_at = :null, completed_at = :now, updated_at = :now',
            ConditionExpression: '#s = :pending',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ':pending': 'pending',
              ':r': reason,
              ':null': null,
              ':now': now,
            },
          }),
        )
        .catch((err) => {
          if (!isConditionFailure(err)) throw err;
        });
    },
  } satisfies DeliveryStore;
}
