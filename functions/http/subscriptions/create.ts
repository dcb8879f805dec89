import { syncPorts } from '../../../shared/adapters/wiring';
import { createSubscription, toSubscriptionDto } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { createSubscriptionRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();

export const handler = httpHandler(createSubscriptionRoute, async ({ auth, body, headers }) =>
  toSubscriptionDto(body.workspace_id, await createSubscription(ports, auth.projectId, body, headers['idempotency-key']), ports.clock(), ports.graceDays),
);
