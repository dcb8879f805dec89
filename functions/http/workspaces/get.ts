import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { workspaceRepository } from '../../../shared/adapters/dynamodb/workspace-repository';
import { requireWorkspace, toWorkspaceDto } from '../../../shared/domain/workspaces/service';
import { httpHandler } from '../../../shared/http/handler';
import { getWorkspace } from '../../../shared/http/routes/workspaces';

const ports = { workspaces: workspaceRepository(tableFromConfig()) };

export const handler = httpHandler(getWorkspace, async ({ auth, params }) =>
  toWorkspaceDto(await requireWorkspace(ports, auth.projectId, params.workspace_id)),
);
