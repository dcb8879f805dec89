import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { workspaceEventsRoute } from '#shared/http/routes/operations';
import { workspaceHistoryPorts } from '#shared/wiring/workspaces';

export const handler = httpHandler(workspaceEventsRoute, async ({ auth, params, query }) => {
  const ports = workspaceHistoryPorts();
  await requireWorkspace(ports, auth.projectId, params.workspace_id);
  const binding = { list: 'workspace-events', projectId: auth.projectId, workspaceId: params.workspace_id };
  const page = await ports.history.list(auth.projectId, params.workspace_id, {
    limit: query.limit,
    cursor: await openCursor(binding, query.cursor),
  });
  return {
    events: page.events.map(({ project_id: _p, ...e }) => e),
    next_cursor: await sealCursor(binding, page.cursor),
  };
});
