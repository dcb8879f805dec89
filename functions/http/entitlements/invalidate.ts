import { readEntitlements } from '#shared/domain/entitlements/read';
import { recomputeEntitlements } from '#shared/domain/entitlements/recompute';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { httpHandler } from '#shared/http/handler';
import { invalidateEntitlementsRoute } from '#shared/http/routes/entitlements';
import { recomputePorts } from '#shared/wiring/entitlements';
import { entitlementReadPorts } from '#shared/wiring/read';
import { workspacePorts } from '#shared/wiring/workspaces';

export const handler = httpHandler(invalidateEntitlementsRoute, async ({ auth, params }) => {
  await requireWorkspace(workspacePorts(), auth.projectId, params.workspace_id);
  await recomputeEntitlements(recomputePorts(), auth.projectId, params.workspace_id);
  return readEntitlements(entitlementReadPorts(), auth.projectId, params.workspace_id);
});
