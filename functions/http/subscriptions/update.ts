import { syncPorts } from '../../../shared/adapters/wiring';
import { toSubscriptionDto, updateSubscription } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { updateSubscriptionRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(updateSubscriptionRoute, async ({ auth, params, body, headers }) =>
  toSubscriptionDto(
    params.workspace_id,
    await updateSubscription(ports, auth.projectId, params.workspace_id, body, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  ),
);
