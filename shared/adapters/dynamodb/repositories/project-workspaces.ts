import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import { TABLE } from '#shared/adapters/dynamodb/table-definition';
import type { PropagationPorts } from '#shared/domain/catalog/propagation';

/**
 * A project's workspace ids in id order, a page at a time, through the workspace index (GSI1
 * `WSLIST#<project>`). The cursor is the last id of the page: plain text, since only the
 * propagation run's own queue messages carry it.
 */
export function projectWorkspaceRepository({ doc, tableName }: TableContext): PropagationPorts['workspaces'] {
  return {
    async listWorkspaceIds(projectId, opts) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE.gsi1.name,
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.workspaceListPk(projectId) },
          ProjectionExpression: 'GSI1PK, GSI1SK, PK, SK',
          Limit: opts.limit,
          ...(opts.cursor
            ? {
                ExclusiveStartKey: {
                  ...keys.workspaceIndex(projectId, opts.cursor),
                  ...keys.workspace(projectId, opts.cursor),
                },
              }
            : {}),
        }),
      );
      const ids = (r.Items ?? []).map((i) => String(i.GSI1SK));
      return { ids, ...(r.LastEvaluatedKey && ids.length ? { cursor: ids[ids.length - 1] } : {}) };
    },
  };
}
