import { syncPorts } from '../../../shared/adapters/wiring';
import { previewChange } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { previewRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(previewRoute, async ({ auth, params, body }) => previewChange(ports, auth.projectId, params.workspace_id, body));
