import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import Big from 'big.js';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { UsageDaySource } from '#shared/domain/outbound/ports';
import { usageCounterRepository } from './usage-counters';

/**
 * What the daily `usage.aggregated` job reads: the projects (every project has API keys, listed
 * in their index), each project's workspaces (their index) and the day sub-totals of each
 * workspace's usage counters whose window reaches into that day.
 */
export function usageDaySourceRepository(ctx: TableContext) {
  const { doc, tableName } = ctx;
  const counters = usageCounterRepository(ctx);
  const queryAll = async (pk: string, project?: (item: Record<string, unknown>) => string) => {
    const out: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of r.Items ?? []) out.push(project ? project(i) : (i.GSI1SK as string));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  };
  return {
    async projectIds() {
      return [...new Set(await queryAll(keys.apiKeyIndex('', '').GSI1PK, (i) => i.project_id as string))].sort();
    },
    async workspaceIds(projectId) {
      return queryAll(keys.workspaceIndex(projectId, '').GSI1PK);
    },
    async dayTotals(projectId, workspaceId, day) {
      const totals: Record<string, Big> = {};
      for (const c of await counters.countersEndingBetween(
        { projectId, workspaceId },
        `${day}T00:00:00.000Z`,
        '9999-12-31T23:59:59.999Z',
      )) {
        const v = c.days[day];
        if (v !== undefined) totals[c.meter] = (totals[c.meter] ?? new Big(0)).plus(v);
      }
      return Object.fromEntries(Object.entries(totals).map(([m, t]) => [m, t.toFixed()]));
    },
  } satisfies UsageDaySource;
}
