import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { syncPorts } from '../../../shared/adapters/wiring';
import { pauseSubscription, resumeSubscription, revokeCancellation, toSubscriptionDto } from '../../../shared/domain/subscriptions/service';
import { httpHandler } from '../../../shared/http/handler';
import { pauseRoute, resumeRoute, revokeRoute } from '../../../shared/http/routes/subscriptions';

const ports = syncPorts();
const dto = (ws: string) => (s: Parameters<typeof toSubscriptionDto>[1]) => toSubscriptionDto(ws, s, ports.clock(), ports.graceDays);

/** Pause, resume and revoke-cancellation share one function: same inputs, same answer. */
const byVerb = {
  pause: httpHandler(pauseRoute, async ({ auth, params, headers }) =>
    pauseSubscription(ports, auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
  resume: httpHandler(resumeRoute, async ({ auth, params, headers }) =>
    resumeSubscription(ports, auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
  'revoke-cancellation': httpHandler(revokeRoute, async ({ auth, params, headers }) =>
    revokeCancellation(ports, auth.projectId, params.workspace_id, headers['idempotency-key']).then(dto(params.workspace_id)),
  ),
};

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  byVerb[event.rawPath.split('/').filter(Boolean).pop() as keyof typeof byVerb](event, context);
