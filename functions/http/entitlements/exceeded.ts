import { checkExceeded } from '#shared/domain/entitlements/read';
import { httpHandler } from '#shared/http/handler';
import { checkExceededRoute } from '#shared/http/routes/entitlements';
import { entitlementReadPorts } from '#shared/wiring/read';

export const handler = httpHandler(checkExceededRoute, async ({ auth, params }) =>
  checkExceeded(entitlementReadPorts(), auth.projectId, params.workspace_id, params.meter),
);
