import { entitlementReadPorts } from '../../../shared/domain/entitlements/read-ports';
import { checkExceeded } from '../../../shared/domain/entitlements/read';
import { httpHandler } from '../../../shared/http/handler';
import { checkExceededRoute } from '../../../shared/http/routes/entitlements';

const ports = entitlementReadPorts();

export const handler = httpHandler(checkExceededRoute, async ({ auth, params }) => checkExceeded(ports, auth.projectId, params.workspace_id, params.meter));
