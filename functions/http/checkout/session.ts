import { syncPorts } from '../../../shared/adapters/wiring';
import { createCheckoutSession } from '../../../shared/domain/checkout/service';
import { httpHandler } from '../../../shared/http/handler';
import { checkoutSessionRoute } from '../../../shared/http/routes/checkout';

const ports = syncPorts();

export const handler = httpHandler(checkoutSessionRoute, async ({ auth, body, headers }) =>
  createCheckoutSession(ports, auth.projectId, body, headers['idempotency-key']),
);
