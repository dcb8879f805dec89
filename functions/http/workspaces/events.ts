import { tableFromConfig } from '../../../shared/adapters/dynamodb/client';
import { historyRepository } from '../../../shared/adapters/dynamodb/history-repository';
import { workspaceRepository } from '../../../shared/adapters/dynamodb/workspace-repository';
import { requireWorkspace } from '../../../shared/domain/workspaces/service';
import { httpHandler } from '../../../shared/http/handler';
import { workspaceEventsRoute } from '../../../shared/http/routes/operations';

const ports = { workspaces: workspaceRepository(tableFromConfig()), history: historyRepository(tableFromConfig()) };

export const handler = httpHandler(workspaceEventsRoute, async ({ auth, params, query }) => {
  await requireWorkspace(ports, auth.projectId, params.workspace_id);
  const page = await ports.history.list(auth.projectId, params.workspace_id, query);
  return { events: page.events.map(({ project_id: _p, ...e }) => e), next_cursor: page.cursor };
});
