import { entitlementReadPorts } from '../../../shared/domain/entitlements/read-ports';
import { readEntitlements } from '../../../shared/domain/entitlements/read';
import { httpHandler } from '../../../shared/http/handler';
import { getEntitlementsRoute } from '../../../shared/http/routes/entitlements';

const ports = entitlementReadPorts();

export const handler = httpHandler(getEntitlementsRoute, async ({ auth, params }) => readEntitlements(ports, auth.projectId, params.workspace_id));
