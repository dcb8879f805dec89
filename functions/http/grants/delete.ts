import { revokeGrant } from '#shared/domain/entitlements/grants';
import { httpHandler } from '#shared/http/handler';
import { deleteGrantRoute } from '#shared/http/routes/grants';
import { grantPorts } from '#shared/wiring/entitlements';

export const handler = httpHandler(deleteGrantRoute, async ({ auth, params }) =>
  revokeGrant(grantPorts(), auth.projectId, params.grant_id),
);
