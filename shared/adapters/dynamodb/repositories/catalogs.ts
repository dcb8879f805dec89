import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { CatalogStore, StoredCatalog } from '#shared/domain/catalog/ports';
import type { Catalog } from '#shared/domain/catalog/schema';
import { ConflictError } from '#shared/errors';

/** A project's catalog document as pushed, kept as JSON text exactly as it was validated. */
export const catalogDocumentItem = defineEntity<StoredCatalog>({
  entity: 'catalog',
  version: 1,
  keys: (c) => keys.catalogDocument(c.projectId),
  encode: (c) => ({
    project_id: c.projectId,
    document: JSON.stringify(c.document),
    catalog_version: c.version,
    updated_at: c.updatedAt,
  }),
  decode: (item) => {
    const a = attributes('catalog', item);
    return {
      projectId: a.str('project_id'),
      document: a.json<Catalog>('document'),
      version: a.num('catalog_version'),
      updatedAt: a.str('updated_at'),
    };
  },
});

export function catalogRepository({ doc, tableName }: TableContext) {
  return {
    async get(projectId) {
      const r = await doc.send(
        new GetCommand({ TableName: tableName, Key: keys.catalogDocument(projectId), ConsistentRead: true }),
      );
      return r.Item ? catalogDocumentItem.fromItem(r.Item) : undefined;
    },
    async put(record, expectedVersion) {
      const condition =
        expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: 'catalog_version = :v', ExpressionAttributeValues: { ':v': expectedVersion } };
      await doc
        .send(new PutCommand({ TableName: tableName, Item: catalogDocumentItem.toItem(record), ...condition }))
        .catch((e) => {
          if (isConditionFailure(e))
            throw new ConflictError(
              'The catalog was changed by another push meanwhile; diff and push again',
              'catalog_changed',
            );
          throw e;
        });
    },
  } satisfies CatalogStore;
}
