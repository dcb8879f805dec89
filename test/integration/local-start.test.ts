import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { START_TIMEOUT_MS, waitUntilAnswering } from '../../dev/dynamodb-local';
import { freePort } from '../../dev/free-port';

const probeOf = (endpoint: string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 200, requestTimeout: 200, throwOnRequestTimeout: true },
  });
  return () => client.send(new ListTablesCommand({}));
};

describe('the local stack start deadline', () => {
  it('allows for a loaded machine by default (DynamoDB Local can take 20+ s there)', () => {
    // Assess
    expect(START_TIMEOUT_MS).toBeGreaterThanOrEqual(90_000);
  });

  it('names the piece, how long it waited and what the last attempt met: nothing listening', async () => {
    // Prepare
    const port = await freePort();
    // Act
    const err = await waitUntilAnswering(`DynamoDB Local (java, port ${port})`, probeOf(`http://127.0.0.1:${port}`), {
      timeoutMs: 300,
      intervalMs: 50,
    }).catch((e: Error) => e);
    // Assess
    expect((err as Error).message).toMatch(
      new RegExp(
        `^DynamoDB Local \\(java, port ${port}\\) did not answer within \\d+\\.\\d s \\(\\d+ attempts; the last: connection refused: nothing listens on the port yet\\)$`,
      ),
    );
  });

  it('tells a process that accepts connections but never answers from one that is not there', async () => {
    // Prepare
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    // Act
    const err = await waitUntilAnswering('DynamoDB Local', probeOf(`http://127.0.0.1:${port}`), {
      timeoutMs: 300,
      intervalMs: 50,
    }).catch((e: Error) => e);
    for (const s of sockets) s.destroy();
    server.close();
    // Assess
    expect((err as Error).message).toMatch(
      /did not answer within .* the last: it accepted the connection but did not answer\)$/,
    );
  });
});
