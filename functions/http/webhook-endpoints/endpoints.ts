import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import {
  createEndpoint,
  deleteEndpoint,
  requireEndpoint,
  rotateSecret,
  toEndpointDto,
  updateEndpoint,
} from '#shared/domain/outbound/endpoints';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import * as r from '#shared/http/routes/webhook-endpoints';
import { endpointPorts } from '#shared/wiring/outbound';

const dto = (e: Parameters<typeof toEndpointDto>[0]) => toEndpointDto(e, endpointPorts().clock());

const routes = {
  [`POST ${r.createWebhookEndpointRoute.path}`]: httpHandler(r.createWebhookEndpointRoute, async ({ auth, body }) => {
    const { endpoint, secret } = await createEndpoint(endpointPorts(), auth.projectId, body);
    return { ...dto(endpoint), secret };
  }),
  [`GET ${r.listWebhookEndpointsRoute.path}`]: httpHandler(r.listWebhookEndpointsRoute, async ({ auth, query }) => {
    const binding = { list: 'webhook-endpoints', projectId: auth.projectId };
    const after = await openCursor(binding, query.cursor);
    const all = (await endpointPorts().endpoints.list(auth.projectId)).map(dto);
    const from = after ? all.findIndex((e) => e.id === after) + 1 : 0;
    const page = all.slice(from, from + query.limit);
    return {
      endpoints: page,
      next_cursor: await sealCursor(binding, from + query.limit < all.length ? page.at(-1)!.id : null),
    };
  }),
  [`GET ${r.getWebhookEndpointRoute.path}`]: httpHandler(r.getWebhookEndpointRoute, async ({ auth, params }) =>
    dto(await requireEndpoint(endpointPorts(), auth.projectId, params.endpoint_id)),
  ),
  [`PATCH ${r.updateWebhookEndpointRoute.path}`]: httpHandler(
    r.updateWebhookEndpointRoute,
    async ({ auth, params, body }) =>
      dto(await updateEndpoint(endpointPorts(), auth.projectId, params.endpoint_id, body)),
  ),
  [`DELETE ${r.deleteWebhookEndpointRoute.path}`]: httpHandler(
    r.deleteWebhookEndpointRoute,
    async ({ auth, params }) => {
      await deleteEndpoint(endpointPorts(), auth.projectId, params.endpoint_id);
      return { id: params.endpoint_id, deleted: true as const };
    },
  ),
  [`POST ${r.rotateWebhookSecretRoute.path}`]: httpHandler(
    r.rotateWebhookSecretRoute,
    async ({ auth, params, body }) => {
      const { endpoint, secret } = await rotateSecret(
        endpointPorts(),
        auth.projectId,
        params.endpoint_id,
        body.grace_seconds,
      );
      return { ...dto(endpoint), secret };
    },
  ),
};

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  routes[event.routeKey as keyof typeof routes](event, context);
