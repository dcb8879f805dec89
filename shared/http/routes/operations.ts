import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { CursorQuery, IsoDateTime, WorkspaceId, WorkspaceParams } from '#shared/http/schemas';

const Provider = z.enum(['stripe', 'razorpay']);
const WebhookEventDto = z.object({
  provider: Provider,
  event_id: z.string(),
  type: z.string(),
  created: z.string(),
  object_id: z.string().nullable(),
  workspace_id: z.string().nullable(),
  status: z.string(),
  attempts: z.number(),
  last_error: z.string().nullable(),
  received_at: z.string(),
  processed_at: z.string().nullable(),
});

export const listWebhookEventsRoute = defineRoute({
  id: 'listWebhookEvents',
  method: 'GET',
  path: '/api/v1/admin/webhook-events',
  summary:
    "The key's project's stored webhook events (those whose processing found one of its workspaces), newest first, with their processing status",
  tag: 'Operations',
  auth: 'api-key',
  scopes: ['admin'],
  query: z.strictObject({
    provider: Provider.default('stripe'),
    type: z.string().max(100).optional(),
    status: z.enum(['received', 'queued', 'processed', 'failed', 'ignored']).optional(),
    workspace_id: WorkspaceId.optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    ...CursorQuery,
  }),
  response: z.object({ events: z.array(WebhookEventDto), next_cursor: z.string().nullable() }),
  handler: 'functions/http/admin/webhook-events.ts',
  access: { table: 'read', queues: ['stripe', 'payment'], cursorSecret: true },
  errors: [404],
});

export const replayWebhookEventsRoute = defineRoute({
  id: 'replayWebhookEvents',
  method: 'POST',
  path: '/api/v1/admin/webhook-events/replay',
  summary:
    "Re-process the key's project's stored webhook events by id (all or nothing: an id it does not own is a 404), or by time range and type",
  tag: 'Operations',
  auth: 'api-key',
  scopes: ['admin'],
  status: 202,
  body: z.strictObject({
    provider: Provider.default('stripe'),
    event_ids: z.array(z.string().min(1).max(255)).max(500).optional(),
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    type: z.string().max(100).optional(),
  }),
  response: z.object({ replayed: z.array(z.string()) }),
  handler: 'functions/http/admin/webhook-events.ts',
  access: { table: 'read', queues: ['stripe', 'payment'], cursorSecret: true },
  errors: [404],
});

export const workspaceEventsRoute = defineRoute({
  id: 'listWorkspaceEvents',
  method: 'GET',
  path: '/api/v1/workspaces/{workspace_id}/events',
  summary: "The workspace's billing events (activated, plan changed, invoice paid, …), newest first",
  tag: 'Workspaces',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  params: WorkspaceParams,
  query: z.strictObject(CursorQuery),
  response: z.object({
    events: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        workspace_id: z.string(),
        occurred_at: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    next_cursor: z.string().nullable(),
  }),
  handler: 'functions/http/workspaces/events.ts',
  access: { table: 'read', cursorSecret: true },
});
