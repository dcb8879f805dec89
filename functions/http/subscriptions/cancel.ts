import { cancelSubscription, toSubscriptionDto } from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { cancelSubscriptionRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(cancelSubscriptionRoute, async ({ auth, body, headers }) => {
  const ports = syncPorts();
  return toSubscriptionDto(
    body.workspace_id,
    await cancelSubscription(ports, auth.projectId, body.workspace_id, body.at_period_end, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  );
});
