import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import type { AttentionStore } from '#shared/domain/payments/ports';
import type { AttentionItem } from '#shared/domain/payments/types';

/** Open items are listed per project (GSI1); resolving one takes it off the list and keeps it. */
export const attentionItem = defineEntity<AttentionItem>({
  entity: 'payment_attention',
  version: 1,
  keys: (a) => ({
    ...keys.attention(a.id),
    ...(a.status === 'open' ? keys.attentionIndex(a.projectId, a.createdAt, a.id) : {}),
  }),
  encode: (a) => ({
    attention_id: a.id,
    reason: a.reason,
    message: a.message,
    project_id: a.projectId,
    workspace_id: a.workspaceId,
    invoice_id: a.invoiceId,
    source: a.source,
    reference: a.reference,
    amount: a.amount,
    currency: a.currency,
    details: a.details,
    status: a.status,
    occurrences: a.occurrences,
    created_at: a.createdAt,
    last_seen_at: a.lastSeenAt,
  }),
  decode: (i) => {
    const a = attributes('payment_attention', i);
    return {
      id: a.str('attention_id'),
      reason: a.str('reason') as AttentionItem['reason'],
      message: a.str('message'),
      projectId: a.optStr('project_id') ?? null,
      workspaceId: a.optStr('workspace_id') ?? null,
      invoiceId: a.optStr('invoice_id') ?? null,
      source: a.str('source'),
      reference: a.optStr('reference') ?? null,
      amount: a.optNum('amount') ?? null,
      currency: a.optStr('currency') ?? null,
      details: i.details ? a.doc<Record<string, unknown>>('details') : {},
      status: a.str('status') as AttentionItem['status'],
      occurrences: a.optNum('occurrences') ?? 1,
      createdAt: a.str('created_at'),
      lastSeenAt: a.str('last_seen_at'),
    };
  },
});

/**
 * Money (or a ledger) that needs a human. Stored once per id: the same problem seen again (a
 * redelivered webhook, the next drift run) counts an occurrence on the existing item instead of
 * adding one, and a resolved item stays resolved.
 */
export function attentionRepository({ doc, tableName }: TableContext) {
  return {
    async raiseAttention(a: Omit<AttentionItem, 'status' | 'occurrences' | 'lastSeenAt'>) {
      const item: AttentionItem = { ...a, status: 'open', occurrences: 1, lastSeenAt: a.createdAt };
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: attentionItem.toItem(item),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return item;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      const r = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.attention(a.id),
          UpdateExpression: 'SET last_seen_at = :at ADD occurrences :one',
          ExpressionAttributeValues: { ':at': a.createdAt, ':one': 1 },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return attentionItem.fromItem(r.Attributes!);
    },

    async getAttention(id: string) {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.attention(id), ConsistentRead: true }));
      return r.Item ? attentionItem.fromItem(r.Item) : undefined;
    },

    async listAttention(projectId: string | null, page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.attentionIndexPk(projectId) },
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { items: (r.Items ?? []).map(attentionItem.fromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },

    async resolveAttention(id: string, at: string, note: string | null) {
      try {
        const r = await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.attention(id),
            UpdateExpression: 'SET #s = :resolved, resolved_at = :at, resolution_note = :n REMOVE GSI1PK, GSI1SK',
            ConditionExpression: 'attribute_exists(PK)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':resolved': 'resolved', ':at': at, ':n': note },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return attentionItem.fromItem(r.Attributes!);
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },
  } satisfies AttentionStore;
}
