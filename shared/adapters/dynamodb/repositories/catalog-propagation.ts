import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { PropagationPorts, PropagationRun } from '#shared/domain/catalog/propagation';

/** The project's current propagation run (one item; a new run replaces it). */
export const propagationRunItem = defineEntity<PropagationRun>({
  entity: 'catalog_propagation',
  version: 1,
  keys: (r) => keys.catalogPropagation(r.projectId),
  encode: (r) => ({
    project_id: r.projectId,
    run_id: r.runId,
    reason: r.reason,
    started_at: r.startedAt,
    workspaces: r.workspaces,
    ...(r.completedAt ? { completed_at: r.completedAt } : {}),
  }),
  decode: (item) => {
    const a = attributes('catalog_propagation', item);
    const completedAt = a.optStr('completed_at');
    return {
      projectId: a.str('project_id'),
      runId: a.str('run_id'),
      reason: a.str('reason'),
      startedAt: a.str('started_at'),
      workspaces: a.num('workspaces'),
      ...(completedAt ? { completedAt } : {}),
    };
  },
});

export function catalogPropagationRunRepository({ doc, tableName }: TableContext): PropagationPorts['runs'] {
  return {
    async start(run) {
      await doc.send(new PutCommand({ TableName: tableName, Item: propagationRunItem.toItem(run) }));
    },
    async get(projectId) {
      const r = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.catalogPropagation(projectId), ConsistentRead: true }),
      );
      return r.Item ? propagationRunItem.fromItem(r.Item) : undefined;
    },
    async advance(projectId, runId, count, completedAt) {
      await doc
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.catalogPropagation(projectId),
            UpdateExpression: completedAt ? 'ADD workspaces :n SET completed_at = :c' : 'ADD workspaces :n',
            ConditionExpression: 'run_id = :r',
            ExpressionAttributeValues: { ':n': count, ':r': runId, ...(completedAt ? { ':c': completedAt } : {}) },
          }),
        )
        .catch((e) => {
          // Another run has started meanwhile: it covers this one's workspaces again.
          if (!isConditionFailure(e)) throw e;
        });
    },
  };
}
