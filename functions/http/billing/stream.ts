import { LAST_EVENT_ID, runEventStream } from '#shared/domain/outbound/stream';
import { requireWorkspace } from '#shared/domain/workspaces/profiles';
import { ValidationError } from '#shared/errors';
import { billingStreamRoute } from '#shared/http/routes/stream';
import { streamingHandler } from '#shared/http/streaming';
import { streamAuth, streamPorts } from '#shared/wiring/outbound';

/** Server-Sent Events of a workspace's history; another project's workspace is a 404. */
export const handler = streamingHandler(
  billingStreamRoute,
  streamAuth,
  async ({ auth, query, headers, remainingMs }, open) => {
    const ports = streamPorts();
    await requireWorkspace(ports, auth.projectId, query.workspace_id);
    const last = headers['last-event-id']?.trim() || undefined;
    if (last !== undefined && !LAST_EVENT_ID.test(last)) {
      throw new ValidationError('Last-Event-ID: not an id this stream sent (or 0 for the start)', [
        { field: 'header.last-event-id', message: 'unknown id' },
      ]);
    }
    const sink = open({
      statusCode: 200,
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      },
    });
    // A connection ends a few seconds before the function would be stopped, with its reconnect hint.
    const maxSeconds = Math.max(1, Math.min(ports.options.maxSeconds, Math.floor(remainingMs() / 1000) - 5));
    await runEventStream(
      ports,
      { ...ports.options, maxSeconds },
      { projectId: auth.projectId, workspaceId: query.workspace_id },
      last,
      sink,
    );
  },
);
