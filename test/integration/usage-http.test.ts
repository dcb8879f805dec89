import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TableContext } from '#shared/adapters/dynamodb/client';
import { apiKeyRepository } from '#shared/adapters/dynamodb/repositories/api-keys';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { reloadConfig } from '#shared/config';
import { hashApiKey } from '#shared/domain/tenancy/api-keys';
import { UsageEventMessage } from '#shared/domain/usage/event';
import { startStripeEmulator } from '../../dev/stripe-emulator/index';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { seedWorkspace } from '../support/usage-fixtures';
import { emulatorMeters } from '../support/usage-simulation';
import { apiEvent, call, errorOf, type Invoke } from '../unit/support/apigw';

const WRITER = 'tg_test_usage_writer_key_0000000000';
const READER = 'tg_test_usage_reader_key_0000000000';
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

describe('usage handlers (the deployed modules) on DynamoDB Local, SQS and the Stripe emulator', () => {
  let table: TableContext;
  let queueUrl: string;
  let emulator: Awaited<ReturnType<typeof startStripeEmulator>>;
  let stripe: Stripe;
  let meterIds: Record<string, string>;
  const h: Record<string, Invoke> = {};

  const record = (body: Record<string, unknown>, key = WRITER) =>
    call(
      h.record,
      apiEvent({
        method: 'POST',
        routePath: '/api/v1/usage/events',
        rawPath: '/api/v1/usage/events',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const recordAsync = (body: Record<string, unknown>) =>
    call(
      h.async,
      apiEvent({
        method: 'POST',
        routePath: '/api/v1/usage/events/async',
        rawPath: '/api/v1/usage/events/async',
        headers: { ...bearer(WRITER), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const report = (ws: string, period?: string) =>
    call(
      h.report,
      apiEvent({
        method: 'GET',
        routePath: '/api/v1/usage/{workspace_id}',
        rawPath: `/api/v1/usage/${ws}`,
        pathParameters: { workspace_id: ws },
        ...(period ? { query: { period } } : {}),
        headers: bearer(READER),
      }),
    );
  const ev = (ws: string, key: string, over: Record<string, unknown> = {}) => ({
    event_type: 'ai_credits',
    workspace_id: ws,
    value: '1',
    idempotency_key: key,
    ...over,
  });

  beforeAll(async () => {
    table = await freshTable('usagehttp');
    const sqs = localSqs();
    queueUrl = (await freshQueue(sqs)).url;
    emulator = await startStripeEmulator({ port: 0 });
    stripe = createStripeClient({ secretKey: 'sk_test_usage', apiBase: emulator.url });
    meterIds = await emulatorMeters(stripe);
    const tenancy = apiKeyRepository(table);
    await tenancy.putApiKey({
      keyId: 'key_w',
      hash: hashApiKey(WRITER),
      prefix: 'tg_test_usa',
      projectId: 'p1',
      appId: 'a',
      name: 'w',
      scopes: ['usage:write'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    await tenancy.putApiKey({
      keyId: 'key_r',
      hash: hashApiKey(READER),
      prefix: 'tg_test_usa',
      projectId: 'p1',
      appId: 'a',
      name: 'r',
      scopes: ['entitlements:read'],
      createdAt: '2026-01-01T00:00:00Z',
    });
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      USAGE_QUEUE_URL: queueUrl,
      STRIPE_SECRET_KEY: 'sk_test_usage',
      STRIPE_API_BASE: emulator.url,
    });
    reloadConfig();
    h.record = (await import('../../functions/http/usage/record')).handler as Invoke;
    h.async = (await import('../../functions/http/usage/record-async')).handler as Invoke;
    h.report = (await import('../../functions/http/usage/report')).handler as Invoke;
  });
  afterAll(async () => emulator?.close());

  it('counts once, answers the new usage, and answers a repeated key with duplicate: true and the same totals', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_sync');
    // Act
    const first = await record(ev('ws_sync', 'k1', { value: 2.5 }));
    const again = await record(ev('ws_sync', 'k1', { value: 2.5 }));
    const other = await record(ev('ws_sync', 'k2', { value: '0.1', event_type: 'ai_credit' }));
    // Assess
    expect([first.status, again.status, other.status]).toEqual([200, 200, 200]);
    expect(first.json).toMatchObject({
      counted: true,
      duplicate: false,
      meter: 'ai_credits',
      value: '2.5',
      meter_event: 'not_metered',
      usage: { used: '2.5', limit: '100', remaining: '97.5', window: 'month' },
    });
    expect(again.json).toMatchObject({ counted: false, duplicate: true, usage: { used: '2.5' } });
    expect(other.json.usage.used).toBe('2.6');
  });

  it('names the field of every bad input and counts nothing', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_bad');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    // Act
    const answers = await Promise.all([
      record(ev('ws_bad', 'a', { event_type: 'sms' })),
      record(ev('ws_unknown', 'b')),
      record(ev('ws_bad', 'c', { value: 0 })),
      record(ev('ws_bad', 'd', { value: -1 })),
      record(ev('ws_bad', 'e', { value: '1e3' })),
      record(ev('ws_bad', 'f', { value: 1e13 })),
      record(ev('ws_bad', 'x'.repeat(201))),
      record(ev('ws_bad', 'g', { timestamp: future })),
      record(ev('ws_bad', 'h', { surprise: true })),
    ]);
    const after = await report('ws_bad');
    // Assess
    const fields = answers.map((a) => [a.status, JSON.stringify(errorOf(a))]);
    expect(fields.map((f) => f[0])).toEqual([400, 404, 400, 400, 400, 400, 400, 400, 400]);
    expect(fields[0][1]).toContain('body.event_type');
    expect(fields[1][1]).toContain('body.workspace_id');
    for (const i of [2, 3, 4, 5]) expect(fields[i][1]).toContain('body.value');
    expect(fields[6][1]).toContain('body.idempotency_key');
    expect(fields[7][1]).toContain('body.timestamp');
    expect(fields[8][1]).toContain('body.surprise');
    expect(after.json.meters.every((m: { used: string }) => m.used === '0')).toBe(true);
  });

  it('with enforce, consumes a hard limit atomically: concurrent requests never pass it, and over it nothing is counted', async () => {
    // Prepare: whatsapp_messages is 50 per day, hard, on the free plan
    await seedWorkspace(table, 'p1', 'ws_enforce');
    await record(ev('ws_enforce', 'base', { event_type: 'whatsapp_message', value: 45 }));
    // Act
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        record(ev('ws_enforce', `r${i}`, { event_type: 'whatsapp_message', enforce: true })),
      ),
    );
    const over = await record(ev('ws_enforce', 'over', { event_type: 'whatsapp_message', value: 1, enforce: true }));
    const unenforced = await record(ev('ws_enforce', 'soft', { event_type: 'whatsapp_message', value: 1 }));
    // Assess
    expect(racing.filter((r) => r.status === 200)).toHaveLength(5);
    expect(racing.filter((r) => r.status === 429)).toHaveLength(5);
    expect(over.status).toBe(429);
    expect(errorOf(over)).toMatchObject({
      code: 'usage_limit_exceeded',
      details: { meter: 'whatsapp_messages', limit: '50', used: '50', requested: '1', remaining: '0', window: 'day' },
    });
    expect(unenforced.json.usage).toMatchObject({ used: '51', exceeded: true });
  });

  it('pushes a subscribed workspace’s usage to the Stripe meter once, even when the request is repeated', async () => {
    // Prepare
    const customer = await stripe.customers.create({ email: 'metered@example.com' });
    await seedWorkspace(table, 'p1', 'ws_stripe', { customerId: customer.id, plan: 'pro' });
    const start = Math.floor(Date.now() / 86_400_000) * 86_400;
    // Act
    const first = await record(ev('ws_stripe', 'm1', { value: '3.25', event_type: 'email_send' }));
    const again = await record(ev('ws_stripe', 'm1', { value: '3.25', event_type: 'email_send' }));
    const summary = await stripe.billing.meters.listEventSummaries(meterIds.email_sends, {
      customer: customer.id,
      start_time: start - 86_400,
      end_time: start + 86_400,
    });
    // Assess
    expect(first.json).toMatchObject({ counted: true, meter_event: 'sent' });
    expect(again.json).toMatchObject({ duplicate: true, meter_event: 'sent' });
    expect(summary.data.reduce((a, s) => a + s.aggregated_value, 0)).toBe(3.25);
  });

  it('queues a valid event for the consumer (202) in the documented message shape, and refuses an invalid one or an unknown workspace', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_async');
    // Act
    const ok = await recordAsync(ev('ws_async', 'q1', { value: 0.5, event_type: 'email_send' }));
    const bad = await recordAsync(ev('ws_async', 'q2', { event_type: 'sms' }));
    const unknown = await recordAsync(ev('ws_nobody', 'q3'));
    const got = await localSqs().send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    // Assess
    expect(ok.status).toBe(202);
    expect(ok.json).toMatchObject({ accepted: true, meter: 'email_sends', idempotency_key: 'q1' });
    expect(bad.status).toBe(400);
    expect([unknown.status, errorOf(unknown).code]).toEqual([404, 'not_found']);
    expect(got.Messages).toHaveLength(1);
    const body = JSON.parse(got.Messages![0].Body!);
    expect(UsageEventMessage.parse(body)).toMatchObject({
      project_id: 'p1',
      workspace_id: 'ws_async',
      event_type: 'email_send',
      value: '0.5',
      timestamp: ok.json.timestamp,
    });
  });

  it('reports usage per meter for the current and previous period and a calendar month', async () => {
    // Prepare
    await seedWorkspace(table, 'p1', 'ws_report');
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 86_400_000);
    await record(ev('ws_report', 'now', { value: '4' }));
    await record(ev('ws_report', 'before', { value: '6', timestamp: lastMonth.toISOString() }));
    const month = lastMonth.toISOString().slice(0, 7);
    // Act
    const current = await report('ws_report');
    const previous = await report('ws_report', 'previous');
    const byMonth = await report('ws_report', month);
    const badPeriod = await report('ws_report', '2026-13');
    // Assess
    const used = (r: typeof current) =>
      Object.fromEntries(r.json.meters.map((m: { meter: string; used: string }) => [m.meter, m.used]));
    expect(current.json.period.kind).toBe('billing_period');
    expect(used(current)).toEqual({ ai_credits: '4', whatsapp_messages: '0', email_sends: '0' });
    expect(current.json.meters[0].limit).toMatchObject({ limit: '100', used: '4' });
    expect(used(previous)).toEqual({ ai_credits: '6', whatsapp_messages: '0', email_sends: '0' });
    expect(byMonth.json.period).toMatchObject({ kind: 'month', label: month });
    expect(used(byMonth).ai_credits).toBe('6');
    expect(badPeriod.status).toBe(400);
  });
});
