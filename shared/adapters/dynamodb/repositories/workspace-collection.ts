import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { type AvItem, fromAvItem, lowLevel, S } from '#shared/adapters/dynamodb/attribute-values';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, type Item } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { WorkspaceCollection, WorkspaceCollectionReader } from '#shared/domain/entitlements/ports';
import type { EntitlementSnapshot, Grant } from '#shared/domain/entitlements/snapshot';
import type { SubscriptionSnapshot } from '#shared/domain/subscriptions/snapshot';
import { counterFromAv, usageCounterItem } from './usage-counters';
import { thresholdsFromAv, usageThresholdsItem } from './usage-thresholds';
import { workspaceItem } from './workspaces';

/*
 * The snapshots and grants are written whole, as maps, by the subscription sync and the
 * entitlement recompute; the collection reads them back as the documents they were written as.
 */
const snapshotOf = <T>(entity: string, item: Item): T | undefined =>
  item.snapshot ? attributes(entity, item).doc<T>('snapshot') : undefined;
const grantOf = (item: Item): Grant | undefined =>
  item.grant ? attributes('grant', item).doc<Grant>('grant') : undefined;

/** The items of one workspace collection, told apart by `entity` (usage items) and sort key (`X#` items). */
export function collectionFromItems(items: AvItem[]): WorkspaceCollection {
  const out: WorkspaceCollection = { grants: [], counters: [], thresholds: [] };
  for (const item of items) {
    const entity = item.entity?.S;
    const sk = item.SK?.S ?? '';
    if (entity === usageCounterItem.entity) out.counters.push(counterFromAv(item));
    else if (entity === usageThresholdsItem.entity) out.thresholds.push(thresholdsFromAv(item));
    else if (sk === 'X#PROFILE') out.profile = workspaceItem.fromItem(fromAvItem(item));
    else if (sk === 'X#ENTITLEMENTS')
      out.entitlements = snapshotOf<EntitlementSnapshot>('entitlements', fromAvItem(item)) ?? out.entitlements;
    else if (sk === 'X#SUBSCRIPTION')
      out.subscription = snapshotOf<SubscriptionSnapshot>('subscription', fromAvItem(item)) ?? out.subscription;
    else if (sk.startsWith('X#GRANT#')) {
      const g = grantOf(fromAvItem(item));
      if (g) out.grants.push(g);
    }
  }
  return out;
}

export function workspaceCollectionRepository(ctx: TableContext) {
  const client = lowLevel(ctx);
  return {
    /**
     * ONE Query over the workspace's item collection: every counter whose window ends at or
     * after `cutOff` plus the `X#` items (profile, subscription, entitlements, grants), which
     * sort after all counters. Eventually consistent reads cost half; the entitlement check
     * tolerates a counter a fraction of a second old.
     */
    async readWorkspace(
      projectId: string,
      workspaceId: string,
      opts: { cutOff: string; consistent?: boolean },
    ): Promise<WorkspaceCollection> {
      const items: AvItem[] = [];
      let start: AvItem | undefined;
      do {
        const r = await client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: 'PK = :pk AND SK >= :from',
            ExpressionAttributeValues: {
              ':pk': S(keys.workspacePk(projectId, workspaceId)),
              ':from': S(keys.usageCounterFrom(opts.cutOff)),
            },
            ConsistentRead: opts.consistent ?? false,
            ExclusiveStartKey: start,
          }),
        );
        items.push(...(r.Items ?? []));
        start = r.LastEvaluatedKey;
      } while (start);
      return collectionFromItems(items);
    },
  } satisfies WorkspaceCollectionReader;
}
