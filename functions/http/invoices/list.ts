import { listInvoices } from '#shared/domain/payments/invoices';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import { listInvoicesRoute } from '#shared/http/routes/invoices';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(listInvoicesRoute, async ({ auth, params, query }) => {
  const binding = { list: 'invoices', projectId: auth.projectId, workspaceId: params.workspace_id };
  const page = await listInvoices(syncPorts(), auth.projectId, params.workspace_id, {
    ...query,
    cursor: await openCursor(binding, query.cursor),
  });
  return { ...page, next_cursor: await sealCursor(binding, page.next_cursor) };
});
