import { toWorkspaceDto, upsertWorkspace } from '#shared/domain/workspaces/profiles';
import { HttpResult, httpHandler } from '#shared/http/handler';
import { putWorkspace } from '#shared/http/routes/workspaces';
import { workspacePorts } from '#shared/wiring/workspaces';

export const handler = httpHandler(putWorkspace, async ({ auth, params, body }) => {
  const { workspace, created } = await upsertWorkspace(workspacePorts(), auth.projectId, params.workspace_id, body);
  return new HttpResult(created ? 201 : 200, toWorkspaceDto(workspace));
});
