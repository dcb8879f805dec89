import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { httpHandler } from '#shared/http/handler';
import { checkoutSessionRoute } from '#shared/http/routes/checkout';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(checkoutSessionRoute, async ({ auth, body, headers }) =>
  createCheckoutSession(syncPorts(), auth.projectId, body, headers['idempotency-key']),
);
