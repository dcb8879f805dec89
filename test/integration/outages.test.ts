import { createServer, type Server, type Socket } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableContext } from '#shared/adapters/dynamodb/client';
import { isConditionFailure } from '#shared/adapters/dynamodb/conditions';
import { createSqsClient, queuePublisher } from '#shared/adapters/sqs/client';
import { createStripeClient } from '#shared/adapters/stripe/client';
import { stripeCall } from '#shared/adapters/stripe/errors';
import { ServiceUnavailableError } from '#shared/errors';
import { httpHandler } from '#shared/http/handler';
import { getWorkspace } from '#shared/http/routes/workspaces';
import { freePort } from '../../dev/free-port';
import { freshTable } from '../support/local';
import { call, errorOf, MemoryIdempotencyStore, withStandInAnswers, workspaceEvent } from '../unit/support/apigw';

async function hungServer(): Promise<{ url: string; close(): void }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const KEY = { PK: 'X', SK: 'X' };

describe('outages become 503 service_unavailable with Retry-After at the adapter boundary', () => {
  let hung: Awaited<ReturnType<typeof hungServer>>;
  let refused: string;
  beforeAll(async () => {
    hung = await hungServer();
    refused = `http://127.0.0.1:${await freePort()}`;
  });
  afterAll(() => hung.close());

  it('DynamoDB refused: the final failure after the SDK retries is a ServiceUnavailableError keeping its cause', async () => {
    // Prepare
    const table = createTableContext({ tableName: 't', endpoint: refused });
    // Act
    const err = await table.doc.send(new GetCommand({ TableName: 't', Key: KEY })).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({
      statusCode: 503,
      code: 'service_unavailable',
      retryAfterSeconds: 5,
      message: 'DynamoDB is unavailable (connection refused); retry later',
    });
    expect(String((err as Error).cause)).toMatch(/ECONNREFUSED/);
  });

  it('DynamoDB hung: each attempt times out and the call gives up with a 503 instead of waiting forever', async () => {
    // Prepare
    const table = createTableContext({ tableName: 't', endpoint: hung.url });
    // Act
    const err = await table.doc.send(new GetCommand({ TableName: 't', Key: KEY })).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as Error).message).toBe('DynamoDB is unavailable (no answer in time); retry later');
  });

  it('leaves answers of a working table alone: a failed condition is still a condition failure', async () => {
    // Prepare
    const table = await freshTable('outage');
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { ...KEY, v: 1 } }));
    // Act
    const err = await table.doc
      .send(
        new PutCommand({
          TableName: table.tableName,
          Item: { ...KEY, v: 2 },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      )
      .catch((e: unknown) => e);
    // Assess
    expect(isConditionFailure(err)).toBe(true);
  });

  it('SQS refused: a publish fails with a 503', async () => {
    // Prepare
    const queue = queuePublisher(createSqsClient({ endpoint: refused }), `${refused}/123456789012/usage-events`);
    // Act
    const err = await queue.send({ x: 1 }).catch((e: unknown) => e);
    // Assess
    expect(err).toMatchObject({ statusCode: 503, message: 'SQS is unavailable (connection refused); retry later' });
  });

  it('Stripe refused: a translated Stripe call is a 503, not a 502', async () => {
    // Prepare
    const stripe = createStripeClient({ secretKey: 'sk_test_x', apiBase: refused, maxNetworkRetries: 0 });
    // Act
    const err = await stripeCall(() => stripe.customers.retrieve('cus_1')).catch((e: unknown) => e);
    // Assess
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ statusCode: 503, code: 'service_unavailable' });
  });

  it('through the HTTP pipeline: the client gets 503 with Retry-After, not a 500', async () => {
    // Prepare
    const table = createTableContext({ tableName: 't', endpoint: refused });
    const handler = httpHandler(
      withStandInAnswers(getWorkspace),
      async () => table.doc.send(new GetCommand({ TableName: 't', Key: KEY })),
      {
        authenticate: async () => ({ projectId: 'p1', appId: 'a', keyId: 'k', scopes: ['admin'] }),
        idempotency: new MemoryIdempotencyStore(),
      },
    );
    // Act
    const res = await call(handler, workspaceEvent('GET', 'ws_1', { headers: { authorization: 'Bearer k' } }));
    // Assess
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(errorOf(res)).toMatchObject({
      code: 'service_unavailable',
      message: 'DynamoDB is unavailable (connection refused); retry later',
    });
  });
});
