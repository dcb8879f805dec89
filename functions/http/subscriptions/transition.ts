import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { pauseSubscription, resumeSubscription, revokeCancellation, toSubscriptionDto } from '../../../shared/domain/subscriptions/lifecycle';
import { httpHandler } from '../../../shared/http/handler';
import { pauseRoute, resumeRoute, revokeRoute } from '../../../shared/http/routes/subscriptions';
import { syncPorts } from '../../../shared/wiring/billing';

const dto = (ws: string) => (s: Parameters<typeof toSubscriptionDto>[1]) => toSubscriptionDto(ws, s, syncPorts().clock(), syncPorts().graceDays);

/** Pause, resume and revoke-cancellation share one function: same inputs, same answer. */
const byVerb = {
  pause: httpHandler(pauseRoute, async ({ auth, params, headers }) =>
    pauseSubscription(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
  resume: httpHandler(resumeRoute, async ({ auth, params, headers }) =>
    resumeSubscription(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
  'revoke-cancellation': httpHandler(revokeRoute, async ({ auth, params, headers }) =>
    revokeCancellation(syncPorts(), auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
};

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  byVerb[event.rawPath.split('/').filter(Boolean).pop() as keyof typeof byVerb](event, context);
