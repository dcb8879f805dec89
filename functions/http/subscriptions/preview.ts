import { previewChange } from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { previewRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(previewRoute, async ({ auth, params, body }) =>
  previewChange(syncPorts(), auth.projectId, params.workspace_id, body),
);
