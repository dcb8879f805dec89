import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import { decodeCursor, encodeCursor } from '#shared/adapters/dynamodb/page-cursor';
import type { BillingEvent, HistoryStore } from '#shared/domain/subscriptions/ports';

/**
 * The sort key starts with the time so a Query reads the history in order; the id makes a
 * replayed source event land on the same item (recorded once).
 */
export const billingEventItem = defineEntity<BillingEvent>({
  entity: 'billing_event',
  version: 1,
  keys: (e) => keys.workspaceEvent(e.project_id, e.workspace_id, `${e.occurred_at}#${e.id}`),
  encode: (e) => ({ event: e }),
  decode: (item) => attributes('billing_event', item).doc<BillingEvent>('event'),
});

/** Orders entries as they are recorded (the live stream's sequence, shared/domain/outbound/stream.ts). */
const feedSeq = monotonicFactory();

/** Per-workspace history, newest first; each entry also indexed by the sequence it was recorded in (`WEF#`). */
export function historyRepository({ doc, tableName }: TableContext) {
  return {
    async recordOnce(e: BillingEvent) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...billingEventItem.toItem(e),
              ...keys.workspaceFeedIndex(e.project_id, e.workspace_id, feedSeq()),
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        );
        return true;
      } catch (err) {
        if (isConditionFailure(err)) return false;
        throw err;
      }
    },

    async list(projectId: string, workspaceId: string, page: { limit: number; cursor?: string }) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.workspaceEventsPk(projectId, workspaceId) },
          ScanIndexForward: false,
          Limit: page.limit,
          ExclusiveStartKey: decodeCursor(page.cursor),
        }),
      );
      return { events: (r.Items ?? []).map(billingEventItem.fromItem), cursor: encodeCursor(r.LastEvaluatedKey) };
    },
  } satisfies HistoryStore;
}

export type HistoryRepository = ReturnType<typeof historyRepository>;
