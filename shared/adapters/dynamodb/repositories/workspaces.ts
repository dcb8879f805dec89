import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isTransactionCanceled } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { Workspace } from '#shared/domain/tenancy/types';
import type { WorkspaceProfile, WorkspaceStore } from '#shared/domain/workspaces/ports';
import { ConflictError } from '#shared/errors';

/** The workspace profile (`X#PROFILE`), listed per project through GSI1. */
export const workspaceItem = defineEntity<Workspace>({
  entity: 'workspace',
  version: 1,
  keys: (w) => ({ ...keys.workspace(w.projectId, w.workspaceId), ...keys.workspaceIndex(w.projectId, w.workspaceId) }),
  encode: (w) => ({
    project_id: w.projectId,
    workspace_id: w.workspaceId,
    name: w.name,
    email: w.email,
    country: w.country,
    currency: w.currency,
    stripe_customer_id: w.stripeCustomerId,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  }),
  decode: (item) => {
    const a = attributes('workspace', item);
    return {
      projectId: a.str('project_id'),
      workspaceId: a.str('workspace_id'),
      name: a.str('name'),
      email: a.str('email'),
      country: a.str('country'),
      currency: a.str('currency'),
      stripeCustomerId: a.optStr('stripe_customer_id'),
      createdAt: a.str('created_at'),
      updatedAt: a.str('updated_at'),
    };
  },
});

/** The profile write every upsert makes; `created_at` is set once. */
function upsertUpdate(projectId: string, workspaceId: string, profile: WorkspaceProfile, now: string) {
  const index = keys.workspaceIndex(projectId, workspaceId);
  return {
    Key: keys.workspace(projectId, workspaceId),
    UpdateExpression:
      'SET entity = :e, v = :v, project_id = :p, workspace_id = :w, #n = :name, email = :email, country = :country, ' +
      'currency = :currency, created_at = if_not_exists(created_at, :now), updated_at = :now, GSI1PK = :g1, GSI1SK = :g2',
    ExpressionAttributeNames: { '#n': 'name' },
    ExpressionAttributeValues: {
      ':e': workspaceItem.entity,
      ':v': workspaceItem.version,
      ':p': projectId,
      ':w': workspaceId,
      ':name': profile.name,
      ':email': profile.email,
      ':country': profile.country,
      ':currency': profile.currency,
      ':now': now,
      ':g1': index.GSI1PK,
      ':g2': index.GSI1SK,
    } satisfies Record<string, unknown>,
  };
}

export function workspaceRepository({ doc, tableName }: TableContext) {
  const repo = {
    async get(
      projectId: string,
      workspaceId: string,
      opts: { consistent?: boolean } = {},
    ): Promise<Workspace | undefined> {
      const r = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: keys.workspace(projectId, workspaceId),
          ...(opts.consistent ? { ConsistentRead: true } : {}),
        }),
      );
      return r.Item ? workspaceItem.fromItem(r.Item) : undefined;
    },

    async upsert(
      projectId: string,
      workspaceId: string,
      profile: WorkspaceProfile,
      now: string,
    ): Promise<{ workspace: Workspace; created: boolean }> {
      const r = await doc.send(
        new UpdateCommand({
          ...upsertUpdate(projectId, workspaceId, profile, now),
          TableName: tableName,
          ReturnValues: 'ALL_NEW',
        }),
      );
      const workspace = workspaceItem.fromItem(r.Attributes ?? {});
      return { workspace, created: workspace.createdAt === now };
    },

    /**
     * Create-or-update and adopt a Stripe customer, all or nothing: the customer's link to this
     * workspace is written in the same transaction, on condition that the customer bills no other
     * workspace. A customer linked elsewhere is a 409 and nothing is written, not even the profile.
     */
    async upsertWithCustomer(
      projectId: string,
      workspaceId: string,
      profile: WorkspaceProfile,
      now: string,
      customerId: string,
    ): Promise<{ workspace: Workspace; created: boolean }> {
      const update = upsertUpdate(projectId, workspaceId, profile, now);
      try {
        await doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  ...update,
                  TableName: tableName,
                  UpdateExpression: `${update.UpdateExpression}, stripe_customer_id = :cus`,
                  ConditionExpression: 'attribute_not_exists(stripe_customer_id) OR stripe_customer_id = :cus',
                  ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':cus': customerId },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...keys.stripeCustomer(customerId),
                    entity: 'stripe_customer',
                    customer_id: customerId,
                    project_id: projectId,
                    workspace_id: workspaceId,
                  },
                  ConditionExpression: 'attribute_not_exists(PK) OR (project_id = :p AND workspace_id = :w)',
                  ExpressionAttributeValues: { ':p': projectId, ':w': workspaceId },
                },
              },
            ],
          }),
        );
      } catch (e) {
        if (!isTransactionCanceled(e)) throw e;
        const [ws, link] = e.CancellationReasons ?? [];
        if (ws?.Code === 'ConditionalCheckFailed')
          throw new ConflictError('The workspace already has another Stripe customer', 'customer_already_set');
        if (link?.Code === 'ConditionalCheckFailed')
          throw new ConflictError(
            `Stripe customer ${customerId} already bills another workspace`,
            'customer_already_linked',
          );
        throw e;
      }
      const workspace = await repo.get(projectId, workspaceId, { consistent: true });
      if (!workspace) throw new Error(`workspace ${workspaceId} was written but cannot be read back`);
      return { workspace, created: workspace.createdAt === now };
    },

    /** The billing email changed (through Tollgate or at Stripe): the profile follows it. */
    async setEmail(projectId: string, workspaceId: string, email: string, now: string): Promise<void> {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.workspace(projectId, workspaceId),
          UpdateExpression: 'SET email = :e, updated_at = :now',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':e': email, ':now': now },
        }),
      );
    },

    async setStripeCustomer(projectId: string, workspaceId: string, customerId: string): Promise<void> {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.workspace(projectId, workspaceId),
          UpdateExpression: 'SET stripe_customer_id = :c',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':c': customerId },
        }),
      );
    },
  } satisfies WorkspaceStore;
  return repo;
}

export type WorkspaceRepository = ReturnType<typeof workspaceRepository>;
