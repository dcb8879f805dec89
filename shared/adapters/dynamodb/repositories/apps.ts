import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { AppStore } from '#shared/domain/tenancy/ports';
import type { App } from '#shared/domain/tenancy/types';

/** An app of a project: what an API key is issued to. */
export const appItem = defineEntity<App>({
  entity: 'app',
  version: 1,
  keys: (a) => keys.app(a.projectId, a.appId),
  encode: (a) => ({ project_id: a.projectId, app_id: a.appId, name: a.name, created_at: a.createdAt }),
  decode: (item) => {
    const a = attributes('app', item);
    return {
      projectId: a.str('project_id'),
      appId: a.str('app_id'),
      name: a.str('name'),
      createdAt: a.str('created_at'),
    };
  },
});

export function appRepository({ doc, tableName }: TableContext) {
  return {
    /** Idempotent: an existing app is kept. */
    async putApp(a: App): Promise<void> {
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: appItem.toItem(a),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },
  } satisfies AppStore;
}
