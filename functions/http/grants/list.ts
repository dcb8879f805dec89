import { listWorkspaceGrants } from '#shared/domain/entitlements/grants';
import { httpHandler } from '#shared/http/handler';
import { listGrantsRoute } from '#shared/http/routes/grants';
import { grantReadPorts } from '#shared/wiring/grants';

export const handler = httpHandler(listGrantsRoute, async ({ auth, query }) => ({
  grants: await listWorkspaceGrants(grantReadPorts(), auth.projectId, query.workspace_id),
}));
