import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { workspaceRepository } from '../../../shared/adapters/dynamodb/workspace-repository';
import { toWorkspaceDto, upsertWorkspace } from '../../../shared/domain/workspaces/service';
import { httpHandler, HttpResult } from '../../../shared/http/handler';
import { putWorkspace } from '../../../shared/http/routes/workspaces';

const ports = { workspaces: workspaceRepository(tableFromConfig()), clock: () => new Date() };

export const handler = httpHandler(putWorkspace, async ({ auth, params, body }) => {
  const { workspace, created } = await upsertWorkspace(ports, auth.projectId, params.workspace_id, body);
  return new HttpResult(created ? 201 : 200, toWorkspaceDto(workspace));
});
