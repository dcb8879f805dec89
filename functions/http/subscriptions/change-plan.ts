import { syncPorts } from '../../../shared/adapters/wiring';
import { changePlan, toSubscriptionDto } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { changePlanRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(changePlanRoute, async ({ auth, params, body, headers }) =>
  toSubscriptionDto(
    params.workspace_id,
    await changePlan(ports, auth.projectId, params.workspace_id, body, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  ),
);
