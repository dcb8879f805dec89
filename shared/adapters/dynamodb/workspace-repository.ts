import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Workspace } from '../../domain/tenancy/types';
import type { TableContext } from './client';
import { keys } from './keys';

type Item = Record<string, unknown>;

export const workspaceFromItem = (i: Item): Workspace => ({
  projectId: i.project_id as string,
  workspaceId: i.workspace_id as string,
  name: i.name as string,
  email: i.email as string,
  country: i.country as string,
  currency: i.currency as string,
  stripeCustomerId: i.stripe_customer_id as string | undefined,
  createdAt: i.created_at as string,
  updatedAt: i.updated_at as string,
});

export interface WorkspaceProfile {
  name: string;
  email: string;
  country: string;
  currency: string;
}

export function workspaceRepository({ doc, tableName }: TableContext) {
  return {
    async get(projectId: string, workspaceId: string): Promise<Workspace | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.workspace(projectId, workspaceId) }));
      return r.Item ? workspaceFromItem(r.Item) : undefined;
    },

    /** Create-or-update in one write; `created_at` survives updates. Returns whether it was new. */
    async upsert(
      projectId: string,
      workspaceId: string,
      profile: WorkspaceProfile,
      now: string,
    ): Promise<{ workspace: Workspace; created: boolean }> {
      const r = await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keys.workspace(projectId, workspaceId),
          UpdateExpression:
            'SET entity = :e, project_id = :p, workspace_id = :w, #n = :name, email = :email, country = :country, ' +
            'currency = :currency, created_at = if_not_exists(created_at, :now), updated_at = :now, GSI1PK = :g1, GSI1SK = :g2',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: {
            ':e': 'workspace',
            ':p': projectId,
            ':w': workspaceId,
            ':name': profile.name,
            ':email': profile.email,
            ':country': profile.country,
            ':currency': profile.currency,
            ':now': now,
            ':g1': keys.workspaceIndex(projectId, workspaceId).GSI1PK,
            ':g2': keys.workspaceIndex(projectId, workspaceId).GSI1SK,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const workspace = workspaceFromItem(r.Attributes!);
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
  };
}

export type WorkspaceRepository = ReturnType<typeof workspaceRepository>;
