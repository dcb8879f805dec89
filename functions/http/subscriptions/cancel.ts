import { syncPorts } from '../../../shared/adapters/wiring';
import { cancelSubscription, toSubscriptionDto } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { cancelSubscriptionRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(cancelSubscriptionRoute, async ({ auth, body, headers }) =>
  toSubscriptionDto(
    body.workspace_id,
    await cancelSubscription(ports, auth.projectId, body.workspace_id, body.at_period_end, headers['idempotency-key']),
    ports.clock(),
    ports.graceDays,
  ),
);
