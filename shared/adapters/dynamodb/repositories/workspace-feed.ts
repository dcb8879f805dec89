import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { BillingEvent, EventFeed } from '#shared/domain/outbound/ports';

/** A workspace's history entries in the order they were recorded (GSI1, `WEF#`), for the live stream. */
export function workspaceFeedRepository({ doc, tableName }: TableContext) {
  return {
    async after(projectId, workspaceId, afterSeq, untilSeq, limit) {
      if (untilSeq <= afterSeq) return [];
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :a AND :b',
          ExpressionAttributeValues: {
            ':pk': keys.workspaceFeedPk(projectId, workspaceId),
            ':a': afterSeq,
            ':b': untilSeq,
          },
          ScanIndexForward: true,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => ({ seq: i.GSI1SK as string, event: i.event as BillingEvent }));
    },
  } satisfies EventFeed;
}
