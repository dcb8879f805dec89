import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RunRecord } from '../../domain/reconciliation/report';
import type { TableContext } from './client';
import { keys } from './keys';

/** Runs are kept 90 days: long enough for a month-end review, short enough not to pile up hourly. */
const TTL_SECONDS = 90 * 24 * 3600;

/** Drift reconciliation runs and their reports. */
export function reconciliationRepository({ doc, tableName }: TableContext) {
  return {
    async putRun(run: RunRecord): Promise<void> {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.reconcileRun(run.run_id),
            ...keys.reconcileRunIndex(run.scope, run.started_at, run.run_id),
            entity: 'reconcile_run',
            run,
            expires_at: Math.floor(Date.parse(run.started_at) / 1000) + TTL_SECONDS,
          },
        }),
      );
    },

    async getRun(runId: string): Promise<RunRecord | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.reconcileRun(runId), ConsistentRead: true }));
      return r.Item ? (r.Item.run as RunRecord) : undefined;
    },

    /** Newest first. */
    async listRuns(scope: string, limit: number): Promise<RunRecord[]> {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': keys.reconcileRunIndex(scope, '', '').GSI1PK },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => i.run as RunRecord);
    },
  };
}

export type ReconciliationRepository = ReturnType<typeof reconciliationRepository>;
