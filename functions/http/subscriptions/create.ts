import { createSubscription, toSubscriptionDto } from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { createSubscriptionRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(createSubscriptionRoute, async ({ auth, body, headers }) => {
  const ports = syncPorts();
  return toSubscriptionDto(
    body.workspace_id,
    await createSubscription(ports, auth.projectId, body, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  );
});
