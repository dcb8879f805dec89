import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { RunStore } from '#shared/domain/reconciliation/ports';
import type { RunRecord } from '#shared/domain/reconciliation/report';

/** Runs are kept 90 days: long enough for a month-end review, short enough not to pile up hourly. */
const TTL_SECONDS = 90 * 24 * 3600;

export const reconcileRunItem = defineEntity<RunRecord>({
  entity: 'reconcile_run',
  version: 1,
  keys: (run) => ({
    ...keys.reconcileRun(run.run_id),
    ...keys.reconcileRunIndex(run.scope, run.started_at, run.run_id),
  }),
  encode: (run) => ({ run, expires_at: Math.floor(Date.parse(run.started_at) / 1000) + TTL_SECONDS }),
  decode: (item) => attributes('reconcile_run', item).doc<RunRecord>('run'),
});

/** Drift reconciliation runs and their reports. */
export function reconciliationRepository({ doc, tableName }: TableContext) {
  return {
    async putRun(run: RunRecord) {
      await doc.send(new PutCommand({ TableName: tableName, Item: reconcileRunItem.toItem(run) }));
    },

    async getRun(runId: string) {
      const r = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.reconcileRun(runId), ConsistentRead: true }),
      );
      return r.Item ? reconcileRunItem.fromItem(r.Item) : undefined;
    },

    async listRuns(scope: string, limit: number) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.reconcileRunsPk(scope) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map(reconcileRunItem.fromItem);
    },
  } satisfies RunStore;
}
