import { readEntitlements } from '#shared/domain/entitlements/read';
import { httpHandler } from '#shared/http/handler';
import { getEntitlementsRoute } from '#shared/http/routes/entitlements';
import { entitlementReadPorts } from '#shared/wiring/read';

export const handler = httpHandler(getEntitlementsRoute, async ({ auth, params }) =>
  readEntitlements(entitlementReadPorts(), auth.projectId, params.workspace_id),
);
