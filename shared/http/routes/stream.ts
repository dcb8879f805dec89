import * as z from 'zod';
import { defineRoute } from '#shared/http/route';
import { WorkspaceId } from '#shared/http/schemas';

/**
 * How long the stream's function may run: a connection lasts STREAM_MAX_SECONDS (300 s by
 * default, ended a few seconds before this timeout in any case), then the client reconnects.
 */
export const STREAM_FUNCTION_TIMEOUT_SECONDS = 310;

export const billingStreamRoute = defineRoute({
  id: 'streamBillingEvents',
  method: 'GET',
  path: '/api/v1/billing/stream',
  summary:
    "Server-Sent Events of the workspace's billing events as they are recorded (`id`: resume with Last-Event-ID; `Last-Event-ID: 0` replays the history). Heartbeat comments every 15 s; after 5 minutes the stream ends with `retry:` and an `event: reconnect`. In AWS it is served by its own Function URL (StreamBillingEventsUrl), not the HTTP API.",
  tag: 'Integrations',
  auth: 'api-key',
  scopes: ['entitlements:read'],
  query: z.strictObject({ workspace_id: WorkspaceId }),
  handler: 'functions/http/billing/stream.ts',
  access: { table: 'read' },
  exposure: 'function-url',
  streaming: true,
  timeoutSeconds: STREAM_FUNCTION_TIMEOUT_SECONDS,
  errors: [404],
});
