import { recomputePorts, repositories } from '../../../shared/adapters/wiring';
import { entitlementReadPorts } from '../../../shared/domain/entitlements/read-ports';
import { readEntitlements } from '../../../shared/domain/entitlements/read';
import { recomputeEntitlements } from '../../../shared/domain/entitlements/recompute';
import { requireWorkspace } from '../../../shared/domain/workspaces/service';
import { httpHandler } from '../../../shared/http/handler';
import { invalidateEntitlementsRoute } from '../../../shared/http/routes/entitlements';

const ports = { recompute: recomputePorts(), read: entitlementReadPorts(), workspaces: repositories().workspaces };

export const handler = httpHandler(invalidateEntitlementsRoute, async ({ auth, params }) => {
  await requireWorkspace(ports, auth.projectId, params.workspace_id);
  await recomputeEntitlements(ports.recompute, auth.projectId, params.workspace_id);
  return readEntitlements(ports.read, auth.projectId, params.workspace_id);
});
