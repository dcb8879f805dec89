import { createGrant } from '#shared/domain/entitlements/grants';
import { httpHandler } from '#shared/http/handler';
import { createGrantRoute } from '#shared/http/routes/grants';
import { grantPorts } from '#shared/wiring/entitlements';

export const handler = httpHandler(createGrantRoute, async ({ auth, body }) =>
  createGrant(grantPorts(), auth.projectId, body),
);
