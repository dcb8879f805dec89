import * as z from 'zod';
import { MAX_ROTATION_GRACE_SECONDS } from '#shared/domain/outbound/endpoints';
import { EVENT_PATTERN } from '#shared/domain/outbound/event-types';
import { defineRoute } from '#shared/http/route';
import { CursorQuery } from '#shared/http/schemas';

const EndpointId = z.string().regex(/^we_[a-f0-9]{24}$/, 'must be a webhook endpoint id (we_…)');
const DeliveryId = z.string().regex(/^dlv_[a-f0-9]{32}$/, 'must be a delivery id (dlv_…)');
const EndpointParams = z.strictObject({ endpoint_id: EndpointId });
const DeliveryParams = z.strictObject({ endpoint_id: EndpointId, delivery_id: DeliveryId });

const Events = z
  .array(z.string().regex(EVENT_PATTERN, 'must be an event type (invoice.paid), a family (subscription.*) or *'))
  .min(1)
  .max(50)
  .meta({ description: 'Event types to deliver: exact (`invoice.paid`), a family (`subscription.*`) or `*` for all' });
const Url = z.string().max(2048).meta({
  description:
    'https URL (http to localhost in the local stack); private, link-local and metadata addresses are refused',
});

const EndpointDto = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string(),
  disabled: z.boolean(),
  secret_created_at: z.string(),
  previous_secret_expires_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const EndpointWithSecret = EndpointDto.extend({
  secret: z.string().meta({ description: 'The signing secret: shown only here' }),
});

const DeliveryStatus = z.enum(['pending', 'succeeded', 'failed']);
const DeliveryDto = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  event_id: z.string(),
  event_type: z.string(),
  workspace_id: z.string(),
  status: DeliveryStatus,
  attempts: z.number(),
  last_response_code: z.number().nullable(),
  last_error: z.string().nullable(),
  last_latency_ms: z.number().nullable(),
  last_response_body: z.string().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  completed_at: z.string().nullable(),
});

const base = { tag: 'Webhook endpoints', auth: 'api-key' as const, scopes: ['admin' as const] };
const ENDPOINTS = 'functions/http/webhook-endpoints/endpoints.ts';
const DELIVERIES = 'functions/http/webhook-endpoints/deliveries.ts';

export const createWebhookEndpointRoute = defineRoute({
  ...base,
  id: 'createWebhookEndpoint',
  method: 'POST',
  path: '/api/v1/webhook-endpoints',
  summary: "Register an https endpoint for the project's billing events; answers its signing secret (shown once)",
  status: 201,
  body: z.strictObject({
    url: Url,
    events: Events,
    description: z.string().max(500).optional(),
    disabled: z.boolean().optional(),
  }),
  response: EndpointWithSecret,
  handler: ENDPOINTS,
  access: { table: 'write' },
  errors: [409],
});

export const listWebhookEndpointsRoute = defineRoute({
  ...base,
  id: 'listWebhookEndpoints',
  method: 'GET',
  path: '/api/v1/webhook-endpoints',
  summary: "The project's webhook endpoints, oldest first",
  query: z.strictObject(CursorQuery),
  response: z.object({ endpoints: z.array(EndpointDto), next_cursor: z.string().nullable() }),
  handler: ENDPOINTS,
  access: { table: 'read', cursorSecret: true },
});

export const getWebhookEndpointRoute = defineRoute({
  ...base,
  id: 'getWebhookEndpoint',
  method: 'GET',
  path: '/api/v1/webhook-endpoints/{endpoint_id}',
  summary: 'Read a webhook endpoint (without its secret)',
  params: EndpointParams,
  response: EndpointDto,
  handler: ENDPOINTS,
  access: { table: 'read' },
  errors: [404],
});

export const updateWebhookEndpointRoute = defineRoute({
  ...base,
  id: 'updateWebhookEndpoint',
  method: 'PATCH',
  path: '/api/v1/webhook-endpoints/{endpoint_id}',
  summary: 'Change what an endpoint receives, its URL or description, or disable it',
  params: EndpointParams,
  body: z
    .strictObject({
      url: Url.optional(),
      events: Events.optional(),
      description: z.string().max(500).optional(),
      disabled: z.boolean().optional(),
    })
    .refine(
      (b) => Object.values(b).some((v) => v !== undefined),
      'name at least one of url, events, description, disabled',
    ),
  response: EndpointDto,
  handler: ENDPOINTS,
  access: { table: 'write' },
  errors: [404],
});

export const deleteWebhookEndpointRoute = defineRoute({
  ...base,
  id: 'deleteWebhookEndpoint',
  method: 'DELETE',
  path: '/api/v1/webhook-endpoints/{endpoint_id}',
  summary: 'Delete an endpoint; its pending deliveries are not attempted again',
  params: EndpointParams,
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  handler: ENDPOINTS,
  access: { table: 'write' },
  errors: [404],
});

export const rotateWebhookSecretRoute = defineRoute({
  ...base,
  id: 'rotateWebhookSecret',
  method: 'POST',
  path: '/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret',
  summary:
    'A new signing secret (shown once); the old one keeps signing for grace_seconds (default 24 h) so receivers can switch',
  params: EndpointParams,
  body: z.strictObject({ grace_seconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional() }),
  response: EndpointWithSecret,
  handler: ENDPOINTS,
  access: { table: 'write' },
  errors: [404],
});

export const listWebhookDeliveriesRoute = defineRoute({
  ...base,
  id: 'listWebhookDeliveries',
  method: 'GET',
  path: '/api/v1/webhook-endpoints/{endpoint_id}/deliveries',
  summary: "An endpoint's deliveries, newest first: status, attempts, last response code and latency",
  params: EndpointParams,
  query: z.strictObject({ status: DeliveryStatus.optional(), ...CursorQuery }),
  response: z.object({ deliveries: z.array(DeliveryDto), next_cursor: z.string().nullable() }),
  handler: DELIVERIES,
  access: { table: 'read', cursorSecret: true },
  errors: [404],
});

export const getWebhookDeliveryRoute = defineRoute({
  ...base,
  id: 'getWebhookDelivery',
  method: 'GET',
  path: '/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}',
  summary: 'One delivery',
  params: DeliveryParams,
  response: DeliveryDto,
  handler: DELIVERIES,
  access: { table: 'read', cursorSecret: true },
  errors: [404],
});

export const retryWebhookDeliveryRoute = defineRoute({
  ...base,
  id: 'retryWebhookDelivery',
  method: 'POST',
  path: '/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry',
  summary: 'Send a delivery again now (a failed one gets a new retry window); 409 while an attempt runs',
  status: 202,
  params: DeliveryParams,
  response: DeliveryDto,
  handler: DELIVERIES,
  access: { table: 'write', queues: ['outbound'], cursorSecret: true },
  errors: [404, 409],
});
