import { listWebhookEvents, replayWebhookEvents } from '#shared/domain/operations/webhook-events';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { listWebhookEventsRoute, replayWebhookEventsRoute } from '#shared/http/routes/operations';
import { webhookOpsPorts } from '#shared/wiring/webhooks';

/** A key reaches its own project's events only; operators use `npm run webhooks` for the rest. */
const list = httpHandler(
  listWebhookEventsRoute,
  async ({ auth, query: { provider, type, status, workspace_id, from, to, limit, cursor } }) => {
    const ports = webhookOpsPorts();
    if (workspace_id) await requireWorkspace(ports, auth.projectId, workspace_id);
    const binding = { list: `webhook-events:${provider}`, projectId: auth.projectId, workspaceId: workspace_id };
    const page = await listWebhookEvents(
      ports,
      { projectId: auth.projectId },
      provider,
      { type, status, workspaceId: workspace_id, from, to },
      { limit, cursor: await openCursor(binding, cursor) },
    );
    return { events: page.events, next_cursor: await sealCursor(binding, page.next_cursor) };
  },
);

const replay = httpHandler(replayWebhookEventsRoute, async ({ auth, body }) => ({
  replayed: (await replayWebhookEvents(webhookOpsPorts(), { projectId: auth.projectId }, body)).replayed,
}));

export const handler = httpRouter(list, replay);
