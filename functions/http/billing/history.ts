import { billingHistory } from '#shared/domain/billing/history';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { billingHistoryRoute } from '#shared/http/routes/billing';
import { historyPorts } from '#shared/wiring/billing-history';

export const handler = httpHandler(billingHistoryRoute, async ({ auth, params, query }) => {
  const binding = { list: 'billing-history', projectId: auth.projectId, workspaceId: params.workspace_id };
  const page = await billingHistory(historyPorts(), auth.projectId, params.workspace_id, {
    limit: query.limit,
    cursor: await openCursor(binding, query.cursor),
  });
  return { ...page, next_cursor: await sealCursor(binding, page.next_cursor) };
});
