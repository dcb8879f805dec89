import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { CustomerLink, CustomerLinkStore } from '#shared/domain/subscriptions/ports';
import { ConflictError } from '#shared/errors';

export const customerLinkItem = defineEntity<CustomerLink>({
  entity: 'stripe_customer',
  version: 1,
  keys: (l) => keys.stripeCustomer(l.customerId),
  encode: (l) => ({ customer_id: l.customerId, project_id: l.projectId, workspace_id: l.workspaceId }),
  decode: (item) => {
    const a = attributes('stripe_customer', item);
    return { customerId: a.str('customer_id'), projectId: a.str('project_id'), workspaceId: a.str('workspace_id') };
  },
});

/**
 * The Stripe customer → workspace link. A customer bills exactly one workspace: linking it to
 * another one is refused, so a key of one project can never route another project's webhooks to
 * itself.
 */
export function customerLinkRepository({ doc, tableName }: TableContext) {
  return {
    async linkCustomer(link: CustomerLink) {
      try {
        await doc.send(
          new PutCommand({
            TableName: tableName,
            Item: customerLinkItem.toItem(link),
            ConditionExpression: 'attribute_not_exists(PK) OR (project_id = :p AND workspace_id = :w)',
            ExpressionAttributeValues: { ':p': link.projectId, ':w': link.workspaceId },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e))
          throw new ConflictError(
            `Stripe customer ${link.customerId} already bills another workspace`,
            'customer_already_linked',
          );
        throw e;
      }
    },

    async findCustomer(customerId: string) {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.stripeCustomer(customerId) }));
      return r.Item ? customerLinkItem.fromItem(r.Item) : undefined;
    },
  } satisfies CustomerLinkStore;
}
