import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { PurchaseGrantRecord, PurchaseGrantStore } from '#shared/domain/checkout/ports';
import type { GrantStore } from '#shared/domain/entitlements/ports';
import type { Grant } from '#shared/domain/entitlements/snapshot';
import { workspaceOfItem } from './subscriptions';

/** An admin's grant, or a credit-pack purchase's (which also carries what orders its writes). */
type Stored = { projectId: string; grant: Grant; purchase?: { version: number; windowEnd: string } };

/** In the workspace collection (`X#GRANT#…`), and found by id within the project through GSI1. */
export const grantItem = defineEntity<Stored>({
  entity: 'grant',
  version: 1,
  keys: (g) => ({
    ...keys.grant(g.projectId, g.grant.workspace_id, g.grant.grant_id),
    ...keys.grantIndex(g.projectId, g.grant.grant_id),
  }),
  encode: (g) => ({
    grant: g.grant,
    ...(g.purchase ? { purchase_version: g.purchase.version, window_end: g.purchase.windowEnd } : {}),
  }),
  decode: (item) => {
    const a = attributes('grant', item);
    const version = a.optNum('purchase_version');
    const windowEnd = a.optStr('window_end');
    return {
      projectId: workspaceOfItem(item).projectId,
      grant: a.doc<Grant>('grant'),
      ...(windowEnd !== undefined ? { purchase: { version: version ?? 0, windowEnd } } : {}),
    };
  },
});

/** Grants: extra features or quantity for one workspace, by an admin or by a credit-pack purchase. */
export function grantRepository({ doc, tableName }: TableContext) {
  return {
    async putGrant(projectId: string, grant: Grant) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: grantItem.toItem({ projectId, grant }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    async getPurchaseGrant(
      projectId: string,
      workspaceId: string,
      grantId: string,
    ): Promise<PurchaseGrantRecord | undefined> {
      const r = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.grant(projectId, workspaceId, grantId),
          ConsistentRead: true,
        }),
      );
      if (!r.Item) return undefined;
      // Purchase grant ids (`grt_pi_…`) never meet an admin's (`grt_<ulid>`), which carry no purchase state.
      const { grant, purchase } = grantItem.fromItem(r.Item);
      return purchase ? { grant, ...purchase } : undefined;
    },

    /**
     * `version` grows with every change Stripe makes to the payment's refunds, so a sync that read
     * Stripe before a refund can never overwrite what the refund's sync wrote. An equal version
     * rewrites (replays are harmless).
     */
    async putPurchaseGrant(projectId: string, r: PurchaseGrantRecord) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: grantItem.toItem({
              projectId,
              grant: r.grant,
              purchase: { version: r.version, windowEnd: r.windowEnd },
            }),
            ConditionExpression: 'attribute_not_exists(PK) OR purchase_version <= :v',
            ExpressionAttributeValues: { ':v': r.version },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async listGrants(projectId: string, workspaceId: string) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.workspacePk(projectId, workspaceId), ':sk': 'X#GRANT#' },
          // Recomputes follow grant writes at once; an eventually consistent read could miss them.
          ConsistentRead: true,
        }),
      );
      return (r.Items ?? []).map((i) => grantItem.fromItem(i).grant);
    },

    async findGrant(projectId: string, grantId: string) {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
          ExpressionAttributeValues: { ':pk': keys.grantIndex(projectId, grantId).GSI1PK, ':sk': grantId },
        }),
      );
      const item = r.Items?.[0];
      return item ? grantItem.fromItem(item).grant : undefined;
    },

    async deleteGrant(projectId: string, grant: Grant) {
      await doc.send(
        new DeleteCommand({ TableName: tableName, Key: keys.grant(projectId, grant.workspace_id, grant.grant_id) }),
      );
    },
  } satisfies GrantStore & PurchaseGrantStore;
}
