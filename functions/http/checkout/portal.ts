import { createPortalSession } from '#shared/domain/checkout/sessions';
import { httpHandler } from '#shared/http/handler';
import { portalSessionRoute } from '#shared/http/routes/checkout';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(portalSessionRoute, async ({ auth, body, headers }) =>
  createPortalSession(syncPorts(), auth.projectId, body, headers['idempotency-key']),
);
