import type { SQSEvent } from 'aws-lambda';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';

// The suite runs with metrics disabled and logs silenced; this file needs both as they are in
// Lambda, with the environment the stack and the Lambda runtime set (Powertools reports a cold
// start only in an on-demand execution environment). Hoisted above the imports below, so the
// logger and metrics singletons see it.
vi.hoisted(() => {
  Object.assign(process.env, {
    POWERTOOLS_METRICS_DISABLED: 'false',
    POWERTOOLS_SERVICE_NAME: 'tollgate',
    POWERTOOLS_METRICS_NAMESPACE: 'Tollgate',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LOG_LEVEL: 'INFO',
    STAGE: 'obs',
  });
});

import { stripeWebhookVerifier } from '#shared/adapters/stripe/webhook-signature';
import { config } from '#shared/config';
import type { AuthContext } from '#shared/domain/tenancy/types';
import { receiveWebhook } from '#shared/domain/webhooks/inbox';
import { PoisonMessageError, UnauthorizedError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { stripeWebhook } from '#shared/http/routes/webhooks';
import { putWorkspace } from '#shared/http/routes/workspaces';
import { jobHandler } from '#shared/observability/invocation';
import { METRIC, METRICS_NAMESPACE, metricDimensions } from '#shared/observability/names';
import { sqsHandler } from '#shared/sqs/consumer';
import { lambdaContext } from '../../dev/gateway';
import { apiEvent, MemoryIdempotencyStore, withStandInAnswers, workspaceEvent } from './support/apigw';

/** What Powertools writes (stdout, and stderr for errors): one JSON document per line. */
let out: string[] = [];
const captured = () =>
  out
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, any>);
const emf = () => captured().filter((r) => r._aws);
const metricNames = (r: Record<string, any>): string[] =>
  r._aws.CloudWatchMetrics.flatMap((m: any) => m.Metrics.map((x: any) => x.Name));
const appRecords = () => emf().filter((r) => !metricNames(r).includes(METRIC.coldStart));
const logLines = (message: string) => captured().filter((r) => r.message === message);

beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
});
afterAll(() => vi.restoreAllMocks());
beforeEach(() => {
  out = [];
});

const AUTH: AuthContext = { projectId: 'p_obs', appId: 'a1', keyId: 'key_obs', scopes: ['admin'] };
const GOOD = JSON.stringify({ name: 'Acme', email: 'billing@acme.example', country: 'IN', currency: 'INR' });

function workspaceRoute() {
  const idempotency = new MemoryIdempotencyStore();
  const authenticate = async (headers: Record<string, string | undefined>) => {
    if (!headers.authorization) throw new UnauthorizedError();
    return AUTH;
  };
  return httpHandler(
    withStandInAnswers(putWorkspace),
    async (req) => {
      if (req.params.workspace_id === 'ws_boom') throw new Error('table unavailable');
      return { workspace_id: req.params.workspace_id, ...req.body };
    },
    { authenticate, idempotency },
  );
}

