import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { Plan } from '#shared/domain/catalog/plans';
import type { PlanCache } from '#shared/domain/catalog/ports';

interface CachedPlans {
  plans: Plan[];
  fetchedAt: number;
}

/** The plans as last read from Stripe: one item, the plans kept as JSON text. */
export const planCacheItem = defineEntity<CachedPlans>({
  entity: 'plan_cache',
  version: 1,
  keys: () => keys.planCache(),
  encode: (c) => ({ plans: JSON.stringify(c.plans), fetched_at: c.fetchedAt }),
  decode: (item) => {
    const a = attributes('plan_cache', item);
    return { plans: a.json<Plan[]>('plans'), fetchedAt: a.num('fetched_at') };
  },
});

export function planCacheRepository({ doc, tableName }: TableContext) {
  return {
    async get() {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.planCache() }));
      return r.Item ? planCacheItem.fromItem(r.Item) : undefined;
    },
    async put(plans, fetchedAt) {
      await doc.send(new PutCommand({ TableName: tableName, Item: planCacheItem.toItem({ plans, fetchedAt }) }));
    },
  } satisfies PlanCache;
}
