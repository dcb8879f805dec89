import { checkFeature } from '#shared/domain/entitlements/read';
import { httpHandler } from '#shared/http/handler';
import { checkFeatureRoute } from '#shared/http/routes/entitlements';
import { entitlementReadPorts } from '#shared/wiring/read';

export const handler = httpHandler(checkFeatureRoute, async ({ auth, params }) =>
  checkFeature(entitlementReadPorts(), auth.projectId, params.workspace_id, params.feature),
);
