import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { attributes, defineEntity } from '#shared/adapters/dynamodb/codec';
import { keys } from '#shared/adapters/dynamodb/keys';
import type { BankDetails, ProjectSettings, ProjectSettingsStore } from '#shared/domain/settings/ports';

export const projectSettingsItem = defineEntity<ProjectSettings & { projectId: string }>({
  entity: 'project_settings',
  version: 1,
  keys: (s) => keys.projectSettings(s.projectId),
  encode: ({ projectId, ...s }) => ({ project_id: projectId, ...s }),
  decode: (item) => {
    const a = attributes('project_settings', item);
    return {
      projectId: a.str('project_id'),
      implicit_workspaces: item.implicit_workspaces === true,
      implicit_country: a.str('implicit_country'),
      implicit_currency: a.str('implicit_currency'),
      bank_details: item.bank_details ? a.doc<BankDetails>('bank_details') : null,
      updated_at: a.optStr('updated_at') ?? null,
    };
  },
});

export function projectSettingsRepository({ doc, tableName }: TableContext) {
  return {
    async get(projectId: string): Promise<ProjectSettings | undefined> {
      const r = await doc.send(new GetCommand({ TableName: tableName, Key: keys.projectSettings(projectId) }));
      if (!r.Item) return undefined;
      const { projectId: _p, ...s } = projectSettingsItem.fromItem(r.Item);
      return s;
    },
    async put(projectId: string, s: ProjectSettings): Promise<void> {
      await doc.send(new PutCommand({ TableName: tableName, Item: projectSettingsItem.toItem({ ...s, projectId }) }));
    },
  } satisfies ProjectSettingsStore;
}
