import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity, type Item } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { SubscriptionStore } from '#shared/domain/subscriptions/ports';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';

type Stored = { projectId: string; workspaceId: string; snapshot: SubscriptionSnapshot };

/** The workspace an item of a workspace collection (`W#<project>#<workspace>`) belongs to. */
export function workspaceOfItem(item: Item): { projectId: string; workspaceId: string } {
  const m = /^W#([^#]+)#(.+)$/.exec(typeof item.PK === 'string' ? item.PK : '');
  return { projectId: m?.[1] ?? '', workspaceId: m?.[2] ?? '' };
}

/** In the workspace collection, so the entitlement read finds it in the same Query. */
export const subscriptionItem = defineEntity<Stored>({
  entity: 'subscription',
  version: 1,
  keys: (s) => keys.subscription(s.projectId, s.workspaceId),
  // `version` is the snapshot's own, top-level so the write condition can compare it.
  encode: (s) => ({ version: s.snapshot.version, snapshot: s.snapshot }),
  decode: (item) => ({
    ...workspaceOfItem(item),
    snapshot: attributes('subscription', item).doc<SubscriptionSnapshot>('snapshot'),
  }),
});

/** A workspace's subscription snapshot: written only forward, by the version of Stripe's read. */
export function subscriptionRepository({ doc, tableName }: TableContext) {
  return {
    async getSubscription(projectId: string, workspaceId: string) {
      const r = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.subscription(projectId, workspaceId), ConsistentRead: true }),
      );
      return r.Item ? subscriptionItem.fromItem(r.Item).snapshot : undefined;
    },

    async putSubscriptionIfNewer(projectId: string, workspaceId: string, snapshot: SubscriptionSnapshot) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: subscriptionItem.toItem({ projectId, workspaceId, snapshot }),
            ConditionExpression: 'attribute_not_exists(PK) OR version < :v',
            ExpressionAttributeValues: { ':v': snapshot.version },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },
  } satisfies SubscriptionStore;
}

export type SubscriptionRepository = ReturnType<typeof subscriptionRepository>;
