import { countedEvents } from '#shared/domain/usage/explorer';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { usageEventsRoute } from '#shared/http/routes/usage-reports';
import { usageExplorerPorts } from '#shared/wiring/read';

export const handler = httpHandler(usageEventsRoute, async ({ auth, params, query }) => {
  const binding = {
    list: `usage-events:${query.meter ?? ''}:${query.from ?? ''}:${query.to ?? ''}`,
    projectId: auth.projectId,
    workspaceId: params.workspace_id,
  };
  const { next_position, ...r } = await countedEvents(usageExplorerPorts(), auth.projectId, params.workspace_id, {
    meter: query.meter,
    from: query.from,
    to: query.to,
    limit: query.limit,
    cursor: await openCursor(binding, query.cursor),
  });
  return { ...r, next_cursor: await sealCursor(binding, next_position) };
});
