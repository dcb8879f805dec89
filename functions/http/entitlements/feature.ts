import { entitlementReadPorts } from '../../../shared/domain/entitlements/read-ports';
import { checkFeature } from '../../../shared/domain/entitlements/read';
import { httpHandler } from '../../../shared/http/handler';
import { checkFeatureRoute } from '../../../shared/http/routes/entitlements';

const ports = entitlementReadPorts();

export const handler = httpHandler(checkFeatureRoute, async ({ auth, params }) => checkFeature(ports, auth.projectId, params.workspace_id, params.feature));
