import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { EntitlementSnapshotReader } from '#shared/domain/checkout/ports';
import type { EntitlementStore } from '#shared/domain/entitlements/ports';
import type { EntitlementSnapshot } from '#shared/domain/entitlements/snapshot';
import { workspaceOfItem } from './subscriptions';

type Stored = { projectId: string; workspaceId: string; snapshot: EntitlementSnapshot };

/** In the workspace collection: the hot read adds live counters to it. */
export const entitlementSnapshotItem = defineEntity<Stored>({
  entity: 'entitlements',
  version: 1,
  keys: (s) => keys.entitlements(s.projectId, s.workspaceId),
  encode: (s) => ({ snapshot: s.snapshot }),
  decode: (item) => ({
    ...workspaceOfItem(item),
    snapshot: attributes('entitlements', item).doc<EntitlementSnapshot>('snapshot'),
  }),
});

/** A workspace's precomputed entitlement snapshot, rewritten whole by each recompute. */
export function entitlementSnapshotRepository({ doc, tableName }: TableContext) {
  return {
    async putEntitlements(projectId: string, workspaceId: string, snapshot: EntitlementSnapshot) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: entitlementSnapshotItem.toItem({ projectId, workspaceId, snapshot }),
        }),
      );
    },

    async getEntitlements(projectId: string, workspaceId: string) {
      const r = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.entitlements(projectId, workspaceId) }),
      );
      return r.Item ? entitlementSnapshotItem.fromItem(r.Item).snapshot : undefined;
    },
  } satisfies Pick<EntitlementStore, 'putEntitlements'> & EntitlementSnapshotReader;
}
