import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { ProjectStore } from '#shared/domain/tenancy/ports';
import type { Project } from '#shared/domain/tenancy/types';

/** A project: the tenant every workspace, key and stored record belongs to. */
export const projectItem = defineEntity<Project>({
  entity: 'project',
  version: 1,
  keys: (p) => keys.project(p.projectId),
  encode: (p) => ({ project_id: p.projectId, name: p.name, created_at: p.createdAt }),
  decode: (item) => {
    const a = attributes('project', item);
    return { projectId: a.str('project_id'), name: a.str('name'), createdAt: a.str('created_at') };
  },
});

export function projectRepository({ doc, tableName }: TableContext) {
  return {
    /** Idempotent: re-seeding an existing project keeps it. */
    async putProject(p: Project): Promise<void> {
      await doc
        .send(
          new PutCommand({
            TableName: tableName,
            Item: projectItem.toItem(p),
            ConditionExpression: 'attribute_not_exists(PK)',
          }),
        )
        .catch((e) => {
          if (!isConditionFailure(e)) throw e;
        });
    },

    async getProject(projectId: string): Promise<Project | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.project(projectId) }));
      return r.Item ? projectItem.fromItem(r.Item) : undefined;
    },
  } satisfies ProjectStore;
}
