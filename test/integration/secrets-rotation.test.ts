import { createServer, type Server } from 'node:http';
import Stripe from 'stripe';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parameterCache, ssmParameterSource } from '#shared/adapters/secrets/parameters';
import { reloadConfig } from '#shared/config';
import { freshQueue, freshTable, localSqs } from '../support/local';
import { apiEvent, call, type Invoke } from '../unit/support/apigw';

/**
 * A stand-in for SSM Parameter Store speaking its JSON 1.1 protocol (AmazonSSM.GetParameter), so
 * the real SSMClient and the real cache are what the tests drive. `down` answers 500s.
 */
async function fakeSsm() {
  const values = new Map<string, string>();
  const state = { requests: 0, down: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      const { Name } = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { Name?: string };
      const value = Name ? values.get(Name) : undefined;
      const [status, body] = state.down
        ? [500, { __type: 'InternalServerError', message: 'down' }]
        : value === undefined
          ? [400, { __type: 'ParameterNotFound', message: 'not found' }]
          : [200, { Parameter: { Name, Type: 'SecureString', Value: value, Version: 1 } }];
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    values,
    state,
    close: () => server.close(),
  };
}

describe('secrets are read again after their TTL', () => {
  let ssm: Awaited<ReturnType<typeof fakeSsm>>;
  beforeAll(async () => {
    ssm = await fakeSsm();
  });
  afterAll(() => ssm.close());
  afterEach(() => {
    ssm.state.down = false;
  });

  it('serves the cached value within the TTL, the rotated one after it, with one request per refresh', async () => {
    // Prepare
    let now = 1_000_000;
    ssm.values.set('/t/a', 'old');
    const cache = parameterCache({
      source: ssmParameterSource({ region: 'us-east-1', endpoint: ssm.url }),
      ttlMs: 60_000,
      now: () => now,
    });
    const before = ssm.state.requests;
    // Act
    const first = await Promise.all([cache.read('/t/a'), cache.read('/t/a'), cache.read('/t/a')]);
    ssm.values.set('/t/a', 'new');
    now += 59_999;
    const withinTtl = await cache.read('/t/a');
    now += 1;
    const afterTtl = await cache.read('/t/a');
    // Assess
    expect(first).toEqual(['old', 'old', 'old']);
    expect(withinTtl).toBe('old');
    expect(afterTtl).toBe('new');
    expect(ssm.state.requests - before).toBe(2);
  });

  it('keeps the last good value while SSM fails, and does not cache a first read that failed', async () => {
    // Prepare
    let now = 0;
    ssm.values.set('/t/b', 'good');
    const cache = parameterCache({
      source: ssmParameterSource({ region: 'us-east-1', endpoint: ssm.url }),
      ttlMs: 60_000,
      now: () => now,
    });
    await cache.read('/t/b');
    ssm.state.down = true;
    // Act
    now += 61_000;
    const duringOutage = await cache.read('/t/b');
    const missing = await cache.read('/t/never').catch((e: unknown) => e);
    ssm.state.down = false;
    ssm.values.set('/t/never', 'arrived');
    const retried = await cache.read('/t/never');
    // Assess
    expect(duringOutage).toBe('good');
    expect(missing).toMatchObject({ statusCode: 503, message: expect.stringContaining('SSM is unavailable') });
    expect(retried).toBe('arrived');
  });

  it('rotating the Stripe webhook secret in SSM needs no redeploy: a warm receiver takes the new one after the TTL', async () => {
    // Prepare: the deployed receiver module, reading its secret by parameter name
    const table = await freshTable('rotate');
    const queue = await freshQueue(localSqs());
    ssm.values.set('/tollgate/test/stripe/webhook-secret', 'whsec_before_rotation');
    Object.assign(process.env, {
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: inject('dynamodbEndpoint'),
      SQS_ENDPOINT: inject('sqsEndpoint'),
      STRIPE_QUEUE_URL: queue.url,
      SSM_ENDPOINT: ssm.url,
      STRIPE_WEBHOOK_SECRET_PARAM: '/tollgate/test/stripe/webhook-secret',
      SECRETS_TTL_SECONDS: '60',
    });
    delete process.env.STRIPE_WEBHOOK_SECRET;
    reloadConfig();
    const receiver = (await import('../../functions/webhooks/stripe')).handler as Invoke;
    let n = 0;
    const deliver = (secret: string) => {
      const body = JSON.stringify({
        id: `evt_rot${n++}_${Date.now()}`,
        object: 'event',
        type: 'customer.created',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'cus_rot', object: 'customer' } },
      });
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
      return call(
        receiver,
        apiEvent({
          method: 'POST',
          routePath: '/api/v1/webhooks/stripe',
          rawPath: '/api/v1/webhooks/stripe',
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          body,
        }),
      );
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // Act
      const before = await deliver('whsec_before_rotation');
      ssm.values.set('/tollgate/test/stripe/webhook-secret', 'whsec_after_rotation');
      vi.setSystemTime(Date.now() + 30_000);
      const newTooEarly = await deliver('whsec_after_rotation');
      const oldStillOk = await deliver('whsec_before_rotation');
      vi.setSystemTime(Date.now() + 31_000);
      const newAfterTtl = await deliver('whsec_after_rotation');
      const oldAfterTtl = await deliver('whsec_before_rotation');
      // Assess
      expect(before.status).toBe(200);
      expect([newTooEarly.status, oldStillOk.status]).toEqual([400, 200]);
      expect([newAfterTtl.status, oldAfterTtl.status]).toEqual([200, 400]);
      expect(oldAfterTtl.json.error.code).toBe('invalid_signature');
    } finally {
      vi.useRealTimers();
    }
  });
});
