import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EntitlementSnapshot, Grant } from '../../domain/entitlements/snapshot';
import type { SubscriptionSnapshot } from '../../domain/subscriptions/snapshot';
import type { TableContext } from './client';
import { ConflictError } from '../../errors';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

/** A credit-pack grant with what orders its writes (see `putPurchaseGrant`). */
export interface PurchaseGrantRecord {
  grant: Grant;
  version: number;
  /** End of the usage window the purchase tops up, fixed at the first write. */
  windowEnd: string;
}

export interface CustomerLink {
  customerId: string;
  projectId: string;
  workspaceId: string;
}

/**
 * The workspace's billing items: subscription and entitlement snapshots, grants, and the
 * Stripe-customer → workspace link that webhooks are routed by.
 */
export function billingRepository({ doc, tableName }: TableContext) {
  return {
    async getSubscription(projectId: string, workspaceId: string): Promise<SubscriptionSnapshot | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.subscription(projectId, workspaceId), ConsistentRead: true }));
      return r.Item ? (r.Item.snapshot as SubscriptionSnapshot) : undefined;
    },

    /**
     * Writes the snapshot only if it is newer than the stored one (by `version`), or if it is the
     * same subscription re-read. Returns false when a newer state was already there.
     */
    async putSubscriptionIfNewer(projectId: string, workspaceId: string, s: SubscriptionSnapshot): Promise<boolean> {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.subscription(projectId, workspaceId), entity: 'subscription', version: s.version, snapshot: s },
            ConditionExpression: 'attribute_not_exists(PK) OR version < :v',
            ExpressionAttributeValues: { ':v': s.version },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async putEntitlements(projectId: string, workspaceId: string, e: EntitlementSnapshot): Promise<void> {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.entitlements(projectId, workspaceId), entity: 'entitlements', snapshot: e },
        }),
      );
    },

    async getEntitlements(projectId: string, workspaceId: string): Promise<EntitlementSnapshot | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.entitlements(projectId, workspaceId) }));
      return r.Item ? (r.Item.snapshot as EntitlementSnapshot) : undefined;
    },

    async putGrant(projectId: string, g: Grant): Promise<void> {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...keys.grant(projectId, g.workspace_id, g.grant_id), ...keys.grantIndex(projectId, g.grant_id), entity: 'grant', grant: g },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    },

    /** A purchase's grant as last written, read strongly so a sync builds on the latest write. */
    async getPurchaseGrant(projectId: string, workspaceId: string, grantId: string): Promise<PurchaseGrantRecord | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.grant(projectId, workspaceId, grantId), ConsistentRead: true }));
      return r.Item ? { grant: r.Item.grant as Grant, version: (r.Item.purchase_version as number) ?? 0, windowEnd: r.Item.window_end as string } : undefined;
    },

    /**
     * Writes the grant of a one-time purchase unless a later state of that purchase is already
     * stored: `version` grows with every change Stripe makes to the payment's refunds, so a sync
     * that read Stripe before a refund can never overwrite what the refund's sync wrote. An equal
     * version rewrites (replays are harmless). Returns false when the write was stale.
     */
    async putPurchaseGrant(projectId: string, r: PurchaseGrantRecord): Promise<boolean> {
      const g = r.grant;
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...keys.grant(projectId, g.workspace_id, g.grant_id), ...keys.grantIndex(projectId, g.grant_id), entity: 'grant', grant: g, purchase_version: r.version, window_end: r.windowEnd },
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

    async listGrants(projectId: string, workspaceId: string): Promise<Grant[]> {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': keys.workspacePk(projectId, workspaceId), ':sk': 'X#GRANT#' },
          // Recomputes follow grant writes at once; an eventually consistent read could miss them.
          ConsistentRead: true,
        }),
      );
      return (r.Items ?? []).map((i) => i.grant as Grant);
    },

    async findGrant(projectId: string, grantId: string): Promise<Grant | undefined> {
      const r = await doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK = :sk',
          ExpressionAttributeValues: { ':pk': keys.grantIndex(projectId, grantId).GSI1PK, ':sk': grantId },
        }),
      );
      return r.Items?.[0]?.grant as Grant | undefined;
    },

    async deleteGrant(projectId: string, g: Grant): Promise<void> {
      await doc.send(new DeleteCommand({ TableName: tableName, Key: keys.grant(projectId, g.workspace_id, g.grant_id) }));
    },

    /**
     * A Stripe customer bills exactly one workspace: linking it to another one is refused, so a
     * key of one project can never route another project's webhooks to itself.
     */
    async linkCustomer(link: CustomerLink): Promise<void> {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...keys.stripeCustomer(link.customerId),
              entity: 'stripe_customer',
              customer_id: link.customerId,
              project_id: link.projectId,
              workspace_id: link.workspaceId,
            },
            ConditionExpression: 'attribute_not_exists(PK) OR (project_id = :p AND workspace_id = :w)',
            ExpressionAttributeValues: { ':p': link.projectId, ':w': link.workspaceId },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new ConflictError(`Stripe customer ${link.customerId} already bills another workspace`, 'customer_already_linked');
        throw e;
      }
    },

    async findCustomer(customerId: string): Promise<CustomerLink | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.stripeCustomer(customerId) }));
      return r.Item ? { customerId, projectId: r.Item.project_id as string, workspaceId: r.Item.workspace_id as string } : undefined;
    },
  };
}

export type BillingRepository = ReturnType<typeof billingRepository>;
