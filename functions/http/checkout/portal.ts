import { syncPorts } from '../../../shared/adapters/wiring';
import { createPortalSession } from '../../../shared/domain/checkout/service';
import { httpHandler } from '../../../shared/http/handler';
import { portalSessionRoute } from '../../../shared/http/routes/checkout';

const ports = syncPorts();

export const handler = httpHandler(portalSessionRoute, async ({ auth, body, headers }) =>
  createPortalSession(ports, auth.projectId, body, headers['idempotency-key']),
);
