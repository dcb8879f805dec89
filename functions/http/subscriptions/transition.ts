import {
  pauseSubscription,
  resumeSubscription,
  revokeCancellation,
  toSubscriptionDto,
} from '#shared/domain/subscriptions/lifecycle';
import { httpHandler } from '#shared/http/handler';
import { httpRouter } from '#shared/http/router';
import { pauseRoute, resumeRoute, revokeRoute } from '#shared/http/routes/subscriptions';
import { syncPorts } from '#shared/wiring/billing';

const dto = (ws: string) => (s: Parameters<typeof toSubscriptionDto>[1]) =>
  toSubscriptionDto(ws, s, syncPorts().clock(), syncPorts().graceDays);

const pause = httpHandler(pauseRoute, async ({ auth, params, headers }) =>
  pauseSubscription(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(
    dto(params.workspace_id),
  ),
);
const resume = httpHandler(resumeRoute, async ({ auth, params, headers }) =>
  resumeSubscription(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(
    dto(params.workspace_id),
  ),
);
const revoke = httpHandler(revokeRoute, async ({ auth, params, headers }) =>
  revokeCancellation(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(
    dto(params.workspace_id),
  ),
);

/** Pause, resume and revoke-cancellation share one function: same inputs, same answer. */
export const handler = httpRouter(pause, resume, revoke);
