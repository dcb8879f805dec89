import { requireWorkspace, toWorkspaceDto } from '#shared/domain/workspaces/profiles';
import { httpHandler } from '#shared/http/handler';
import { getWorkspace } from '#shared/http/routes/workspaces';
import { workspacePorts } from '#shared/wiring/workspaces';

export const handler = httpHandler(getWorkspace, async ({ auth, params }) =>
  toWorkspaceDto(await requireWorkspace(workspacePorts(), auth.projectId, params.workspace_id)),
);
