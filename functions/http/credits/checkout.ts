import { createCheckoutSession } from '#shared/domain/checkout/sessions';
import { httpHandler } from '#shared/http/handler';
import { creditCheckoutRoute } from '#shared/http/routes/credits';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(creditCheckoutRoute, async ({ auth, body, headers }) => {
  const { product, ...rest } = body;
  const s = await createCheckoutSession(
    syncPorts(),
    auth.projectId,
    { ...rest, pack: product },
    headers['idempotency-key'],
  );
  return { session_id: s.id, url: s.url };
});