describe('metrics are flushed once per invocation', () => {
  it('N HTTP requests of every outcome give N metrics records, one log line each, and one cold start', async () => {
    // Prepare
    const handler = workspaceRoute();
    const auth = { authorization: 'Bearer k' };
    const events = [
      ...Array.from({ length: 20 }, (_, i) =>
        workspaceEvent('PUT', `ws_${i}`, { body: GOOD, headers: { ...auth, 'idempotency-key': `k${i}` } }),
      ),
      // Same key and body: answered from the idempotency record, before the handler runs.
      ...Array.from({ length: 5 }, (_, i) =>
        workspaceEvent('PUT', `ws_${i}`, { body: GOOD, headers: { ...auth, 'idempotency-key': `k${i}` } }),
      ),
      ...Array.from({ length: 5 }, (_, i) => workspaceEvent('PUT', `ws_x${i}`, { body: GOOD })),
      ...Array.from({ length: 5 }, (_, i) => workspaceEvent('PUT', `ws_y${i}`, { body: '{"name":', headers: auth })),
      ...Array.from({ length: 5 }, () => workspaceEvent('PUT', 'ws_boom', { body: GOOD, headers: auth })),
    ];
    const n = events.length;
    // Act
    const statuses: number[] = [];
    for (const e of events) statuses.push((await handler(e, lambdaContext('putWorkspace'))).statusCode!);
    // Assess
    expect(statuses.filter((s) => s === 200)).toHaveLength(25);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 400)).toHaveLength(5);
    expect(statuses.filter((s) => s === 500)).toHaveLength(5);
    const records = appRecords();
    expect(records).toHaveLength(n);
    for (const r of records) {
      expect(r[METRIC.requests]).toBe(1);
      expect(typeof r[METRIC.requestLatency]).toBe('number');
      expect(r._aws.CloudWatchMetrics[0].Namespace).toBe(METRICS_NAMESPACE);
      // The alarms in lib/ watch exactly these dimensions.
      expect(r._aws.CloudWatchMetrics[0].Dimensions).toEqual([Object.keys(metricDimensions('x'))]);
      expect({ service: r.service, stage: r.stage }).toEqual(metricDimensions(config().STAGE));
    }
    expect(records.filter((r) => r[METRIC.errors] === 1)).toHaveLength(5);
    expect(records.filter((r) => r[METRIC.rejections] === 1)).toHaveLength(10);
    const cold = emf().filter((r) => metricNames(r).includes(METRIC.coldStart));
    expect(cold).toHaveLength(1);
    expect(cold[0]).toMatchObject({ [METRIC.coldStart]: 1, function_name: 'putWorkspace', service: 'tollgate' });

    const lines = logLines('request');
    expect(lines).toHaveLength(n);
    expect(lines.map((l) => l.status)).toEqual(statuses);
    lines.forEach((l, i) => {
      expect(l).toMatchObject({
        level: 'INFO',
        route: 'putWorkspace',
        method: 'PUT',
        request_id: events[i].requestContext.requestId,
      });
      expect(l.latency_ms).toBeGreaterThanOrEqual(0);
      // The Lambda context is on every line, so a line leads to its invocation's other lines.
      expect(l.function_name).toBe('putWorkspace');
    });
    const authed = lines.filter((l) => l.status !== 401);
    for (const l of authed) expect(l).toMatchObject({ project_id: 'p_obs', key_id: 'key_obs' });
    for (const l of lines.filter((l) => l.status === 401)) expect(l.project_id).toBeUndefined();
    expect(lines.filter((l) => l.status === 400).every((l) => l.error_code === 'invalid_json')).toBe(true);
    // 5xx lines keep their error log with the stack; the request line says which request it was.
    expect(logLines('request failed')).toHaveLength(5);
  });

  it('counts webhook signature failures on the receivers', async () => {
    // Prepare
    const secret = 'whsec_obs';
    const stored: string[] = [];
    const ports = {
      inbox: {
        putIfNew: async (r: { eventId: string }) => {
          stored.push(r.eventId);
          return { isNew: true, record: { status: 'received' } } as never;
        },
        markQueued: async () => undefined,
      },
      queue: { send: async () => 'msg_1' },
      verifier: stripeWebhookVerifier(async () => secret),
      clock: () => new Date(),
    };
    const handler = httpHandler(stripeWebhook, async ({ rawBody, headers }) => receiveWebhook(ports, rawBody, headers));
    const body = JSON.stringify({
      id: 'evt_obs',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'cus_1' } },
    });
    const post = (signature?: string) =>
      apiEvent({
        method: 'POST',
        routePath: stripeWebhook.path,
        rawPath: stripeWebhook.path,
        headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
        body,
      });
    const wrong = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_other' });
    const right = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
    // Act
    const statuses = [];
    for (const e of [post(wrong), post(), post(wrong), post(right)])
      statuses.push((await handler(e, lambdaContext('stripeWebhook'))).statusCode);
    // Assess
    expect(statuses).toEqual([400, 400, 400, 200]);
    expect(stored).toEqual(['evt_obs']);
    const records = appRecords();
    expect(records).toHaveLength(4);
    expect(records.map((r) => r[METRIC.webhookSignatureFailures] ?? 0)).toEqual([1, 1, 1, 0]);
    expect(logLines('request').map((l) => [l.route, l.status, l.error_code])).toEqual([
      ['stripeWebhook', 400, 'invalid_signature'],
      ['stripeWebhook', 400, 'invalid_signature'],
      ['stripeWebhook', 400, 'invalid_signature'],
      ['stripeWebhook', 200, undefined],
    ]);
  });

  it('N SQS batches give N metrics records and one batch line each with records and failures', async () => {
    // Prepare
    const poison: string[] = [];
    const handler = sqsHandler({
      queue: 'obs-events',
      schema: z.object({ n: z.number() }),
      handle: async (m) => {
        if (m.body.n < 0) throw new PoisonMessageError('negative');
        if (m.body.n === 13) throw new Error('try again');
      },
      ports: {
        poison: { record: async (p) => void poison.push(p.messageId), list: async () => [] },
        now: () => new Date(),
      },
    });
    const batch = (i: number): SQSEvent => ({
      Records: [1, 13, -1, 'x'].map((n, j) => ({
        messageId: `m${i}-${j}`,
        receiptHandle: 'rh',
        body: n === 'x' ? 'not json' : JSON.stringify({ n }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 's',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:obs-events',
        awsRegion: 'us-east-1',
      })),
    });
    const n = 12;
    // Act
    const answers = [];
    for (let i = 0; i < n; i++) answers.push(await handler(batch(i), lambdaContext('obs-consumer')));
    // Assess
    for (const [i, a] of answers.entries()) expect(a.batchItemFailures).toEqual([{ itemIdentifier: `m${i}-1` }]);
    expect(poison).toHaveLength(2 * n);
    const records = appRecords();
    expect(records).toHaveLength(n);
    for (const r of records)
      expect(r).toMatchObject({ messages: 4, message_failures: 1, [METRIC.batchLatency]: expect.any(Number) });
    const lines = logLines('batch');
    expect(lines).toHaveLength(n);
    for (const l of lines) {
      expect(l).toMatchObject({
        level: 'INFO',
        queue: 'obs-events',
        records: 4,
        failures: 1,
        function_name: 'obs-consumer',
      });
      expect(l.latency_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('a job flushes its metrics and logs its line whether it returns or throws', async () => {
    // Prepare
    const { metrics, MetricUnit } = await import('#shared/observability/index');
    const job = jobHandler('obs-job', async (event: { fail?: boolean }) => {
      metrics.addMetric(METRIC.driftRunFailures, MetricUnit.Count, event.fail ? 1 : 0);
      if (event.fail) throw new Error('drift run failed');
      return { ok: true };
    });
    // Act
    await job({}, lambdaContext('obs-job'));
    await expect(job({ fail: true }, lambdaContext('obs-job'))).rejects.toThrow('drift run failed');
    await job({}, lambdaContext('obs-job'));
    // Assess
    const records = appRecords();
    expect(records.map((r) => r[METRIC.driftRunFailures])).toEqual([0, 1, 0]);
    for (const r of records) expect(typeof r[METRIC.jobLatency]).toBe('number');
    expect(
      captured()
        .filter((r) => r.job === 'obs-job')
        .map((r) => [r.level, r.message]),
    ).toEqual([
      ['INFO', 'job'],
      ['ERROR', 'job failed'],
      ['INFO', 'job'],
    ]);
  });
});
