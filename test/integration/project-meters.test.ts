import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { poisonRepository } from '#shared/adapters/dynamodb/repositories/poison-messages';
import { reloadConfig } from '#shared/config';
import { catalog } from '#shared/domain/catalog/catalog';
import type { Catalog } from '#shared/domain/catalog/schema';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { lambdaContext } from '../../dev/gateway';
import { type StripeEmulator, startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { callRoute } from '../support/route-call';
import { sqsRecord } from '../support/usage-fixtures';

const DEMO = { project: 'demo', key: 'tg_test_meterDemoKey00000000000001' };
const ORBIT = { project: 'orbit', key: 'tg_test_meterOrbitKey0000000000001' };

/** The built-in catalog plus a meter it lacks, limited on the default plan. */
function withSms(): Catalog {
  const c = structuredClone(catalog);
  c.meters.push({ key: 'sms_sends', name: 'SMS sends', event_types: ['sms_send', 'sms_sends'], credit_backed: false });
  c.plans.find((p) => p.default)!.limits.sms_sends = { limit: '20', window: 'month', mode: 'hard' };
  return c;
}

const event = (ws: string, key: string, over: Record<string, unknown> = {}) => ({
  event_type: 'sms_send',
  workspace_id: ws,
  value: '2',
  idempotency_key: key,
  ...over,
});

describe("usage on a project's own meters", () => {
  let table: TableContext;
  let emulator: StripeEmulator;
  let usageQueue: string;
  const sqs = localSqs();

  const call = callRoute;

  /** Runs the usage-events consumer on what the usage queue holds; answers the message ids it handled. */
  async function drainUsage(): Promise<string[]> {
    const { handler } = (await import('../../functions/consumers/usage-events')) as {
      handler: (e: SQSEvent, c: Context) => Promise<unknown>;
    };
    const handled: string[] = [];
    for (;;) {
      const r = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: usageQueue, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      if (!r.Messages?.length) return handled;
      await handler(
        { Records: r.Messages.map((m) => sqsRecord(m.Body!, { messageId: m.MessageId })) } as SQSEvent,
        lambdaContext('usage-events'),
      );
      handled.push(...r.Messages.map((m) => m.MessageId!));
    }
  }

  const publish = async (body: unknown) =>
    (await sqs.send(new SendMessageCommand({ QueueUrl: usageQueue, MessageBody: JSON.stringify(body) }))).MessageId!;

  const putWorkspace = async (key: string, ws: string) =>
    (
      await call('putWorkspace', key, {
        params: { workspace_id: ws },
        body: { name: ws, email: `${ws}@example.com`, country: 'US', currency: 'usd' },
      })
    ).status;

  beforeAll(async () => {
    table = await freshTable('meters');
    emulator = await startStripeEmulator({ port: 0 });
    usageQueue = (await freshQueue(sqs)).url;
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      USAGE_QUEUE_URL: usageQueue,
      CATALOG_QUEUE_URL: '',
      STRIPE_API_BASE: emulator.url,
      STRIPE_SECRET_KEY: 'sk_test_meters',
    });
    reloadConfig();
    for (const p of [DEMO, ORBIT]) {
      await apiKeyRepository(table).putApiKey({
        keyId: `key_${p.key.slice(-8)}`,
        hash: hashApiKey(p.key),
        prefix: p.key.slice(0, 12),
        projectId: p.project,
        appId: 'app',
        name: 'k',
        scopes: ['admin'],
        createdAt: new Date().toISOString(),
      });
    }
    // Before its push the meter is unknown to orbit too; that answer is what a container keeps.
    const before = await call('recordUsage', ORBIT.key, { body: event('ws_orbit', 'before') });
    expect(before.status).toBe(400);
    expect((await call('putCatalog', ORBIT.key, { body: withSms() })).status).toBe(200);
    expect(await putWorkspace(ORBIT.key, 'ws_orbit')).toBe(201);
    expect(await putWorkspace(DEMO.key, 'ws_demo')).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('counts an event of the meter its catalog adds through the HTTP route at once after the push, against its plan limit', async () => {
    // Act
    const first = await call('recordUsage', ORBIT.key, { body: event('ws_orbit', 'h1') });
    const alias = await call('recordUsage', ORBIT.key, { body: event('ws_orbit', 'h2', { event_type: 'sms_sends' }) });
    // Assess
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ counted: true, event_type: 'sms_send', meter: 'sms_sends', value: '2' });
    expect(first.json.usage).toMatchObject({ used: '2', limit: '20', mode: 'hard' });
    expect(alias.json).toMatchObject({ counted: true, meter: 'sms_sends', usage: { used: '4' } });
  });

  it('queues an event of that meter from the async route, and counts it and one put straight on the queue', async () => {
    // Act
    const queued = await call('recordUsageAsync', ORBIT.key, { body: event('ws_orbit', 'a1', { value: '3' }) });
    await publish({ project_id: ORBIT.project, ...event('ws_orbit', 'q1', { value: '1.5' }) });
    const handled = await drainUsage();
    const poison = await poisonRepository(table).list('usage-events');
    const view = await call('getEntitlements', ORBIT.key, { params: { workspace_id: 'ws_orbit' } });
    // Assess
    expect(queued.status).toBe(202);
    expect(queued.json).toMatchObject({ accepted: true, meter: 'sms_sends', idempotency_key: 'a1' });
    expect(handled).toHaveLength(2);
    expect(poison).toEqual([]);
    expect(view.json.meters.sms_sends).toMatchObject({ used: '8.5', limit: '20', remaining: '11.5' });
  });

  it('lists the meter in the usage report, the daily series, the event explorer and the entitlement checks', async () => {
    // Act
    const report = await call('usageReport', ORBIT.key, { params: { workspace_id: 'ws_orbit' } });
    const month = await call('usageReport', ORBIT.key, {
      params: { workspace_id: 'ws_orbit' },
      query: { period: new Date().toISOString().slice(0, 7) },
    });
    const days = await call('usageReport', ORBIT.key, {
      params: { workspace_id: 'ws_orbit' },
      query: { granularity: 'day', meter: 'sms_sends' },
    });
    const events = await call('usageEvents', ORBIT.key, {
      params: { workspace_id: 'ws_orbit' },
      query: { meter: 'sms_sends' },
    });
    const exceeded = await call('checkUsageExceeded', ORBIT.key, {
      params: { workspace_id: 'ws_orbit', meter: 'sms_send' },
    });
    const grant = await call('createGrant', ORBIT.key, {
      body: { workspace_id: 'ws_orbit', meter: 'sms_send', quantity: '5', reason: 'pilot' },
    });
    // Assess
    const row = (r: typeof report) => r.json.meters.find((m: { meter: string }) => m.meter === 'sms_sends');
    expect(report.json.meters.map((m: { meter: string }) => m.meter)).toEqual([
      'ai_credits',
      'whatsapp_messages',
      'email_sends',
      'sms_sends',
    ]);
    expect(row(report)).toMatchObject({ name: 'SMS sends', used: '8.5', limit: { limit: '20', used: '8.5' } });
    expect(row(month)).toMatchObject({ used: '8.5', limit: null });
    expect(days.status).toBe(200);
    expect(days.json.data.map((d: { meter: string; total: string }) => [d.meter, d.total])).toEqual([
      ['sms_sends', '8.5'],
    ]);
    expect(events.status).toBe(200);
    expect(events.json.data.map((e: { idempotency_key: string }) => e.idempotency_key).sort()).toEqual([
      'a1',
      'h1',
      'h2',
      'q1',
    ]);
    expect(exceeded.status).toBe(200);
    expect(exceeded.json).toMatchObject({ meter: 'sms_sends', used: '8.5', exceeded: false });
    expect(exceeded.json.event_types).toEqual(['sms_send', 'sms_sends']);
    expect(grant.status).toBe(201);
    expect(grant.json.grant).toMatchObject({ meter: 'sms_sends', quantity: '5' });
  });

  it("answers the demo project meter_not_found for another project's meter on every path and writes nothing", async () => {
    // Act
    const sync = await call('recordUsage', DEMO.key, { body: event('ws_demo', 'd1') });
    const async = await call('recordUsageAsync', DEMO.key, { body: event('ws_demo', 'd2') });
    const queued = await publish({ project_id: DEMO.project, ...event('ws_demo', 'd3', { event_type: 'sms_sends' }) });
    const handled = await drainUsage();
    const poison = await poisonRepository(table).list('usage-events');
    const report = await call('usageReport', DEMO.key, { params: { workspace_id: 'ws_demo' } });
    const days = await call('usageReport', DEMO.key, {
      params: { workspace_id: 'ws_demo' },
      query: { granularity: 'day', meter: 'sms_sends' },
    });
    const events = await call('usageEvents', DEMO.key, { params: { workspace_id: 'ws_demo' } });
    const filtered = await call('usageEvents', DEMO.key, {
      params: { workspace_id: 'ws_demo' },
      query: { meter: 'sms_sends' },
    });
    const exceeded = await call('checkUsageExceeded', DEMO.key, {
      params: { workspace_id: 'ws_demo', meter: 'sms_send' },
    });
    const view = await call('getEntitlements', DEMO.key, { params: { workspace_id: 'ws_demo' } });
    const grant = await call('createGrant', DEMO.key, {
      body: { workspace_id: 'ws_demo', meter: 'sms_send', quantity: '5', reason: 'pilot' },
    });
    // Assess
    const answer = (r: typeof sync) => [r.status, r.json.error.code, r.json.error.details?.[0]?.field];
    expect(answer(sync)).toEqual([400, 'meter_not_found', 'body.event_type']);
    expect(answer(async)).toEqual([400, 'meter_not_found', 'body.event_type']);
    expect(handled).toEqual([queued]);
    expect(poison.map((p) => [p.messageId, p.reason])).toEqual([
      [queued, expect.stringMatching(/event_type: unknown event type 'sms_sends'/)],
    ]);
    expect(report.json.meters.map((m: { meter: string; used: string }) => [m.meter, m.used])).toEqual([
      ['ai_credits', '0'],
      ['whatsapp_messages', '0'],
      ['email_sends', '0'],
    ]);
    expect([days.status, days.json.error.code]).toEqual([400, 'meter_not_found']);
    expect(events.json.data).toEqual([]);
    expect([filtered.status, filtered.json.error.code]).toEqual([400, 'meter_not_found']);
    expect([exceeded.status, exceeded.json.error.code]).toEqual([404, 'meter_not_found']);
    expect(Object.keys(view.json.meters)).not.toContain('sms_sends');
    expect([grant.status, grant.json.error.details?.[0]?.field]).toEqual([400, 'body.meter']);
  });
});
