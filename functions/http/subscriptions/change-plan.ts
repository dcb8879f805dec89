import { changePlan, toSubscriptionDto } from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { changePlanRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

export const handler = httpHandler(changePlanRoute, async ({ auth, params, body, headers }) => {
  const ports = syncPorts();
  return toSubscriptionDto(
    params.workspace_id,
    await changePlan(ports, auth.projectId, params.workspace_id, body, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  );
});
