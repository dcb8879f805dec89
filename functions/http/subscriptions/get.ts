import { syncPorts } from '../../../shared/adapters/wiring';
import { getSubscription, toSubscriptionDto } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { getSubscriptionRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(getSubscriptionRoute, async ({ auth, params }) =>
  toSubscriptionDto(params.workspace_id, await getSubscription(ports, auth.projectId, params.workspace_id), ports.clock(), ports.graceDays),
);
