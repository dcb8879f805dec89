import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { TableContext } from './client';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

/** A normalised billing event as apps see it on the bus and in a workspace's history. */
export interface BillingEvent {
  id: string;
  type: string;
  project_id: string;
  workspace_id: string;
  occurred_at: string;
  data: Record<string, unknown>;
}

/** Orders entries as they are recorded (the live stream's sequence, shared/domain/outbound/stream.ts). */
const feedSeq = monotonicFactory();

/**
 * Per-workspace history, newest first. The sort key starts with the time so a Query reads it in
 * order; the id makes a replayed source event land on the same item (recorded once).
 */
export function historyRepository({ doc, tableName }: TableContext) {
  return {
    async recordOnce(e: BillingEvent): Promise<boolean> {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.workspaceEvent(e.project_id, e.workspace_id, `${e.occurred_at}#${e.id}`), ...keys.workspaceFeedIndex(e.project_id, e.workspace_id, feedSeq()), entity: 'billing_event', event: e },
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
          ExclusiveStartKey: page.cursor ? JSON.parse(Buffer.from(page.cursor, 'base64url').toString()) : undefined,
        }),
      );
      return {
        events: (r.Items ?? []).map((i) => i.event as BillingEvent),
        cursor: r.LastEvaluatedKey ? Buffer.from(JSON.stringify(r.LastEvaluatedKey)).toString('base64url') : null,
      };
    },
  };
}

export type HistoryRepository = ReturnType<typeof historyRepository>;
