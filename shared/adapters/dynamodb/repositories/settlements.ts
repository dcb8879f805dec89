import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import type { ClaimResult, SettlementStore } from '#shared/domain/payments/ports';
import type { Settlement } from '#shared/domain/payments/types';

/** In the invoice's partition; indexed (GSI1) only while unfinished, for the drift job to resume. */
export const settlementItem = defineEntity<Settlement>({
  entity: 'settlement',
  version: 1,
  keys: (s) => ({
    ...keys.settlement(s.invoiceId),
    ...(s.status === 'settled' ? {} : keys.settlementIndex(s.status, s.createdAt, s.invoiceId)),
  }),
  encode: (s) => ({
    invoice_id: s.invoiceId,
    status: s.status,
    source: s.source,
    reference: s.reference,
    amount: s.amount,
    currency: s.currency,
    project_id: s.projectId,
    workspace_id: s.workspaceId,
    attempt: s.attempt,
    created_at: s.createdAt,
    settled_at: s.settledAt,
    last_error: s.lastError,
  }),
  decode: (i) => {
    const a = attributes('settlement', i);
    return {
      invoiceId: a.str('invoice_id'),
      status: a.str('status') as Settlement['status'],
      source: a.str('source') as Settlement['source'],
      reference: a.str('reference'),
      amount: a.num('amount'),
      currency: a.str('currency'),
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      attempt: a.num('attempt'),
      createdAt: a.str('created_at'),
      settledAt: a.optStr('settled_at') ?? null,
      lastError: a.optStr('last_error') ?? null,
    };
  },
});

/** The "paid once" guard of each Stripe invoice. Every rule here is a conditional write. */
export function settlementRepository({ doc, tableName }: TableContext) {
  const getSettlement = async (invoiceId: string): Promise<Settlement | undefined> => {
    const r = await doc.send(
      new GetCommand({ TableName: tableName, Key: keys.settlement(invoiceId), ConsistentRead: true }),
    );
    return r.Item ? settlementItem.fromItem(r.Item) : undefined;
  };

  return {
    getSettlement,

    async claimSettlement(s: Omit<Settlement, 'status' | 'attempt' | 'settledAt' | 'lastError'>): Promise<ClaimResult> {
      for (let tries = 0; tries < 5; tries++) {
        const fresh: Settlement = { ...s, status: 'pending', attempt: 1, settledAt: null, lastError: null };
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: settlementItem.toItem(fresh),
              ConditionExpression: 'attribute_not_exists(PK)',
            }),
          );
          return { claimed: true, settlement: fresh };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
        const existing = await getSettlement(s.invoiceId);
        if (!existing) continue;
        if (existing.status === 'pending' && existing.source === s.source && existing.reference === s.reference)
          return { claimed: true, settlement: existing };
        if (existing.status !== 'failed') return { claimed: false, existing };
        const next: Settlement = { ...fresh, attempt: existing.attempt + 1 };
        try {
          await doc.send(
            new PutCommand({
              TableName: tableName,
              Item: settlementItem.toItem(next),
              ConditionExpression: '#s = :failed AND attempt = :attempt',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':failed': 'failed', ':attempt': existing.attempt },
            }),
          );
          return { claimed: true, settlement: next };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
      }
      throw new Error(`settlement of ${s.invoiceId} kept changing under concurrent claims`);
    },

    async markSettled(invoiceId: string, attempt: number, at: string) {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.settlement(invoiceId),
          UpdateExpression:
            'SET #s = :settled, settled_at = if_not_exists(settled_at, :at), last_error = :null REMOVE GSI1PK, GSI1SK',
          ConditionExpression: 'attempt = :attempt',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':settled': 'settled', ':at': at, ':null': null, ':attempt': attempt },
        }),
      );
    },

    async markSettlementFailed(invoiceId: string, attempt: number, error: string) {
      const s = await getSettlement(invoiceId);
      if (!s || s.attempt !== attempt || s.status !== 'pending') return;
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.settlement(invoiceId),
            UpdateExpression: 'SET #s = :failed, last_error = :e, GSI1PK = :pk',
            ConditionExpression: '#s = :pending AND attempt = :attempt',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':failed': 'failed',
              ':pending': 'pending',
              ':e': error.slice(0, 1000),
              ':attempt': attempt,
              ':pk': keys.settlementIndexPk('failed'),
            },
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    async listSettlements(status: 'pending' | 'failed', page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.settlementIndexPk(status) },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { items: (r.Items ?? []).map(settlementItem.fromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },
  } satisfies SettlementStore;
}
