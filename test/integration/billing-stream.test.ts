import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { workspaceRepository } from '#shared/adapters/dynamodb/repositories/workspaces';
import { reloadConfig } from '#shared/config';
import type { BillingEvent } from '#shared/domain/outbound/ports';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import type { StreamingLambdaHandler } from '#shared/http/streaming';
import { lambdaContext } from '../../dev/gateway';
import { collectingResponseStream } from '../../dev/response-stream';
import { freshTable } from '../support/local';
import { until } from '../support/until';
import { apiEvent } from '../unit/support/apigw';

const KEY_A = 'tg_test_streamProjectA0000000000001';
const KEY_B = 'tg_test_streamProjectB0000000000001';
const WS = 'ws_stream';

/** The SSE blocks of a body: `id`, `event`, `data` (parsed) per event. */
function sseEvents(body: string) {
  return body
    .split('\n\n')
    .map((block) =>
      Object.fromEntries(
        block
          .split('\n')
          .filter((l) => !l.startsWith(':') && l.includes(':'))
          .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
      ),
    )
    .filter((f) => f.data !== undefined && f.event !== 'reconnect')
    .map((f) => ({ id: f.id as string, event: f.event as string, data: JSON.parse(f.data as string) as BillingEvent }));
}

describe('GET /api/v1/billing/stream (Server-Sent Events of a workspace history)', () => {
  let table: TableContext;
  let handler: StreamingLambdaHandler;
  let n = 0;
  const record = (type: string, workspaceId = WS) => {
    const e: BillingEvent = {
      id: `evt_stream_${n++}`,
      type,
      project_id: 'proj_stream_a',
      workspace_id: workspaceId,
      occurred_at: new Date().toISOString(),
      data: { n },
    };
    return historyRepository(table)
      .recordOnce(e)
      .then(() => e);
  };
  const open = (
    key: string,
    opts: { lastEventId?: string; workspaceId?: string; destroyAfter?: number; timeoutMs?: number } = {},
  ) => {
    const { stream, out } = collectingResponseStream({ destroyAfter: opts.destroyAfter });
    const event: APIGatewayProxyEventV2 = apiEvent({
      method: 'GET',
      routePath: '/api/v1/billing/stream',
      rawPath: '/api/v1/billing/stream',
      query: { workspace_id: opts.workspaceId ?? WS },
      headers: {
        authorization: `Bearer ${key}`,
        ...(opts.lastEventId !== undefined ? { 'last-event-id': opts.lastEventId } : {}),
      },
    });
    const done = handler(event, stream, lambdaContext('stream', opts.timeoutMs ?? 60_000));
    return { out, done, close: () => stream.destroy() };
  };

  beforeAll(async () => {
    table = await freshTable('stream');
    // Heartbeats every second and polls every 100 ms; a connection ends 5 s before its function's
    // timeout, so a function given 12.5 s streams for 7 s: the whole life of a stream in seconds.
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      STREAM_MAX_SECONDS: '120',
      STREAM_HEARTBEAT_SECONDS: '1',
      STREAM_POLL_MS: '100',
    });
    reloadConfig();
    const tenancy = apiKeyRepository(table);
    for (const [key, project, scopes] of [
      [KEY_A, 'proj_stream_a', ['entitlements:read']],
      [KEY_B, 'proj_stream_b', ['admin']],
    ] as const) {
      await tenancy.putApiKey({
        keyId: `key_${project}`,
        hash: hashApiKey(key),
        prefix: key.slice(0, 12),
        projectId: project,
        appId: 'app',
        name: 'stream',
        scopes: [...scopes],
        createdAt: new Date().toISOString(),
      });
    }
    await workspaceRepository(table).upsert(
      'proj_stream_a',
      WS,
      { name: 'S', email: 's@example.com', country: 'US', currency: 'usd' },
      new Date().toISOString(),
    );
    handler = (await import('../../functions/http/billing/stream')).handler;
  });
  afterAll(() => {
    for (const k of ['STREAM_MAX_SECONDS', 'STREAM_HEARTBEAT_SECONDS', 'STREAM_POLL_MS']) delete process.env[k];
    reloadConfig();
  });

  it('replays the history from Last-Event-ID 0, sends what is recorded while connected, and resumes after the last id', async () => {
    // Prepare
    const first = [await record('subscription.activated'), await record('invoice.paid')];
    await record('invoice.paid', 'ws_other');
    // Act: a connection from the start, and an event recorded while it is open.
    const c1 = open(KEY_A, { lastEventId: '0' });
    await until('the replayed history', async () => sseEvents(c1.out.body).length >= 2);
    const live = await record('usage.threshold_reached');
    await until('the live event', async () => sseEvents(c1.out.body).length >= 3);
    c1.close();
    await c1.done;
    const seen = sseEvents(c1.out.body);
    const later = await record('subscription.canceled');
    const c2 = open(KEY_A, { lastEventId: seen.at(-1)!.id });
    await until('the event after the resume point', async () => sseEvents(c2.out.body).length >= 1);
    c2.close();
    await c2.done;
    // Assess
    expect(c1.out.meta).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    });
    expect(seen.map((e) => e.data)).toEqual([...first, live]);
    expect(seen.map((e) => e.event)).toEqual(['subscription.activated', 'invoice.paid', 'usage.threshold_reached']);
    expect(sseEvents(c2.out.body).map((e) => e.data)).toEqual([later]);
    expect(c1.out.body.startsWith('retry: ')).toBe(true);
  });

  it('starts with what is new when no Last-Event-ID is sent, beats its heart, and ends with a reconnect hint', async () => {
    // Prepare
    await record('invoice.finalized');
    // Act: the connection runs its whole 7 s.
    const c = open(KEY_A, { timeoutMs: 12_500 });
    await new Promise((r) => setTimeout(r, 500));
    const fresh = await record('subscription.renewed');
    await c.done;
    // Assess
    expect(sseEvents(c.out.body).map((e) => e.data)).toEqual([fresh]);
    expect(c.out.body).toMatch(/^: heartbeat /m);
    expect(c.out.body).toMatch(/event: reconnect\ndata: \{"last_event_id":"[0-9A-Z]{26}","retry_ms":1000\}\n\n$/);
  });

  it("answers another project's workspace, a missing key and a foreign Last-Event-ID like any route, without streaming", async () => {
    // Act
    const other = open(KEY_B);
    const none = open('');
    const bad = open(KEY_A, { lastEventId: '../etc' });
    await Promise.all([other.done, none.done, bad.done]);
    // Assess
    expect(other.out.meta?.statusCode).toBe(404);
    expect(JSON.parse(other.out.body).error.code).toBe('not_found');
    expect(other.out.body).not.toContain('evt_stream');
    expect(none.out.meta?.statusCode).toBe(401);
    expect(bad.out.meta?.statusCode).toBe(400);
  });
});
