import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Plan } from '../../domain/catalog/plans';
import type { TableContext } from './client';
import { keys } from './keys';

export interface PlanCache {
  get(): Promise<{ plans: Plan[]; fetchedAt: number } | undefined>;
  put(plans: Plan[], fetchedAt: number): Promise<void>;
}

export function planCacheRepository({ doc, tableName }: TableContext): PlanCache {
  return {
    async get() {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.planCache() }));
      if (!r.Item) return undefined;
      return { plans: JSON.parse(r.Item.plans as string) as Plan[], fetchedAt: r.Item.fetched_at as number };
    },
    async put(plans, fetchedAt) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.planCache(), entity: 'plan_cache', plans: JSON.stringify(plans), fetched_at: fetchedAt },
        }),
      );
    },
  };
}
