import { getSubscription, toSubscriptionDto } from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { getSubscriptionRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(getSubscriptionRoute, async ({ auth, params }) => {
  const ports = syncPorts();
  return toSubscriptionDto(
    params.workspace_id,
    await getSubscription(ports, auth.projectId, params.workspace_id),
    ports.clock(),
    ports.graceDays,
  );
});
