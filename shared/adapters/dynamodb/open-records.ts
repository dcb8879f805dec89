import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';

/*
 * Records that stay `open` until a payment or a check closes them (Razorpay orders and payment
 * links): while open they sit in a GSI1 partition the drift run pages through.
 */

/** Closes an open record once: false when it was closed already (by a webhook or the drift run). */
export async function closeOpenRecord(
  { doc, tableName }: TableContext,
  key: Record<string, string>,
  change: { status: string; paymentId: string | null; at: string },
): Promise<boolean> {
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: 'SET #s = :s, payment_id = :p, closed_at = :at REMOVE GSI1PK, GSI1SK',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': change.status, ':p': change.paymentId, ':at': change.at, ':open': 'open' },
      }),
    );
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** One page of the open records of one GSI1 partition. */
export async function listOpenRecords<T>(
  { doc, tableName }: TableContext,
  pk: string,
  page: { limit: number; cursor?: string },
  fromItem: (item: Record<string, unknown>) => T,
): Promise<{ items: T[]; cursor: string | null }> {
  const r = await doc.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: page.limit,
      ExclusiveStartKey: decodeCursor(page.cursor),
    }),
  );
  return { items: (r.Items ?? []).map(fromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
}
