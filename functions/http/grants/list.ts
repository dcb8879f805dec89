import { listWorkspaceGrants } from '../../../shared/domain/entitlements/grants';
import { httpHandler } from '../../../shared/http/handler';
import { listGrantsRoute } from '../../../shared/http/routes/grants';
import { grantPorts } from '../../../shared/wiring/entitlements';

export const handler = httpHandler(listGrantsRoute, async ({ auth, query }) => ({ grants: await listWorkspaceGrants(grantPorts(), auth.projectId, query.workspace_id) }));
