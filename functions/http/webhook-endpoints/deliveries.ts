import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { getDelivery, listDeliveries, retryDelivery, toDeliveryDto } from '#shared/domain/outbound/deliveries';
import { openCursor, sealCursor } from '#shared/http/cursor';
import { httpHandler } from '#shared/http/handler';
import * as r from '#shared/http/routes/webhook-endpoints';
import { deliveryPorts } from '#shared/wiring/outbound';

const routes = {
  [`GET ${r.listWebhookDeliveriesRoute.path}`]: httpHandler(
    r.listWebhookDeliveriesRoute,
    async ({ auth, params, query }) => {
      const binding = {
        list: `webhook-deliveries:${params.endpoint_id}:${query.status ?? ''}`,
        projectId: auth.projectId,
      };
      const page = await listDeliveries(deliveryPorts(), auth.projectId, params.endpoint_id, {
        limit: query.limit,
        status: query.status,
        cursor: await openCursor(binding, query.cursor),
      });
      return { deliveries: page.deliveries.map(toDeliveryDto), next_cursor: await sealCursor(binding, page.cursor) };
    },
  ),
  [`GET ${r.getWebhookDeliveryRoute.path}`]: httpHandler(r.getWebhookDeliveryRoute, async ({ auth, params }) =>
    toDeliveryDto(await getDelivery(deliveryPorts(), auth.projectId, params.endpoint_id, params.delivery_id)),
  ),
  [`POST ${r.retryWebhookDeliveryRoute.path}`]: httpHandler(r.retryWebhookDeliveryRoute, async ({ auth, params }) =>
    toDeliveryDto(await retryDelivery(deliveryPorts(), auth.projectId, params.endpoint_id, params.delivery_id)),
  ),
};

export const handler = (event: APIGatewayProxyEventV2, context: Context) =>
  routes[event.routeKey as keyof typeof routes](event, context);
