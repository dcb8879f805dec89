import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { historyRepository } from '#shared/adapters/dynamodb/repositories/history';
import { usageDaySourceRepository } from '#shared/adapters/dynamodb/repositories/usage-day-source';
import { usageStore } from '#shared/adapters/dynamodb/repositories/usage-store';
import { reloadConfig } from '#shared/config';
import { buildDelta } from '#shared/domain/metering/counters';
import { billingWindow } from '#shared/domain/metering/windows';
import { aggregateDay } from '#shared/domain/outbound/aggregation';
import type { BillingEvent } from '#shared/domain/outbound/ports';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { lambdaContext } from '../../dev/gateway';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { seedWorkspace } from '../support/usage-fixtures';
import { apiEvent } from '../unit/support/apigw';

type Handler = (e: APIGatewayProxyEventV2, c: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const KEY = 'tg_test_endpointRoutes000000000001';

describe('webhook endpoint routes, through the handlers on DynamoDB Local', () => {
  let endpoints: Handler;
  let deliveries: Handler;
  const call = async (
    h: Handler,
    method: string,
    routePath: string,
    opts: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> } = {},
  ) => {
    const rawPath = routePath.replace(/\{(\w+)\}/g, (_m, n: string) => opts.params?.[n] ?? '');
    const res = await h(
      apiEvent({
        method,
        routePath,
        rawPath,
        pathParameters: opts.params,
        query: opts.query,
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      }),
      lambdaContext('routes'),
    );
    return { status: res.statusCode!, json: res.body ? JSON.parse(res.body) : undefined };
  };

  beforeAll(async () => {
    const table = await freshTable('whroutes');
    const q = await freshQueue(localSqs());
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      OUTBOUND_QUEUE_URL: q.url,
    });
    reloadConfig();
    await apiKeyRepository(table).putApiKey({
      keyId: 'key_r',
      hash: hashApiKey(KEY),
      prefix: KEY.slice(0, 12),
      projectId: 'proj_routes',
      appId: 'app',
      name: 'r',
      scopes: ['admin'],
      createdAt: new Date().toISOString(),
    });
    endpoints = (await import('../../functions/http/webhook-endpoints/endpoints')).handler as Handler;
    deliveries = (await import('../../functions/http/webhook-endpoints/deliveries')).handler as Handler;
  });

  it('creates, lists, reads, updates, rotates and deletes an endpoint; the secret is shown at creation and rotation only', async () => {
    // Act
    const created = await call(endpoints, 'POST', '/api/v1/webhook-endpoints', {
      body: {
        url: 'https://hooks.example.com/tollgate',
        events: ['subscription.*', 'invoice.paid', 'invoice.paid'],
        description: 'billing',
      },
    });
    const id = created.json.id as string;
    const params = { endpoint_id: id };
    const got = await call(endpoints, 'GET', '/api/v1/webhook-endpoints/{endpoint_id}', { params });
    const patched = await call(endpoints, 'PATCH', '/api/v1/webhook-endpoints/{endpoint_id}', {
      params,
      body: { events: ['*'], disabled: true },
    });
    const rotated = await call(endpoints, 'POST', '/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret', {
      params,
      body: { grace_seconds: 600 },
    });
    await call(endpoints, 'POST', '/api/v1/webhook-endpoints', {
      body: { url: 'https://hooks.example.com/second', events: ['*'] },
    });
    const page1 = await call(endpoints, 'GET', '/api/v1/webhook-endpoints', { query: { limit: '1' } });
    const page2 = await call(endpoints, 'GET', '/api/v1/webhook-endpoints', {
      query: { limit: '1', cursor: page1.json.next_cursor },
    });
    const deleted = await call(endpoints, 'DELETE', '/api/v1/webhook-endpoints/{endpoint_id}', { params });
    const gone = await call(endpoints, 'GET', '/api/v1/webhook-endpoints/{endpoint_id}', { params });
    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      url: 'https://hooks.example.com/tollgate',
      events: ['subscription.*', 'invoice.paid'],
      description: 'billing',
      disabled: false,
      previous_secret_expires_at: null,
    });
    expect(created.json.secret).toMatch(/^whsec_/);
    expect(got.json).not.toHaveProperty('secret');
    expect(patched.json).toMatchObject({ events: ['*'], disabled: true });
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(created.json.secret);
    expect(Date.parse(rotated.json.previous_secret_expires_at) - Date.now()).toBeGreaterThan(500_000);
    expect(page1.json.endpoints.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(page2.json.endpoints).toHaveLength(1);
    expect(page2.json.next_cursor).toBeNull();
    expect(deleted.json).toEqual({ id, deleted: true });
    expect(gone.status).toBe(404);
  });

  it('refuses URLs that are not https, point inside the network or carry credentials, and malformed event lists', async () => {
    // Act
    const answers = await Promise.all(
      [
        { url: 'http://hooks.example.com/x', events: ['*'] },
        { url: 'https://169.254.169.254/latest/meta-data', events: ['*'] },
        { url: 'https://10.0.0.1/hook', events: ['*'] },
        { url: 'https://u:p@hooks.example.com/x', events: ['*'] },
        { url: 'https://hooks.example.com/x', events: [] },
        { url: 'https://hooks.example.com/x', events: ['Invoice.Paid'] },
      ].map((body) => call(endpoints, 'POST', '/api/v1/webhook-endpoints', { body })),
    );
    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(answers[1].json.error).toMatchObject({ code: 'invalid_webhook_url', details: [{ field: 'body.url' }] });
  });

  it('lists deliveries newest first and retries one now', async () => {
    // Prepare: an endpoint, and an event fanned out to it by the consumer.
    const ep = (
      await call(endpoints, 'POST', '/api/v1/webhook-endpoints', {
        body: { url: 'http://127.0.0.1:9/hook', events: ['invoice.*'] },
      })
    ).json;
    const { fanOut } = await import('#shared/domain/outbound/fan-out');
    const { fanOutPorts } = await import('#shared/wiring/outbound');
    const event: BillingEvent = {
      id: 'evt_routes_1',
      type: 'invoice.paid',
      project_id: 'proj_routes',
      workspace_id: 'ws_r',
      occurred_at: new Date().toISOString(),
      data: {},
    };
    await fanOut(fanOutPorts(), event);
    // Act
    const list = await call(deliveries, 'GET', '/api/v1/webhook-endpoints/{endpoint_id}/deliveries', {
      params: { endpoint_id: ep.id },
    });
    const id = list.json.deliveries[0].id as string;
    const one = await call(deliveries, 'GET', '/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}', {
      params: { endpoint_id: ep.id, delivery_id: id },
    });
    const retried = await call(
      deliveries,
      'POST',
      '/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry',
      { params: { endpoint_id: ep.id, delivery_id: id } },
    );
    const failedOnly = await call(deliveries, 'GET', '/api/v1/webhook-endpoints/{endpoint_id}/deliveries', {
      params: { endpoint_id: ep.id },
      query: { status: 'failed' },
    });
    const unknown = await call(
      deliveries,
      'POST',
      '/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry',
      { params: { endpoint_id: ep.id, delivery_id: `dlv_${'0'.repeat(32)}` } },
    );
    // Assess
    expect(list.json.deliveries).toHaveLength(1);
    expect(one.json).toMatchObject({
      id,
      event_id: 'evt_routes_1',
      event_type: 'invoice.paid',
      workspace_id: 'ws_r',
      status: 'pending',
      attempts: 0,
    });
    expect(retried.status).toBe(202);
    expect(retried.json).toMatchObject({ id, status: 'pending' });
    expect(failedOnly.json.deliveries).toEqual([]);
    expect(unknown.status).toBe(404);
  });

  it("reports a day's usage per workspace and meter once as usage.aggregated, in the history", async () => {
    // Prepare: usage counted yesterday and today for two meters of one workspace.
    const { tableFromConfig } = await import('#shared/adapters/dynamodb/client');
    const table = tableFromConfig();
    await seedWorkspace(table, 'proj_agg', 'ws_agg', { snapshot: false });
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000);
    const usage = usageStore(table);
    const day = yesterday.toISOString().slice(0, 10);
    const write = (meter: string, value: string, at: Date) =>
      usage.commitGroup({
        projectId: 'proj_agg',
        workspaceId: 'ws_agg',
        delta: buildDelta(meter, billingWindow(at, null), [{ value, timestamp: at.toISOString() }], now),
        events: [{ meter, idempotencyKey: `${meter}-${at.getTime()}`, value, timestamp: at.toISOString() }],
        countedAt: now.toISOString(),
      });
    await write('ai_credits', '2.5', yesterday);
    await write('ai_credits', '0.25', new Date(yesterday.getTime() + 1000));
    await write('email_sends', '3', yesterday);
    await write('ai_credits', '7', now);
    const published: BillingEvent[] = [];
    const ports = {
      source: usageDaySourceRepository(table),
      history: historyRepository(table),
      bus: { publish: async (e: BillingEvent[]) => void published.push(...e) },
      clock: () => now,
    };
    // Act
    const first = await aggregateDay(ports, day, { projectId: 'proj_agg' });
    const again = await aggregateDay(ports, day, { projectId: 'proj_agg' });
    const history = await historyRepository(table).list('proj_agg', 'ws_agg', { limit: 10 });
    // Assess
    expect(first).toMatchObject({ workspaces: 1, events: 2, published: 2 });
    expect(again).toMatchObject({ events: 2, published: 0 });
    expect(published.map((e) => [e.type, e.data.meter, e.data.total])).toEqual([
      ['usage.aggregated', 'ai_credits', '2.75'],
      ['usage.aggregated', 'email_sends', '3'],
    ]);
    expect(history.events.map((e) => e.id).sort()).toEqual(published.map((e) => e.id).sort());
  });
});
